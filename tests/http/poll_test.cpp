// Collective choice (polls, issue #8) through the HTTP API on both drivers: the path from a draft
// to a published result; bad votes (before opening, outside the options, over the limits,
// ineligible scope or role, twice, after close) each a clear 4xx with nothing written; proxies
// for elderly members; proposals gathering support; anonymity of the stored ballots; concurrent
// votes of one household never counting twice; the poll-turnout evaluation adapter.
#include <atomic>
#include <set>
#include <thread>

#include "http/server_fixture.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class Polls : public ServerFixture {
 protected:
  json::object body(const HttpResponse& r) { return parse(r.body).as_object(); }
  std::string code(const HttpResponse& r) {
    return std::string(parse(r.body).at("code").as_string());
  }
  // Creates a poll as the community admin and opens it for voting; returns its id.
  std::int64_t open_poll(const std::string& admin, const std::string& spec) {
    auto created = client().post_json("/api/v1/polls", spec, admin);
    EXPECT_EQ(created.status, 201) << created.body;
    const auto id = body(created).at("id").as_int64();
    auto opened =
        client().post_json(url(id, "/phase"), R"({"step":"open_voting","version":1})", admin);
    EXPECT_EQ(opened.status, 200) << opened.body;
    return id;
  }
  static std::string url(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/polls/" + std::to_string(id) + rest;
  }
  std::int64_t ballots(std::int64_t id) {
    return scalar("SELECT COUNT(*) FROM poll_ballots WHERE poll_id = " + std::to_string(id));
  }
  std::int64_t participants(std::int64_t id) {
    return scalar("SELECT COUNT(*) FROM poll_participation WHERE poll_id = " + std::to_string(id));
  }
};

const char* kSingle =
    R"({"title":"楼道灯改造方案","kind":"single","options":["LED 感应灯","常亮节能灯"],)"
    R"("quorum_pct":50,"hide_results":true})";

