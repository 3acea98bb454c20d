// The programme's project record and lifecycle through the API, on both drivers: creating and
// editing with a field history and optimistic versions, GEOS site validation, every lifecycle
// step from reserve to named with the demo role accounts, 403/409/422 for the wrong role, stage
// or input, concurrent reviewers (exactly one wins), attachments, action plans, and the public
// portal that must never show a draft project or a private field.
#include <atomic>
#include <map>
#include <thread>

#include "http/server_fixture.hpp"
#include "storage/blob_store.hpp"
#include "storage/migrations.hpp"
#include "storage/planning_store.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class Programme : public ServerFixture {
 protected:
  // Signing in hashes a password: once per account and test.
  std::string login(const std::string& name) {
    auto& t = tokens_[name];
    if (t.empty()) t = ServerFixture::login(name);
    return t;
  }
  std::map<std::string, std::string> tokens_;

  // Creates a reserve project in 莲都 as liandu.
  json::object create(const std::string& name, const std::string& extra = "") {
    const auto body =
        R"({"name":")" + name + R"(","county_id":)" + std::to_string(unit_id("331102")) +
        R"(,"project_type":"renewal","sub_form":"拆改结合","land_area_ha":4,)"
        R"("households":800,"summary":"内部说明：不公开","safety_hazards":["多孔预制楼板"],)"
        R"("milestones":[{"phase":"一期","name":"开工","due_on":"2027-03-01"}])" +
        extra + "}";
    auto res = client().post_json("/api/v1/projects", body, login("liandu"));
    EXPECT_EQ(res.status, 201) << res.body;
    return parse(res.body).as_object();
  }
  HttpResponse step(std::int64_t id, const std::string& who, json::object body) {
    auto current = parse(client().get("/api/v1/projects/" + std::to_string(id), login("drc")).body);
    if (!body.contains("version")) body["version"] = current.at("version");
    return client().post_json("/api/v1/projects/" + std::to_string(id) + "/transitions",
                              json::serialize(body), login(who));
  }
  std::string stage_of(std::int64_t id) {
    return std::string(
        parse(client().get("/api/v1/projects/" + std::to_string(id), login("drc")).body)
            .at("stage")
            .as_string());
  }
  // Every public endpoint's text, for leak checks.
  std::string public_text() {
    auto c = client();
    std::string all;
    for (const char* path :
         {"/api/v1/public/projects?list=municipal", "/api/v1/public/projects?list=provincial",
          "/api/v1/public/projects?list=named", "/api/v1/public/open-data.json",
          "/api/v1/public/open-data.csv", "/api/v1/public/data-dictionary"}) {
      auto res = c.get(path);
      EXPECT_EQ(res.status, 200) << path;
      all += res.body;
    }
    return all;
  }
  bool listed(const std::string& list, const std::string& name) {
    auto items =
        parse(client().get("/api/v1/public/projects?list=" + list).body).at("items").as_array();
    for (const auto& i : items)
      if (i.at("name").as_string() == name) return true;
    return false;
  }
};

TEST_P(Programme, CreateEditAndFieldHistory) {
  auto p = create("测试更新项目");
  const auto id = p.at("id").as_int64();
  EXPECT_EQ(p.at("stage").as_string(), "reserve");
  EXPECT_DOUBLE_EQ(p.at("land_area_mu").as_double(), 60.0);  // 4 ha × 15
  EXPECT_DOUBLE_EQ(p.at("land_area_ha").as_double(), 4.0);
  EXPECT_EQ(p.at("safety_hazards").as_array().at(0).as_string(), "多孔预制楼板");
  EXPECT_EQ(p.at("allowed_actions").as_array(), json::array({"submit"}));
  const auto liandu = login("liandu");
  auto c = client();
  // Edit with the version read; a second edit with the stale version is refused with current.
  auto ok =
      c.send_json("PATCH", "/api/v1/projects/" + std::to_string(id),
                  R"({"version":1,"households":820,"implementing_entity":"莲都城投"})", liandu);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(parse(ok.body).at("version").as_int64(), 2);
  auto stale = c.send_json("PATCH", "/api/v1/projects/" + std::to_string(id),
                           R"({"version":1,"households":900})", liandu);
  ASSERT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(parse(stale.body).at("current").at("households").as_int64(), 820);
  // The history names who changed which field from what to what.
  auto hist = parse(c.get("/api/v1/projects/" + std::to_string(id) + "/revisions", liandu).body)
                  .at("items")
                  .as_array();
  bool found = false;
  for (const auto& h : hist) {
    if (h.at("field").as_string() == "households" && h.at("version").as_int64() == 2) {
      EXPECT_EQ(h.at("old_value").as_string(), "800");
      EXPECT_EQ(h.at("new_value").as_string(), "820");
      EXPECT_EQ(h.at("actor_login").as_string(), "liandu");
      found = true;
    }
  }
  EXPECT_TRUE(found) << json::serialize(hist);
  // Out of scope: liandu cannot create in 龙泉 nor edit its project; longquan cannot edit ours.
  auto other = c.post_json("/api/v1/projects",
                           R"({"name":"越权","county_id":)" + std::to_string(unit_id("331181")) +
                               R"(,"project_type":"new_build"})",
                           liandu);
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(c.send_json("PATCH", "/api/v1/projects/" + std::to_string(id),
                        R"({"version":2,"households":1})", login("longquan"))
                .status,
            403);
  // Bad input: sub-form of the wrong type, both area units, a bad date.
  auto bad = c.post_json("/api/v1/projects",
                         R"({"name":"x","county_id":)" + std::to_string(unit_id("331102")) +
                             R"(,"project_type":"renewal","sub_form":"新建"})",
                         liandu);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(parse(bad.body).at("field").as_string(), "/sub_form");
  bad =
      c.send_json("PATCH", "/api/v1/projects/" + std::to_string(id),
                  R"({"version":2,"milestones":[{"name":"竣工","due_on":"2027-02-30"}]})", liandu);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(parse(bad.body).at("field").as_string(), "/milestones/0/due_on");
  // The old JSON shape is refused (the record reads and writes the milestone table).
  bad = c.send_json("PATCH", "/api/v1/projects/" + std::to_string(id),
                    R"({"version":2,"milestones":[{"name":"竣工","due":"2027-02-20"}]})", liandu);
  EXPECT_EQ(bad.status, 422) << bad.body;
}

