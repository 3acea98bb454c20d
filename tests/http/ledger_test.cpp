// The community ledgers through the API on both drivers: a service from request to confirmed
// credit, idempotent postings, transfers only between relatives, spending transferred hours,
// caps, points awards, revocation, redemption (and expired points), the foundation's approvals
// and public disclosure, and verification catching a tampered balance.
#include "http/server_fixture.hpp"
#include "storage/audit_store.hpp"
#include "storage/ledger_store.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class Ledger : public ServerFixture {
 protected:
  HttpResponse post(const std::string& path, const json::object& body, const std::string& token,
                    const std::string& key = {}, const std::string& method = "POST") {
    std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"},
                                                       {"Authorization", "Bearer " + token}};
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return client().request(method, path, json::serialize(body), h);
  }
  std::int64_t person(const std::string& name) {
    auto r = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT id FROM household_members WHERE person_name = $1 ORDER BY id", {name});
    });
    return r->front().i64(0);
  }

  std::int64_t hours(std::int64_t person_id) {
    return scalar(
        "SELECT COALESCE(SUM(balance), 0) FROM ledger_accounts WHERE owner_kind = "
        "'person' AND unit = 'HOUR' AND owner_id = " +
        std::to_string(person_id));
  }
  std::int64_t txs() { return scalar("SELECT COUNT(*) FROM ledger_transactions"); }
  void expect_verified() {
    auto rep = storage::verify_ledger(*db_);
    ASSERT_TRUE(rep);
    EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems.front());
    auto audit = storage::verify_audit(*db_);
    ASSERT_TRUE(audit);
    EXPECT_TRUE(audit->ok);
  }
  // Creates a request for `for_person` (as `token`), has `volunteer` take it as `vtoken`, and
  // checks in and out after `minutes`. Returns the service id.
  std::int64_t serve(const std::string& token, std::int64_t for_person, const std::string& vtoken,
                     std::int64_t volunteer, int minutes, bool pay = false) {
    const auto now = clock_->now_ms();
    auto created = post("/api/v1/timebank/services",
                        {{"kind", "request"},
                         {"category", "visit_chat"},
                         {"title", "陪聊"},
                         {"window_start", now},
                         {"window_end", now + 3600000},
                         {"person_id", for_person},
                         {"pay_with_hours", pay}},
                        token);
    EXPECT_EQ(created.status, 201) << created.body;
    const auto id = parse(created.body).at("id").as_int64();
    const std::string base = "/api/v1/timebank/services/" + std::to_string(id);
    auto taken = post(base + "/take", {{"person_id", volunteer}}, vtoken);
    EXPECT_EQ(taken.status, 200) << taken.body;
    EXPECT_EQ(post(base + "/check-in", {{"lat", 28.47}, {"lon", 119.9}}, vtoken).status, 200);
    // (Sessions idle out after 30 minutes, so the clock moves a little and the volunteer states
    // the minutes; the default rounding of time on site is unit-tested.)
    clock_->advance_ms(60000);
    auto out = post(base + "/check-out", {{"minutes", minutes}}, vtoken);
    EXPECT_EQ(out.status, 200) << out.body;
    EXPECT_EQ(parse(out.body).at("minutes").as_int64(), minutes);
    return id;
  }
};

