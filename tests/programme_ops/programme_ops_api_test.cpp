// Programme operations through the HTTP API, on SQLite and PostgreSQL: monitoring reports (file,
// edit, submit, review, trends, overdue), a contended report edit, funding arithmetic, incentives
// payable only once named, the green channel's working days, targets and the leadership group.
#include <atomic>
#include <thread>

#include "http/server_fixture.hpp"
#include "programme/monitoring.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;
namespace pg = programme;

class ProgrammeOps : public ServerFixture {
 protected:
  std::int64_t project(const std::string& name) {
    auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT id FROM projects WHERE name = $1", {name});
    });
    EXPECT_TRUE(rows && !rows->empty()) << name;
    return rows && !rows->empty() ? rows->front().i64(0) : 0;
  }
  std::int64_t audit_count(const std::string& action) {
    auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT COUNT(*) FROM audit_log WHERE action = $1", {action});
    });
    return rows ? rows->front().i64(0) : -1;
  }
  pg::Day today() const { return pg::china_today(clock_->now_ms()); }
};

json::value body_of(const HttpResponse& r) {
  return parse(r.body);
}

TEST_P(ProgrammeOps, CountyFilesAReportAndTheDrcSeesItInTrendsAndOverdue) {
  auto c = client();
  const auto liandu = login("liandu"), drc = login("drc"), longquan = login("longquan");
  const auto lingshan = project("灵山未来社区");
  const auto base = "/api/v1/projects/" + std::to_string(lingshan);
  const std::string due = pg::latest_due_period(today(), pg::Cadence::month).text();

  // The demo leaves the latest due month unreported: 灵山 is overdue for it.
  auto overview = body_of(c.get("/api/v1/monitoring/overview", drc));
  bool listed = false;
  for (const auto& o : overview.at("overdue_reports").as_array())
    if (o.at("project_id").as_int64() == lingshan) {
      listed = true;
      EXPECT_EQ(o.at("period").as_string(), due);
    }
  EXPECT_TRUE(listed) << overview;

  auto ms = body_of(c.get(base + "/milestones", liandu)).at("items").as_array();
  ASSERT_FALSE(ms.empty());
  const auto milestone = ms[0].at("id").as_int64();

  // Validation: every field, with its JSON pointer.
  auto bad = [&](const json::object& body, const std::string& field) {
    auto r = c.post_json(base + "/reports", json::serialize(body), liandu);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(body_of(r).at("field").as_string(), field) << r.body;
  };
  bad({{"period", "2026-13"}}, "/period");
  bad({{"period", pg::period_of(today() + 62, pg::Cadence::month).text()}}, "/period");  // future
  bad({{"period", due}, {"satisfaction_pct", 101}}, "/satisfaction_pct");
  bad({{"period", due}, {"investment_fen", -1}}, "/investment_fen");
  bad({{"period", due}, {"problems", std::string(2001, 'x')}}, "/problems");
  bad({{"period", due},
       {"progress", json::array{json::object{{"milestone_id", 999999}, {"percent", 5}}}}},
      "/progress/0/milestone_id");
  bad({{"period", due},
       {"progress", json::array{json::object{{"milestone_id", milestone}, {"percent", 150}}}}},
      "/progress/0/percent");
  bad({{"period", due}, {"indicators", json::array{json::object{{"key", ""}, {"value", "1"}}}}},
      "/indicators/0/key");
  bad({{"period", due}, {"colour", "red"}}, "/colour");

  // Another county may not file for 灵山; the DRC reviews but does not file.
  const json::object good{
      {"period", due},
      {"investment_fen", 123'456'789},
      {"satisfaction_pct", 93},
      {"progress", json::array{json::object{{"milestone_id", milestone}, {"percent", 80}}}},
      {"indicators", json::array{json::object{{"key", "tod_coverage"}, {"value", "0.92"}}}},
      {"problems", "雨季影响外立面施工"}};
  EXPECT_EQ(c.post_json(base + "/reports", json::serialize(good), longquan).status, 403);
  EXPECT_EQ(c.post_json(base + "/reports", json::serialize(good), drc).status, 403);

  const auto before = audit_count("report.create");
  auto created = c.post_json(base + "/reports", json::serialize(good), liandu);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(audit_count("report.create"), before + 1);
  auto rep = body_of(created);
  const auto rid = std::to_string(rep.at("id").as_int64());
  EXPECT_EQ(rep.at("status").as_string(), "draft");
  EXPECT_EQ(rep.at("investment_fen").as_int64(), 123'456'789);
  // One report per period.
  EXPECT_EQ(c.post_json(base + "/reports", json::serialize(good), liandu).status, 409);

  // A draft is not a figure yet: no trend point for the period.
  auto trends =
      body_of(c.get("/api/v1/monitoring/trends?project_id=" + std::to_string(lingshan), drc));
  for (const auto& per : trends.at("periods").as_array()) EXPECT_NE(per.as_string(), due);

  // Edit with the version read; a stale version is 409 with the current record.
  auto edit = json::object{{"investment_fen", 200'000'000},
                           {"satisfaction_pct", 94},
                           {"version", rep.at("version").as_int64()}};
  auto edited = c.send_json("PUT", "/api/v1/reports/" + rid, json::serialize(edit), liandu);
  ASSERT_EQ(edited.status, 200) << edited.body;
  auto stale = c.send_json("PUT", "/api/v1/reports/" + rid, json::serialize(edit), liandu);
  ASSERT_EQ(stale.status, 409);
  EXPECT_EQ(body_of(stale).at("current").at("investment_fen").as_int64(), 200'000'000);
  // Fields the edit did not send keep their values.
  EXPECT_EQ(body_of(edited).at("indicators").as_array().size(), 1u);
  EXPECT_EQ(body_of(edited).at("problems").as_string(), "雨季影响外立面施工");
  const auto v2 = body_of(edited).at("version").as_int64();

  // Submit: frozen for the county, waiting for the DRC.
  ASSERT_EQ(c.post_json("/api/v1/reports/" + rid + "/submit",
                        json::serialize(json::object{{"version", v2}}), liandu)
                .status,
            200);
  auto frozen = c.send_json(
      "PUT", "/api/v1/reports/" + rid,
      json::serialize(json::object{{"investment_fen", 1}, {"version", v2 + 1}}), liandu);
  EXPECT_EQ(frozen.status, 409);
  EXPECT_EQ(body_of(frozen).at("code").as_string(), "failed_precondition");
  EXPECT_EQ(c.post_json("/api/v1/reports/" + rid + "/review",
                        json::serialize(json::object{{"decision", "review"}, {"version", v2 + 1}}),
                        liandu)
                .status,
            403);

  // The DRC sees it: in the trend, awaiting review, and 灵山 is no longer overdue.
  trends = body_of(c.get("/api/v1/monitoring/trends?project_id=" + std::to_string(lingshan), drc));
  const auto& periods = trends.at("periods").as_array();
  ASSERT_FALSE(periods.empty());
  EXPECT_EQ(periods.back().as_string(), due);
  EXPECT_EQ(trends.at("series").as_array()[0].at("investment_fen").as_array().back().as_int64(),
            200'000'000);
  overview = body_of(c.get("/api/v1/monitoring/overview", drc));
  for (const auto& o : overview.at("overdue_reports").as_array())
    EXPECT_NE(o.at("project_id").as_int64(), lingshan);
  bool awaiting = false;
  for (const auto& a : overview.at("awaiting_review").as_array())
    awaiting = awaiting || std::to_string(a.at("id").as_int64()) == rid;
  EXPECT_TRUE(awaiting);
  // 龙泉 sees no 灵山 data in its overview.
  const auto theirs = body_of(c.get("/api/v1/monitoring/overview", longquan));
  for (const auto& o : theirs.at("projects").as_array())
    EXPECT_NE(o.at("project_id").as_int64(), lingshan);

  // Return needs a comment; then the county can edit again.
  EXPECT_EQ(
      c.post_json("/api/v1/reports/" + rid + "/review",
                  json::serialize(json::object{{"decision", "return"}, {"version", v2 + 1}}), drc)
          .status,
      422);
  auto returned = c.post_json(
      "/api/v1/reports/" + rid + "/review",
      json::serialize(json::object{
          {"decision", "return"}, {"comment", "请补充满意度调查样本量"}, {"version", v2 + 1}}),
      drc);
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(body_of(returned).at("status").as_string(), "returned");
  EXPECT_TRUE(body_of(returned).at("editable").as_bool());
}

