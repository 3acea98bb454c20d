// Durable postings per second through storage::post (the code path every ledger route uses), at
// 1, 8 and 64 concurrent clients:
//   single — each client commits each posting in its own write transaction;
//   group  — clients hand postings to a committer that applies every posting waiting (≤ 512) in
//            one transaction, each inside a SAVEPOINT so one refused posting (insufficient
//            balance) rolls back alone; every client is answered only after the COMMIT returns.
//   raw    — the ceiling: one single-row INSERT per transaction into a two-column table.
// After every run the ledger is verified (cached balances = entries, per-unit sums zero, no
// account below its limit) and the number of postings equals the acknowledged ones.
//
//   ledger_bench [sqlite:PATH | postgresql://...] [seconds per run, default 3]
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "storage/database.hpp"
#include "storage/ledger_store.hpp"
#include "storage/migrations.hpp"

using namespace weilai;
using community::Unit;

namespace {

constexpr int kAccounts = 256;

struct Setup {
  std::int64_t community = 0;
  std::vector<std::int64_t> accounts;
};

Setup setup(storage::Database& db) {
  Setup s;
  auto st = db.run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto unit, tx.insert_returning_id(
                              "INSERT INTO org_units (parent_id, kind, code, name_zh, name_en, "
                              "created_at) VALUES (NULL, 'community', $1, 'bench', 'bench', 0) "
                              "RETURNING id",
                              {std::string("bench-") + std::to_string(std::rand())}));
    s.community = unit;
    WEILAI_TRY(auto reserve, storage::system_account(tx, unit, "reserve", Unit::hour, 0));
    for (int i = 0; i < kAccounts; ++i) {
      WEILAI_TRY(auto a,
                 storage::ensure_account(tx, community::OwnerKind::organisation, 1'000'000 + i,
                                         "bench", Unit::hour, unit, std::int64_t{0}, 0));
      s.accounts.push_back(a.id);
      community::Posting p;
      p.kind = "starter_grant";
      p.community_id = unit;
      p.entries = {{reserve, Unit::hour, -1'000'000, std::nullopt},
                   {a.id, Unit::hour, 1'000'000, std::nullopt}};
      WEILAI_CHECK(storage::post(tx, p, 0));
    }
    WEILAI_CHECK(tx.exec_script("CREATE TABLE IF NOT EXISTS bench_raw (id BIGINT, v BIGINT)"));
    return {};
  });
  if (!st) {
    std::fprintf(stderr, "setup failed: %s\n", st.error().message.c_str());
    std::exit(2);
  }
  return s;
}

community::Posting transfer(const Setup& s, std::mt19937& rng) {
  const auto a = s.accounts[rng() % s.accounts.size()];
  auto b = s.accounts[rng() % s.accounts.size()];
  if (b == a) b = s.accounts[(rng() + 1) % s.accounts.size()];
  community::Posting p;
  p.kind = "transfer";
  p.community_id = s.community;
  p.entries = {{a, Unit::hour, -30, std::nullopt}, {b, Unit::hour, 30, std::nullopt}};
  return p;
}

// Group commit: a queue of waiting postings and one committer at a time (the first waiter that
// finds no committer running becomes it: no extra thread, and no wait when alone).
class GroupCommitter {
 public:
  explicit GroupCommitter(storage::Database& db) : db_(db) {}

  // Posts and returns once its batch is committed (ok) or refused.
  bool post(const community::Posting& p) {
    auto item = std::make_shared<Item>();
    item->posting = p;
    std::unique_lock lock(mu_);
    queue_.push_back(item);
    while (!item->done) {
      if (!committing_) {
        committing_ = true;
        std::vector<std::shared_ptr<Item>> batch;
        while (!queue_.empty() && batch.size() < 512) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
        lock.unlock();
        commit(batch);
        lock.lock();
        committing_ = false;
        cv_.notify_all();
      } else {
        cv_.wait(lock);
      }
    }
    return item->ok;
  }

 private:
  struct Item {
    community::Posting posting;
    bool done = false;
    bool ok = false;
  };

  void commit(std::vector<std::shared_ptr<Item>>& batch) {
    std::vector<char> ok(batch.size(), 0);
    auto st = db_.run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
      std::fill(ok.begin(), ok.end(), 0);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        WEILAI_CHECK(tx.exec_script("SAVEPOINT p"));
        auto r = storage::post(tx, batch[i]->posting, 1);
        if (r) {
          ok[i] = 1;
          WEILAI_CHECK(tx.exec_script("RELEASE SAVEPOINT p"));
        } else if (r.error().code == ErrorCode::failed_precondition) {
          WEILAI_CHECK(tx.exec_script("ROLLBACK TO SAVEPOINT p"));
          WEILAI_CHECK(tx.exec_script("RELEASE SAVEPOINT p"));
        } else {
          return r.error();
        }
      }
      return {};
    });
    std::lock_guard lock(mu_);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i]->ok = st && ok[i];
      batch[i]->done = true;
    }
  }

  storage::Database& db_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Item>> queue_;
  bool committing_ = false;
};

struct RunResult {
  double per_second = 0;
  long acked = 0;
  bool verified = false;
};

