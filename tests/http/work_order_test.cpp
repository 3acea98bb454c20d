// "Platform + butler" work orders through the HTTP API on both drivers (issue #8): a leaking pipe
// reported by a resident and resolved by the butler within SLA, out-of-order steps, stale
// versions, and many butlers racing to take the same step (no lost update).
#include <atomic>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>
#include <thread>

#include "http/server_fixture.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

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
  json::object file(const std::string& resident, const std::string& category,
                    const std::string& extra = "") {
    auto res = client().post_json(
        "/api/v1/work-orders",
        R"({"category":")" + category + R"(","description":"测试)" + category + "\"" + extra + "}",
        resident);
    EXPECT_EQ(res.status, 201) << res.body;
    return parse(res.body).as_object();
  }
  HttpResponse raw(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& type, const std::string& token = "") {
    std::vector<std::pair<std::string, std::string>> h{{"Content-Type", type}};
    if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
    return client().request(method, target, body, h);
  }
};

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(200, 'x');

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
  const auto events = scalar("SELECT COUNT(*) FROM work_order_events");
  auto refused = step(butler, id, "finish", 1, 409);
  EXPECT_EQ(refused.at("current").at("status").as_string(), "reported");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM work_order_events"), events);
  // The resident cannot triage; the butler cannot confirm.
  step(resident, id, "triage", 1, 403);
  clock_->advance_ms(5 * kMinuteMs);
  o = step(butler, id, "triage", 1);
  o = step(butler, id, "assign", 2);
  EXPECT_EQ(o.at("assignee_account_id").as_int64(), account_id("butler"));
  clock_->advance_ms(10 * kMinuteMs);
  o = step(butler, id, "accept", 3);
  EXPECT_EQ(o.at("sla").at("responded_minutes").as_int64(), 15);
  o = step(butler, id, "start", 4);
  clock_->advance_ms(20 * kMinuteMs);
  o = step(butler, id, "wait", 5, 200, R"(,"note":"等待配件")");
  clock_->advance_ms(300 * kMinuteMs);  // paused: does not count
  resident = login("resident");         // sessions expire when idle: sign in again after the jump
  butler = login("butler");
  EXPECT_TRUE(parse(c.get("/api/v1/work-orders/" + std::to_string(id), resident).body)
                  .at("sla")
                  .at("paused")
                  .as_bool());
  o = step(butler, id, "resume", 6);
  clock_->advance_ms(29 * kMinuteMs);  // (sessions end after 30 idle minutes)
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
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM work_order_events WHERE action = 'triage'"), 1);
  EXPECT_EQ(scalar("SELECT version FROM work_orders WHERE id = " + std::to_string(id)), 2);
}