TEST_P(Polls, FromDraftToPublishedResultWithBadVotesRefused) {
  auto c = client();
  const auto admin = login("community"), resident = login("resident");
  auto created = c.post_json("/api/v1/polls", kSingle, admin);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = body(created).at("id").as_int64();
  EXPECT_EQ(body(created).at("phase").as_string(), "proposal");

  // Before voting opens: 409 poll_not_open, nothing written.
  auto early = c.post_json(url(id, "/ballots"), R"({"choices":[0]})", resident);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(code(early), "poll_not_open");
  // A stale version: 409 with the poll as it is.
  auto stale = c.post_json(url(id, "/phase"), R"({"step":"open_voting","version":7})", admin);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(body(stale).at("current").at("version").as_int64(), 1);
  ASSERT_EQ(c.post_json(url(id, "/phase"), R"({"step":"open_voting","version":1})", admin).status,
            200);
  // Editing after voting opened is refused.
  EXPECT_EQ(c.send_json("PATCH", url(id), R"({"version":2,"title":"x","options":["a","b"]})", admin)
                .status,
            409);

  // The resident sees the poll, may vote for their household, and sees no result yet.
  auto seen = body(c.get(url(id), resident));
  ASSERT_EQ(seen.at("my_voters").as_array().size(), 1u);
  EXPECT_FALSE(seen.at("my_voters").as_array()[0].at("voted").as_bool());
  EXPECT_TRUE(seen.at("result").is_null());
  EXPECT_TRUE(body(c.get(url(id), admin)).at("result").is_null());  // hidden until close

  // Bad ballots: outside the options, over the limit, no choice, junk: 422, nothing written.
  for (const char* bad : {R"({"choices":[2]})", R"({"choices":[0,1]})", R"({"choices":[]})",
                          R"({"choices":"0"})", R"({"choices":[0],"extra":1})"}) {
    auto r = c.post_json(url(id, "/ballots"), bad, resident);
    EXPECT_EQ(r.status, 422) << bad << " " << r.body;
  }
  // Not the resident's household: 403 not_eligible.
  auto other =
      c.post_json(url(id, "/ballots"), R"({"choices":[0],"household_id":999999})", resident);
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(code(other), "not_eligible");
  // Staff do not vote.
  EXPECT_EQ(c.post_json(url(id, "/ballots"), R"({"choices":[0]})", admin).status, 403);
  EXPECT_EQ(participants(id), 0);
  EXPECT_EQ(ballots(id), 0);

  auto voted = c.post_json(url(id, "/ballots"), R"({"choices":[1]})", resident);
  ASSERT_EQ(voted.status, 201) << voted.body;
  EXPECT_FALSE(body(voted).contains("choices"));
  // Twice: refused (ballots cannot be replaced: that would need a link from voter to ballot).
  auto twice = c.post_json(url(id, "/ballots"), R"({"choices":[0]})", resident);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(code(twice), "already_voted");
  EXPECT_EQ(participants(id), 1);
  EXPECT_EQ(ballots(id), 1);
  EXPECT_TRUE(body(c.get(url(id), resident)).at("my_voters").as_array()[0].at("voted").as_bool());

  // Close: counts become final; a vote after close is refused.
  ASSERT_EQ(c.post_json(url(id, "/phase"), R"({"step":"close","version":2})", admin).status, 200);
  auto late = c.post_json(url(id, "/ballots"), R"({"choices":[0]})", resident);
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(code(late), "poll_not_open");
  // Closed but not published: the admin sees the result, the resident not yet.
  auto closed = body(c.get(url(id), admin));
  EXPECT_EQ(closed.at("result").at("tallies").as_array()[1].at("votes").as_int64(), 1);
  EXPECT_TRUE(body(c.get(url(id), resident)).at("result").is_null());
  // Publishing needs the decision taken.
  auto nodecision = c.post_json(url(id, "/phase"), R"({"step":"publish","version":3})", admin);
  EXPECT_EQ(nodecision.status, 422);
  ASSERT_EQ(
      c.post_json(url(id, "/phase"),
                  R"({"step":"publish","version":3,"decision":"未达法定人数，暂不改造"})", admin)
          .status,
      200);
  auto published = body(c.get(url(id), resident));
  EXPECT_EQ(published.at("phase").as_string(), "published");
  EXPECT_EQ(published.at("decision").as_string(), "未达法定人数，暂不改造");
  const auto& result = published.at("result").as_object();
  EXPECT_EQ(result.at("eligible_households").as_int64(), 12);
  EXPECT_EQ(result.at("participating_households").as_int64(), 1);
  EXPECT_FALSE(result.at("quorum_met").as_bool());  // 1 of 12 < 50 %
  EXPECT_EQ(result.at("winners").as_array(), (json::array{1}));
  EXPECT_FALSE(result.contains("proxy_votes"));  // the register is the admin's

  // Other roles: a butler and a resident of no household here cannot read the community's polls.
  EXPECT_EQ(c.get(url(id), login("butler")).status, 403);
  EXPECT_EQ(c.get(url(id), login("longquan")).status, 403);
}

