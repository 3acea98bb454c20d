// 64 concurrent clients post random hour transfers, service confirmations, point awards and
// redemptions against each driver (3 s; WEILAI_LEDGER_LOAD_SECONDS=10 for the long run), a third
// of them retried with the same Idempotency-Key. Afterwards: no 5xx, every answer a success or a
// clear 409, every acknowledged posting present exactly once, retries never posted twice, and the
// ledger verifies (per-unit sums zero, no account below its limit, caches equal entries).
#include <atomic>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "http/group_commit.hpp"
#include "http/server_fixture.hpp"
#include "storage/ledger_store.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class LedgerLoad : public ServerFixture {
 protected:
  void configure(http::AppOptions&, http::ServerOptions& so) override { so.worker_threads = 8; }
};

int load_seconds() {
  const char* s = std::getenv("WEILAI_LEDGER_LOAD_SECONDS");
  return s ? std::max(1, std::atoi(s)) : 3;
}

TEST_P(LedgerLoad, SixtyFourClientsKeepTheInvariants) {
  const auto grid = login("grid"), community = login("community");
  const auto ls = unit_id("331102-LS"), g1 = unit_id("331102-LS-G1");
  auto c = client();
  auto put =
      c.request("PUT", "/api/v1/timebank/settings/" + std::to_string(ls),
                json::serialize(json::object{{"daily_cap_minutes", 1440},
                                             {"storage_cap_minutes", 9000000},
                                             {"starter_grant_minutes", 0},
                                             {"spend_min_age", 0},
                                             {"transfer_annual_cap_minutes", 9000000}}),
                {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + community}});
  ASSERT_EQ(put.status, 200) << put.body;
  auto rule = c.post_json("/api/v1/points/rules",
                          json::serialize(json::object{{"community_id", ls},
                                                       {"code", "load"},
                                                       {"act", "load"},
                                                       {"points", 1},
                                                       {"programme", "load"},
                                                       {"budget", 100000000}}),
                          community);
  ASSERT_EQ(rule.status, 201) << rule.body;
  const auto rule_id = parse(rule.body).at("id").as_int64();
  auto item = c.post_json("/api/v1/points/catalogue",
                          json::serialize(json::object{{"community_id", ls},
                                                       {"name", "load"},
                                                       {"kind", "goods"},
                                                       {"points", 1},
                                                       {"stock", 1000000}}),
                          community);
  ASSERT_EQ(item.status, 201) << item.body;
  const auto item_id = parse(item.body).at("id").as_int64();

  // The persons of grid 1 (households of two) and checked-out services waiting for confirmation.
  std::vector<std::pair<std::int64_t, std::int64_t>> households;  // head, member
  std::vector<std::int64_t> persons;
  std::vector<std::int64_t> services;
  ASSERT_TRUE(db_->run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto rows, tx.exec("SELECT m.id, m.household_id FROM household_members m JOIN "
                                  "households h ON h.id = m.household_id WHERE h.grid_id = $1 "
                                  "ORDER BY m.household_id, m.id",
                                  {g1}));
    for (std::size_t i = 0; i + 1 < rows.size(); i += 2)
      households.emplace_back(rows.rows[i].i64(0), rows.rows[i + 1].i64(0));
    for (const auto& r : rows.rows) persons.push_back(r.i64(0));
    const auto now = clock_->now_ms();
    for (int i = 0; i < 3000; ++i) {
      storage::Service s;
      s.community_id = ls;
      s.kind = "request";
      s.category = "visit_chat";
      s.title = "load";
      s.window_start = now;
      s.window_end = now + 1;
      s.for_person_id = persons[i % persons.size()];
      s.volunteer_person_id = persons[(i + 3) % persons.size()];
      s.status = "checked_out";
      s.created_at = now;
      WEILAI_TRY(s.id, storage::insert_service(tx, s));
      const std::string from = s.status;
      s.minutes = 30;
      s.check_in_at = now;
      s.check_out_at = now;
      WEILAI_CHECK(storage::update_service(tx, s, from));
      services.push_back(s.id);
    }
    return {};
  }));
  const auto start_tx = [&] {
    auto r = db_->transact(storage::TxMode::read, [](storage::Tx& tx) {
      return tx.exec("SELECT COALESCE(MAX(id), 0) FROM ledger_transactions");
    });
    return r->front().i64(0);
  }();

  std::atomic<bool> stop{false};
  std::atomic<long> server_errors{0}, unexpected{0}, conflicts{0}, replays{0}, replay_mismatch{0},
      network{0};
  std::atomic<std::size_t> next_service{0};
  std::mutex mu;
  std::set<std::int64_t> acked;  // tx ids acknowledged to clients
  long acked_count = 0;
  std::vector<std::thread> clients;
  for (int t = 0; t < 64; ++t) {
    clients.emplace_back([&, t] {
      auto http = client();
      std::mt19937 rng(1000 + t);
      for (int i = 0; !stop; ++i) {
        const int op = static_cast<int>(rng() % 100);
        std::string path;
        json::object body;
        if (op < 35) {
          const auto& hh = households[rng() % households.size()];
          const bool flip = rng() % 2;
          path = "/api/v1/timebank/transfers";
          body = {{"from_person_id", flip ? hh.first : hh.second},
                  {"to_person_id", flip ? hh.second : hh.first},
                  {"minutes", 30}};
        } else if (op < 60) {
          const auto k = next_service++;
          if (k >= services.size()) continue;
          path = "/api/v1/timebank/services/" + std::to_string(services[k]) + "/confirm";
        } else if (op < 80) {
          path = "/api/v1/points/awards";
          body = {{"rule_id", rule_id}, {"person_id", persons[rng() % persons.size()]}};
        } else {
          path = "/api/v1/points/redemptions";
          body = {{"item_id", item_id}, {"person_id", persons[rng() % persons.size()]}};
        }
        const std::string key = "load-" + std::to_string(t) + "-" + std::to_string(i);
        const std::vector<std::pair<std::string, std::string>> headers{
            {"Content-Type", "application/json"},
            {"Authorization", "Bearer " + grid},
            {"Idempotency-Key", key}};
        try {
          auto res = http.request("POST", path, json::serialize(body), headers);
          if (res.status >= 500) {
            ++server_errors;
            continue;
          }
          if (res.status == 409) {
            ++conflicts;
            continue;
          }
          if (res.status != 200 && res.status != 201) {
            ++unexpected;
            continue;
          }
          auto v = parse(res.body).as_object();
          const auto tx_id = v.contains("credit_tx_id") ? v.at("credit_tx_id").as_int64()
                                                        : v.at("tx_id").as_int64();
          {
            std::lock_guard lock(mu);
            acked.insert(tx_id);
            ++acked_count;
          }
          if (rng() % 3 == 0) {  // the client "lost" the answer and retries
            auto again = http.request("POST", path, json::serialize(body), headers);
            ++replays;
            if (again.status != res.status || again.body != res.body ||
                again.header("idempotent-replayed") != "true")
              ++replay_mismatch;
          }
        } catch (const std::exception&) {
          ++network;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(load_seconds()));
  stop = true;
  for (auto& t : clients) t.join();

  auto posted = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec(
        "SELECT id FROM ledger_transactions WHERE id > $1 AND kind IN "
        "('transfer','service_credit','award','redeem') ORDER BY id",
        {start_tx});
  });
  ASSERT_TRUE(posted);
  std::set<std::int64_t> in_db;
  for (const auto& r : posted->rows) in_db.insert(r.i64(0));
  std::printf(
      "[ledger load %s] %ld postings acknowledged (%zu in the database), %ld 409, %ld "
      "replays, %ld 5xx, %ld unexpected, %ld network errors; group commit: %llu writes in %llu "
      "transactions\n",
      driver_name(GetParam()).c_str(), acked_count, in_db.size(), conflicts.load(), replays.load(),
      server_errors.load(), unexpected.load(), network.load(),
      static_cast<unsigned long long>(app_->group_commit() ? app_->group_commit()->items() : 0),
      static_cast<unsigned long long>(app_->group_commit() ? app_->group_commit()->batches() : 0));
  EXPECT_EQ(server_errors.load(), 0);
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(network.load(), 0);
  EXPECT_EQ(replay_mismatch.load(), 0);
  // Floors that show the load and the retries really happened, not speeds (a sanitizer build under
  // a busy machine is slow; throughput figures belong to bench/ledger).
  EXPECT_GE(acked_count, 64);
  EXPECT_GE(replays.load(), 1);
  EXPECT_EQ(static_cast<long>(acked.size()), acked_count);  // no two answers share a posting
  EXPECT_EQ(in_db, acked);  // every acknowledged posting present, nothing else posted
  auto confirmed = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec(
        "SELECT COUNT(*), COUNT(DISTINCT credit_tx_id) FROM timebank_services WHERE "
        "title = 'load' AND status = 'confirmed'");
  });
  EXPECT_EQ(confirmed->front().i64(0), confirmed->front().i64(1));
  auto rep = storage::verify_ledger(*db_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems.front());
  for (const auto& [unit, sum] : rep->unit_sums) EXPECT_EQ(sum, 0);
}