// Transfers between bodies (each with its own clock), a paid repair the resident accepts, one
// they decline, photos, and the resident's own rating as the return visit.
TEST_P(WorkOrders, TransfersQuotesPhotosAndRatings) {
  auto resident = login("resident"), butler = login("butler"), admin = login("community");
  auto c = client();
  auto o = file(resident, "water_leak", R"(,"lon":119.92,"lat":28.45)");
  const auto id = o.at("id").as_int64();
  const auto base = "/api/v1/work-orders/" + std::to_string(id);
  EXPECT_EQ(o.at("lat").as_double(), 28.45);
  EXPECT_EQ(o.at("body").as_string(), "property");
  EXPECT_EQ(
      c.post_json("/api/v1/work-orders",
                  R"({"category":"water_leak","description":"x","lon":500,"lat":1})", resident)
          .status,
      422);
  // Photos: type, signature and size checked; stored once by hash; readable by the handlers.
  EXPECT_EQ(raw("POST", base + "/photos", kPng, "text/plain", resident).status, 415);
  EXPECT_EQ(raw("POST", base + "/photos", "not a png", "image/png", resident).status, 422);
  EXPECT_EQ(raw("POST", base + "/photos", kPng, "image/png", login("grid")).status, 403);
  auto photo = raw("POST", base + "/photos", kPng, "image/png", resident);
  ASSERT_EQ(photo.status, 201) << photo.body;
  ASSERT_EQ(raw("POST", base + "/photos", kPng, "image/png", butler).status, 201);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM blobs WHERE sha256 = '" +
                   std::string(parse(photo.body).at("sha256").as_string()) + "'"),
            1);
  auto bytes = c.get(std::string(parse(photo.body).at("url").as_string()), butler);
  EXPECT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body, kPng);
  EXPECT_EQ(bytes.header("content-type"), "image/png");
  // Triage, then transfer to the community committee: its own clock and targets start.
  clock_->advance_ms(10 * kMinuteMs);
  o = step(butler, id, "triage", 1);
  EXPECT_EQ(step(butler, id, "transfer", 2, 422, R"(,"body":"property")").at("code").as_string(),
            "validation_failed");
  EXPECT_EQ(step(butler, id, "transfer", 2, 422, R"(,"body":"police")").at("code").as_string(),
            "validation_failed");
  o = step(butler, id, "transfer", 2, 200, R"(,"body":"committee","note":"涉及公共管道")");
  EXPECT_EQ(o.at("body").as_string(), "committee");
  EXPECT_EQ(o.at("status").as_string(), "triaged");
  EXPECT_EQ(o.at("sla").at("response_minutes").as_int64(), 60);  // committee: 2 × 30
  EXPECT_EQ(o.at("sla").at("active_minutes").as_int64(), 0);
  ASSERT_EQ(o.at("body_sla").as_array().size(), 2u);
  EXPECT_EQ(o.at("body_sla").at(0).at("body").as_string(), "property");
  EXPECT_EQ(o.at("body_sla").at(0).at("active_minutes").as_int64(), 10);
  EXPECT_FALSE(o.at("body_sla").at(0).at("held").as_bool());
  // A stale version is 409 with the order as it is.
  auto stale = step(admin, id, "assign", 2, 409);
  EXPECT_EQ(stale.at("current").at("version").as_int64(), 3);
  o = step(admin, id, "assign", 3);
  EXPECT_EQ(o.at("assignee_account_id").as_int64(), account_id("community"));
  clock_->advance_ms(20 * kMinuteMs);
  o = step(admin, id, "accept", 4);
  EXPECT_EQ(o.at("sla").at("responded_minutes").as_int64(), 20);
  o = step(admin, id, "start", 5);
  // A paid repair: the quote pauses the clock until the resident answers.
  EXPECT_EQ(step(admin, id, "quote", 6, 422).at("field").as_string(), "/amount_cents");
  o = step(admin, id, "quote", 6, 200, R"(,"amount_cents":12000,"note":"更换阀门")");
  EXPECT_EQ(o.at("status").as_string(), "quoted");
  EXPECT_EQ(o.at("quote").at("amount_cents").as_int64(), 12000);
  EXPECT_EQ(o.at("quote").at("status").as_string(), "pending");
  EXPECT_TRUE(o.at("sla").at("paused").as_bool());
  step(admin, id, "accept_quote", 7, 403);  // only the reporter answers a quote
  clock_->advance_ms(25 * kMinuteMs);
  resident = login("resident");
  admin = login("community");
  butler = login("butler");
  o = step(resident, id, "accept_quote", 7);
  EXPECT_EQ(o.at("status").as_string(), "in_progress");
  EXPECT_EQ(o.at("quote").at("status").as_string(), "accepted");
  EXPECT_EQ(o.at("sla").at("active_minutes").as_int64(), 20);  // the quote wait did not count
  o = step(admin, id, "finish", 8);
  // Not yet final: no rating.
  EXPECT_EQ(
      c.post_json(base + "/return-visit", R"({"satisfaction":4,"version":9})", resident).status,
      409);
  o = step(resident, id, "confirm", 9);
  auto rated = c.post_json(base + "/return-visit",
                           R"({"satisfaction":4,"note":"及时","version":10})", resident);
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(parse(rated.body).at("satisfaction").as_int64(), 4);
  EXPECT_EQ(parse(rated.body).at("return_visit_by").as_int64(), account_id("resident"));
  auto detail = parse(c.get(base, resident).body).as_object();
  EXPECT_EQ(detail.at("photos").as_array().size(), 2u);
  // A declined quote closes the order; the butler records the return visit.
  auto d = file(resident, "electrical");
  const auto id2 = d.at("id").as_int64();
  step(butler, id2, "triage", 1);
  step(butler, id2, "assign", 2);
  step(butler, id2, "accept", 3);
  step(butler, id2, "quote", 4, 200, R"(,"amount_cents":30000)");
  step(butler, id2, "decline_quote", 5, 403);
  d = step(resident, id2, "decline_quote", 5);
  EXPECT_EQ(d.at("status").as_string(), "closed");
  EXPECT_EQ(d.at("quote").at("status").as_string(), "declined");
  step(resident, id2, "reopen", 6, 409);
  auto visit = c.post_json("/api/v1/work-orders/" + std::to_string(id2) + "/return-visit",
                           R"({"satisfaction":2,"version":6})", butler);
  ASSERT_EQ(visit.status, 200) << visit.body;
  // Every step was audited.
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'work_order.%'"), 20);
}