// Milestones have one home, project_milestones: the project record and programme ops read and
// write the same rows.
TEST_P(Programme, MilestonesAreOneTableForRecordAndOps) {
  auto c = client();
  const auto liandu = login("liandu");
  auto p = create("测试时间节点");
  const auto id = p.at("id").as_int64();
  const std::string path = "/api/v1/projects/" + std::to_string(id);
  ASSERT_EQ(p.at("milestones").as_array().size(), 1u);
  const auto& first = p.at("milestones").as_array()[0].as_object();
  EXPECT_EQ(first.at("phase").as_string(), "一期");
  EXPECT_EQ(first.at("due_on").as_string(), "2027-03-01");
  const auto mid = first.at("id").as_int64();
  // Programme ops sees the same milestone and adds one; the record shows both.
  auto ops = parse(c.get(path + "/milestones", liandu).body).at("items").as_array();
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].at("id").as_int64(), mid);
  ASSERT_EQ(
      c.post_json(path + "/milestones", R"({"name":"竣工","due_on":"2028-01-31"})", liandu).status,
      201);
  auto rec = parse(c.get(path, liandu).body).as_object();
  ASSERT_EQ(rec.at("milestones").as_array().size(), 2u);
  // The record edits the whole list: keep the first (now done), drop the ops one, add one.
  json::object body{
      {"version", rec.at("version")},
      {"milestones", json::array{json::object{{"id", mid},
                                              {"phase", "一期"},
                                              {"name", "开工"},
                                              {"due_on", "2027-03-01"},
                                              {"done_on", "2027-02-27"}},
                                 json::object{{"name", "主体封顶"}, {"due_on", "2027-09-30"}}}}};
  auto put = c.send_json("PATCH", path, json::serialize(body), liandu);
  ASSERT_EQ(put.status, 200) << put.body;
  ops = parse(c.get(path + "/milestones", liandu).body).at("items").as_array();
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].at("id").as_int64(), mid);
  EXPECT_EQ(ops[0].at("done_on").as_string(), "2027-02-27");
  EXPECT_EQ(ops[1].at("name").as_string(), "主体封顶");
  // Someone else's milestone id is refused.
  body["version"] = parse(put.body).at("version");
  body["milestones"] =
      json::array{json::object{{"id", 999999}, {"name", "x"}, {"due_on", "2027-01-01"}}};
  auto foreign = c.send_json("PATCH", path, json::serialize(body), liandu);
  EXPECT_EQ(foreign.status, 422) << foreign.body;
  EXPECT_EQ(parse(foreign.body).at("field").as_string(), "/milestones/0/id");
  // The field history has the change.
  auto hist = parse(c.get(path + "/revisions", liandu).body).at("items").as_array();
  int milestone_revisions = 0;
  for (const auto& h : hist)
    if (h.at("field").as_string() == "milestones") ++milestone_revisions;
  EXPECT_EQ(milestone_revisions, 2);  // created, then edited
}