TEST_P(Polls, EligibilityByScopeAndRoleAndLimits) {
  auto c = client();
  const auto admin = login("community"), resident = login("resident");
  // The resident's household is in grid 1 and building 1.
  const auto g2 = std::to_string(unit_id("331102-LS-G2"));
  auto grid = open_poll(admin, R"({"title":"二网格议题","options":["a","b"],"scope":"grid",)"
                               R"("scope_id":)" +
                                   g2 + "}");
  auto r = c.post_json(url(grid, "/ballots"), R"({"choices":[0]})", resident);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(code(r), "not_eligible");
  EXPECT_TRUE(body(c.get(url(grid), resident)).at("my_voters").as_array().empty());
  auto tenants = open_poll(admin, R"({"title":"租户议题","options":["a","b"],"voters":"tenants"})");
  EXPECT_EQ(c.post_json(url(tenants, "/ballots"), R"({"choices":[0]})", resident).status, 403);
  auto owners = open_poll(admin, R"({"title":"业主议题","options":["a","b"],"voters":"owners"})");
  EXPECT_EQ(c.post_json(url(owners, "/ballots"), R"({"choices":[0]})", resident).status, 201);
  EXPECT_EQ(participants(grid) + participants(tenants), 0);
  // A scope outside the community, and bad specifications: 422 naming the field.
  auto jc = std::to_string(unit_id("331181-JC-G1"));
  auto bad = c.post_json(
      "/api/v1/polls", R"({"title":"x","options":["a","b"],"scope":"grid","scope_id":)" + jc + "}",
      admin);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(body(bad).at("field").as_string(), "/scope_id");
  auto budget_bad = c.post_json(
      "/api/v1/polls", R"({"title":"x","kind":"budget","budget":100,"options":["a","b"]})", admin);
  EXPECT_EQ(budget_bad.status, 422);
  EXPECT_EQ(body(budget_bad).at("field").as_string(), "/options/0/cost");

  // Multiple choice with limits and a budget ballot over the budget.
  auto multi = open_poll(admin, R"({"title":"多选","kind":"multiple","min_choices":2,)"
                                R"("max_choices":2,"options":["a","b","c"]})");
  EXPECT_EQ(c.post_json(url(multi, "/ballots"), R"({"choices":[0]})", resident).status, 422);
  EXPECT_EQ(c.post_json(url(multi, "/ballots"), R"({"choices":[0,1,2]})", resident).status, 422);
  EXPECT_EQ(c.post_json(url(multi, "/ballots"), R"({"choices":[0,2]})", resident).status, 201);
  auto budget = open_poll(admin, R"({"title":"预算","kind":"budget","budget":100,"options":)"
                                 R"([{"label":"A","cost":60},{"label":"B","cost":50}],)"
                                 R"("hide_results":false})");
  auto over = c.post_json(url(budget, "/ballots"), R"({"choices":[0,1]})", resident);
  EXPECT_EQ(over.status, 422);
  EXPECT_EQ(body(over).at("field").as_string(), "/choices");
  EXPECT_EQ(participants(budget), 0);
  EXPECT_EQ(c.post_json(url(budget, "/ballots"), R"({"choices":[1]})", resident).status, 201);
  // Results not hidden: visible during voting.
  auto live = body(c.get(url(budget), resident));
  EXPECT_EQ(live.at("result").at("funded").as_array(), (json::array{1}));
}

TEST_P(Polls, PersonBallotsAndProxiesForElderlyMembers) {
  auto c = client();
  const auto admin = login("community"), resident = login("resident");
  auto id = open_poll(admin, R"({"title":"按人投票","options":["a","b"],"ballot_unit":"person"})");
  // 张丽华 (the resident) for herself, and for 张建国 (born 1948, no account) as proxy.
  auto seen = body(c.get(url(id), resident));
  const auto& voters = seen.at("my_voters").as_array();
  ASSERT_EQ(voters.size(), 2u) << json::serialize(seen);
  EXPECT_FALSE(voters[0].at("by_proxy").as_bool());
  EXPECT_TRUE(voters[1].at("by_proxy").as_bool());
  const auto self = std::to_string(voters[0].at("member_id").as_int64());
  const auto elder = std::to_string(voters[1].at("member_id").as_int64());
  ASSERT_EQ(c.post_json(url(id, "/ballots"), R"({"choices":[0]})", resident).status, 201);
  auto proxy =
      c.post_json(url(id, "/ballots"), R"({"choices":[1],"member_id":)" + elder + "}", resident);
  ASSERT_EQ(proxy.status, 201) << proxy.body;
  EXPECT_TRUE(body(proxy).at("by_proxy").as_bool());
  EXPECT_EQ(
      c.post_json(url(id, "/ballots"), R"({"choices":[1],"member_id":)" + self + "}", resident)
          .status,
      409);
  // A member of another household: not eligible through this account.
  EXPECT_EQ(
      c.post_json(url(id, "/ballots"), R"({"choices":[1],"member_id":999999})", resident).status,
      403);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM poll_participation WHERE by_proxy = 1 AND poll_id = " +
                   std::to_string(id)),
            1);
  ASSERT_EQ(c.post_json(url(id, "/phase"), R"({"step":"close","version":2})", admin).status, 200);
  auto result = body(c.get(url(id), admin)).at("result").as_object();
  EXPECT_EQ(result.at("ballots").as_int64(), 2);
  EXPECT_EQ(result.at("participating_households").as_int64(), 1);  // two people, one household
  EXPECT_EQ(result.at("by_proxy").as_int64(), 1);
  ASSERT_EQ(result.at("proxy_votes").as_array().size(), 1u);
  EXPECT_EQ(result.at("proxy_votes").as_array()[0].at("person").as_string(), "张建国");
}

