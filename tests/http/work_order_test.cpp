// "Platform + butler" work orders through the HTTP API on both drivers (issue #8): a leaking pipe
// reported by a resident and resolved by the butler within SLA, out-of-order steps, stale
// versions, and many butlers racing to take the same step (no lost update).
#include <atomic>
#include <thread>

#include "http/server_fixture.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;
constexpr std::int64_t kMin = 60'000;

class WorkOrders : public ServerFixture {
 protected:
  json::object step(const std::string& token, std::int64_t id, const std::string& action,
                    std::int64_t version, int expect = 200, const std::string& extra = "") {
    auto res = client().post_json(
        "/api/v1/work-orders/" + std::to_string(id) + "/actions",
        R"({"action":")" + action + R"(","version":)" + std::to_string(version) + extra + "}",
        token);
    EXPECT_EQ(res.status, expect) << action << ": " << res.body;
    return parse(res.body).as_object();
  }
  std::int64_t count(const std::string& sql) {
    auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) { return tx.exec(sql); });
    return rows->front().i64(0);
  }
};

TEST_P(WorkOrders, LeakingPipeResolvedWithinSla) {
  auto resident = login("resident"), butler = login("butler");
  auto c = client();
  auto bad =
      c.post_json("/api/v1/work-orders", R"({"category":"ufo","description":"?"})", resident);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(
      c.post_json("/api/v1/work-orders", R"({"category":"water_leak","description":"x"})", butler)
          .status,
      403);
  auto filed = c.post_json(
      "/api/v1/work-orders",
      R"({"category":"water_leak","description":"厨房水管漏水","location":"1幢1单元201"})",
      resident);
  ASSERT_EQ(filed.status, 201) << filed.body;
  auto o = parse(filed.body).as_object();
  const auto id = o.at("id").as_int64();
  EXPECT_EQ(o.at("sla").at("response_minutes").as_int64(), 30);
  // Out of order: finishing a reported order is refused and nothing is written.
  const auto events = count("SELECT COUNT(*) FROM work_order_events");
  auto refused = step(butler, id, "finish", 1, 409);
  EXPECT_EQ(refused.at("current").at("status").as_string(), "reported");
  EXPECT_EQ(count("SELECT COUNT(*) FROM work_order_events"), events);
  // The resident cannot triage; the butler cannot confirm.
  step(resident, id, "triage", 1, 403);
  clock_->advance_ms(5 * kMin);
  o = step(butler, id, "triage", 1);
  o = step(butler, id, "assign", 2);
  EXPECT_EQ(o.at("assignee_account_id").as_int64(), account_id("butler"));
  clock_->advance_ms(10 * kMin);
  o = step(butler, id, "accept", 3);
  EXPECT_EQ(o.at("sla").at("responded_minutes").as_int64(), 15);
  o = step(butler, id, "start", 4);
  clock_->advance_ms(20 * kMin);
  o = step(butler, id, "wait", 5, 200, R"(,"note":"等待配件")");
  clock_->advance_ms(300 * kMin);  // paused: does not count
  resident = login("resident");  // sessions expire when idle: sign in again after the jump
  butler = login("butler");
  EXPECT_TRUE(parse(c.get("/api/v1/work-orders/" + std::to_string(id), resident).body)
                  .at("sla")
                  .at("paused")
                  .as_bool());
  o = step(butler, id, "resume", 6);
  clock_->advance_ms(29 * kMin);  // (sessions end after 30 idle minutes)
  o = step(butler, id, "finish", 7);
  EXPECT_EQ(o.at("sla").at("resolved_minutes").as_int64(), 64);
  EXPECT_TRUE(o.at("sla").at("resolution_met").as_bool());
  EXPECT_TRUE(o.at("sla").at("response_met").as_bool());
  step(butler, id, "confirm", 8, 403);
  o = step(resident, id, "reopen", 8);
  o = step(butler, id, "assign", 9);
  o = step(butler, id, "accept", 10);
  o = step(butler, id, "start", 11);
  o = step(butler, id, "finish", 12);
  o = step(resident, id, "confirm", 13);
  EXPECT_EQ(o.at("status").as_string(), "confirmed");
  auto visit = c.post_json("/api/v1/work-orders/" + std::to_string(id) + "/return-visit",
                           R"({"satisfaction":5,"note":"满意","version":14})", butler);
  ASSERT_EQ(visit.status, 200) << visit.body;
  EXPECT_EQ(parse(visit.body).at("satisfaction").as_int64(), 5);
  EXPECT_EQ(c.post_json("/api/v1/work-orders/" + std::to_string(id) + "/return-visit",
                        R"({"satisfaction":4,"version":15})", butler)
                .status,
            409);
  // The resident sees their own order; the butler the community's queue; another resident
  // (grid worker here) neither.
  auto mine = parse(c.get("/api/v1/work-orders", resident).body).at("items").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(parse(c.get("/api/v1/work-orders", butler).body).at("items").as_array().size(), 1u);
  EXPECT_EQ(c.get("/api/v1/work-orders/" + std::to_string(id), login("grid")).status, 403);
  EXPECT_EQ(parse(c.get("/api/v1/work-orders/" + std::to_string(id), butler).body)
                .at("events")
                .as_array()
                .size(),
            15u);
}

// Ten clients holding the same version race to take the same step: exactly one wins, the others
// get 409 with the current order, and the history holds exactly one such step.
TEST_P(WorkOrders, ConcurrentStepsNeverLoseAnUpdate) {
  const auto resident = login("resident"), butler = login("butler");
  auto filed = client().post_json(
      "/api/v1/work-orders", R"({"category":"public_area","description":"路灯不亮"})", resident);
  ASSERT_EQ(filed.status, 201);
  const auto id = parse(filed.body).at("id").as_int64();
  constexpr int kClients = 10;
  std::atomic<bool> go{false};
  std::atomic<int> wins{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&] {
      auto c = client();
      while (!go) std::this_thread::yield();
      auto res = c.post_json("/api/v1/work-orders/" + std::to_string(id) + "/actions",
                             R"({"action":"triage","version":1})", butler);
      if (res.status == 200)
        ++wins;
      else if (res.status == 409)
        ++conflicts;
      else
        ++other;
    });
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), kClients - 1);
  EXPECT_EQ(other.load(), 0);
  std::printf("work-order race (%s): %d clients, %d winners, %d conflicts\n",
              driver_name(GetParam()).c_str(), kClients, wins.load(), conflicts.load());
  EXPECT_EQ(count("SELECT COUNT(*) FROM work_order_events WHERE action = 'triage'"), 1);
  EXPECT_EQ(count("SELECT version FROM work_orders WHERE id = " + std::to_string(id)), 2);
}

WEILAI_BOTH_DRIVERS(WorkOrders);

}  // namespace
}  // namespace weilai::testing
