// Evaluation (#6) through the HTTP API on both drivers: the ruleset lifecycle and import errors,
// evaluations (verdict change after a threshold edit, no data never zero, reported-value review,
// compare, trend, league, the acceptance hook) and satisfaction surveys (one response per
// household under concurrent submissions, bad and late answers, anonymous results).
#include <atomic>
#include <thread>

#include "http/server_fixture.hpp"
#include "storage/evaluation_adapters.hpp"
#include "storage/evaluation_store.hpp"
#include "storage/planning_store.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class EvaluationApi : public ServerFixture {
 protected:
  std::int64_t project(const std::string& name) {
    auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT id FROM projects WHERE name = $1", {name});
    });
    return rows->front().i64(0);
  }
  json::object body(const HttpResponse& r) { return parse(r.body).as_object(); }
  std::string path(std::int64_t id, const std::string& rest) {
    return "/api/v1/projects/" + std::to_string(id) + rest;
  }
};

const json::object& indicator(const json::object& result, const std::string& code) {
  for (const auto& i : result.at("indicators").as_array())
    if (i.at("code").as_string() == code) return i.as_object();
  throw std::runtime_error("no indicator " + code);
}

TEST_P(EvaluationApi, RulesetLifecycleAndImportErrors) {
  auto c = client();
  const auto drc = login("drc");
  auto list = body(c.get("/api/v1/rulesets", drc));
  ASSERT_EQ(list.at("items").as_array().size(), 1u);
  const auto& shipped = list.at("items").as_array()[0].as_object();
  EXPECT_EQ(shipped.at("status").as_string(), "published");
  EXPECT_EQ(shipped.at("provenance").as_string(), "reconstruction");

  // Import errors name the JSON pointer.
  auto bad =
      c.post_json("/api/v1/rulesets",
                  R"({"code":"x","version":"1","name_zh":"x","name_en":"x",)"
                  R"("provenance":"official","pass_mark":60,"scenarios":[{"code":"NB",)"
                  R"("name_zh":"邻里","name_en":"N","indicators":[{"code":"A","name_zh":"a",)"
                  R"("name_en":"a","kind":"binding","measure":"m","unit":"furlongs",)"
                  R"("comparison":">=","threshold":1,"source":{"type":"reported"}}]}]})",
                  drc);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(body(bad).at("field").as_string(), "/scenarios/0/indicators/0/unit");

  // Copy the published one into a draft, edit a threshold, publish; published is immutable.
  auto copy = c.post_json("/api/v1/rulesets/1/copy", R"({"version_label":"test-2"})", drc);
  ASSERT_EQ(copy.status, 201) << copy.body;
  auto draft = body(copy);
  EXPECT_EQ(draft.at("status").as_string(), "draft");
  const auto id = std::to_string(draft.at("id").as_int64());
  auto rs = draft.at("ruleset").as_object();
  auto& nb02 =
      rs.at("scenarios").as_array()[0].as_object().at("indicators").as_array()[1].as_object();
  ASSERT_EQ(nb02.at("code").as_string(), "NB-02");
  nb02["threshold"] = 100;
  auto stale =
      c.request("PUT", "/api/v1/rulesets/" + id,
                json::serialize(json::object{{"version", 99}, {"ruleset", rs}}),
                {{"Authorization", "Bearer " + drc}, {"Content-Type", "application/json"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_TRUE(body(stale).contains("current"));
  auto put =
      c.request("PUT", "/api/v1/rulesets/" + id,
                json::serialize(json::object{{"version", draft.at("version")}, {"ruleset", rs}}),
                {{"Authorization", "Bearer " + drc}, {"Content-Type", "application/json"}});
  ASSERT_EQ(put.status, 200) << put.body;
  // A draft cannot be used to evaluate.
  const auto lingshan = project("灵山未来社区");
  auto early = c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":)" + id + "}", drc);
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(c.post_json("/api/v1/rulesets/" + id + "/publish", "{}", drc).status, 200);
  auto again =
      c.request("PUT", "/api/v1/rulesets/" + id,
                json::serialize(json::object{{"version", 3}, {"ruleset", rs}}),
                {{"Authorization", "Bearer " + drc}, {"Content-Type", "application/json"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(c.request("DELETE", "/api/v1/rulesets/" + id, "", {{"Authorization", "Bearer " + drc}})
                .status,
            409);
  // Export gives the import format back; re-importing it under a new version works.
  auto exported = body(c.get("/api/v1/rulesets/" + id + "/export", drc));
  EXPECT_EQ(exported.at("version").as_string(), "test-2");
  exported["version"] = "test-3";
  EXPECT_EQ(c.post_json("/api/v1/rulesets", json::serialize(exported), drc).status, 201);
  EXPECT_EQ(c.post_json("/api/v1/rulesets", json::serialize(exported), drc).status, 409);
  // Retire.
  EXPECT_EQ(c.post_json("/api/v1/rulesets/" + id + "/retire", "{}", drc).status, 200);
  EXPECT_EQ(c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":)" + id + "}", drc).status,
            409);
  // A county official reads but cannot edit.
  EXPECT_EQ(
      c.post_json("/api/v1/rulesets/1/copy", R"({"version_label":"x"})", login("liandu")).status,
      403);
}

TEST_P(EvaluationApi, VerdictChangesWithThresholdAndCompareSaysWhy) {
  auto c = client();
  const auto drc = login("drc");
  const auto lingshan = project("灵山未来社区");
  auto first = c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":1})", drc);
  ASSERT_EQ(first.status, 201) << first.body;
  auto a = body(first);
  // The shipped ruleset fails Lingshan on one binding indicator only: NB-03 now comes from the
  // points ledger, where the demo has awards for 1 of its 12 households (8.3 % < 30 %).
  EXPECT_EQ(a.at("verdict").as_string(), "fail");
  EXPECT_EQ(a.at("binding_failed").as_int64(), 1);
  const auto& nb03 = indicator(a.at("result").as_object(), "NB-03");
  EXPECT_EQ(nb03.at("source").as_string(), "adapter");
  EXPECT_NEAR(nb03.at("value").to_number<double>(), 100.0 / 12, 1e-9);
  const auto& nb02 = indicator(a.at("result").as_object(), "NB-02");
  EXPECT_NEAR(nb02.at("value").to_number<double>(), 4680.0 * 100 / 5260, 1e-9);
  EXPECT_EQ(nb02.at("source").as_string(), "computed");
  EXPECT_EQ(indicator(a.at("result").as_object(), "ED-03").at("value"), json::value(nullptr));
  EXPECT_EQ(indicator(a.at("result").as_object(), "ED-03").at("outcome").as_string(), "no_data");

  auto copy = body(c.post_json("/api/v1/rulesets/1/copy", R"({"version_label":"strict"})", drc));
  auto rs = copy.at("ruleset").as_object();
  rs.at("scenarios")
      .as_array()[0]
      .as_object()
      .at("indicators")
      .as_array()[1]
      .as_object()["threshold"] = 100;
  const auto id = std::to_string(copy.at("id").as_int64());
  ASSERT_EQ(
      c.request("PUT", "/api/v1/rulesets/" + id,
                json::serialize(json::object{{"version", copy.at("version")}, {"ruleset", rs}}),
                {{"Authorization", "Bearer " + drc}, {"Content-Type", "application/json"}})
          .status,
      200);
  ASSERT_EQ(c.post_json("/api/v1/rulesets/" + id + "/publish", "{}", drc).status, 200);
  auto second =
      body(c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":)" + id + "}", drc));
  EXPECT_EQ(second.at("verdict").as_string(), "fail");
  EXPECT_EQ(second.at("binding_failed").as_int64(), 2);  // NB-03 and now NB-02
  EXPECT_EQ(second.at("ruleset_version").as_string(), "strict");

  auto latest = body(c.get(path(lingshan, "/evaluations/latest"), login("liandu")));
  EXPECT_EQ(latest.at("evaluation_id").as_int64(), second.at("id").as_int64());
  EXPECT_EQ(latest.at("verdict").as_string(), "fail");
  EXPECT_EQ(latest.at("binding_failed").as_int64(), 2);
  EXPECT_EQ(latest.at("ruleset_version").as_string(), "strict");
  EXPECT_TRUE(latest.contains("score") && latest.contains("pass_mark"));

  auto diff = body(c.get("/api/v1/evaluations/compare?a=" + std::to_string(a.at("id").as_int64()) +
                             "&b=" + std::to_string(second.at("id").as_int64()),
                         drc));
  const auto& changes = diff.at("changes").as_array();
  ASSERT_EQ(changes.size(), 1u) << json::serialize(diff);
  EXPECT_EQ(changes[0].at("code").as_string(), "NB-02");
  EXPECT_EQ(changes[0].at("reasons").as_array()[0].as_string(), "threshold changed");

  auto trend = body(c.get(path(lingshan, "/evaluations/trend"), drc));
  EXPECT_EQ(trend.at("evaluations").as_array().size(), 3u);  // demo + two here

  auto league = body(c.get("/api/v1/evaluations/league", login("leader")));
  EXPECT_EQ(league.at("items").as_array()[0].at("project_name").as_string(), "灵山未来社区");
  auto longquan = body(c.get("/api/v1/evaluations/league", login("longquan")));
  EXPECT_TRUE(longquan.at("items").as_array().empty());  // not Lingshan's county
}

TEST_P(EvaluationApi, MissingInputsAreNoDataAndReviewQueriesExcludeValues) {
  auto c = client();
  const auto drc = login("drc");
  // A sample project with no inputs at all: every value null, verdict fail, never a zero.
  const auto sample = project("【示例】剑池未来社区");
  auto e = body(c.post_json(path(sample, "/evaluations"), R"({"ruleset_id":1})", drc));
  EXPECT_EQ(e.at("verdict").as_string(), "fail");
  for (const auto& i : e.at("result").at("indicators").as_array()) {
    if (i.at("source").as_string() == "adapter") continue;  // satisfaction: no survey either
    EXPECT_EQ(i.at("value"), json::value(nullptr)) << i.at("code").as_string();
    EXPECT_EQ(i.at("outcome").as_string(), "no_data");
  }
  EXPECT_EQ(e.at("result").at("no_data").as_int64(), 34);

  // Liandu reports ED-03 for Lingshan; the DRC queries it; the evaluation then has no data.
  const auto lingshan = project("灵山未来社区");
  const auto liandu = login("liandu");
  auto bad = c.post_json(path(lingshan, "/reported-values"),
                         R"({"indicator_code":"ED-03","value_number":25,"value_flag":true,)"
                         R"("period":"2026-01-01","evidence":"x"})",
                         liandu);
  EXPECT_EQ(bad.status, 422);
  auto rv = c.post_json(path(lingshan, "/reported-values"),
                        R"({"indicator_code":"ED-03","value_number":25,"period":"2026-01-01",)"
                        R"("evidence":"课程表","attachment_ref":"files/ed03.pdf"})",
                        liandu);
  ASSERT_EQ(rv.status, 201) << rv.body;
  const auto rv_id = std::to_string(body(rv).at("id").as_int64());
  auto run = [&] {
    auto r = body(c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":1})", drc));
    return indicator(r.at("result").as_object(), "ED-03");
  };
  auto with = run();
  EXPECT_EQ(with.at("value").to_number<double>(), 25);
  EXPECT_EQ(with.at("review_status").as_string(), "pending");
  EXPECT_EQ(with.at("attachment_ref").as_string(), "files/ed03.pdf");
  EXPECT_EQ(
      c.post_json("/api/v1/reported-values/" + rv_id + "/review", R"({"status":"queried"})", drc)
          .status,
      422);  // a query needs a note
  ASSERT_EQ(c.post_json("/api/v1/reported-values/" + rv_id + "/review",
                        R"({"status":"queried","note":"课程表缺少签到记录"})", drc)
                .status,
            200);
  auto without = run();
  EXPECT_EQ(without.at("outcome").as_string(), "no_data");
  // The Longquan official cannot report for Lingshan.
  EXPECT_EQ(c.post_json(path(lingshan, "/reported-values"),
                        R"({"indicator_code":"ED-03","value_number":25,"period":"2026-01-01",)"
                        R"("evidence":"x"})",
                        login("longquan"))
                .status,
            403);
  // Site inputs: bad input names the field; a stale version is a conflict.
  auto site = body(c.get(path(lingshan, "/site-inputs"), liandu));
  auto put = [&](const json::object& b) {
    return c.request("PUT", path(lingshan, "/site-inputs"), json::serialize(b),
                     {{"Authorization", "Bearer " + liandu}, {"Content-Type", "application/json"}});
  };
  auto inputs = site.at("inputs").as_object();
  inputs.at("facilities").as_array()[0].as_object()["area_m2"] = -5;
  auto r1 = put({{"version", site.at("version")}, {"inputs", inputs}});
  EXPECT_EQ(r1.status, 422);
  EXPECT_EQ(body(r1).at("field").as_string(), "/inputs/facilities/0/area_m2");
  inputs.at("facilities").as_array()[0].as_object()["area_m2"] = 100;  // 2,180 m² counted: fails
  EXPECT_EQ(put({{"version", site.at("version")}, {"inputs", inputs}}).status, 200);
  EXPECT_EQ(put({{"version", site.at("version")}, {"inputs", inputs}}).status, 409);
  auto after = body(c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":1})", drc));
  EXPECT_EQ(indicator(after.at("result").as_object(), "NB-02").at("outcome").as_string(),
            "not_met");
  EXPECT_EQ(after.at("verdict").as_string(), "fail");
}