TEST_P(Polls, ResidentProposalNeedsSupportBeforeVoting) {
  auto c = client();
  const auto admin = login("community"), resident = login("resident");
  auto proposed =
      c.post_json("/api/v1/polls",
                  R"({"title":"增设快递柜","kind":"single","options":["赞成","反对"]})", resident);
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const auto p = body(proposed);
  const auto id = p.at("id").as_int64();
  EXPECT_EQ(p.at("support_count").as_int64(), 1);  // the proposer's household
  EXPECT_EQ(p.at("support_threshold").as_int64(), 3);
  EXPECT_TRUE(p.at("supported").as_bool());
  auto again = c.post_json(url(id, "/support"), "{}", resident);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code(again), "already_supported");
  auto refused = c.post_json(url(id, "/phase"), R"({"step":"open_voting","version":1})", admin);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(body(refused).at("current").at("phase").as_string(), "proposal");
  // Two more households back it (recorded at a residents' meeting).
  ASSERT_TRUE(db_->transact(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
    WEILAI_CHECK(
        tx.exec("INSERT INTO poll_supports (poll_id, household_id, account_id, created_at) SELECT "
                "CAST($1 AS BIGINT), h.id, CAST($2 AS BIGINT), 0 FROM households h WHERE "
                "h.community_id = $3 AND h.id NOT IN (SELECT "
                "household_id FROM poll_supports WHERE poll_id = $1) ORDER BY h.id LIMIT 2",
                {id, account_id("community"), unit_id("331102-LS")}));
    return {};
  }));
  // The admin shapes it (an edit keeps it a proposal), then opens it.
  auto edited = c.send_json(
      "PATCH", url(id),
      R"({"version":1,"title":"增设智能快递柜","options":["赞成","反对","弃权"],"quorum_pct":30})",
      admin);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(body(edited).at("options").as_array().size(), 3u);
  EXPECT_EQ(
      c.send_json("PATCH", url(id), R"({"version":2,"title":"x","options":["a","b"]})", resident)
          .status,
      403);
  auto opened = c.post_json(url(id, "/phase"), R"({"step":"open_voting","version":2})", admin);
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(c.post_json(url(id, "/support"), "{}", resident).status, 409);  // voting now
}

// Anonymity as stored: ballots carry no voter, no time and no sequence; participation carries no
// time and no choice.
TEST_P(Polls, BallotsCannotBeTracedToVoters) {
  auto c = client();
  const auto admin = login("community"), resident = login("resident");
  auto id = open_poll(admin, kSingle);
  ASSERT_EQ(c.post_json(url(id, "/ballots"), R"({"choices":[1]})", resident).status, 201);
  auto cols = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec("SELECT * FROM poll_ballots WHERE poll_id = $1", {id});
  });
  ASSERT_TRUE(cols);
  EXPECT_EQ(cols->columns, (std::vector<std::string>{"id", "poll_id", "choices"}));
  const auto ballot_id = cols->front().text(0);
  EXPECT_GE(ballot_id.size(), 24u);  // random, not a counter
  auto pcols = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec("SELECT * FROM poll_participation WHERE poll_id = $1", {id});
  });
  EXPECT_EQ(pcols->columns, (std::vector<std::string>{"poll_id", "voter_key", "household_id",
                                                      "member_id", "cast_by", "by_proxy"}));
  // The audit log keeps who did what (a digest of the change, built without the choices).
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'poll.vote' AND target_id = '" +
                   std::to_string(id) + "'"),
            1);
  // Every stored ballot id (demo ballots included) is unique and random, the only order there is.
  auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec("SELECT id FROM poll_ballots ORDER BY id");
  });
  std::set<std::string> ids;
  for (const auto& r : rows->rows) ids.insert(r.text(0));
  EXPECT_EQ(ids.size(), rows->size());  // unique random ids
}