TEST_P(Ledger, ServiceCreditTransferAndSpendingByFamily) {
  const auto resident = login("resident"), grid = login("grid"), community = login("community");
  const auto lihua = person("张丽华"), jianguo = person("张建国"), wang = person("王女士");
  const auto lihua0 = hours(lihua), jianguo0 = hours(jianguo);

  // 张丽华 visits 王女士 for an hour; she cannot confirm her own service.
  const auto sid = serve(grid, wang, resident, lihua, 60);
  const std::string confirm = "/api/v1/timebank/services/" + std::to_string(sid) + "/confirm";
  auto own = post(confirm, {}, resident, "k-own");
  EXPECT_EQ(own.status, 403) << own.body;
  auto missing_key = post(confirm, {}, grid);
  EXPECT_EQ(missing_key.status, 400);
  EXPECT_EQ(parse(missing_key.body).at("code").as_string(), "idempotency_key_required");
  const auto before = txs();
  auto ok = post(confirm, {}, grid, "confirm-1");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(parse(ok.body).at("confirmed_as").as_string(), "proxy");
  EXPECT_EQ(hours(lihua), lihua0 + 60);
  // A retry with the same key answers the same and posts nothing.
  auto again = post(confirm, {}, grid, "confirm-1");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, ok.body);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(txs(), before + 1);
  // The same key for another request is refused; a new key finds the service confirmed.
  auto reuse = post("/api/v1/timebank/transfers",
                    {{"from_person_id", lihua}, {"to_person_id", jianguo}, {"minutes", 30}}, grid,
                    "confirm-1");
  EXPECT_EQ(reuse.status, 422);
  EXPECT_EQ(parse(reuse.body).at("code").as_string(), "idempotency_key_reused");
  EXPECT_EQ(post(confirm, {}, grid, "confirm-2").status, 409);
  EXPECT_EQ(txs(), before + 1);

  // Transfers: to a non-relative refused, within the household fine, past the cap refused.
  auto stranger = post("/api/v1/timebank/transfers",
                       {{"from_person_id", lihua}, {"to_person_id", wang}, {"minutes", 30}},
                       resident, "t-stranger");
  EXPECT_EQ(stranger.status, 403) << stranger.body;
  EXPECT_EQ(parse(stranger.body).at("field").as_string(), "/to_person_id");
  auto half = post("/api/v1/timebank/transfers",
                   {{"from_person_id", lihua}, {"to_person_id", jianguo}, {"minutes", 45}},
                   resident, "t-45");
  EXPECT_EQ(half.status, 422);  // half-hour steps only
  auto t1 = post("/api/v1/timebank/transfers",
                 {{"from_person_id", lihua}, {"to_person_id", jianguo}, {"minutes", 60}}, resident,
                 "t-60");
  ASSERT_EQ(t1.status, 201) << t1.body;
  EXPECT_EQ(hours(jianguo), jianguo0 + 60);
  auto overdraw = post("/api/v1/timebank/transfers",
                       {{"from_person_id", lihua}, {"to_person_id", jianguo}, {"minutes", 6000}},
                       resident, "t-big");
  EXPECT_EQ(overdraw.status, 409) << overdraw.body;
  // Transfers are irrevocable: no reversal.
  auto rev = post("/api/v1/ledger/transactions/" +
                      std::to_string(parse(t1.body).at("tx_id").as_int64()) + "/reverse",
                  {{"reason", "oops"}}, community, "rev-t1");
  EXPECT_EQ(rev.status, 409) << rev.body;
  // Registered relatives across households may receive; the annual cap holds.
  const auto li = person("李女士");
  EXPECT_EQ(
      post("/api/v1/timebank/transfers",
           {{"from_person_id", lihua}, {"to_person_id", li}, {"minutes", 30}}, resident, "t-li")
          .status,
      403);
  auto rel = post("/api/v1/timebank/relations",
                  {{"person_id", lihua}, {"relative_id", li}, {"relation", "parent"}}, grid);
  ASSERT_EQ(rel.status, 201) << rel.body;
  EXPECT_EQ(
      post("/api/v1/timebank/transfers",
           {{"from_person_id", lihua}, {"to_person_id", li}, {"minutes", 30}}, resident, "t-li2")
          .status,
      201);
  const auto ls = unit_id("331102-LS");
  auto settings = post("/api/v1/timebank/settings/" + std::to_string(ls),
                       {{"daily_cap_minutes", 120},
                        {"storage_cap_minutes", 90000},
                        {"starter_grant_minutes", 0},
                        {"spend_min_age", 60},
                        {"transfer_annual_cap_minutes", 120}},
                       community, "", "PUT");
  ASSERT_EQ(settings.status, 200) << settings.body;
  auto capped = post("/api/v1/timebank/transfers",
                     {{"from_person_id", lihua}, {"to_person_id", jianguo}, {"minutes", 30}},
                     resident, "t-cap");
  EXPECT_EQ(capped.status, 409) << capped.body;  // 60 + 30 + (demo 30) + 30 > 120

  // 张建国 (born 1948) spends his transferred hours on a visit by 王女士 (proxied by the grid
  // worker); 张丽华 confirms as family.
  const auto jg_before = hours(jianguo), wang_before = hours(wang);
  const auto spend = serve(resident, jianguo, grid, wang, 60, true);
  auto fam = post("/api/v1/timebank/services/" + std::to_string(spend) + "/confirm", {}, resident,
                  "fam-1");
  ASSERT_EQ(fam.status, 200) << fam.body;
  EXPECT_EQ(parse(fam.body).at("confirmed_as").as_string(), "family");
  EXPECT_EQ(hours(jianguo), jg_before - 60);
  EXPECT_EQ(hours(wang), wang_before + 60);
  // 张丽华 (born 1960 in the demo: 66) may spend, but a younger rule blocks nobody else here;
  // the daily cap: 王女士 already earned 60 today, 90 more would pass 120.
  const auto capped_service = serve(resident, jianguo, grid, wang, 90, false);
  const auto before_cap = txs();
  auto cap = post("/api/v1/timebank/services/" + std::to_string(capped_service) + "/confirm", {},
                  resident, "fam-2");
  EXPECT_EQ(cap.status, 409) << cap.body;
  EXPECT_EQ(txs(), before_cap);

  // Statements: own household yes, another household no; staff in the grid yes.
  const auto own_hh =
      scalar("SELECT household_id FROM household_members WHERE id = " + std::to_string(lihua));
  const auto wang_hh =
      scalar("SELECT household_id FROM household_members WHERE id = " + std::to_string(wang));
  auto c = client();
  auto mine = c.get("/api/v1/ledger/households/" + std::to_string(own_hh) + "/statement", resident);
  EXPECT_EQ(mine.status, 200) << mine.body;
  EXPECT_GE(parse(mine.body).at("items").as_array().size(), 4u);
  EXPECT_EQ(
      c.get("/api/v1/ledger/households/" + std::to_string(wang_hh) + "/statement", resident).status,
      403);
  EXPECT_EQ(c.get("/api/v1/ledger/persons/" + std::to_string(wang) + "/statement", resident).status,
            403);
  EXPECT_EQ(c.get("/api/v1/ledger/persons/" + std::to_string(wang) + "/statement", grid).status,
            200);
  auto csv =
      c.get("/api/v1/ledger/persons/" + std::to_string(lihua) + "/statement?format=csv", resident);
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("service_credit"), std::string::npos);
  auto stats = c.get("/api/v1/timebank/stats/" + std::to_string(ls), community);
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_GE(parse(stats.body).at("minutes_served").as_int64(), 180);
  EXPECT_EQ(parse(stats.body).at("days_since_last_exchange").as_int64(), 0);
  EXPECT_EQ(c.get("/api/v1/timebank/stats/" + std::to_string(ls) + "?format=csv", community).status,
            200);
  auto mine_view = parse(c.get("/api/v1/ledger/mine", resident).body);
  EXPECT_EQ(mine_view.at("persons").as_array().size(), 2u);
  expect_verified();
}