TEST_P(EvaluationApi, SurveyOneResponsePerHouseholdUnderConcurrency) {
  auto c = client();
  // A second member of the resident's household, with their own account.
  const auto admin = login("admin");
  auto created = c.post_json(
      "/api/v1/accounts",
      R"({"login":"spouse","display_name":"张建国","password":"Partner-Key-2026"})", admin);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto spouse_id = body(created).at("id").as_int64();
  ASSERT_EQ(c.post_json("/api/v1/accounts/" + std::to_string(spouse_id) + "/grants",
                        R"({"role":"resident","org_unit_id":)" +
                            std::to_string(unit_id("331102-LS")) + "}",
                        admin)
                .status,
            201);
  std::int64_t household = 0;
  ASSERT_TRUE(db_->run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto rows,
               tx.exec("SELECT household_id FROM household_members WHERE account_id = $1",
                       {account_id("resident")}));
    household = rows.front().i64(0);
    WEILAI_CHECK(
        tx.exec("INSERT INTO household_members (household_id, account_id, person_name, "
                "member_role) VALUES ($1,$2,'张建国','member')",
                {household, spouse_id}));
    return {};
  }));
  const auto resident = login("resident");
  const auto spouse = login("spouse", "Partner-Key-2026");

  auto mine = body(c.get("/api/v1/surveys/mine", resident));
  ASSERT_EQ(mine.at("items").as_array().size(), 1u);
  EXPECT_FALSE(mine.at("items").as_array()[0].at("answered").as_bool());
  const auto sid = std::to_string(mine.at("items").as_array()[0].at("id").as_int64());
  const std::string url = "/api/v1/surveys/" + sid + "/responses";

  // Bad answers: unknown option, rating out of range, unknown question, missing required.
  auto expect_field = [&](const std::string& answers, const std::string& field) {
    auto r = c.post_json(url, R"({"answers":)" + answers + "}", resident);
    EXPECT_EQ(r.status, 422) << answers << " " << r.body;
    EXPECT_EQ(body(r).at("field").as_string(), field) << answers;
  };
  expect_field(R"({"q1":4,"q2":"z","q3":["green"]})", "/answers/q2");
  expect_field(R"({"q1":6,"q2":"a","q3":["green"]})", "/answers/q1");
  expect_field(R"({"q1":4,"q2":"a","q3":["green","mars"]})", "/answers/q3");
  expect_field(R"({"q1":4,"q2":"a","q3":["green"],"q9":1})", "/answers/q9");
  expect_field(R"({"q2":"a","q3":["green"]})", "/answers/q1");

  // Two members submit at once, many times: one response for the household, the last one wins.
  std::atomic<int> created_count{0}, replaced_count{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      auto own = client();
      for (int i = 0; i < 8; ++i) {
        auto r = own.post_json(url,
                               R"({"answers":{"q1":)" + std::to_string(t == 0 ? 5 : 2) +
                                   R"(,"q2":"a","q3":["green"]}})",
                               t == 0 ? resident : spouse);
        if (r.status == 201)
          ++created_count;
        else if (r.status == 200)
          ++replaced_count;
        else
          ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(created_count.load(), 1);
  EXPECT_EQ(replaced_count.load(), 15);
  auto count = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec(
        "SELECT COUNT(*), MAX(revisions) FROM survey_responses WHERE survey_id = $1 AND "
        "household_id = $2",
        {std::stoll(sid), household});
  });
  EXPECT_EQ(count->front().i64(0), 1);
  EXPECT_EQ(count->front().i64(1), 16);

  // Results: anonymous, 11 households of 12, grid 2 (3 answers) below the minimum of 5.
  auto results = c.get("/api/v1/surveys/" + sid + "/results", login("community"));
  ASSERT_EQ(results.status, 200);
  EXPECT_EQ(results.body.find("household"), std::string::npos) << results.body;
  EXPECT_EQ(results.body.find("account"), std::string::npos);
  auto res = body(results);
  EXPECT_EQ(res.at("responses").as_int64(), 11);
  EXPECT_EQ(res.at("eligible").as_int64(), 12);
  EXPECT_EQ(res.at("groups").as_array().size(), 1u);
  EXPECT_EQ(res.at("suppressed_responses").as_int64(), 3);
  // A resident cannot read results; a resident of another community cannot answer.
  EXPECT_EQ(c.get("/api/v1/surveys/" + sid + "/results", resident).status, 403);

  // After the close date: late answers are refused.
  clock_->advance_ms(61LL * 86400 * 1000);
  const auto later = login("resident");
  auto late = c.post_json(url, R"({"answers":{"q1":4,"q2":"a","q3":["green"]}})", later);
  EXPECT_EQ(late.status, 409) << late.body;
}