TEST_P(ProgrammeOps, TwoClientsEditingOneReportOneWinsNothingLost) {
  auto c = client();
  const auto liandu = login("liandu");
  const auto lingshan = project("灵山未来社区");
  const std::string period = pg::period_of(today(), pg::Cadence::month).text();
  auto created = c.post_json("/api/v1/projects/" + std::to_string(lingshan) + "/reports",
                             json::serialize(json::object{{"period", period}}), liandu);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto rid = std::to_string(body_of(created).at("id").as_int64());
  const auto version = body_of(created).at("version").as_int64();

  constexpr int kClients = 8;
  std::atomic<int> ok{0}, conflict{0}, other{0};
  std::atomic<std::int64_t> winner{-1};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient hc(port_);
      auto r =
          hc.send_json("PUT", "/api/v1/reports/" + rid,
                       json::serialize(json::object{{"investment_fen", 1000 + i},
                                                    {"problems", "client " + std::to_string(i)},
                                                    {"version", version}}),
                       liandu);
      if (r.status == 200) {
        ++ok;
        winner = 1000 + i;
      } else if (r.status == 409) {
        ++conflict;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), kClients - 1);
  EXPECT_EQ(other.load(), 0);
  auto now = body_of(c.get("/api/v1/reports/" + rid, liandu));
  EXPECT_EQ(now.at("investment_fen").as_int64(), winner.load());
  EXPECT_EQ(now.at("problems").as_string(), "client " + std::to_string(winner.load() - 1000));
  EXPECT_EQ(now.at("version").as_int64(), version + 1);
  EXPECT_EQ(audit_count("report.update"), 1);
}