TEST_P(WorkOrders, PreventiveSchedulesCreateOrdersOncePerPeriod) {
  auto admin = login("community"), butler = login("butler");
  auto c = client();
  const auto now = clock_->now_ms();
  const std::string body =
      R"({"category":"public_area","title":"二次供水水箱清洗","location":"泵房",)"
      R"("interval_days":7,"first_due_at":)" +
      std::to_string(now - 1) + "}";
  EXPECT_EQ(c.post_json("/api/v1/work-orders/schedules", body, butler).status, 403);
  auto made = c.post_json("/api/v1/work-orders/schedules", body, admin);
  ASSERT_EQ(made.status, 201) << made.body;
  const auto sid = parse(made.body).at("id").as_int64();
  EXPECT_EQ(
      c.post_json("/api/v1/work-orders/schedules",
                  R"({"category":"public_area","title":"x","interval_days":0,"first_due_at":1})",
                  admin)
          .status,
      422);
  auto run = c.post_json("/api/v1/work-orders/schedules/run", "{}", butler);
  ASSERT_EQ(run.status, 200) << run.body;
  auto created = parse(run.body).at("created").as_array();
  ASSERT_EQ(created.size(), 1u);
  auto order =
      parse(c.get("/api/v1/work-orders/" + std::to_string(created[0].as_int64()), butler).body);
  EXPECT_EQ(order.at("source").as_string(), "preventive");
  EXPECT_EQ(order.at("status").as_string(), "triaged");
  EXPECT_EQ(order.at("schedule_id").as_int64(), sid);
  // Not due again until a week later.
  EXPECT_TRUE(parse(c.post_json("/api/v1/work-orders/schedules/run", "{}", butler).body)
                  .at("created")
                  .as_array()
                  .empty());
  clock_->advance_ms(7 * 24 * 60 * kMinuteMs);
  butler = login("butler");
  admin = login("community");
  EXPECT_EQ(parse(c.post_json("/api/v1/work-orders/schedules/run", "{}", butler).body)
                .at("created")
                .as_array()
                .size(),
            1u);
  // Pausing it: version checked.
  auto stale = c.send_json("PATCH", "/api/v1/work-orders/schedules/" + std::to_string(sid),
                           R"({"version":1,"active":false})", admin);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(parse(stale.body).at("current").at("version").as_int64(), 3);
  EXPECT_EQ(c.send_json("PATCH", "/api/v1/work-orders/schedules/" + std::to_string(sid),
                        R"({"version":3,"active":false})", admin)
                .status,
            200);
  clock_->advance_ms(7 * 24 * 60 * kMinuteMs);
  butler = login("butler");
  EXPECT_TRUE(parse(c.post_json("/api/v1/work-orders/schedules/run", "{}", butler).body)
                  .at("created")
                  .as_array()
                  .empty());
  EXPECT_EQ(
      parse(c.get("/api/v1/work-orders/schedules", butler).body).at("items").as_array().size(), 1u);
}

