// 64 concurrent clients creating and reading records for a few seconds against each driver: no 5xx,
// no lost write (every acknowledged record is in the database afterwards, and nothing else), the
// audit chain intact, and the process's memory flat once warmed up.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "http/server_fixture.hpp"
#include "storage/audit_store.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class Load : public ServerFixture {
 protected:
  void configure(http::AppOptions&, http::ServerOptions& so) override { so.worker_threads = 8; }
};

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// 64 clients mixing writes and reads. The run lasts WEILAI_LOAD_SECONDS (default 4; the first
// quarter warms up before memory is sampled): long runs are for soak testing by hand, so that
// `make test` stays within its time budget.
TEST_P(Load, SixtyFourClientsMixReadsAndWrites) {
  const char* env = std::getenv("WEILAI_LOAD_SECONDS");
  const int seconds = std::clamp(env ? std::atoi(env) : 4, 2, 3600);
  const std::string admin = login("admin");
  const auto parent = unit_id("331102-LS");
  std::atomic<bool> stop{false};
  std::atomic<long> acked{0}, reads{0}, server_errors{0}, other_errors{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 64; ++t) {
    clients.emplace_back([&, t] {
      auto c = client();
      for (int i = 0; !stop; ++i) {
        try {
          if (i % 4 == 0) {
            auto r = c.post_json("/api/v1/org-units",
                                 json::serialize(json::object{{"parent_id", parent},
                                                              {"kind", "grid"},
                                                              {"code", "load-" + std::to_string(t) +
                                                                           "-" + std::to_string(i)},
                                                              {"name_zh", "负载网格"},
                                                              {"name_en", "load"}}),
                                 admin);
            if (r.status == 201)
              ++acked;
            else if (r.status >= 500)
              ++server_errors;
            else
              ++other_errors;
          } else {
            auto r = c.get(i % 4 == 1 ? "/api/v1/org-units?limit=20" : "/api/v1/projects?limit=10",
                           admin);
            if (r.status == 200)
              ++reads;
            else if (r.status >= 500)
              ++server_errors;
            else
              ++other_errors;
          }
        } catch (const std::exception&) {
          ++other_errors;
        }
      }
    });
  }
  const auto warm_up = std::chrono::milliseconds(seconds * 250);
  std::this_thread::sleep_for(warm_up);
  const long warm_rss = rss_kib();
  std::this_thread::sleep_for(std::chrono::seconds(seconds) - warm_up);
  stop = true;
  for (auto& t : clients) t.join();
  const long end_rss = rss_kib();

  auto count = db_->transact(storage::TxMode::read, [](storage::Tx& tx) {
    return tx.exec("SELECT COUNT(*) FROM org_units WHERE code LIKE 'load-%'");
  });
  ASSERT_TRUE(count);
  std::printf(
      "[load %s] %ld writes acknowledged, %ld reads, %ld 5xx, %ld other failures, RSS %ld → %ld "
      "KiB\n",
      driver_name(GetParam()).c_str(), acked.load(), reads.load(), server_errors.load(),
      other_errors.load(), warm_rss, end_rss);
  EXPECT_EQ(server_errors.load(), 0);
  EXPECT_EQ(other_errors.load(), 0);
  EXPECT_GE(acked.load(), 32);  // the writes really ran (a floor, not a speed)
  EXPECT_EQ(count->front().i64(0), acked.load());  // no lost and no phantom writes
  auto report = storage::verify_audit(*db_);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->reason;
#if !defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's quarantine holds freed memory on purpose, so only plain builds check this.
  EXPECT_LT(end_rss - warm_rss, 64 * 1024) << "resident memory grew under steady load";
#endif
}

WEILAI_BOTH_DRIVERS(Load);

}  // namespace
}  // namespace weilai::testing