TEST_P(Ledger, PointsAwardCapRevokeRedeemAndExpiry) {
  const auto grid = login("grid"), community = login("community"), resident = login("resident");
  const auto ls = unit_id("331102-LS");
  const auto lihua = person("张丽华");
  auto rule = post("/api/v1/points/rules",
                   {{"community_id", ls},
                    {"code", "waste_sorting"},
                    {"act", "垃圾分类"},
                    {"points", 10},
                    {"cap_per_person", 20},
                    {"cap_period", "day"},
                    {"programme", "green"},
                    {"budget", 1000}},
                   community);
  ASSERT_EQ(rule.status, 201) << rule.body;
  EXPECT_EQ(parse(rule.body).at("version").as_int64(), 2);  // the demo had version 1
  const auto rule_id = parse(rule.body).at("id").as_int64();
  const auto p0 = point_balance(lihua);
  auto a1 = post("/api/v1/points/awards", {{"rule_id", rule_id}, {"person_id", lihua}}, grid, "a1");
  ASSERT_EQ(a1.status, 201) << a1.body;
  EXPECT_EQ(parse(a1.body).at("rule_version").as_int64(), 2);
  EXPECT_EQ(post("/api/v1/points/awards", {{"rule_id", rule_id}, {"person_id", lihua}}, grid, "a2")
                .status,
            201);
  auto over =
      post("/api/v1/points/awards", {{"rule_id", rule_id}, {"person_id", lihua}}, grid, "a3");
  EXPECT_EQ(over.status, 409) << over.body;  // 20 a day
  EXPECT_EQ(point_balance(lihua), p0 + 20);
  // Residents do not award points.
  EXPECT_EQ(
      post("/api/v1/points/awards", {{"rule_id", rule_id}, {"person_id", lihua}}, resident, "a4")
          .status,
      403);
  // Revoke with a reason: a reversal pointing to the award.
  const auto award_id = parse(a1.body).at("id").as_int64();
  auto revoked = post("/api/v1/points/awards/" + std::to_string(award_id) + "/revoke",
                      {{"reason", "重复登记"}}, grid, "r1");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(point_balance(lihua), p0 + 10);
  EXPECT_EQ(scalar("SELECT reverses_id FROM ledger_transactions WHERE id = " +
                   std::to_string(parse(revoked.body).at("tx_id").as_int64())),
            parse(a1.body).at("tx_id").as_int64());
  EXPECT_EQ(post("/api/v1/points/awards/" + std::to_string(award_id) + "/revoke",
                 {{"reason", "again"}}, grid, "r2")
                .status,
            409);

  // Redeem: per-person limit, stock.
  auto item = post("/api/v1/points/catalogue",
                   {{"community_id", ls},
                    {"name", "测试商品"},
                    {"kind", "goods"},
                    {"points", 5},
                    {"stock", 10},
                    {"per_person_limit", 1}},
                   community);
  ASSERT_EQ(item.status, 201) << item.body;
  const auto item_id = parse(item.body).at("id").as_int64();
  auto red = post("/api/v1/points/redemptions", {{"item_id", item_id}, {"person_id", lihua}},
                  resident, "red-1");
  ASSERT_EQ(red.status, 201) << red.body;
  EXPECT_EQ(post("/api/v1/points/redemptions", {{"item_id", item_id}, {"person_id", lihua}},
                 resident, "red-2")
                .status,
            409);  // limit 1
  EXPECT_EQ(post("/api/v1/points/redemptions",
                 {{"item_id", item_id}, {"person_id", person("王女士")}}, resident, "red-3")
                .status,
            403);  // not her household

  // Expiry on: points awarded now expire after a day and cannot be spent after it.
  auto set = post("/api/v1/timebank/settings/" + std::to_string(ls),
                  {{"daily_cap_minutes", 120},
                   {"storage_cap_minutes", 90000},
                   {"starter_grant_minutes", 0},
                   {"spend_min_age", 60},
                   {"transfer_annual_cap_minutes", 6000},
                   {"point_expiry_days", 1}},
                  community, "", "PUT");
  ASSERT_EQ(set.status, 200) << set.body;
  const auto wang = person("王女士");
  ASSERT_EQ(
      post("/api/v1/points/awards", {{"rule_id", rule_id}, {"person_id", wang}}, grid, "w1").status,
      201);
  clock_->advance_ms(2LL * 24 * 3600 * 1000);
  const auto grid2 = login("grid");
  const auto before_expired = txs();
  auto expired = post("/api/v1/points/redemptions", {{"item_id", item_id}, {"person_id", wang}},
                      grid2, "w-red");
  EXPECT_EQ(expired.status, 409) << expired.body;
  EXPECT_EQ(txs(), before_expired);  // nothing posted
  EXPECT_NE(parse(expired.body).at("detail").as_string().find("expired"), std::string::npos);

  // Rankings leave out those who opt out.
  auto c = client();
  const auto resident2 = login("resident");
  auto rank =
      parse(c.get("/api/v1/points/rankings?community_id=" + std::to_string(ls), resident2).body);
  bool found = false;
  for (const auto& it : rank.at("items").as_array())
    found = found || it.at("person_id").as_int64() == lihua;
  EXPECT_TRUE(found);
  EXPECT_EQ(post("/api/v1/points/opt-out/" + std::to_string(lihua), {{"opt_out", true}}, resident2,
                 "", "PUT")
                .status,
            200);
  rank = parse(c.get("/api/v1/points/rankings?community_id=" + std::to_string(ls), resident2).body);
  for (const auto& it : rank.at("items").as_array())
    EXPECT_NE(it.at("person_id").as_int64(), lihua);
  expect_verified();
}