TEST_P(ProgrammeOps, FundingBalanceWithLandTransferReturn) {
  auto c = client();
  const auto longquan = login("longquan"), liandu = login("liandu");
  const auto jianchi = project("【示例】剑池未来社区");
  const auto base = "/api/v1/projects/" + std::to_string(jianchi);
  auto add = [&](const json::object& line) {
    return c.post_json(base + "/funding-lines", json::serialize(line), longquan);
  };
  ASSERT_EQ(
      add({{"direction", "source"}, {"kind", "provincial_subsidy"}, {"amount_fen", 3'000'000'000}})
          .status,
      201);
  ASSERT_EQ(add({{"direction", "source"}, {"kind", "loan"}, {"amount_fen", 10'000'000'000}}).status,
            201);
  // 土地出让收益 1.2 亿元 gross, 25 % to the state → 9000 万元 returned.
  auto land = add({{"direction", "source"},
                   {"kind", "land_transfer"},
                   {"gross_fen", 12'000'000'000},
                   {"state_share_bp", 2500}});
  ASSERT_EQ(land.status, 201) << land.body;
  EXPECT_EQ(body_of(land).at("amount_fen").as_int64(), 9'000'000'000);
  EXPECT_EQ(body_of(land).at("state_share_fen").as_int64(), 3'000'000'000);
  ASSERT_EQ(
      add({{"direction", "use"}, {"kind", "construction"}, {"amount_fen", 20'000'000'001}}).status,
      201);
  // Bad lines.
  EXPECT_EQ(add({{"direction", "source"}, {"kind", "construction"}, {"amount_fen", 1}}).status,
            422);
  EXPECT_EQ(add({{"direction", "in"}, {"kind", "loan"}, {"amount_fen", 1}}).status, 422);
  EXPECT_EQ(add({{"direction", "source"}, {"kind", "loan"}, {"amount_fen", -5}}).status, 422);
  EXPECT_EQ(add({{"direction", "source"}, {"kind", "loan"}, {"amount_fen", 1.5}}).status, 422);
  EXPECT_EQ(add({{"direction", "source"}, {"kind", "land_transfer"}, {"amount_fen", 5}}).status,
            422);
  EXPECT_EQ(add({{"direction", "source"},
                 {"kind", "land_transfer"},
                 {"gross_fen", 5},
                 {"state_share_bp", 10001}})
                .status,
            422);
  EXPECT_EQ(c.post_json(base + "/funding-lines",
                        R"({"direction":"source","kind":"loan","amount_fen":1})", liandu)
                .status,
            403);

  // Surplus share to the operation fund: 15 %.
  auto f0 = body_of(c.get(base + "/funding", longquan));
  ASSERT_EQ(c.send_json("PUT", base + "/ops-settings",
                        json::serialize(
                            json::object{{"cadence", "quarter"},
                                         {"surplus_share_bp", 1500},
                                         {"version", f0.at("settings").at("version").as_int64()}}),
                        longquan)
                .status,
            200);
  // The demo already holds 剑池's municipal subsidy of 5,000,000,000 fen (5000 万元) and a
  // construction use of 6,000,000,000 fen (6000 万元). sources = 5,000,000,000 + 3,000,000,000 +
  // 10,000,000,000 + 9,000,000,000 = 27,000,000,000 uses    = 6,000,000,000 + 20,000,000,001 =
  // 26,000,000,001 balance = 999,999,999; 15 % = 149,999,999.85 → 150,000,000 (half up); kept
  // 849,999,999
  auto f = body_of(c.get(base + "/funding", longquan));
  EXPECT_EQ(f.at("sources_fen").as_int64(), 27'000'000'000);
  EXPECT_EQ(f.at("uses_fen").as_int64(), 26'000'000'001);
  EXPECT_EQ(f.at("balance_fen").as_int64(), 999'999'999);
  EXPECT_EQ(f.at("surplus_to_operation_fund_fen").as_int64(), 150'000'000);
  EXPECT_EQ(f.at("surplus_kept_fen").as_int64(), 849'999'999);

  // Edit and delete are optimistic.
  const auto line = body_of(land);
  const auto lid = std::to_string(line.at("id").as_int64());
  EXPECT_EQ(c.request("DELETE", "/api/v1/funding-lines/" + lid + "?version=99", "",
                      {{"Authorization", "Bearer " + longquan}})
                .status,
            409);
  EXPECT_EQ(c.request("DELETE", "/api/v1/funding-lines/" + lid + "?version=1", "",
                      {{"Authorization", "Bearer " + longquan}})
                .status,
            204);
  EXPECT_EQ(body_of(c.get(base + "/funding", longquan)).at("sources_fen").as_int64(),
            18'000'000'000);  // 27e9 − the 9e9 returned land revenue
}

TEST_P(ProgrammeOps, IncentivesArePayableOnlyOnceNamed) {
  auto c = client();
  const auto drc = login("drc"), leader = login("leader");
  const auto lingshan = project("灵山未来社区");      // construction
  const auto hexi = project("【示例】鹤溪未来社区");  // named
  auto owe = [&](std::int64_t pid, std::int64_t fen) {
    auto r = c.post_json(
        "/api/v1/projects/" + std::to_string(pid) + "/incentives",
        json::serialize(json::object{{"policy", "试点支持政策兑现"}, {"owed_fen", fen}}), drc);
    EXPECT_EQ(r.status, 201) << r.body;
    return body_of(r);
  };
  auto pay = [&](const json::value& inc, std::int64_t amount, std::int64_t version) {
    return c.post_json(
        "/api/v1/incentives/" + std::to_string(inc.at("id").as_int64()) + "/payments",
        json::serialize(json::object{{"amount_fen", amount}, {"version", version}}), drc);
  };
  auto not_named = owe(lingshan, 1'000'000);
  auto refused = pay(not_named, 100, 1);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(body_of(refused).at("code").as_string(), "failed_precondition");

  auto named = owe(hexi, 1'000'000);
  auto paid = pay(named, 400'000, 1);
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(body_of(paid).at("paid_fen").as_int64(), 400'000);
  EXPECT_EQ(body_of(paid).at("outstanding_fen").as_int64(), 600'000);
  EXPECT_EQ(pay(named, 600'001, 2).status, 422);  // more than owed
  EXPECT_EQ(pay(named, 100, 1).status, 409);      // stale version
  EXPECT_EQ(pay(named, 600'000, 2).status, 200);
  EXPECT_EQ(
      c.post_json("/api/v1/incentives/" + std::to_string(named.at("id").as_int64()) + "/payments",
                  R"({"amount_fen":1,"version":3})", leader)
          .status,
      403);

  // Talent awards are filed by the county.
  const auto liandu = login("liandu");
  auto t = c.post_json("/api/v1/projects/" + std::to_string(lingshan) + "/talents",
                       json::serialize(json::object{{"person_name", "李博士"},
                                                    {"tier", "B"},
                                                    {"introduced_on", "2026-03-02"},
                                                    {"housing_fen", 30'000'000},
                                                    {"rent_relief_fen", 1'200'000}}),
                       liandu);
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(c.post_json("/api/v1/projects/" + std::to_string(lingshan) + "/talents",
                        R"({"person_name":"x","tier":"Z","introduced_on":"2026-03-02"})", liandu)
                .status,
            422);
  auto view =
      body_of(c.get("/api/v1/projects/" + std::to_string(lingshan) + "/incentives", leader));
  EXPECT_FALSE(view.at("payable").as_bool());
}

TEST_P(ProgrammeOps, GreenChannelCountsWorkingDays) {
  auto c = client();
  const auto liandu = login("liandu"), drc = login("drc");
  const auto lingshan = project("灵山未来社区");
  const auto base = "/api/v1/projects/" + std::to_string(lingshan);
  // Holiday set by the DRC: Wed 2025-12-10.
  ASSERT_EQ(c.send_json("PUT", "/api/v1/holidays/2025-12-10", R"({"name":"测试假日"})", drc).status,
            200);
  EXPECT_EQ(c.send_json("PUT", "/api/v1/holidays/2025-02-30", R"({"name":"x"})", drc).status, 404);
  EXPECT_EQ(c.send_json("PUT", "/api/v1/holidays/2025-12-11", R"({"name":"x"})", liandu).status,
            403);
  // Mon 2025-12-01 → Mon 2025-12-15: 10 working days, minus the holiday = 9; 3 visits.
  auto r = c.post_json(
      base + "/approvals",
      R"({"kind":"regulatory_plan","title":"控规调整（测试）","submitted_on":"2025-12-01","approved_on":"2025-12-15","visits":3})",
      liandu);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(body_of(r).at("working_days").as_int64(), 9);
  EXPECT_TRUE(body_of(r).at("more_than_one_visit").as_bool());
  EXPECT_EQ(
      c.post_json(
           base + "/approvals",
           R"({"kind":"regulatory_plan","submitted_on":"2025-12-15","approved_on":"2025-12-01","visits":1})",
           liandu)
          .status,
      422);
  EXPECT_EQ(c.post_json(base + "/approvals",
                        R"({"kind":"land_reserve","submitted_on":"2025-12-01","visits":0})", liandu)
                .status,
            422);
  EXPECT_EQ(c.post_json(base + "/approvals",
                        R"({"kind":"bribe","submitted_on":"2025-12-01","visits":1})", liandu)
                .status,
            422);
  auto board = body_of(c.get("/api/v1/approvals/board", drc));
  bool flagged = false;
  for (const auto& o : board.at("more_than_one_visit").as_array())
    flagged = flagged || o.at("id") == body_of(r).at("id");
  EXPECT_TRUE(flagged);
  // Slowest first.
  const auto& slowest = board.at("slowest").as_array();
  for (std::size_t i = 1; i < slowest.size(); ++i)
    EXPECT_GE(slowest[i - 1].at("working_days").as_int64(),
              slowest[i].at("working_days").as_int64());
  // Editing the holiday away changes the count (optimistic edit of the item too).
  ASSERT_EQ(
      c.request("DELETE", "/api/v1/holidays/2025-12-10", "", {{"Authorization", "Bearer " + drc}})
          .status,
      204);
  auto items = body_of(c.get(base + "/approvals", drc)).at("items").as_array();
  for (const auto& o : items)
    if (o.at("id") == body_of(r).at("id")) {
      EXPECT_EQ(o.at("working_days").as_int64(), 10);
    }
}

TEST_P(ProgrammeOps, TargetsBoardAndLeadershipActionItems) {
  auto c = client();
  const auto drc = login("drc"), liandu = login("liandu"), leader = login("leader");
  const auto county = unit_id("331102");
  auto board = body_of(c.get("/api/v1/targets", leader));
  json::value liandu_row;
  for (const auto& row : board.at("counties").as_array())
    if (row.at("county_id").as_int64() == county) liandu_row = row;
  ASSERT_TRUE(liandu_row.is_object());
  // 灵山 is under construction: one provincial pilot, which also counts as a municipal one.
  EXPECT_EQ(liandu_row.at("provincial_actual").as_int64(), 1);
  EXPECT_EQ(liandu_row.at("municipal_actual").as_int64(), 1);
  const auto& t2021 = liandu_row.at("targets").as_array()[0];
  EXPECT_EQ(t2021.at("year").as_int64(), 2021);
  EXPECT_FALSE(t2021.at("met").as_bool());  // "several" municipal pilots: 2 by default

  const auto target = "/api/v1/targets/" + std::to_string(county) + "/2027";
  const std::string body = R"({"provincial_target":1,"municipal_target":1,"version":0})";
  EXPECT_EQ(c.send_json("PUT", target, body, liandu).status, 403);
  ASSERT_EQ(c.send_json("PUT", target, body, drc).status, 200);
  EXPECT_EQ(c.send_json("PUT", target, body, drc).status, 409);  // already created
  EXPECT_EQ(c.send_json("PUT", target,
                        R"({"provincial_target":101,"municipal_target":1,"version":1})", drc)
                .status,
            422);
  EXPECT_EQ(c.send_json("PUT", "/api/v1/targets/999999/2027", body, drc).status, 404);

  // A meeting, a decision with a past deadline: overdue, visible to the DRC office.
  auto m = c.post_json(
      "/api/v1/leadership/meetings",
      R"({"held_on":"2025-06-01","title":"测试例会","minutes":"研究灵山未来社区推进"})", drc);
  ASSERT_EQ(m.status, 201) << m.body;
  const auto mid = std::to_string(body_of(m).at("id").as_int64());
  auto a = c.post_json(
      "/api/v1/leadership/meetings/" + mid + "/actions",
      R"({"decision":"完成控规调整","department":"natural_resources","deadline":"2025-07-01"})",
      drc);
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_TRUE(body_of(a).at("overdue").as_bool());
  EXPECT_EQ(body_of(a).at("department_name_zh").as_string(), "市自然资源局");
  EXPECT_EQ(
      c.post_json("/api/v1/leadership/meetings/" + mid + "/actions",
                  R"({"decision":"x","department":"ministry_of_magic","deadline":"2025-07-01"})",
                  drc)
          .status,
      422);
  EXPECT_EQ(
      c.post_json(
           "/api/v1/leadership/meetings/" + mid + "/actions",
           R"({"decision":"x","department":"finance","deadline":"2025-07-01","status":"done"})",
           drc)
          .status,
      422);  // done needs done_on
  auto overdue = body_of(c.get("/api/v1/leadership/actions?overdue=1", drc)).at("items").as_array();
  bool seen = false;
  for (const auto& o : overdue) seen = seen || o.at("id") == body_of(a).at("id");
  EXPECT_TRUE(seen);
  // Done: no longer overdue.
  auto upd = c.send_json(
      "PUT", "/api/v1/leadership/actions/" + std::to_string(body_of(a).at("id").as_int64()),
      R"({"decision":"完成控规调整","department":"natural_resources","deadline":"2025-07-01","status":"done","done_on":"2025-07-03","version":1})",
      drc);
  ASSERT_EQ(upd.status, 200) << upd.body;
  EXPECT_FALSE(body_of(upd).at("overdue").as_bool());
  EXPECT_EQ(
      c.post_json("/api/v1/leadership/meetings", R"({"held_on":"2025-06-01","title":"x"})", leader)
          .status,
      403);
}

TEST_P(ProgrammeOps, RewardsMilestonesAndSettingsAreValidatedAndVersioned) {
  auto c = client();
  const auto drc = login("drc"), liandu = login("liandu"), leader = login("leader");
  const auto county = unit_id("331181");
  const auto before = audit_count("reward.create");
  auto reward = [&](const json::object& b, const std::string& token) {
    return c.post_json("/api/v1/rewards", json::serialize(b), token);
  };
  const json::object good{{"county_id", county},
                          {"year", 2025},
                          {"amount_fen", 200'000'000},
                          {"reason", "剑池试点成效突出"}};
  EXPECT_EQ(reward(good, liandu).status, 403);
  EXPECT_EQ(reward(good, leader).status, 403);
  auto created = reward(good, drc);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(body_of(created).at("county_name_zh").as_string(), "龙泉市");
  EXPECT_EQ(audit_count("reward.create"), before + 1);
  auto bad = good;
  bad["amount_fen"] = 0;
  EXPECT_EQ(reward(bad, drc).status, 422);
  bad = good;
  bad["county_id"] = unit_id("331102-LS");  // a community, not a county
  EXPECT_EQ(body_of(reward(bad, drc)).at("field").as_string(), "/county_id");
  bad = good;
  bad["year"] = 2018;
  EXPECT_EQ(reward(bad, drc).status, 422);
  bad = good;
  bad["reason"] = std::string(201, 'x');
  EXPECT_EQ(reward(bad, drc).status, 422);
  bool listed = false;
  const auto rewards = body_of(c.get("/api/v1/rewards", leader));
  for (const auto& w : rewards.at("items").as_array())
    listed = listed || w.at("reason").as_string() == "剑池试点成效突出";
  EXPECT_TRUE(listed);

  // Milestones: dates validated, edits optimistic, done milestones never overdue.
  const auto base = "/api/v1/projects/" + std::to_string(project("灵山未来社区"));
  EXPECT_EQ(
      c.post_json(base + "/milestones", R"({"name":"x","due_on":"2026-02-30"})", liandu).status,
      422);
  EXPECT_EQ(
      c.post_json(base + "/milestones", R"({"name":"","due_on":"2026-02-03"})", liandu).status,
      422);
  auto m =
      c.post_json(base + "/milestones", R"({"name":"测试节点","due_on":"2020-01-01"})", liandu);
  ASSERT_EQ(m.status, 201) << m.body;
  EXPECT_TRUE(body_of(m).at("overdue").as_bool());
  const auto mid = "/api/v1/milestones/" + std::to_string(body_of(m).at("id").as_int64());
  const std::string done =
      R"({"name":"测试节点","due_on":"2020-01-01","done_on":"2020-01-05","version":1})";
  auto d = c.send_json("PUT", mid, done, liandu);
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_FALSE(body_of(d).at("overdue").as_bool());
  auto stale = c.send_json("PUT", mid, done, liandu);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(body_of(stale).at("current").at("version").as_int64(), 2);
  EXPECT_EQ(c.send_json("PUT", mid, done, drc).status, 403);

  // Settings: the demo stored 灵山's (version 1); a stale or bad write is refused.
  EXPECT_EQ(c.send_json("PUT", base + "/ops-settings",
                        R"({"cadence":"weekly","surplus_share_bp":100,"version":1})", liandu)
                .status,
            422);
  EXPECT_EQ(c.send_json("PUT", base + "/ops-settings",
                        R"({"cadence":"month","surplus_share_bp":10001,"version":1})", liandu)
                .status,
            422);
  ASSERT_EQ(c.send_json("PUT", base + "/ops-settings",
                        R"({"cadence":"quarter","surplus_share_bp":2500,"version":1})", liandu)
                .status,
            200);
  EXPECT_EQ(c.send_json("PUT", base + "/ops-settings",
                        R"({"cadence":"month","surplus_share_bp":2500,"version":1})", liandu)
                .status,
            409);
  // Quarterly now: the overdue period (if any) is a quarter.
  auto mon = body_of(c.get(base + "/monitoring", drc));
  EXPECT_EQ(mon.at("settings").at("cadence").as_string(), "quarter");
  // 灵山 filed monthly reports only, so the latest due quarter has none.
  ASSERT_TRUE(mon.at("overdue_report").is_object()) << mon;
  EXPECT_NE(std::string(mon.at("overdue_report").at("period").as_string()).find('Q'),
            std::string::npos);
}

WEILAI_BOTH_DRIVERS(ProgrammeOps);

}  // namespace
}  // namespace weilai::testing