RunResult run(storage::Database& db, const Setup& s, const std::string& mode, int clients,
              double seconds) {
  std::int64_t before = 0;
  (void)db.run(storage::TxMode::read, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto r, tx.exec(mode == "raw" ? "SELECT COUNT(*) FROM bench_raw"
                                             : "SELECT COUNT(*) FROM ledger_transactions"));
    before = r.front().i64(0);
    return {};
  });
  GroupCommitter group(db);
  std::atomic<bool> stop{false};
  std::atomic<long> acked{0}, failed{0};
  std::vector<std::thread> threads;
  const auto t0 = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      std::mt19937 rng(c * 7919 + 1);
      for (long i = 0; !stop; ++i) {
        bool ok = false;
        if (mode == "raw") {
          ok = static_cast<bool>(db.run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
            WEILAI_CHECK(tx.exec("INSERT INTO bench_raw (id, v) VALUES ($1, $2)",
                                 {std::int64_t{c}, std::int64_t{i}}));
            return {};
          }));
        } else if (mode == "single") {
          const auto p = transfer(s, rng);
          ok = static_cast<bool>(db.run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
            WEILAI_CHECK(storage::post(tx, p, 1));
            return {};
          }));
        } else {
          ok = group.post(transfer(s, rng));
        }
        ok ? ++acked : ++failed;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  RunResult r;
  r.acked = acked.load();
  r.per_second = static_cast<double>(r.acked) / elapsed;
  std::int64_t after = 0;
  (void)db.run(storage::TxMode::read, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto x, tx.exec(mode == "raw" ? "SELECT COUNT(*) FROM bench_raw"
                                             : "SELECT COUNT(*) FROM ledger_transactions"));
    after = x.front().i64(0);
    return {};
  });
  auto report = storage::verify_ledger(db);
  r.verified = report && report->ok && after - before == r.acked;
  if (failed.load() > 0) std::fprintf(stderr, "  (%ld refused or failed)\n", failed.load());
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = argc > 1 ? argv[1] : "";
  const double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  std::string temp;
  if (url.empty()) {
    temp = (std::filesystem::temp_directory_path() / "weilai-ledger-bench.db").string();
    std::filesystem::remove(temp);
    std::filesystem::remove(temp + "-wal");
    std::filesystem::remove(temp + "-shm");
    url = "sqlite:" + temp;
  }
  // Durable figures: every SQLite commit fsyncs its WAL (synchronous=FULL) unless the caller set
  // WEILAI_SQLITE_SYNCHRONOUS=NORMAL; on PostgreSQL the server's fsync and synchronous_commit are
  // printed (a throwaway cluster may run with fsync=off: those figures are not durable).
  setenv("WEILAI_SQLITE_SYNCHRONOUS", "FULL", 0);
  storage::OpenOptions opts;
  opts.pool_size = 16;
  opts.max_retries = 50;
  auto db = storage::open_database(url, opts);
  if (!db) {
    std::fprintf(stderr, "cannot open %s: %s\n", url.c_str(), db.error().message.c_str());
    return 2;
  }
  if (auto m = storage::apply_migrations(**db); !m) {
    std::fprintf(stderr, "cannot migrate: %s\n", m.error().message.c_str());
    return 2;
  }
  const Setup s = setup(**db);
  std::string durability;
  auto probed = (*db)->run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
    if ((*db)->dialect() == storage::Dialect::sqlite) {
      WEILAI_TRY(auto r, tx.exec("PRAGMA synchronous"));
      WEILAI_TRY(auto j, tx.exec("PRAGMA journal_mode"));
      const auto level = r.front().i64(0);
      durability = std::string("journal_mode=") + j.front().text(0) + " synchronous=" +
                   (level == 2   ? "FULL"
                    : level == 3 ? "EXTRA"
                    : level == 1 ? "NORMAL"
                                 : "OFF");
    } else {
      WEILAI_TRY(auto f, tx.exec("SELECT CAST(current_setting('fsync') AS TEXT)"));
      WEILAI_TRY(auto c, tx.exec("SELECT CAST(current_setting('synchronous_commit') AS TEXT)"));
      durability = "fsync=" + f.front().text(0) + " synchronous_commit=" + c.front().text(0);
    }
    return {};
  });
  if (!probed) durability = "durability unknown: " + probed.error().message;
  std::printf("ledger_bench on %s (%s), %.1f s per run\n", (*db)->describe().c_str(),
              durability.c_str(), seconds);
  std::printf("%-7s %8s %14s %10s %9s\n", "mode", "clients", "postings/s", "acked", "verified");
  bool all_ok = true;
  for (const char* mode : {"raw", "single", "group"}) {
    for (int clients : {1, 8, 64}) {
      auto r = run(**db, s, mode, clients, seconds);
      std::printf("%-7s %8d %14.0f %10ld %9s\n", mode, clients, r.per_second, r.acked,
                  r.verified ? "yes" : "NO");
      std::fflush(stdout);
      all_ok = all_ok && r.verified;
    }
  }
  (*db)->close();
  if (!temp.empty()) std::filesystem::remove(temp);
  return all_ok ? 0 : 1;
}