TEST_P(Programme, SitePolygonIsValidatedWithGeos) {
  auto c = client();
  const auto liandu = login("liandu");
  const std::string county = std::to_string(unit_id("331102"));
  auto bowtie = c.post_json(
      "/api/v1/projects",
      R"({"name":"自交","county_id":)" + county +
          R"(,"project_type":"new_build","site":{"type":"Polygon","coordinates":[[[119.90,28.47],[119.91,28.48],[119.91,28.47],[119.90,28.48],[119.90,28.47]]]}})",
      liandu);
  ASSERT_EQ(bowtie.status, 422) << bowtie.body;
  EXPECT_EQ(parse(bowtie.body).at("field").as_string(), "/site");
  EXPECT_NE(bowtie.body.find("Self-intersection"), std::string::npos) << bowtie.body;
  auto good = c.post_json(
      "/api/v1/projects",
      R"({"name":"红线","county_id":)" + county +
          R"(,"project_type":"new_build","site":{"type":"Polygon","coordinates":[[[119.90,28.47],[119.91,28.47],[119.91,28.48],[119.90,28.48],[119.90,28.47]]]}})",
      liandu);
  ASSERT_EQ(good.status, 201) << good.body;
  auto p = parse(good.body);
  EXPECT_NEAR(p.at("location").as_array()[0].as_double(), 119.905, 1e-6);
  EXPECT_GT(p.at("land_area_mu").as_double(), 1000);  // ~109 ha from the polygon
  EXPECT_EQ(p.at("site").at("type").as_string(), "Polygon");
}

TEST_P(Programme, FromReserveToNamedWithEveryRole) {
  auto p = create("测试全流程社区");
  const auto id = p.at("id").as_int64();
  const std::string name = "测试全流程社区";
  auto expect_step = [&](const std::string& who, json::object body, const std::string& to) {
    auto res = step(id, who, body);
    ASSERT_EQ(res.status, 201) << who << " " << json::serialize(body) << ": " << res.body;
    EXPECT_EQ(parse(res.body).at("project").at("stage").as_string(), to);
  };
  EXPECT_FALSE(listed("municipal", name));
  expect_step("liandu", {{"action", "submit"}}, "submitted");
  // Wrong role (403), out of scope (403), wrong stage (409 with current), missing comments (422).
  EXPECT_EQ(step(id, "leader", {{"action", "consent"}}).status, 409);
  EXPECT_EQ(step(id, "liandu", {{"action", "drc_pass"}}).status, 403);
  EXPECT_EQ(step(id, "longquan", {{"action", "withdraw"}}).status, 403);
  EXPECT_EQ(step(id, "resident", {{"action", "drc_pass"}}).status, 403);
  EXPECT_EQ(step(id, "admin", {{"action", "drc_pass"}}).status, 403);
  auto wrong = step(id, "drc", {{"action", "recommend"}});
  ASSERT_EQ(wrong.status, 409);
  EXPECT_EQ(parse(wrong.body).at("current").at("stage").as_string(), "submitted");
  EXPECT_NE(parse(wrong.body).at("detail").as_string().find("cannot recommend"), std::string::npos);
  EXPECT_EQ(step(id, "drc", {{"action", "drc_return"}}).status, 422);
  EXPECT_EQ(step(id, "drc", {{"action", "fly"}}).status, 422);
  expect_step("drc", {{"action", "drc_return"}, {"comments", "请补充资金平衡方案"}}, "returned");
  expect_step("liandu", {{"action", "submit"}, {"comments", "已补充"}}, "submitted");
  expect_step("drc", {{"action", "drc_pass"}}, "municipal_review");
  EXPECT_FALSE(listed("municipal", name));
  expect_step("leader", {{"action", "consent"}}, "municipal_list");
  EXPECT_TRUE(listed("municipal", name));
  EXPECT_FALSE(listed("provincial", name));
  expect_step("drc", {{"action", "recommend"}}, "provincial_review");
  // Approval needs all three review steps.
  EXPECT_EQ(step(id, "province", {{"action", "provincial_approve"}}).status, 409);
  const json::array reviewers{json::object{{"name", "张专家"}, {"score", 88}},
                              json::object{{"name", "李专家"}, {"score", 92}}};
  EXPECT_EQ(step(id, "province", {{"action", "expert_review"}}).status, 422);
  for (const char* s : {"expert_review", "joint_review", "site_check"})
    expect_step("province", {{"action", s}, {"reviewers", reviewers}}, "provincial_review");
  expect_step("province", {{"action", "provincial_approve"}}, "provincial_list");
  EXPECT_TRUE(listed("provincial", name));
  expect_step("liandu", {{"action", "file_plan"}}, "plan_filed");
  expect_step("liandu", {{"action", "start_construction"}}, "construction");
  expect_step("liandu", {{"action", "request_acceptance"}}, "acceptance");
  // The acceptance reads the project's latest evaluation server-side: the body may not supply one.
  json::object acc{{"verdict", "pass"}, {"evidence", json::array{"验收报告"}}};
  json::object forged = acc;
  forged["evaluation"] =
      json::object{{"binding_failed", 0}, {"score", 99}, {"pass_mark", 80}, {"verdict", "pass"}};
  auto unknown = step(id, "province", {{"action", "accept"}, {"acceptance", forged}});
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  // A real evaluation (the shipped ruleset; a new project has no data, so binding indicators fail).
  auto evaluated = client().post_json("/api/v1/projects/" + std::to_string(id) + "/evaluations",
                                      R"({"ruleset_id":1})", login("drc"));
  ASSERT_EQ(evaluated.status, 201) << evaluated.body;
  const auto evaluation = parse(evaluated.body).as_object();
  ASSERT_GT(evaluation.at("binding_failed").to_number<std::int64_t>(), 0);
  auto refused = step(id, "province", {{"action", "accept"}, {"acceptance", acc}});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(parse(refused.body).at("field").as_string(), "/acceptance/provincial_override");
  acc["provincial_override"] = true;
  auto no_reason = step(id, "province", {{"action", "accept"}, {"acceptance", acc}});
  EXPECT_EQ(no_reason.status, 422) << no_reason.body;
  EXPECT_EQ(step(id, "drc", {{"action", "accept"}, {"acceptance", acc}}).status, 403);
  acc["override_reason"] = "约束性指标已整改到位，经省级复核同意";
  EXPECT_FALSE(listed("named", name));
  expect_step("province", {{"action", "accept"}, {"acceptance", acc}}, "named");
  EXPECT_TRUE(listed("named", name));

  // History: every step, with actor, role, comments and scores.
  auto history =
      parse(client()
                .get("/api/v1/projects/" + std::to_string(id) + "/transitions", login("liandu"))
                .body)
          .at("items")
          .as_array();
  ASSERT_EQ(history.size(), 14u);
  EXPECT_EQ(history[1].at("action").as_string(), "drc_return");
  EXPECT_EQ(history[1].at("comments").as_string(), "请补充资金平衡方案");
  EXPECT_EQ(history[1].at("actor_login").as_string(), "drc");
  EXPECT_EQ(history[1].at("role").as_string(), "drc_reviewer");
  EXPECT_DOUBLE_EQ(history[6].at("details").at("mean_score").as_double(), 90.0);
  const auto& accepted = history.back().at("details").at("acceptance");
  EXPECT_TRUE(accepted.at("provincial_override").as_bool());
  EXPECT_EQ(accepted.at("evaluation_status").as_string(), "overridden");
  EXPECT_EQ(accepted.at("evaluation").at("evaluation_id").as_int64(),
            evaluation.at("id").as_int64());
  EXPECT_EQ(accepted.at("evaluation").at("verdict").as_string(), "fail");
  // ...and each is in the audit log.
  auto audit =
      parse(client()
                .get("/api/v1/audit?action=project.transition&target_id=" + std::to_string(id) +
                         "&limit=100",
                     login("admin"))
                .body)
          .at("items")
          .as_array();
  EXPECT_EQ(audit.size(), 14u);
}