TEST_P(WorkOrders, StatisticsPerCategoryAndButler) {
  auto resident = login("resident"), butler = login("butler");
  auto c = client();
  // One met (resolved in 20 min), one late (resolved after 5 h), one open, one rated.
  auto a = file(resident, "water_leak").at("id").as_int64();
  auto b = file(resident, "water_leak").at("id").as_int64();
  auto open = file(resident, "noise").at("id").as_int64();
  (void)open;
  for (auto [id, wait] : {std::pair{a, 20}, std::pair{b, 300}}) {
    step(butler, id, "triage", 1);
    step(butler, id, "assign", 2);
    step(butler, id, "accept", 3);
    step(butler, id, "start", 4);
    for (int m = 0; m < wait; m += 25) {
      clock_->advance_ms(std::min(25, wait - m) * kMinuteMs);
      butler = login("butler");
    }
    step(butler, id, "finish", 5);
  }
  resident = login("resident");
  step(resident, a, "confirm", 6);
  ASSERT_EQ(c.post_json("/api/v1/work-orders/" + std::to_string(a) + "/return-visit",
                        R"({"satisfaction":5,"version":7})", butler)
                .status,
            200);
  EXPECT_EQ(c.get("/api/v1/work-orders/stats", resident).status, 403);
  auto res = c.get("/api/v1/work-orders/stats", butler);
  ASSERT_EQ(res.status, 200) << res.body;
  auto s = parse(res.body).as_object();
  EXPECT_EQ(s.at("total").at("orders").as_int64(), 3);
  EXPECT_EQ(s.at("total").at("backlog").as_int64(), 1);
  EXPECT_EQ(s.at("total").at("resolved").as_int64(), 2);
  EXPECT_EQ(s.at("total").at("sla_met").as_int64(), 1);
  EXPECT_DOUBLE_EQ(s.at("total").at("sla_met_pct").as_double(), 50.0);
  EXPECT_DOUBLE_EQ(s.at("total").at("satisfaction_avg").as_double(), 5.0);
  ASSERT_EQ(s.at("by_butler").as_array().size(), 1u);
  EXPECT_EQ(s.at("by_butler").at(0).at("account_id").as_int64(), account_id("butler"));
  EXPECT_EQ(s.at("by_butler").at(0).at("resolved").as_int64(), 2);
  ASSERT_EQ(s.at("by_category").as_array().size(), 2u);
  EXPECT_EQ(s.at("by_category").at(0).at("category").as_string(), "noise");
  EXPECT_EQ(s.at("by_category").at(0).at("backlog").as_int64(), 1);
}