TEST_P(Ledger, FoundationApprovalExpenseAndDisclosure) {
  const auto community = login("community"), butler = login("butler"), admin = login("admin");
  const auto ls = unit_id("331102-LS");
  auto fund =
      post("/api/v1/foundation/funds",
           {{"community_id", ls}, {"name", "测试基金"}, {"approvals_required", 2}}, community);
  ASSERT_EQ(fund.status, 201) << fund.body;
  const auto fid = std::to_string(parse(fund.body).at("id").as_int64());
  ASSERT_EQ(post("/api/v1/foundation/funds/" + fid + "/donations",
                 {{"donor_name", "李四"}, {"public_name", false}, {"amount_fen", 100000}},
                 community, "d1")
                .status,
            201);
  ASSERT_EQ(post("/api/v1/foundation/funds/" + fid + "/donations",
                 {{"donor_name", "某公司"}, {"amount_fen", 50000}}, community, "d2")
                .status,
            201);
  auto prop = post("/api/v1/foundation/funds/" + fid + "/proposals",
                   {{"title", "楼道灯"}, {"payee", "某电工"}, {"amount_fen", 120000}}, community);
  ASSERT_EQ(prop.status, 201) << prop.body;
  const auto pid = std::to_string(parse(prop.body).at("id").as_int64());
  const std::string decide = "/api/v1/foundation/proposals/" + pid + "/decision";
  EXPECT_EQ(post(decide, {{"decision", "approve"}}, community).status, 403);  // own proposal
  EXPECT_EQ(post("/api/v1/foundation/proposals/" + pid + "/expense", {{"receipt_no", "R1"}},
                 community, "e0")
                .status,
            409);  // not approved yet
  auto b = post(decide, {{"decision", "approve"}}, butler);
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(parse(b.body).at("status").as_string(), "pending");
  EXPECT_EQ(post(decide, {{"decision", "approve"}}, butler).status, 409);  // twice
  auto a = post(decide, {{"decision", "approve"}}, admin);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(parse(a.body).at("status").as_string(), "approved");
  auto paid = post("/api/v1/foundation/proposals/" + pid + "/expense",
                   {{"receipt_no", "FP-9"}, {"receipt_note", "发票"}}, community, "e1");
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(post("/api/v1/foundation/proposals/" + pid + "/expense", {{"receipt_no", "FP-9"}},
                 community, "e2")
                .status,
            409);  // paid once

  // Overspending is impossible: a second proposal larger than the balance cannot be paid.
  auto big = post("/api/v1/foundation/funds/" + fid + "/proposals",
                  {{"title", "大项目"}, {"payee", "x"}, {"amount_fen", 1000000}}, community);
  const auto big_id = std::to_string(parse(big.body).at("id").as_int64());
  post("/api/v1/foundation/proposals/" + big_id + "/decision", {{"decision", "approve"}}, butler);
  post("/api/v1/foundation/proposals/" + big_id + "/decision", {{"decision", "approve"}}, admin);
  EXPECT_EQ(post("/api/v1/foundation/proposals/" + big_id + "/expense", {{"receipt_no", "R"}},
                 community, "e3")
                .status,
            409);

  // The public page, without signing in.
  auto pub = client().get("/api/v1/public/foundation/funds/" + fid);
  ASSERT_EQ(pub.status, 200) << pub.body;
  auto d = parse(pub.body).as_object();
  EXPECT_EQ(d.at("income_fen").as_int64(), 150000);
  EXPECT_EQ(d.at("expenses_fen").as_int64(), 120000);
  EXPECT_EQ(d.at("balance_fen").as_int64(), 30000);
  EXPECT_EQ(pub.body.find("李四"), std::string::npos);  // anonymous donor stays anonymous
  EXPECT_NE(pub.body.find("某公司"), std::string::npos);
  EXPECT_NE(pub.body.find("FP-9"), std::string::npos);
  expect_verified();
}