TEST_P(Programme, AcceptanceWithoutEvaluationAndWithAPassingOne) {
  const json::array reviewers{json::object{{"name", "张专家"}, {"score", 90}}};
  auto carry = [&](const std::string& name) {
    const auto id = create(name).at("id").as_int64();
    for (auto [who, action] :
         std::vector<std::pair<std::string, std::string>>{{"liandu", "submit"},
                                                          {"drc", "drc_pass"},
                                                          {"leader", "consent"},
                                                          {"drc", "recommend"},
                                                          {"province", "expert_review"},
                                                          {"province", "joint_review"},
                                                          {"province", "site_check"},
                                                          {"province", "provincial_approve"},
                                                          {"liandu", "file_plan"},
                                                          {"liandu", "start_construction"},
                                                          {"liandu", "request_acceptance"}}) {
      json::object b{{"action", action}};
      if (action.find("review") != std::string::npos || action == "site_check")
        b["reviewers"] = reviewers;
      EXPECT_EQ(step(id, who, b).status, 201) << action;
    }
    return id;
  };
  const json::object acc{{"verdict", "pass"}, {"evidence", json::array{"验收报告"}}};
  // Never evaluated: the reviewers' verdict and evidence, recorded as "no evaluation".
  const auto none = carry("测试未评估验收");
  auto override_nothing = acc;
  override_nothing["provincial_override"] = true;
  override_nothing["override_reason"] = "无";
  EXPECT_EQ(step(none, "province", {{"action", "accept"}, {"acceptance", override_nothing}}).status,
            422);
  auto res = step(none, "province", {{"action", "accept"}, {"acceptance", acc}});
  ASSERT_EQ(res.status, 201) << res.body;
  const auto none_body = parse(res.body);
  const auto& d = none_body.at("transition").at("details").at("acceptance");
  EXPECT_EQ(d.at("evaluation_status").as_string(), "none");
  EXPECT_TRUE(d.at("evaluation").is_null());
  EXPECT_NE(d.at("evaluation_note").as_string().find("no evaluation"), std::string::npos);

  // A ruleset every project meets (one guiding indicator, pass mark 0): all binding met, passes.
  const std::string ruleset =
      R"({"code":"accept-test","version":"1","name_zh":"验收测试","name_en":"acceptance test",)"
      R"("provenance":"reconstruction","pass_mark":0,"scenarios":[{"code":"NB","name_zh":"邻里",)"
      R"("name_en":"Neighbourhood","indicators":[{"code":"NB-01","name_zh":"文化","name_en":"Culture",)"
      R"("kind":"guiding","measure":"events","unit":"events/yr","comparison":">=","threshold":4,)"
      R"("points":5,"source":{"type":"reported"}}]}]})";
  auto created = client().post_json("/api/v1/rulesets", ruleset, login("drc"));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto rs = std::to_string(parse(created.body).at("id").as_int64());
  ASSERT_EQ(client().post_json("/api/v1/rulesets/" + rs + "/publish", "{}", login("drc")).status,
            200);
  const auto met = carry("测试评估通过验收");
  auto ev = client().post_json("/api/v1/projects/" + std::to_string(met) + "/evaluations",
                               R"({"ruleset_id":)" + rs + "}", login("drc"));
  ASSERT_EQ(ev.status, 201) << ev.body;
  EXPECT_EQ(parse(ev.body).at("verdict").as_string(), "pass");
  res = step(met, "province", {{"action", "accept"}, {"acceptance", acc}});
  ASSERT_EQ(res.status, 201) << res.body;
  const auto met_body = parse(res.body);
  const auto& m = met_body.at("transition").at("details").at("acceptance");
  EXPECT_EQ(m.at("evaluation_status").as_string(), "met");
  EXPECT_EQ(m.at("evaluation").at("binding_failed").as_int64(), 0);
}