// Eight butlers race through a whole lifecycle: at every step exactly one wins, so the order's
// version and history hold every step exactly once (no lost update, no double step).
TEST_P(WorkOrders, RacingClientsThroughTheWholeLifecycle) {
  const auto resident = login("resident"), butler = login("butler");
  const auto id = file(resident, "public_area").at("id").as_int64();
  const std::vector<std::string> steps{R"("triage")", R"("transfer","body":"committee")",
                                       R"("assign")", R"("accept")",
                                       R"("start")",  R"("quote","amount_cents":500)"};
  constexpr int kClients = 8;
  int total_wins = 0, total_conflicts = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::atomic<bool> go{false};
    std::atomic<int> wins{0}, conflicts{0}, other{0};
    std::vector<std::thread> threads;
    for (int k = 0; k < kClients; ++k)
      threads.emplace_back([&] {
        auto c = client();
        while (!go) std::this_thread::yield();
        auto res = c.post_json(
            "/api/v1/work-orders/" + std::to_string(id) + "/actions",
            R"({"action":)" + steps[i] + R"(,"version":)" + std::to_string(i + 1) + "}", butler);
        (res.status == 200 ? wins : res.status == 409 ? conflicts : other)++;
      });
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1) << steps[i];
    EXPECT_EQ(other.load(), 0) << steps[i];
    total_wins += wins;
    total_conflicts += conflicts;
  }
  std::printf("work-order lifecycle race (%s): %d clients x %zu steps, %d winners, %d conflicts\n",
              driver_name(GetParam()).c_str(), kClients, steps.size(), total_wins, total_conflicts);
  EXPECT_EQ(scalar("SELECT version FROM work_orders WHERE id = " + std::to_string(id)),
            static_cast<std::int64_t>(steps.size()) + 1);
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM work_order_events WHERE work_order_id = " + std::to_string(id)),
      static_cast<std::int64_t>(steps.size()) + 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM work_order_events WHERE work_order_id = " +
                   std::to_string(id) + " AND body = 'committee'"),
            static_cast<std::int64_t>(steps.size()) - 1);
}

WEILAI_BOTH_DRIVERS(WorkOrders);

// An Open311 GeoReport v2 client: service discovery without a key, filing with a key (form
// encoded, as clients send it), errors as Open311 error arrays, queries with the filters.
class Open311 : public WorkOrders {};

