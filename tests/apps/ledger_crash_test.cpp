// Crash test of the community ledgers through the real binary: `weilai serve` under posting load
// is killed with SIGKILL, restarted on the same database, and then `weilai ledger verify` passes,
// every posting acknowledged before the kill is present, and retrying an acknowledged request with
// its Idempotency-Key answers the same posting instead of posting again. Both drivers.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "storage/database.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

struct Server {
  pid_t pid = -1;
  std::uint16_t port = 0;
};

// Starts `weilai serve` on a free port and waits until it prints its address.
Server start_server(const std::string& url, const std::string& log, bool demo) {
  Server s;
  std::filesystem::remove(log);
  s.pid = fork();
  if (s.pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    setenv("WEILAI_DEMO_PASSWORD", "Demo-Pass-2026!", 1);
    std::vector<const char*> argv{WEILAI_BIN, "serve",       "--db",           url.c_str(),
                                  "--listen", "127.0.0.1:0", "--no-access-log"};
    if (demo) argv.push_back("--demo");
    argv.push_back(nullptr);
    execv(WEILAI_BIN, const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  for (int i = 0; i < 300 && s.port == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream in(log);
    std::string line;
    while (std::getline(in, line)) {
      const auto at = line.find("Weilai is serving http://127.0.0.1:");
      if (at != std::string::npos)
        s.port = static_cast<std::uint16_t>(std::stoi(line.substr(at + 35)));
    }
  }
  return s;
}

int run_status(const std::string& cmd) {
  const int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

class LedgerCrash : public ::testing::TestWithParam<Driver> {};

TEST_P(LedgerCrash, KillNineUnderLoadLosesNoAcknowledgedPosting) {
  ScratchDatabase scratch(GetParam());
  if (!scratch.available()) {
    if (pg_required()) FAIL() << "WEILAI_REQUIRE_PG=1 but WEILAI_TEST_PG_URL is not set";
    GTEST_SKIP() << "WEILAI_TEST_PG_URL is not set";
  }
  const std::string log = ::testing::TempDir() + "ledger-crash-" + driver_name(GetParam()) + ".log";
  Server server = start_server(scratch.url(), log, true);
  ASSERT_NE(server.port, 0) << "the server did not start; see " << log;

  auto login = [](HttpClient& c, const std::string& who) {
    auto r =
        c.post_json("/api/v1/auth/login",
                    json::serialize(json::object{{"login", who}, {"password", "Demo-Pass-2026!"}}));
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(json::parse(r.body).at("token").as_string());
  };
  HttpClient admin_client(server.port);
  const auto community = login(admin_client, "community");
  const auto grid = login(admin_client, "grid");
  auto db = storage::open_database(scratch.url());
  ASSERT_TRUE(db);
  std::int64_t ls = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
  std::vector<std::int64_t> persons;
  ASSERT_TRUE((*db)->run(storage::TxMode::read, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto u, tx.exec("SELECT id FROM org_units WHERE code = '331102-LS'"));
    ls = u.front().i64(0);
    WEILAI_TRY(auto rows, tx.exec("SELECT m.id FROM household_members m JOIN households h ON h.id "
                                  "= m.household_id JOIN org_units g ON g.id = h.grid_id WHERE "
                                  "g.code = '331102-LS-G1' ORDER BY m.household_id, m.id"));
    for (std::size_t i = 0; i + 1 < rows.size(); i += 2)
      pairs.emplace_back(rows.rows[i].i64(0), rows.rows[i + 1].i64(0));
    for (const auto& r : rows.rows) persons.push_back(r.i64(0));
    return {};
  }));
  auto rule = admin_client.post_json("/api/v1/points/rules",
                                     json::serialize(json::object{{"community_id", ls},
                                                                  {"code", "crash"},
                                                                  {"act", "crash"},
                                                                  {"points", 2},
                                                                  {"programme", "crash"},
                                                                  {"budget", 100000000}}),
                                     community);
  ASSERT_EQ(rule.status, 201) << rule.body;
  const auto rule_id = json::parse(rule.body).at("id").as_int64();

  struct Acked {
    std::string path, body, key;
    std::int64_t tx_id;
  };
  std::mutex mu;
  std::vector<Acked> acked;
  std::atomic<bool> stop{false};
  std::atomic<long> server_errors{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) {
    clients.emplace_back([&, t] {
      HttpClient c(server.port);
      std::mt19937 rng(t);
      for (int i = 0; !stop; ++i) {
        std::string path;
        json::object body;
        if (rng() % 2) {
          path = "/api/v1/points/awards";
          body = {{"rule_id", rule_id}, {"person_id", persons[rng() % persons.size()]}};
        } else {
          const auto& p = pairs[rng() % pairs.size()];
          path = "/api/v1/timebank/transfers";
          body = {{"from_person_id", p.first}, {"to_person_id", p.second}, {"minutes", 30}};
        }
        const std::string key = "crash-" + std::to_string(t) + "-" + std::to_string(i);
        try {
          auto r = c.request("POST", path, json::serialize(body),
                             {{"Content-Type", "application/json"},
                              {"Authorization", "Bearer " + grid},
                              {"Idempotency-Key", key}});
          if (r.status >= 500) ++server_errors;
          if (r.status == 201) {
            std::lock_guard lock(mu);
            acked.push_back(
                {path, json::serialize(body), key, json::parse(r.body).at("tx_id").as_int64()});
          }
        } catch (const std::exception&) {
          if (stop) return;
          std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the server is gone
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(kill(server.pid, SIGKILL), 0);
  int status = 0;
  waitpid(server.pid, &status, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop = true;
  for (auto& t : clients) t.join();
  std::printf("[ledger crash %s] %zu postings acknowledged before SIGKILL\n",
              driver_name(GetParam()).c_str(), acked.size());
  EXPECT_GT(acked.size(), 20u);
  EXPECT_EQ(server_errors.load(), 0);

  // Restart on the same database: verify, every acknowledged posting present, retries replay.
  (*db)->close();
  Server again = start_server(scratch.url(), log + ".2", false);
  ASSERT_NE(again.port, 0);
  EXPECT_EQ(run_status(std::string(WEILAI_BIN) + " ledger verify --db '" + scratch.url() + "' > " +
                       log + ".verify 2>&1"),
            0)
      << "see " << log << ".verify";
  auto db2 = storage::open_database(scratch.url());
  ASSERT_TRUE(db2);
  std::set<std::int64_t> present;
  ASSERT_TRUE((*db2)->run(storage::TxMode::read, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto rows, tx.exec("SELECT id FROM ledger_transactions"));
    for (const auto& r : rows.rows) present.insert(r.i64(0));
    return {};
  }));
  for (const auto& a : acked) EXPECT_TRUE(present.count(a.tx_id)) << "lost posting " << a.tx_id;
  HttpClient c(again.port);
  const auto grid2 = login(c, "grid");
  for (std::size_t i = acked.size() > 10 ? acked.size() - 10 : 0; i < acked.size(); ++i) {
    auto r = c.request("POST", acked[i].path, acked[i].body,
                       {{"Content-Type", "application/json"},
                        {"Authorization", "Bearer " + grid2},
                        {"Idempotency-Key", acked[i].key}});
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.header("idempotent-replayed"), "true");
    EXPECT_EQ(json::parse(r.body).at("tx_id").as_int64(), acked[i].tx_id);
  }
  std::size_t after = 0;
  ASSERT_TRUE((*db2)->run(storage::TxMode::read, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto rows, tx.exec("SELECT COUNT(*) FROM ledger_transactions"));
    after = static_cast<std::size_t>(rows.front().i64(0));
    return {};
  }));
  EXPECT_EQ(after, present.size());  // the retries posted nothing
  (*db2)->close();
  kill(again.pid, SIGTERM);
  waitpid(again.pid, &status, 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, LedgerCrash,
                         ::testing::Values(Driver::sqlite, Driver::postgresql),
                         [](const auto& info) { return driver_name(info.param); });

}  // namespace
}  // namespace weilai::testing