TEST_P(Programme, WithdrawBeforeReviewAndRevokeWithReasons) {
  auto p = create("测试撤回");
  const auto id = p.at("id").as_int64();
  ASSERT_EQ(step(id, "liandu", {{"action", "submit"}}).status, 201);
  ASSERT_EQ(step(id, "liandu", {{"action", "withdraw"}}).status, 201);
  EXPECT_EQ(stage_of(id), "reserve");
  // Once the DRC has passed it, withdrawing is too late; revoking needs reasons.
  ASSERT_EQ(step(id, "liandu", {{"action", "submit"}}).status, 201);
  ASSERT_EQ(step(id, "drc", {{"action", "drc_pass"}}).status, 201);
  EXPECT_EQ(step(id, "liandu", {{"action", "withdraw"}}).status, 409);
  ASSERT_EQ(step(id, "leader", {{"action", "consent"}}).status, 201);
  EXPECT_EQ(step(id, "drc", {{"action", "revoke"}}).status, 422);
  EXPECT_EQ(step(id, "liandu", {{"action", "revoke"}, {"comments", "x"}}).status, 403);
  ASSERT_EQ(step(id, "drc", {{"action", "revoke"}, {"comments", "未按期开工"}}).status, 201);
  EXPECT_EQ(stage_of(id), "revoked");
  EXPECT_FALSE(listed("municipal", "测试撤回"));
  auto after = parse(client().get("/api/v1/projects/" + std::to_string(id), login("drc")).body);
  EXPECT_TRUE(after.at("allowed_actions").as_array().empty());
}

TEST_P(Programme, ConcurrentReviewersExactlyOneWins) {
  auto p = create("测试并发");
  const auto id = p.at("id").as_int64();
  ASSERT_EQ(step(id, "liandu", {{"action", "submit"}}).status, 201);
  const auto version =
      parse(client().get("/api/v1/projects/" + std::to_string(id), login("drc")).body)
          .at("version")
          .as_int64();
  const auto token = login("drc");
  constexpr int kClients = 12;
  std::atomic<int> won{0}, lost{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient c(port_);
      json::object body{{"action", i % 2 ? "drc_pass" : "drc_return"},
                        {"comments", "并发审核 " + std::to_string(i)},
                        {"version", version}};
      while (!go) std::this_thread::yield();
      auto res = c.post_json("/api/v1/projects/" + std::to_string(id) + "/transitions",
                             json::serialize(body), token);
      if (res.status == 201) {
        ++won;
      } else if (res.status == 409 && parse(res.body).as_object().contains("current")) {
        ++lost;
      } else {
        ++other;
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), kClients - 1);
  EXPECT_EQ(other.load(), 0);
  auto history =
      parse(client()
                .get("/api/v1/projects/" + std::to_string(id) + "/transitions", login("drc"))
                .body)
          .at("items")
          .as_array();
  EXPECT_EQ(history.size(), 2u);  // submit + the one winner
}