TEST_P(Open311, ClientListsFilesAndQueriesRequests) {
  auto c = client();
  auto admin = login("community");
  // Keys: issued by the community admin, shown once.
  EXPECT_EQ(c.post_json("/api/v1/open311/keys", R"({"label":"x"})", login("butler")).status, 403);
  auto issued = c.post_json("/api/v1/open311/keys", R"({"label":"12345 热线"})", admin);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string key(parse(issued.body).at("api_key").as_string());
  const auto key_id = parse(issued.body).at("id").as_int64();
  auto listed = parse(c.get("/api/v1/open311/keys", admin).body).at("items").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_FALSE(listed[0].as_object().contains("api_key"));

  auto services = c.get("/open311/v2/services.json");
  ASSERT_EQ(services.status, 200) << services.body;
  bool leak = false;
  const auto list = parse(services.body);
  for (const auto& s : list.as_array())
    leak = leak || s.at("service_code").as_string() == "water_leak";
  EXPECT_TRUE(leak);
  auto def = c.get("/open311/v2/services/water_leak.json");
  ASSERT_EQ(def.status, 200);
  EXPECT_EQ(parse(def.body).at("service_code").as_string(), "water_leak");
  auto missing = c.get("/open311/v2/services/ufo.json");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(parse(missing.body).at(0).at("code").as_int64(), 404);
  EXPECT_EQ(c.get("/open311/v2/services/water_leak.txt").status, 404);  // json or xml only

  const std::string form = "application/x-www-form-urlencoded";
  const std::string good =
      "service_code=water_leak&description=%E6%B0%B4%E7%AE%A1%E6%BC%8F%E6%B0%B4"
      "&lat=28.45&long=119.92&first_name=Li&phone=13800000000";
  auto none = raw("POST", "/open311/v2/requests.json", good, form);
  EXPECT_EQ(none.status, 403);
  EXPECT_EQ(parse(none.body).at(0).at("code").as_int64(), 403);
  EXPECT_EQ(raw("POST", "/open311/v2/requests.json", good + "&api_key=wrong", form).status, 403);
  const auto before = scalar("SELECT COUNT(*) FROM work_orders");
  auto no_code = raw("POST", "/open311/v2/requests.json",
                     "api_key=" + key + "&description=x&lat=1&long=1", form);
  EXPECT_EQ(no_code.status, 400);
  EXPECT_EQ(parse(no_code.body).at(0).at("code").as_int64(), 400);
  EXPECT_NE(
      std::string(parse(no_code.body).at(0).at("description").as_string()).find("service_code"),
      std::string::npos);
  EXPECT_EQ(raw("POST", "/open311/v2/requests.json",
                "api_key=" + key + "&service_code=water_leak&description=x", form)
                .status,
            400);  // no location
  EXPECT_EQ(raw("POST", "/open311/v2/requests.json",
                "api_key=" + key + "&service_code=water_leak&description=x&lat=95&long=1", form)
                .status,
            400);
  EXPECT_EQ(raw("POST", "/open311/v2/requests.json",
                "api_key=" + key + "&service_code=ufo&description=x&address_string=1", form)
                .status,
            404);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM work_orders"), before);  // nothing written
  auto filed = raw("POST", "/open311/v2/requests.json", good + "&api_key=" + key, form);
  ASSERT_EQ(filed.status, 201) << filed.body;
  const std::string rid(parse(filed.body).at(0).at("service_request_id").as_string());
  // JSON bodies work too.
  auto filed2 =
      raw("POST", "/open311/v2/requests.json",
          R"({"api_key":")" + key +
              R"(","service_code":"noise","description":"夜间施工","address_string":"2幢"})",
          "application/json");
  ASSERT_EQ(filed2.status, 201) << filed2.body;
  // The butler sees it in the queue; it is audited as the key's issuer.
  auto butler = login("butler");
  auto o = parse(c.get("/api/v1/work-orders/" + rid, butler).body);
  EXPECT_EQ(o.at("source").as_string(), "open311");
  EXPECT_EQ(o.at("contact").as_string(), "first_name=Li; phone=13800000000");
  EXPECT_EQ(o.at("description").as_string(), "水管漏水");
  step(butler, std::stoll(rid), "triage", 1);
  step(butler, std::stoll(rid), "assign", 2);
  step(butler, std::stoll(rid), "accept", 3);
  step(butler, std::stoll(rid), "start", 4);
  step(butler, std::stoll(rid), "finish", 5);

  // Reading back: one request, filters, errors.
  EXPECT_EQ(c.get("/open311/v2/requests/" + rid + ".json").status, 403);
  auto one = c.get("/open311/v2/requests/" + rid + ".json?api_key=" + key);
  ASSERT_EQ(one.status, 200) << one.body;
  auto r1 = parse(one.body).at(0).as_object();
  EXPECT_EQ(r1.at("service_request_id").as_string(), rid);
  EXPECT_EQ(r1.at("status").as_string(), "closed");
  EXPECT_EQ(r1.at("status_notes").as_string(), "finished");
  EXPECT_EQ(r1.at("service_code").as_string(), "water_leak");
  EXPECT_DOUBLE_EQ(r1.at("lat").as_double(), 28.45);
  EXPECT_DOUBLE_EQ(r1.at("long").as_double(), 119.92);
  EXPECT_EQ(r1.at("requested_datetime").as_string().size(), 25u);
  EXPECT_EQ(c.get("/open311/v2/requests/999999.json?api_key=" + key).status, 404);
  auto all = parse(c.get("/open311/v2/requests.json?api_key=" + key).body).as_array();
  EXPECT_EQ(all.size(), 2u);
  auto open = parse(c.get("/open311/v2/requests.json?status=open&api_key=" + key).body).as_array();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].at("service_code").as_string(), "noise");
  EXPECT_EQ(parse(c.get("/open311/v2/requests.json?service_code=water_leak&api_key=" + key).body)
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(
      parse(c.get("/open311/v2/requests.json?service_request_id=" + rid + "&api_key=" + key).body)
          .as_array()
          .size(),
      1u);
  EXPECT_TRUE(
      parse(c.get("/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z&api_key=" + key).body)
          .as_array()
          .empty());
  EXPECT_EQ(parse(c.get("/open311/v2/requests.json?start_date=2000-01-01T00:00:00%2B08:00&"
                        "end_date=2099-01-01T00:00:00Z&api_key=" +
                        key)
                      .body)
                .as_array()
                .size(),
            2u);
  auto bad = c.get("/open311/v2/requests.json?start_date=yesterday&api_key=" + key);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(parse(bad.body).at(0).at("code").as_int64(), 400);
  EXPECT_EQ(c.get("/open311/v2/requests.json?status=lost&api_key=" + key).status, 400);

  // XML, the spec's other format: the same answers under the spec's element names, read back
  // with an XML parser (so they are well-formed and escaped).
  auto xml = [](const std::string& body) {
    boost::property_tree::ptree tree;
    std::istringstream in(body);
    boost::property_tree::read_xml(in, tree);
    return tree;
  };
  auto services_xml = c.get("/open311/v2/services.xml");
  ASSERT_EQ(services_xml.status, 200);
  EXPECT_EQ(services_xml.header("content-type"), "text/xml; charset=utf-8");
  std::size_t services_n = 0;
  bool leak_xml = false;
  const auto services_tree = xml(services_xml.body);
  for (const auto& [name, service] : services_tree.get_child("services")) {
    EXPECT_EQ(name, "service");
    ++services_n;
    leak_xml = leak_xml || service.get<std::string>("service_code") == "water_leak";
  }
  EXPECT_EQ(services_n, list.as_array().size());
  EXPECT_TRUE(leak_xml);
  EXPECT_EQ(xml(c.get("/open311/v2/services/water_leak.xml").body)
                .get<std::string>("service_definition.service_code"),
            "water_leak");
  auto missing_xml = c.get("/open311/v2/services/ufo.xml");
  EXPECT_EQ(missing_xml.status, 404);
  EXPECT_EQ(xml(missing_xml.body).get<int>("errors.error.code"), 404);
  // A form with '+' for spaces and an escaped '&' (decoded by Boost.URL), answered in XML.
  auto filed_xml = raw("POST", "/open311/v2/requests.xml",
                       "api_key=" + key +
                           "&service_code=noise&description=Drill+%26+hammer+%3Cnight%3E"
                           "&address_string=3%E5%B9%A2",
                       form);
  ASSERT_EQ(filed_xml.status, 201) << filed_xml.body;
  const auto rid_xml =
      xml(filed_xml.body).get<std::string>("service_requests.request.service_request_id");
  auto read_xml_back = c.get("/open311/v2/requests/" + rid_xml + ".xml?api_key=" + key);
  ASSERT_EQ(read_xml_back.status, 200) << read_xml_back.body;
  const auto read_tree = xml(read_xml_back.body);
  const auto& request_xml = read_tree.get_child("service_requests.request");
  EXPECT_EQ(request_xml.get<std::string>("description"), "Drill & hammer <night>");
  EXPECT_EQ(request_xml.get<std::string>("address"), "3幢");
  EXPECT_EQ(request_xml.get<std::string>("status"), "open");
  EXPECT_EQ(xml(raw("POST", "/open311/v2/requests.xml", "api_key=wrong", form).body)
                .get<int>("errors.error.code"),
            403);
  EXPECT_EQ(
      raw("POST", "/open311/v2/requests.json", "api_key=" + key + "&description=%zz", form).status,
      400);  // not a valid form body

  // Revoked: refused.
  EXPECT_EQ(c.request("DELETE", "/api/v1/open311/keys/" + std::to_string(key_id), "",
                      {{"Authorization", "Bearer " + admin}})
                .status,
            204);
  EXPECT_EQ(c.get("/open311/v2/requests.json?api_key=" + key).status, 403);
}

WEILAI_BOTH_DRIVERS(Open311);

}  // namespace
}  // namespace weilai::testing