// Many clients of one household vote at once in several polls: each poll gets exactly one ballot
// from the household, the rest are 409 already_voted, on both drivers.
TEST_P(Polls, ConcurrentVotesOfOneHouseholdNeverCountTwice) {
  const auto admin = login("community"), resident = login("resident");
  constexpr int kPolls = 4, kClients = 12;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < kPolls; ++i)
    ids.push_back(open_poll(
        admin, R"({"title":"并发)" + std::to_string(i) + R"(","options":["a","b","c"]})"));
  std::atomic<int> wins{0}, dup{0}, other{0};
  for (auto id : ids) {
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i)
      threads.emplace_back([&, i] {
        auto c = client();
        while (!go) std::this_thread::yield();
        auto r = c.post_json(url(id, "/ballots"), R"({"choices":[)" + std::to_string(i % 3) + "]}",
                             resident);
        if (r.status == 201)
          ++wins;
        else if (r.status == 409)
          ++dup;
        else
          ++other;
      });
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(ballots(id), 1);
    EXPECT_EQ(participants(id), 1);
  }
  EXPECT_EQ(wins.load(), kPolls);
  EXPECT_EQ(dup.load(), kPolls * (kClients - 1));
  EXPECT_EQ(other.load(), 0);
  std::printf("poll vote race (%s): %d polls x %d clients, %d ballots, %d x 409\n",
              driver_name(GetParam()).c_str(), kPolls, kClients, wins.load(), dup.load());
}

// The evaluation reads poll turnout through the "poll_turnout" adapter: a ruleset whose GV-02
// (居民参与与自治) takes it gets the mean turnout of the community's polls closed in the past year.
TEST_P(Polls, TurnoutFeedsTheEvaluation) {
  auto c = client();
  const auto drc = login("drc"), admin = login("community"), resident = login("resident");
  const auto lingshan = scalar("SELECT id FROM projects WHERE name = '灵山未来社区'");
  auto copy = body(c.post_json("/api/v1/rulesets/1/copy", R"({"version_label":"turnout"})", drc));
  auto rs = copy.at("ruleset").as_object();
  bool found = false;
  for (auto& s : rs.at("scenarios").as_array())
    for (auto& i : s.as_object().at("indicators").as_array())
      if (i.at("code").as_string() == "GV-02") {
        i.as_object()["source"].as_object()["adapter"] = "poll_turnout";
        i.as_object()["threshold"] = 50;
        found = true;
      }
  ASSERT_TRUE(found);
  const auto rid = std::to_string(copy.at("id").as_int64());
  ASSERT_EQ(
      c.request("PUT", "/api/v1/rulesets/" + rid,
                json::serialize(json::object{{"version", copy.at("version")}, {"ruleset", rs}}),
                {{"Authorization", "Bearer " + drc}, {"Content-Type", "application/json"}})
          .status,
      200);
  ASSERT_EQ(c.post_json("/api/v1/rulesets/" + rid + "/publish", "{}", drc).status, 200);
  auto evaluate = [&] {
    auto e = c.post_json("/api/v1/projects/" + std::to_string(lingshan) + "/evaluations",
                         R"({"ruleset_id":)" + rid + "}", drc);
    EXPECT_EQ(e.status, 201) << e.body;
    const auto evaluation = body(e);
    for (const auto& i : evaluation.at("result").at("indicators").as_array())
      if (i.at("code").as_string() == "GV-02") return i.as_object();
    return json::object{};
  };
  // The demo's published budget poll: 8 of 12 households.
  auto first = evaluate();
  EXPECT_EQ(first.at("source").as_string(), "adapter");
  EXPECT_NEAR(first.at("value").to_number<double>(), 800.0 / 12, 1e-9);
  EXPECT_EQ(first.at("outcome").as_string(), "met");
  // A new poll closed with 1 of 12: the mean of 66.7 % and 8.3 % is 37.5 % → below 50.
  auto id = open_poll(admin, kSingle);
  ASSERT_EQ(c.post_json(url(id, "/ballots"), R"({"choices":[0]})", resident).status, 201);
  ASSERT_EQ(c.post_json(url(id, "/phase"), R"({"step":"close","version":2})", admin).status, 200);
  clock_->advance_ms(1000);
  auto second = evaluate();
  EXPECT_NEAR(second.at("value").to_number<double>(), 37.5, 1e-9);
  EXPECT_EQ(second.at("outcome").as_string(), "not_met");
}

WEILAI_BOTH_DRIVERS(Polls);

}  // namespace
}  // namespace weilai::testing