// Every forbidden case of issue #7 is a clear 4xx that posts nothing (no transaction, no balance
// moved); the starter grant and every service credit come from the community's reserve; hours
// expire when the community says so, are drawn earliest-expiring first, keep their expiry when
// transferred, and expired hours cannot be spent; the age rule for spending is configurable.
TEST_P(Ledger, ForbiddenCasesPostNothingAndHourExpiry) {
  const auto resident = login("resident"), grid = login("grid"), community = login("community");
  const auto ls = unit_id("331102-LS");
  const auto lihua = person("张丽华"), wang = person("王女士");
  const auto wang_grid = scalar(
      "SELECT h.grid_id FROM household_members m JOIN households h ON h.id = "
      "m.household_id WHERE m.id = " +
      std::to_string(wang));
  // A head of household in 王女士's grid without any ledger account yet, and their housemate.
  const auto newbie = scalar(
      "SELECT MIN(m.id) FROM household_members m JOIN households h ON h.id = m.household_id "
      "WHERE h.grid_id = " +
      std::to_string(wang_grid) +
      " AND m.member_role = 'head' AND m.account_id IS NULL AND m.household_id <> (SELECT "
      "household_id FROM household_members WHERE id = " +
      std::to_string(wang) +
      ") AND NOT EXISTS (SELECT 1 FROM "
      "ledger_accounts a WHERE a.owner_kind = 'person' AND a.owner_id = m.id)");
  const auto housemate = scalar(
      "SELECT MIN(o.id) FROM household_members m JOIN household_members o ON "
      "o.household_id = m.household_id AND o.id <> m.id WHERE m.id = " +
      std::to_string(newbie));
  const auto reserve = [&] {
    return scalar(
        "SELECT COALESCE(SUM(balance), 0) FROM ledger_accounts WHERE owner_kind = 'system' AND "
        "purpose = 'reserve' AND unit = 'HOUR' AND community_id = " +
        std::to_string(ls));
  };
  auto settings = post("/api/v1/timebank/settings/" + std::to_string(ls),
                       {{"daily_cap_minutes", 120},
                        {"storage_cap_minutes", 90000},
                        {"starter_grant_minutes", 60},
                        {"spend_min_age", 70},
                        {"transfer_annual_cap_minutes", 6000},
                        {"hour_expiry_days", 1}},
                       community, "", "PUT");
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(parse(settings.body).at("hour_expiry_days").as_int64(), 1);

  // The newcomer serves 王女士 for an hour: the starter grant (60) and the credit (60) both come
  // from the reserve; only the credit expires.
  const auto reserve0 = reserve();
  const auto sid = serve(grid, wang, grid, newbie, 60);
  auto ok = post("/api/v1/timebank/services/" + std::to_string(sid) + "/confirm", {}, community,
                 "fx-confirm");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(hours(newbie), 120);
  EXPECT_EQ(reserve(), reserve0 - 120);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'starter_grant' AND "
                   "ref_id = " +
                   std::to_string(newbie)),
            1);

  auto c = client();
  const auto path = [](std::int64_t id) { return "/api/v1/ledger/persons/" + std::to_string(id); };
  const auto transfer = [&](std::int64_t from, std::int64_t to, int minutes, const std::string& tok,
                            const std::string& key) {
    return post("/api/v1/timebank/transfers",
                {{"from_person_id", from}, {"to_person_id", to}, {"minutes", minutes}}, tok, key);
  };
  // Each forbidden case: the status, and nothing posted.
  const auto refused = [&](const HttpResponse& r, int status, const char* what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    EXPECT_NE(parse(r.body).at("detail").as_string(), "") << what;
  };
  const auto before = txs();
  const auto hours_before = hours(newbie) + hours(lihua) + hours(wang) + hours(housemate);
  // 1. A resident reading another household's statement.
  refused(c.get(path(wang) + "/statement", resident), 403, "other household's statement");
  refused(c.get(path(newbie) + "/statement", resident), 403, "other household's statement");
  // 2. A volunteer confirming their own service (张丽华 visits 王女士).
  const auto own = serve(grid, wang, resident, lihua, 60);
  refused(
      post("/api/v1/timebank/services/" + std::to_string(own) + "/confirm", {}, resident, "fx-own"),
      403, "own service");
  // 3. A transfer to a non-relative.
  auto stranger = transfer(newbie, wang, 30, grid, "fx-stranger");
  refused(stranger, 403, "non-relative");
  EXPECT_EQ(parse(stranger.body).at("field").as_string(), "/to_person_id");
  // 4. Exceeding a cap: the newcomer already earned 60 today, 90 more passes the daily 120.
  const auto big = serve(grid, wang, grid, newbie, 90);
  refused(post("/api/v1/timebank/services/" + std::to_string(big) + "/confirm", {}, community,
               "fx-cap"),
          409, "daily cap");
  // 5. The age rule (70 here): 张丽华 (born 1960) may not pay for a service with hours yet.
  const auto paid = serve(resident, lihua, grid, wang, 30, true);
  auto young = post("/api/v1/timebank/services/" + std::to_string(paid) + "/confirm", {}, community,
                    "fx-age");
  refused(young, 409, "age rule");
  EXPECT_NE(parse(young.body).at("detail").as_string().find("70"), std::string::npos);
  EXPECT_EQ(txs(), before);
  EXPECT_EQ(hours(newbie) + hours(lihua) + hours(wang) + hours(housemate), hours_before);

  // Earliest-expiring first: 30 minutes to the housemate come from the expiring credit and keep
  // its expiry.
  auto t1 = transfer(newbie, housemate, 30, grid, "fx-t1");
  ASSERT_EQ(t1.status, 201) << t1.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM timebank_hour_lots WHERE tx_id = " +
                   std::to_string(parse(t1.body).at("tx_id").as_int64())),
            1);
  // Two days later 30 of the newcomer's 90 minutes have expired (and the housemate's 30).
  clock_->advance_ms(2LL * 24 * 3600 * 1000);
  const auto grid2 = login("grid");
  auto mine = parse(c.get(path(newbie) + "/statement", grid2).body);
  EXPECT_EQ(mine.at("balances").at("HOUR").as_int64(), 90);
  EXPECT_EQ(mine.at("balances").at("HOUR_SPENDABLE").as_int64(), 60);
  const auto before_expired = txs();
  // 6. Spending expired hours: refused, nothing posted (the housemate also got the 60-minute
  // starter grant when the transfer made their account: 60 spendable of 90).
  auto exp = transfer(newbie, housemate, 90, grid2, "fx-exp");
  refused(exp, 409, "expired hours");
  EXPECT_NE(parse(exp.body).at("detail").as_string().find("expired"), std::string::npos);
  refused(transfer(housemate, newbie, 90, grid2, "fx-exp2"), 409, "expired hours");
  EXPECT_EQ(txs(), before_expired);
  EXPECT_EQ(hours(newbie), 90);
  // The hours that never expire (the starter grant) are still spendable.
  EXPECT_EQ(transfer(newbie, housemate, 60, grid2, "fx-t2").status, 201);
  EXPECT_EQ(hours(newbie), 30);
  expect_verified();
}