// Group commit: 32 writers released at once share transactions (fewer batches than writes), a
// refused write (every third; half of them by a failed SQL statement) rolls back alone in its
// savepoint, an exception reaches its own
// caller only, and every accepted write is committed exactly once.
TEST_P(LedgerLoad, GroupCommitIsolatesRefusedWritesAndBatches) {
  ASSERT_TRUE(db_->run(storage::TxMode::write, [](storage::Tx& tx) -> Status {
    return tx.exec_script("CREATE TABLE group_commit_probe (id BIGINT NOT NULL)");
  }));
  http::GroupCommit group(*db_);
  constexpr int kWriters = 32, kRounds = 20;
  std::atomic<int> ok{0}, refused{0}, thrown{0}, wrong{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int r = 0; r < kRounds; ++r) {
        const std::int64_t id = w * 1000 + r;
        const int kind = (w + r) % 3;  // 0: accepted, 1: refused after writing, 2: accepted
        try {
          auto st = group.run([&](storage::Tx& tx) -> Status {
            WEILAI_CHECK(tx.exec("INSERT INTO group_commit_probe (id) VALUES ($1)", {id}));
            // Refused by the code, or by the database (a failed statement aborts the transaction
            // until the savepoint is rolled back: the others in the batch must still commit).
            if (kind == 1 && w % 2 == 0) return Error::conflict("refused");
            if (kind == 1)
              return tx.exec("INSERT INTO group_commit_probe (id) VALUES (NULL)").error();
            if (w == 5 && r == 7) throw std::runtime_error("boom");
            return {};
          });
          if (kind == 1) {
            st ? ++wrong : ++refused;
          } else {
            st ? ++ok : ++wrong;
          }
        } catch (const std::runtime_error&) {
          ++thrown;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(thrown.load(), (5 + 7) % 3 == 1 ? 0 : 1);
  auto rows = db_->transact(storage::TxMode::read, [](storage::Tx& tx) {
    return tx.exec("SELECT COUNT(*), COUNT(DISTINCT id) FROM group_commit_probe");
  });
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->front().i64(0), ok.load());  // refused and thrown writes left nothing
  EXPECT_EQ(rows->front().i64(1), ok.load());
  EXPECT_EQ(ok.load() + refused.load() + thrown.load(), kWriters * kRounds);
  EXPECT_EQ(group.items(), static_cast<std::uint64_t>(kWriters * kRounds));
  EXPECT_LT(group.batches(), group.items());  // writes waiting together shared a transaction
}

WEILAI_BOTH_DRIVERS(LedgerLoad);

}  // namespace
}  // namespace weilai::testing