TEST_P(Programme, ConcurrentEditsOneWinsNothingLost) {
  auto p = create("测试并发编辑");
  const auto id = std::to_string(p.at("id").as_int64());
  const auto token = login("liandu");
  constexpr int kClients = 10;
  std::atomic<int> ok{0}, conflict{0};
  std::atomic<std::int64_t> winner{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient c(port_);
      const std::int64_t households = 1000 + i;
      const auto body = json::serialize(json::object{{"version", 1}, {"households", households}});
      while (!go) std::this_thread::yield();
      auto res = c.send_json("PATCH", "/api/v1/projects/" + id, body, token);
      if (res.status == 200) {
        ++ok;
        winner = households;
      } else if (res.status == 409) {
        ++conflict;
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), kClients - 1);
  auto now = parse(client().get("/api/v1/projects/" + id, token).body);
  EXPECT_EQ(now.at("households").as_int64(), winner.load());
  EXPECT_EQ(now.at("version").as_int64(), 2);
  int household_revisions = 0;
  const auto revisions = parse(client().get("/api/v1/projects/" + id + "/revisions", token).body);
  for (const auto& h : revisions.at("items").as_array())
    if (h.at("field").as_string() == "households") ++household_revisions;
  EXPECT_EQ(household_revisions, 2);  // creation + the one winning edit
}

TEST_P(Programme, PublicPortalShowsNoDraftAndNoPrivateField) {
  auto p = create("测试保密项目", R"(,"implementing_entity":"公开主体")");
  const auto id = p.at("id").as_int64();
  ASSERT_EQ(step(id, "liandu", {{"action", "submit"}}).status, 201);
  // The demo's reserve and submitted projects, and ours, are nowhere in public.
  auto text = public_text();
  for (const char* hidden :
       {"测试保密项目", "五云未来社区", "鹤城未来社区", "南明山未来社区", "浮云未来社区"})
    EXPECT_EQ(text.find(hidden), std::string::npos) << hidden;
  // Listed projects are, but only with public fields.
  EXPECT_NE(text.find("剑池未来社区"), std::string::npos);
  EXPECT_NE(text.find("灵山未来社区"), std::string::npos);
  for (const char* private_field :
       {"\"summary\"", "\"safety_hazards\"", "\"milestones\"", "\"site\"", "\"version\"",
        "\"comments\"", "\"allowed_actions\"", "\"county_id\"", "多孔预制楼板", "内部说明"})
    EXPECT_EQ(text.find(private_field), std::string::npos) << private_field;
  // The named list holds named/operating only; the CSV has the dictionary's header.
  auto named =
      parse(client().get("/api/v1/public/projects?list=named").body).at("items").as_array();
  ASSERT_EQ(named.size(), 1u);
  EXPECT_EQ(named[0].at("name").as_string(), "【示例】鹤溪未来社区");
  auto csv = client().get("/api/v1/public/open-data.csv");
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("id,name,county_name_zh,project_type"), std::string::npos);
  EXPECT_EQ(client().get("/api/v1/public/projects?list=secret").status, 400);
}

TEST_P(Programme, AttachmentsAreContentAddressedAndChecked) {
  auto p = create("测试附件");
  const auto id = std::to_string(p.at("id").as_int64());
  const auto liandu = login("liandu");
  auto c = client();
  auto upload = [&](const std::string& bytes, const std::string& query, const std::string& token) {
    return c.request(
        "POST", "/api/v1/projects/" + id + "/attachments?" + query, bytes,
        {{"Authorization", "Bearer " + token}, {"Content-Type", "application/octet-stream"}});
  };
  const std::string pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  auto a = upload(pdf, "kind=implementation_plan&filename=%E5%AE%9E%E6%96%BD%E6%96%B9%E6%A1%88.pdf",
                  liandu);
  ASSERT_EQ(a.status, 201) << a.body;
  auto b = upload(pdf, "kind=plan&filename=copy.pdf", liandu);
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_EQ(parse(a.body).at("sha256"), parse(b.body).at("sha256"));
  EXPECT_EQ(parse(a.body).at("content_type").as_string(), "application/pdf");
  auto blobs = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec("SELECT COUNT(*) FROM blobs WHERE sha256 = $1",
                   {std::string(parse(a.body).at("sha256").as_string())});
  });
  EXPECT_EQ(blobs->front().i64(0), 1);  // stored once, in the shared store
  EXPECT_EQ(upload("hello, plain text", "filename=a.txt", liandu).status, 415);
  EXPECT_EQ(upload("", "filename=a.pdf", liandu).status, 422);
  EXPECT_EQ(upload(pdf, "kind=virus&filename=a.pdf", liandu).status, 422);
  EXPECT_EQ(upload("%PDF-" + std::string(5 * 1024 * 1024, 'x'), "filename=big.pdf", liandu).status,
            413);
  EXPECT_EQ(upload(pdf, "filename=a.pdf", login("longquan")).status, 403);
  const auto aid = std::to_string(parse(a.body).at("id").as_int64());
  auto down = c.get("/api/v1/projects/" + id + "/attachments/" + aid, login("drc"));
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, pdf);
  EXPECT_EQ(down.header("content-type"), "application/pdf");
  EXPECT_NE(down.header("content-disposition").find("filename*=UTF-8''%E5%AE%9E"),
            std::string::npos)
      << down.header("content-disposition");
  EXPECT_EQ(c.get("/api/v1/projects/" + id + "/attachments/" + aid, login("longquan")).status, 403);
  // A transition may cite it.
  json::object body{{"action", "submit"}, {"attachment_ids", json::array{std::stoll(aid)}}};
  ASSERT_EQ(step(std::stoll(id), "liandu", body).status, 201);
}