TEST_P(Ledger, PostedRowsAreImmutableAndVerifyFindsTampering) {
  const auto admin = login("admin");
  auto c = client();
  auto ok = parse(c.get("/api/v1/ledger/verify", admin).body);
  EXPECT_TRUE(ok.at("ok").as_bool());
  // The database itself refuses to change or delete posted rows.
  for (const char* sql :
       {"UPDATE ledger_entries SET amount = amount + 1", "DELETE FROM ledger_entries",
        "DELETE FROM ledger_transactions", "UPDATE ledger_transactions SET memo = 'x'"}) {
    auto st = db_->run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
      WEILAI_CHECK(tx.exec(sql));
      return {};
    });
    EXPECT_FALSE(st) << sql;
  }
  scratch_->exec_direct(
      "UPDATE ledger_accounts SET balance = balance + 30 WHERE owner_kind = 'person' AND unit = "
      "'HOUR' AND balance > 0");
  auto bad = parse(c.get("/api/v1/ledger/verify", admin).body);
  EXPECT_FALSE(bad.at("ok").as_bool());
  EXPECT_NE(json::serialize(bad.at("problems")).find("cached balance"), std::string::npos);
}

WEILAI_BOTH_DRIVERS(Ledger);

}  // namespace
}  // namespace weilai::testing