TEST_P(EvaluationApi, SatisfactionFeedsTheIndicatorOnlyFromTheMinimumGroupSize) {
  auto c = client();
  const auto drc = login("drc");
  const auto lingshan = project("灵山未来社区");
  // The demo survey: 9 of 10 households rate 4–5 → GV-02 = 90 %.
  auto before = body(c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":1})", drc));
  const auto& gv02 = indicator(before.at("result").as_object(), "GV-02");
  EXPECT_EQ(gv02.at("value").to_number<double>(), 90);
  EXPECT_EQ(gv02.at("source").as_string(), "adapter");
  // A newer survey with one answer: below its minimum of 5, so no data (not 100 %, not 0).
  const auto today = format_iso8601(clock_->now_ms()).substr(0, 10);
  auto created = c.post_json(path(lingshan, "/surveys"),
                             R"({"title":"回访","questions":[{"id":"s","type":"rating",)"
                             R"("text_zh":"满意度","satisfaction":true}],"opens_at":")" +
                                 today + R"(","closes_at":"2099-12-31","min_group_size":5})",
                             login("community"));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto sid = std::to_string(body(created).at("id").as_int64());
  ASSERT_EQ(c.post_json("/api/v1/surveys/" + sid + "/responses", R"({"answers":{"s":5}})",
                        login("resident"))
                .status,
            201);
  auto after = body(c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":1})", drc));
  EXPECT_EQ(indicator(after.at("result").as_object(), "GV-02").at("outcome").as_string(),
            "no_data");
  EXPECT_EQ(after.at("verdict").as_string(), "fail");
  auto results = body(c.get("/api/v1/surveys/" + sid + "/results", drc));
  EXPECT_FALSE(results.at("shown").as_bool());
  EXPECT_TRUE(results.at("satisfaction_pct").is_null());
}