TEST_P(Programme, ActionPlansRollTheirReservePoolForward) {
  auto c = client();
  const auto liandu = login("liandu");
  const auto county = std::to_string(unit_id("331102"));
  auto plan = c.post_json(
      "/api/v1/action-plans",
      R"({"county_id":)" + county +
          R"(,"year":2026,"title":"莲都区2026年未来社区行动计划","priorities":"老旧小区优先",)"
          R"("constraints":{"traffic_capacity":"主干道饱和","funding_balance":"须自平衡","cultural_heritage":"保护历史街区"},"phasing":"三年三批"})",
      liandu);
  ASSERT_EQ(plan.status, 201) << plan.body;
  const auto plan_id = parse(plan.body).at("id").as_int64();
  EXPECT_EQ(c.post_json("/api/v1/action-plans",
                        R"({"county_id":)" + county + R"(,"year":2026,"title":"重复"})", liandu)
                .status,
            409);
  auto stays = create("测试储备甲", R"(,"action_plan_id":)" + std::to_string(plan_id));
  auto moves = create("测试储备乙", R"(,"action_plan_id":)" + std::to_string(plan_id));
  ASSERT_EQ(step(moves.at("id").as_int64(), "liandu", {{"action", "submit"}}).status, 201);
  auto rolled = c.post_json("/api/v1/action-plans/" + std::to_string(plan_id) + "/roll-forward",
                            "{}", liandu);
  ASSERT_EQ(rolled.status, 201) << rolled.body;
  auto next = parse(rolled.body);
  EXPECT_EQ(next.at("year").as_int64(), 2027);
  EXPECT_EQ(next.at("title").as_string(), "莲都区2027年未来社区行动计划");
  EXPECT_EQ(next.at("candidates").as_int64(), 1);  // the reserve one; the submitted one stays
  auto p =
      parse(c.get("/api/v1/projects/" + std::to_string(stays.at("id").as_int64()), liandu).body);
  EXPECT_EQ(p.at("action_plan_id").as_int64(), next.at("id").as_int64());
  // Another county's official may not roll it, nor see it.
  EXPECT_EQ(c.post_json("/api/v1/action-plans/" + std::to_string(plan_id) + "/roll-forward", "{}",
                        login("longquan"))
                .status,
            403);
  EXPECT_TRUE(
      parse(c.get("/api/v1/action-plans", login("longquan")).body).at("items").as_array().empty());
}

// A binary file (NUL and high bytes) round-trips through the shared store, and a planning dataset
// deleted with the same bytes does not take the attachment's file with it.
TEST_P(Programme, AttachmentBytesShareTheStoreWithPlanning) {
  auto p = create("测试共享文件");
  const auto id = p.at("id").as_int64();
  auto c = client();
  std::string png = "\x89PNG\r\n\x1a\n";
  for (int i = 0; i < 600; ++i) png.push_back(static_cast<char>(i % 256));
  auto up = c.request(
      "POST",
      "/api/v1/projects/" + std::to_string(id) + "/attachments?kind=photo&filename=site.png", png,
      {{"Authorization", "Bearer " + login("liandu")},
       {"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string sha(parse(up.body).at("sha256").as_string());
  EXPECT_EQ(parse(up.body).at("size_bytes").as_int64(), static_cast<std::int64_t>(png.size()));
  auto down = c.get("/api/v1/projects/" + std::to_string(id) + "/attachments/" +
                        std::to_string(parse(up.body).at("id").as_int64()),
                    login("drc"));
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, png);
  // A dataset row using the same file, then deleted: the file stays (the attachment uses it).
  auto st = db_->run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto ds,
               tx.insert_returning_id(
                   "INSERT INTO planning_datasets (project_id, kind, filename, sha256, "
                   "size_bytes, created_at) VALUES ($1,'osm','x.osm',$2,$3,0) RETURNING id",
                   {id, sha, static_cast<std::int64_t>(png.size())}));
    WEILAI_CHECK(storage::delete_dataset(tx, id, ds));
    WEILAI_TRY(auto bytes, storage::get_blob(tx, sha));
    EXPECT_EQ(bytes, png);
    // Nothing uses it any more once the attachment row is gone: then it may go.
    WEILAI_CHECK(tx.exec("DELETE FROM project_attachments WHERE sha256 = $1", {sha}));
    WEILAI_TRY(bool deleted, storage::delete_blob_if_unused(tx, sha));
    EXPECT_TRUE(deleted);
    return Error::conflict("roll back");  // leave the database as it was
  });
  EXPECT_EQ(st.error().message, "roll back");
}

// Migration 0008 on a database holding 0003's data: milestones_json rows move into
// project_milestones, base64 attachments into the shared blobs table (decoded by the runner's C++
// step), links keep their type and size.
TEST_P(Programme, Migration0008MovesMilestonesAndAttachments) {
  ScratchDatabase scratch(GetParam());
  ASSERT_TRUE(scratch.available());
  auto opened = storage::open_database(scratch.url(), {});
  ASSERT_TRUE(opened) << opened.error().message;
  auto db = std::move(opened).value();
  std::vector<storage::MigrationFile> upto7;
  for (const auto& f : storage::embedded_migrations())
    if (f.version <= 7) upto7.push_back(f);
  ASSERT_TRUE(storage::apply_migrations(*db, upto7));
  const std::string bytes = std::string("%PDF-1.4\n\0\xff\xfe binary", 19);
  const std::string sha = std::string(64, 'a');
  auto seeded = db->run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto county, tx.insert_returning_id(
                                "INSERT INTO org_units (kind, code, name_zh, name_en, created_at) "
                                "VALUES ('county',$1,'莲都','Liandu',0) RETURNING id",
                                {std::string("x1")}));
    WEILAI_TRY(
        auto project,
        tx.insert_returning_id(
            "INSERT INTO projects (name, county_id, project_type, stage, created_at, "
            "updated_at, milestones_json) VALUES ('迁移', $1, 'renewal', 'reserve', 0, 5, "
            "$2) RETURNING id",
            {county,
             std::string(R"([{"phase":"一期","name":"开工","due":"2027-03-01","done":true},)"
                         R"({"phase":"","name":"竣工","due":"2028-01-31","done":false}])")}));
    WEILAI_CHECK(
        tx.exec("INSERT INTO attachment_blobs (sha256, content_type, size_bytes, "
                "data_base64, created_at) VALUES ($1, 'application/pdf', 19, $2, 7)",
                {sha, std::string("JVBERi0xLjQKAP/+IGJpbmFyeQ==")}));
    WEILAI_CHECK(
        tx.exec("INSERT INTO project_attachments (project_id, sha256, kind, filename, "
                "uploaded_login, at) VALUES ($1, $2, 'plan', 'a.pdf', 'liandu', 9)",
                {project, sha}));
    return {};
  });
  ASSERT_TRUE(seeded) << seeded.error().message;
  auto migrated = storage::apply_migrations(*db);
  ASSERT_TRUE(migrated) << migrated.error().message;
  auto checked = db->run(storage::TxMode::read, [&](storage::Tx& tx) -> Status {
    WEILAI_TRY(auto got, storage::get_blob(tx, sha));
    EXPECT_EQ(got, bytes);
    WEILAI_TRY(auto a, tx.exec("SELECT content_type, size_bytes, filename FROM "
                               "project_attachments"));
    EXPECT_EQ(a.front().text(0), "application/pdf");
    EXPECT_EQ(a.front().i64(1), 19);
    WEILAI_TRY(auto ms, tx.exec("SELECT phase, name, due_on, done_on FROM project_milestones "
                                "ORDER BY due_on"));
    EXPECT_EQ(ms.size(), 2u);
    EXPECT_EQ(ms.rows[0].text(0), "一期");
    EXPECT_EQ(ms.rows[0].text(1), "开工");
    EXPECT_EQ(ms.rows[0].opt_text(3), std::optional<std::string>("2027-03-01"));
    EXPECT_FALSE(ms.rows[1].opt_text(3));
    return {};
  });
  EXPECT_TRUE(checked) << checked.error().message;
}

TEST(Base64, DecodesStandardAndUrlSafe) {
  EXPECT_EQ(*storage::decode_base64("aGVsbG8="), "hello");
  EXPECT_EQ(*storage::decode_base64("aGVsbG8"), "hello");
  EXPECT_EQ(*storage::decode_base64("-_8="), std::string("\xfb\xff"));
  EXPECT_FALSE(storage::decode_base64("a*b"));
}

WEILAI_BOTH_DRIVERS(Programme);

}  // namespace
}  // namespace weilai::testing