// Site data imported as CSV, spreadsheet rows (what the browser sends after reading an XLSX) and
// GeoJSON: every error names its row and column, nothing is stored then, and a good import feeds
// the calculators (facility area per 100 households, FAR).
TEST_P(EvaluationApi, SiteDataImportNamesRowsAndFeedsTheCalculators) {
  auto c = client();
  const auto liandu = login("liandu");
  const auto drc = login("drc");
  const auto lingshan = project("灵山未来社区");
  auto site = body(c.get(path(lingshan, "/site-inputs"), liandu));
  const auto v0 = site.at("version").as_int64();
  auto import = [&](const json::object& b) {
    return c.post_json(path(lingshan, "/site-inputs/import"), json::serialize(b), liandu);
  };
  // Two bad lines: both reported, with line and column; nothing stored.
  auto bad = import({{"version", v0},
                     {"format", "csv"},
                     {"filename", "site.csv"},
                     {"content",
                      "type,name,plot,land_area_m2,far_limit,height_limit_m,category,area_m2\n"
                      "plot,A,,12000,2.2,60,,\n"
                      "plot,B,,abc,2.2,60,,\n"
                      "facility,照料,,,,,,-3\n"}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  auto problem = body(bad);
  EXPECT_EQ(problem.at("field").as_string(), "/content/line/3/land_area_m2");
  ASSERT_EQ(problem.at("errors").as_array().size(), 3u) << bad.body;  // + the missing category
  EXPECT_EQ(problem.at("errors").as_array()[0].at("row").as_string(), "line 3");
  EXPECT_EQ(problem.at("errors").as_array()[0].at("column").as_string(), "land_area_m2");
  EXPECT_EQ(body(c.get(path(lingshan, "/site-inputs"), liandu)).at("version").as_int64(), v0);

  // Spreadsheet rows (sheet name = type). 1,000 households need 800 m²; 820 m² counted.
  json::array rows{
      json::object{{"sheet", "site"},
                   {"where", "sheet site row 2"},
                   {"values", json::object{{"households", 1000}}}},
      json::object{{"sheet", "plots"},
                   {"where", "sheet plots row 2"},
                   {"values", json::object{{"name", "A"},
                                           {"land_area_m2", 10000},
                                           {"far_limit", 2.0},
                                           {"height_limit_m", 60}}}},
      json::object{{"sheet", "buildings"},
                   {"where", "sheet buildings row 2"},
                   {"values", json::object{{"plot", "A"},
                                           {"name", "1#"},
                                           {"height_m", 45},
                                           {"residential_m2", 19000},
                                           {"stilt_floor_m2", 1500}}}},
      json::object{{"sheet", "balconies"},
                   {"where", "sheet balconies row 2"},
                   {"values", json::object{{"plot", "A"}, {"building", "1#"}, {"green_m2", 400}}}},
      json::object{
          {"sheet", "facilities"},
          {"where", "sheet facilities row 2"},
          {"values", json::object{{"category", "neighbourhood_centre"}, {"area_m2", 820}}}},
  };
  auto ok = import({{"version", v0}, {"format", "rows"}, {"rows", rows}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(body(ok).at("imported_rows").as_int64(), 5);
  EXPECT_EQ(body(ok).at("inputs").at("households").as_int64(), 1000);
  // A stale version after the import: 409.
  EXPECT_EQ(import({{"version", v0}, {"format", "rows"}, {"rows", rows}}).status, 409);
  auto e = body(c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":1})", drc));
  const auto& nb02 = indicator(e.at("result").as_object(), "NB-02");
  EXPECT_EQ(nb02.at("value").to_number<double>(), 82);  // 820 × 100 / 1000
  EXPECT_EQ(nb02.at("outcome").as_string(), "met");

  // GeoJSON: feature index and property in the error.
  auto gj = import(
      {{"version", body(ok).at("version")},
       {"format", "geojson"},
       {"content",
        R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,)"
        R"("properties":{"type":"facility","category":"elderly_care","area_m2":"many"}}]})"}});
  ASSERT_EQ(gj.status, 422) << gj.body;
  EXPECT_EQ(body(gj).at("field").as_string(), "/content/features/0/properties/area_m2");
}

// Evidence files: a reported value names an uploaded project attachment ("attachment:<id>"); one
// of another project (or none) is refused; the evaluation carries the reference for the report.
TEST_P(EvaluationApi, EvidenceAttachmentMustBeTheProjects) {
  auto c = client();
  const auto liandu = login("liandu");
  const auto lingshan = project("灵山未来社区");
  const std::string pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  auto up = c.request(
      "POST", path(lingshan, "/attachments?kind=evidence&filename=ed03.pdf"), pdf,
      {{"Authorization", "Bearer " + liandu}, {"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(up.status, 201) << up.body;
  const auto aid = std::to_string(body(up).at("id").as_int64());
  auto report = [&](const std::string& ref) {
    return c.post_json(path(lingshan, "/reported-values"),
                       R"({"indicator_code":"ED-03","value_number":25,"period":"2026-01-01",)"
                       R"("evidence":"课程表","attachment_ref":")" +
                           ref + "\"}",
                       liandu);
  };
  auto bad = report("attachment:999999");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(body(bad).at("field").as_string(), "/attachment_ref");
  EXPECT_EQ(report("attachment:x").status, 422);
  ASSERT_EQ(report("attachment:" + aid).status, 201);
  auto e = body(c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":1})", login("drc")));
  EXPECT_EQ(indicator(e.at("result").as_object(), "ED-03").at("attachment_ref").as_string(),
            "attachment:" + aid);
  // The DRC can fetch the file the report links to.
  EXPECT_EQ(c.get(path(lingshan, "/attachments/" + aid), login("drc")).status, 200);
}

// The platform adapters over rows of the modules that exist, on both drivers. Dates are chosen
// away from the demo data (2040 for the 365-day windows, 1999 for parking) so the expected values
// follow from the rows inserted here alone. No rows → no data (nullopt), never zero.
TEST_P(EvaluationApi, PlatformAdaptersReadTheModulesRecords) {
  const auto lingshan = project("灵山未来社区");
  const auto sample = project("【示例】剑池未来社区");
  constexpr std::int64_t kMin = 60'000;
  constexpr std::int64_t t2040 = 2208988800000;                     // 2040-01-01T00:00Z
  constexpr std::int64_t until2040 = t2040 + 181LL * 86400000 - 1;  // 2040-06-30, end of day
  constexpr std::int64_t t1999 = 915148800000;                      // 1999-01-01
  constexpr std::int64_t until2000 = 946684800000 - 1;              // 1999-12-31, end of day
  auto run = [&](auto fn) {
    auto r = db_->transact(storage::TxMode::write, fn);
    EXPECT_TRUE(r) << r.error().message;
  };
  // Households of Lingshan's community and one member of each of three households.
  std::int64_t community = 0, households = 0;
  std::vector<std::int64_t> members;
  run([&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto p, tx.exec("SELECT community_id FROM projects WHERE id = $1", {lingshan}));
    community = p.front().i64(0);
    WEILAI_TRY(households, storage::eligible_households(tx, lingshan));
    WEILAI_TRY(auto m, tx.exec("SELECT MIN(m.id) FROM household_members m JOIN households h ON "
                               "h.id = m.household_id WHERE h.community_id = $1 "
                               "GROUP BY h.id ORDER BY MIN(m.id)",
                               {community}));
    for (std::size_t i = 0; i < 3 && i < m.size(); ++i) members.push_back(m.rows[i].i64(0));
    return {};
  });
  ASSERT_GT(households, 3);
  ASSERT_EQ(members.size(), 3u);

  auto reading = [&](auto fn, std::int64_t project_id, std::int64_t until) {
    std::optional<evaluation::AdapterReading> out;
    run([&](storage::Tx& tx) -> Status {
      WEILAI_TRY(out, fn(tx, project_id, until));
      return {};
    });
    return out;
  };
  // Nothing yet in the windows: no data, not zero.
  EXPECT_FALSE(reading(storage::work_order_sla_reading, lingshan, until2040));
  EXPECT_FALSE(reading(storage::shared_parking_reading, lingshan, until2000));
  EXPECT_FALSE(reading(storage::travel_circle_reading, sample, until2040));
  EXPECT_FALSE(reading(storage::time_bank_reading, sample, until2040));  // no households

  run([&](storage::Tx& tx) -> Status {
    // Time bank: household 0 volunteers twice, household 1 receives; an open and a 2038 service
    // do not count → 2 households.
    const char* tb =
        "INSERT INTO timebank_services (community_id, kind, category, title, window_start, "
        "window_end, status, for_person_id, volunteer_person_id, confirmed_at, created_at) "
        "VALUES ($1, 'offer', 'care', 't', $2, $2, $3, $4, $5, $6, $2)";
    const storage::Value none = storage::kNull;
    WEILAI_CHECK(tx.exec(tb, {community, t2040, "confirmed", none, members[0], t2040 + 1}));
    WEILAI_CHECK(tx.exec(tb, {community, t2040, "confirmed", none, members[0], t2040 + 2}));
    WEILAI_CHECK(tx.exec(tb, {community, t2040, "confirmed", members[1], none, t2040 + 3}));
    WEILAI_CHECK(tx.exec(tb, {community, t2040, "open", members[2], none, none}));
    WEILAI_CHECK(tx.exec(
        tb, {community, t2040, "confirmed", members[2], none, t2040 - 2 * 365LL * 86400000}));
    // Points: household 2 awarded; household 0's award revoked → 1 household.
    WEILAI_TRY(auto rule, tx.insert_returning_id(
                              "INSERT INTO point_rules (community_id, code, version, act, points, "
                              "programme, budget, created_at) VALUES ($1, 'eval-test', 1, 'act', "
                              "5, 'p', 100, $2) RETURNING id",
                              {community, t2040}));
    WEILAI_TRY(auto ltx, tx.insert_returning_id(
                             "INSERT INTO ledger_transactions (kind, community_id, posted_at) "
                             "VALUES ('award', $1, $2) RETURNING id",
                             {community, t2040}));
    const char* award =
        "INSERT INTO point_awards (community_id, rule_id, person_id, points, tx_id, awarded_at, "
        "remaining, revoked_tx_id) VALUES ($1, $2, $3, 5, $4, $5, 5, $6)";
    WEILAI_CHECK(tx.exec(award, {community, rule, members[2], ltx, t2040 + 5, none}));
    WEILAI_CHECK(tx.exec(award, {community, rule, members[0], ltx, t2040 + 6, ltx}));
    // Parking (as of 1999-12-31): slots A and B share from 1999, C only from 2001 → 2 of 3.
    for (const char* code : {"EV-A", "EV-B", "EV-C"}) {
      WEILAI_TRY(auto slot,
                 tx.insert_returning_id(
                     "INSERT INTO parking_slots (community_id, code, owner_kind, owner_name, "
                     "min_minutes, max_minutes, buffer_minutes, horizon_days, created_at, "
                     "updated_at) VALUES ($1, $2, 'organisation', 'x', 30, 600, 10, 14, $3, $3) "
                     "RETURNING id",
                     {community, std::string(code), t1999}));
      const std::int64_t window_at =
          std::string(code) == "EV-C" ? until2000 + 400LL * 86400000 : t1999 + 1;
      WEILAI_CHECK(
          tx.exec("INSERT INTO parking_windows (slot_id, rrule, start_minute, "
                  "end_minute, created_at) VALUES ($1, 'FREQ=DAILY', 480, 1080, $2)",
                  {slot, window_at}));
    }
    // Work orders (water_leak: respond in 30 min, resolve in 240): one met, one responded late,
    // one still open past its target → 1 of 3.
    WEILAI_TRY(auto reporter, tx.exec("SELECT id FROM accounts WHERE login = 'resident'"));
    auto order = [&](std::vector<std::pair<std::int64_t, const char*>> events) -> Status {
      WEILAI_TRY(auto id, tx.insert_returning_id(
                              "INSERT INTO work_orders (community_id, reporter_account_id, "
                              "category, description, status, created_at, updated_at) VALUES "
                              "($1, $2, 'water_leak', 'd', 'reported', $3, $3) RETURNING id",
                              {community, reporter.front().i64(0), t2040}));
      for (const auto& [at, to] : events)
        WEILAI_CHECK(
            tx.exec("INSERT INTO work_order_events (work_order_id, at, action, "
                    "to_status) VALUES ($1, $2, 'x', $3)",
                    {id, at, std::string(to)}));
      return {};
    };
    WEILAI_CHECK(order(
        {{t2040, "reported"}, {t2040 + 10 * kMin, "accepted"}, {t2040 + 60 * kMin, "finished"}}));
    WEILAI_CHECK(order(
        {{t2040, "reported"}, {t2040 + 45 * kMin, "accepted"}, {t2040 + 100 * kMin, "finished"}}));
    WEILAI_CHECK(order({{t2040, "reported"}}));
    // Planning: a travel-circle analysis (75 % meet every level), then a later life-circle one.
    auto analysis = [&](const std::string& coverage) -> Status {
      WEILAI_TRY(auto id, tx.insert_returning_id(
                              "INSERT INTO planning_analyses (project_id, status, params, "
                              "created_at, updated_at, finished_at) VALUES ($1, 'succeeded', "
                              "'{}', $2, $2, $2) RETURNING id",
                              {lingshan, std::int64_t{1000}}));
      return storage::put_result(tx, id, "coverage.json", coverage);
    };
    WEILAI_CHECK(analysis(
        R"({"rules":"travel_circles_5_10_30","levels":["5-minute","10-minute","30-minute"],)"
        R"("rows":[{"area":null,"households":200,"levels":{"5-minute":{"households":180},)"
        R"("10-minute":{"households":170},"30-minute":{"households":150}}}]})"));
    WEILAI_CHECK(analysis(
        R"({"rules":"gb50180","levels":["5-min","10-min","15-min"],"rows":[{"area":null,)"
        R"("households":200,"levels":{"5-min":{"households":190},"10-min":{"households":180},)"
        R"("15-min":{"households":170}}}]})"));
    return {};
  });

  const double hh = static_cast<double>(households);
  auto tb = reading(storage::time_bank_reading, lingshan, until2040);
  ASSERT_TRUE(tb);
  EXPECT_DOUBLE_EQ(*tb->number, 100.0 * 2 / hh) << tb->detail;
  auto pts = reading(storage::points_activity_reading, lingshan, until2040);
  ASSERT_TRUE(pts);
  EXPECT_DOUBLE_EQ(*pts->number, 100.0 * 1 / hh) << pts->detail;
  auto park = reading(storage::shared_parking_reading, lingshan, until2000);
  ASSERT_TRUE(park);
  EXPECT_DOUBLE_EQ(*park->number, 100.0 * 2 / 3) << park->detail;
  auto sla = reading(storage::work_order_sla_reading, lingshan, until2040);
  ASSERT_TRUE(sla);
  EXPECT_DOUBLE_EQ(*sla->number, 100.0 / 3) << sla->detail;
  auto travel = reading(storage::travel_circle_reading, lingshan, until2040);
  ASSERT_TRUE(travel);
  EXPECT_DOUBLE_EQ(*travel->number, 75.0);  // 150 of 200 meet the 30-minute (every) level
  EXPECT_NE(travel->detail.find("5-minute 90.0 %"), std::string::npos) << travel->detail;
  auto life = reading(storage::life_circle_reading, lingshan, until2040);
  ASSERT_TRUE(life);
  EXPECT_DOUBLE_EQ(*life->number, 85.0);  // 170 of 200

  // Through an evaluation: TR-01 now comes from the planning engine (75 < 90: not met).
  auto c = client();
  auto e = body(c.post_json(path(lingshan, "/evaluations"), R"({"ruleset_id":1})", login("drc")));
  const auto& tr01 = indicator(e.at("result").as_object(), "TR-01");
  EXPECT_EQ(tr01.at("source").as_string(), "adapter");
  EXPECT_EQ(tr01.at("value").to_number<double>(), 75);
  EXPECT_EQ(tr01.at("outcome").as_string(), "not_met");
}

WEILAI_BOTH_DRIVERS(EvaluationApi);

}  // namespace
}  // namespace weilai::testing
