// Every route × every demo role (and the anonymous public), in and out of scope, with the status
// the server must answer. Default deny: a row missing a role means that role must be refused.
#include <map>
#include <set>

#include "http/server_fixture.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class AuthzTable : public ServerFixture {};

const std::vector<std::string> kRoles{"anonymous", "resident", "grid",     "butler",
                                      "community", "liandu",   "longquan", "drc",
                                      "leader",    "province", "admin"};

struct Case {
  std::string method;
  std::string path;  // with {placeholders} filled from the fixture's ids
  std::string body;
  std::map<std::string, int> allowed;  // login → status; everyone else: 403 (401 for anonymous)
};

TEST_P(AuthzTable, EveryRouteRoleAndScope) {
  std::map<std::string, std::string> tokens;
  for (const auto& r : kRoles)
    if (r != "anonymous") tokens[r] = login(r);

  // Ids the cases refer to.
  auto id = [](std::int64_t v) { return std::to_string(v); };
  const auto ls = id(unit_id("331102-LS")), jc = id(unit_id("331181-JC")),
             g1 = id(unit_id("331102-LS-G1"));
  const auto resident = id(account_id("resident")), drc = id(account_id("drc"));
  // An account no test role signs in as, for the cases that change an account.
  std::string spare;
  {
    auto created = client().post_json(
        "/api/v1/accounts",
        R"({"login":"spare","display_name":"备用","password":"Extra-Pass-2026"})", tokens["admin"]);
    ASSERT_EQ(created.status, 201) << created.body;
    spare = id(parse(created.body).at("id").as_int64());
  }
  std::string own_household, other_household, g2_household, lingshan, longquan_project;
  {
    auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT household_id FROM household_members WHERE account_id = $1",
                     {account_id("resident")});
    });
    own_household = id(rows->front().i64(0));
    auto g2 = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT id FROM households WHERE grid_id = $1 ORDER BY id",
                     {unit_id("331102-LS-G2")});
    });
    g2_household = id(g2->front().i64(0));
    other_household = id(rows->front().i64(0) + 1);
    auto p = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT id, name FROM projects ORDER BY id");
    });
    lingshan = id(p->rows.at(0).i64(0));
    longquan_project = id(p->rows.at(1).i64(0));
  }
  // Planning: the demo project on Monaco's network (莲都), its extract and its analysis, which is
  // cancelled first so every role meets the same (finished) state.
  std::string planning, planning_dataset, planning_analysis;
  {
    auto r = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec(
          "SELECT p.id, d.id, a.id FROM projects p JOIN planning_datasets d ON d.project_id = "
          "p.id JOIN planning_analyses a ON a.project_id = p.id ORDER BY a.id");
    });
    planning = id(r->rows.at(0).i64(0));
    planning_dataset = id(r->rows.at(0).i64(1));
    planning_analysis = id(r->rows.at(0).i64(2));
    auto cancelled = client().post_json(
        "/api/v1/projects/" + planning + "/planning/analyses/" + planning_analysis + "/cancel",
        "{}", tokens["admin"]);
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  }
  const std::map<std::string, int> everyone_signed_in{
      {"resident", 200}, {"grid", 200}, {"butler", 200}, {"community", 200}, {"liandu", 200},
      {"longquan", 200}, {"drc", 200},  {"leader", 200}, {"province", 200},  {"admin", 200}};
  std::map<std::string, int> staff_and_officials = everyone_signed_in;
  staff_and_officials.erase("resident");
  const std::map<std::string, int> officials{{"liandu", 200}, {"longquan", 200}, {"drc", 200},
                                             {"leader", 200}, {"province", 200}, {"admin", 200}};
  int counter = 0;
  auto fresh_login = [&] { return "u" + std::to_string(++counter) + "x"; };

  std::vector<Case> cases{
      {"GET", "/api/v1/roles", "", everyone_signed_in},
      {"GET", "/api/v1/org-units", "", staff_and_officials},
      {"GET", "/api/v1/org-units/tree", "", staff_and_officials},
      {"GET", "/api/v1/org-units/" + ls, "", staff_and_officials},
      {"POST", "/api/v1/org-units", "", {{"admin", 201}}},
      {"GET", "/api/v1/accounts", "", {{"admin", 200}}},
      {"POST", "/api/v1/accounts", "", {{"admin", 201}}},
      {"GET", "/api/v1/accounts/" + resident, "", {{"admin", 200}, {"resident", 200}}},  // self
      {"GET", "/api/v1/accounts/" + drc, "", {{"admin", 200}, {"drc", 200}}},
      {"PATCH", "/api/v1/accounts/" + spare, "", {{"admin", 200}}},
      {"POST",
       "/api/v1/accounts/" + spare + "/password",
       R"({"new_password":"Another-Pass-77"})",
       {{"admin", 204}}},
      {"POST", "/api/v1/accounts/" + resident + "/grants", "", {{"admin", 201}}},
      {"DELETE", "/api/v1/accounts/" + resident + "/grants/999999", "", {{"admin", 404}}},
      {"GET",
       "/api/v1/households?community_id=" + ls,
       "",
       {{"butler", 200}, {"community", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/households?grid_id=" + g1,
       "",
       {{"grid", 200}, {"butler", 200}, {"community", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/households?community_id=" + jc,
       "",
       {{"admin", 200}}},  // out of everyone's scope
      {"GET", "/api/v1/households/mine", "", everyone_signed_in},
      {"GET",
       "/api/v1/households/" + own_household,
       "",
       {{"resident", 200}, {"grid", 200}, {"butler", 200}, {"community", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/households/" + other_household,
       "",
       {{"grid", 200}, {"butler", 200}, {"community", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/households/" + g2_household,
       "",
       {{"butler", 200}, {"community", 200}, {"admin", 200}}},
      {"GET", "/api/v1/projects", "", officials},
      {"GET",
       "/api/v1/projects/" + lingshan,
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/projects/" + longquan_project,
       "",
       {{"longquan", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"GET", "/api/v1/stats/projects", "", officials},
      {"GET", "/api/v1/audit", "", {{"admin", 200}}},
      {"GET", "/api/v1/audit/verify", "", {{"admin", 200}}},
      {"GET", "/api/v1/auth/me", "", everyone_signed_in},
      // Programme: project record, lifecycle, attachments, action plans (issue #5). Bodies are
      // built per role in the loop below; lingshan (莲都, construction) is liandu's.
      {"POST", "/api/v1/projects", "", {{"liandu", 201}, {"drc", 201}}},
      {"PATCH", "/api/v1/projects/" + lingshan, "", {{"liandu", 200}, {"drc", 200}}},
      {"GET",
       "/api/v1/projects/" + lingshan + "/revisions",
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/projects/" + lingshan + "/transitions",
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"POST",
       "/api/v1/projects/" + lingshan + "/attachments?kind=photo&filename=a.pdf",
       "%PDF-1.4 authz",
       {{"liandu", 201}, {"drc", 201}, {"leader", 201}, {"province", 201}}},
      {"GET",
       "/api/v1/projects/" + lingshan + "/attachments",
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/projects/" + lingshan + "/attachments/999999",
       "",
       {{"liandu", 404}, {"drc", 404}, {"leader", 404}, {"province", 404}, {"admin", 404}}},
      // Only liandu may request acceptance of its project under construction.
      {"POST", "/api/v1/projects/" + lingshan + "/transitions", "", {{"liandu", 201}}},
      {"GET", "/api/v1/action-plans", "", officials},
      {"POST", "/api/v1/action-plans", "", {{"liandu", 201}, {"drc", 201}}},
      {"POST",
       "/api/v1/action-plans/999999/roll-forward",
       "",
       {{"liandu", 404}, {"longquan", 404}, {"drc", 404}}},
      // Evaluation (#6): rulesets, site inputs, reported values, evaluations, surveys.
      {"GET", "/api/v1/rulesets", "", officials},
      {"POST", "/api/v1/rulesets", "{}", {{"drc", 422}, {"admin", 422}}},
      {"GET", "/api/v1/rulesets/1", "", officials},
      {"GET", "/api/v1/rulesets/1/export", "", officials},
      {"PUT",
       "/api/v1/rulesets/1",
       R"({"version":1,"ruleset":{}})",
       {{"drc", 422}, {"admin", 422}}},
      {"DELETE", "/api/v1/rulesets/1", "", {{"drc", 409}, {"admin", 409}}},
      {"POST", "/api/v1/rulesets/1/publish", "{}", {{"drc", 409}, {"admin", 409}}},
      {"POST", "/api/v1/rulesets/999999/retire", "{}", {{"drc", 404}, {"admin", 404}}},
      {"POST", "/api/v1/rulesets/1/copy", "{}", {{"drc", 422}, {"admin", 422}}},
      {"GET",
       "/api/v1/projects/" + lingshan + "/site-inputs",
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"PUT",
       "/api/v1/projects/" + lingshan + "/site-inputs",
       R"({"version":999,"inputs":{}})",
       {{"liandu", 409}}},
      {"GET",
       "/api/v1/projects/" + lingshan + "/reported-values",
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"POST",
       "/api/v1/projects/" + lingshan + "/reported-values",
       R"({"indicator_code":"ED-03","value_number":21,"period":"2026-01-01","evidence":"课程表"})",
       {{"liandu", 201}}},
      {"POST", "/api/v1/reported-values/1/review", R"({"status":"accepted"})", {{"drc", 200}}},
      {"POST",
       "/api/v1/projects/" + lingshan + "/evaluations",
       R"({"ruleset_id":1})",
       {{"drc", 201}}},
      {"GET",
       "/api/v1/projects/" + lingshan + "/evaluations",
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/projects/" + lingshan + "/evaluations/latest",
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/projects/" + lingshan + "/evaluations/trend",
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/evaluations/1",
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"GET",
       "/api/v1/evaluations/compare?a=1&b=1",
       "",
       {{"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}}},
      {"GET", "/api/v1/evaluations/league", "", officials},
      {"GET",
       "/api/v1/projects/" + lingshan + "/surveys",
       "",
       {{"community", 200},
        {"liandu", 200},
        {"drc", 200},
        {"leader", 200},
        {"province", 200},
        {"admin", 200}}},
      {"POST",
       "/api/v1/projects/" + lingshan + "/surveys",
       R"({"title":"t","questions":[{"id":"q1","type":"rating","text_zh":"满意度"}],)"
       R"("opens_at":"2026-01-01","closes_at":"2030-12-31"})",
       {{"community", 201}, {"liandu", 201}, {"drc", 201}}},
      {"GET", "/api/v1/surveys/mine", "", everyone_signed_in},
      {"GET",
       "/api/v1/surveys/1",
       "",
       {{"resident", 200},
        {"community", 200},
        {"liandu", 200},
        {"drc", 200},
        {"leader", 200},
        {"province", 200},
        {"admin", 200}}},
      {"POST",
       "/api/v1/surveys/999999/close",
       "{}",
       {{"community", 404}, {"liandu", 404}, {"longquan", 404}, {"drc", 404}}},
      {"POST",
       "/api/v1/surveys/1/responses",
       R"({"answers":{"q1":4,"q2":"a","q3":["green"]}})",
       {{"resident", 201}}},
      {"GET",
       "/api/v1/surveys/1/results",
       "",
       {{"community", 200},
        {"liandu", 200},
        {"drc", 200},
        {"leader", 200},
        {"province", 200},
        {"admin", 200}}},
  };
  // Community services: shared parking (issue #8). LS-C01 is an organisation's slot, LS-P01 the
  // resident's household's; "{}" bodies reach validation (422) only once authorised.
  {
    auto slot_of = [&](const char* code) {
      auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
        return tx.exec("SELECT id FROM parking_slots WHERE code = $1", {std::string(code)});
      });
      return id(rows->front().i64(0));
    };
    const auto org_slot = slot_of("LS-C01"), own_slot = slot_of("LS-P01");
    const std::map<std::string, int> parking_readers{
        {"resident", 200}, {"butler", 200}, {"community", 200}, {"admin", 200}};
    const std::map<std::string, int> parking_staff{
        {"butler", 200}, {"community", 200}, {"admin", 200}};
    std::map<std::string, int> missing_booking;
    for (const auto& [who, _] : everyone_signed_in) missing_booking[who] = 404;
    std::vector<Case> parking{
        {"GET", "/api/v1/parking/slots?community_id=" + ls, "", parking_readers},
        {"POST", "/api/v1/parking/slots", "{}", {{"resident", 422}, {"community", 422}}},
        {"GET", "/api/v1/parking/slots/" + org_slot, "", parking_readers},
        {"POST", "/api/v1/parking/slots/" + org_slot + "/windows", "{}", {{"community", 422}}},
        {"POST",
         "/api/v1/parking/slots/" + own_slot + "/windows",
         "{}",
         {{"resident", 422}, {"community", 422}}},
        {"POST", "/api/v1/parking/slots/" + org_slot + "/blackouts", "{}", {{"community", 422}}},
        {"POST", "/api/v1/parking/bookings", "{}", {{"resident", 422}}},
        {"GET", "/api/v1/parking/bookings/mine", "", everyone_signed_in},
        {"POST", "/api/v1/parking/bookings/999999/actions", R"({"action":"cancel"})",
         missing_booking},
        {"POST", "/api/v1/parking/sweep", R"({"community_id":)" + ls + "}", parking_staff},
        {"GET", "/api/v1/parking/stats?community_id=" + ls, "", parking_staff},
        {"GET", "/api/v1/parking/requests", "", everyone_signed_in},
    };
    cases.insert(cases.end(), parking.begin(), parking.end());
  }
  // Community services: "platform + butler" work orders (issue #8). Unknown ids are 404 for
  // everyone signed in (looked up before the scope check); "{}" bodies reach validation (422).
  {
    std::map<std::string, int> missing;
    for (const auto& [who, _] : everyone_signed_in) missing[who] = 404;
    std::vector<Case> orders{
        {"GET", "/api/v1/work-orders/categories", "", everyone_signed_in},
        {"POST", "/api/v1/work-orders", "{}", {{"resident", 422}}},
        {"GET",
         "/api/v1/work-orders?community_id=" + ls,
         "",
         {{"resident", 200}, {"butler", 200}, {"community", 200}}},
        {"GET", "/api/v1/work-orders/999999", "", missing},
        {"POST", "/api/v1/work-orders/999999/actions", R"({"action":"accept","version":1})",
         missing},
        {"POST", "/api/v1/work-orders/999999/return-visit", R"({"satisfaction":5,"version":1})",
         missing},
    };
    cases.insert(cases.end(), orders.begin(), orders.end());
  }
  // Planning (docs/PLANNING_API.md): reading follows reading the project (莲都: liandu and the
  // city/province roles); writing is planning_run (county official in scope, DRC, admin).
  {
    const std::string pb = "/api/v1/projects/" + planning + "/planning";
    const std::string an = pb + "/analyses/" + planning_analysis;
    auto with = [](std::map<std::string, int> m, int status) {
      for (auto& [k, v] : m) v = status;
      return m;
    };
    const std::map<std::string, int> readers{
        {"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}};
    const std::map<std::string, int> runners{{"liandu", 201}, {"drc", 201}, {"admin", 201}};
    const std::vector<Case> planning_cases{
        {"POST", pb + "/datasets?kind=facilities&filename=f.csv",
         "id,category,lon,lat\nf1,park,7.42,43.73\n", runners},
        {"GET", pb + "/datasets", "", readers},
        {"DELETE", pb + "/datasets/" + planning_dataset, "", with(runners, 409)},  // in use
        {"POST", pb + "/analyses", R"({"osm_dataset_id":)" + planning_dataset + "}",
         with(runners, 202)},
        {"GET", pb + "/analyses", "", readers},
        {"GET", an, "", readers},
        {"POST", an + "/cancel", "{}", with(runners, 409)},  // already cancelled
        {"GET", an + "/report", "", with(readers, 409)},     // results: not succeeded
        {"GET", an + "/coverage", "", with(readers, 409)},
        {"GET", an + "/suggestions", "", with(readers, 409)},
        {"GET", an + "/gaps", "", with(readers, 409)},
        {"GET", an + "/network.geojson", "", with(readers, 409)},
        {"GET", an + "/facilities.geojson", "", with(readers, 409)},
        {"GET", an + "/residences.geojson", "", with(readers, 409)},
        {"GET", an + "/export?format=csv&table=nearest", "", with(readers, 409)},
        {"POST", an + "/isochrone", R"({"lon":7.42,"lat":43.73})", with(readers, 409)},
    };
    cases.insert(cases.end(), planning_cases.begin(), planning_cases.end());
  }

  // Community ledgers (issue #7): time bank, points, foundation. Posting routes answer 400 to an
  // allowed role here (no Idempotency-Key), others 422 for the empty body: authorisation first.
  {
    auto one = [&](const std::string& sql) {
      auto r = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) { return tx.exec(sql); });
      return id(r->front().i64(0));
    };
    const auto lihua = one("SELECT id FROM household_members WHERE person_name = '张丽华'");
    const auto service = one("SELECT MIN(id) FROM timebank_services");  // the confirmed visit
    const auto fund = one("SELECT MIN(id) FROM foundation_funds");
    const auto proposal = one("SELECT MAX(id) FROM foundation_proposals");
    const std::map<std::string, int> own_and_staff{
        {"resident", 200}, {"grid", 200}, {"community", 200}, {"admin", 200}};
    auto with = [](std::map<std::string, int> roles, int status) {
      for (auto& [k, v] : roles) v = status;
      return roles;
    };
    const std::map<std::string, int> managers{{"community", 200}, {"admin", 200}};
    const std::map<std::string, int> awarders{{"grid", 200}, {"community", 200}, {"admin", 200}};
    const std::map<std::string, int> foundation{
        {"community", 200}, {"butler", 200}, {"admin", 200}};
    const std::string svc = "/api/v1/timebank/services/" + service;
    std::vector<Case> ledger{
        {"GET", "/api/v1/ledger/mine", "", everyone_signed_in},
        {"GET", "/api/v1/ledger/persons?grid_id=" + g1, "", awarders},
        {"GET", "/api/v1/ledger/persons?community_id=" + ls, "", managers},
        {"GET", "/api/v1/ledger/persons/" + lihua + "/statement", "", own_and_staff},
        {"GET", "/api/v1/ledger/households/" + own_household + "/statement", "", own_and_staff},
        {"GET", "/api/v1/ledger/households/" + other_household + "/statement", "", awarders},
        {"POST", "/api/v1/ledger/transactions/1/reverse", "{}", with(managers, 400)},
        {"GET", "/api/v1/ledger/verify", "", {{"admin", 200}}},
        {"GET", "/api/v1/timebank/settings/" + ls, "", own_and_staff},
        {"PUT", "/api/v1/timebank/settings/" + ls, "{}", with(managers, 422)},
        {"POST", "/api/v1/timebank/relations", "{}", with(awarders, 422)},
        {"GET", "/api/v1/timebank/persons/" + lihua + "/relations", "", own_and_staff},
        {"POST", "/api/v1/timebank/services", "{}", with(own_and_staff, 422)},
        {"GET", "/api/v1/timebank/services?community_id=" + ls, "", own_and_staff},
        {"GET", svc, "", own_and_staff},
        {"POST", svc + "/take", "{}", with(own_and_staff, 422)},
        {"POST", svc + "/check-in", "{}", with(own_and_staff, 409)},
        {"POST", svc + "/check-out", "{}", with(own_and_staff, 409)},
        {"POST", svc + "/cancel", "{}", with(own_and_staff, 409)},
        {"POST", svc + "/confirm", "{}", with(own_and_staff, 400)},
        {"POST", "/api/v1/timebank/transfers", "{}", with(own_and_staff, 400)},
        {"GET", "/api/v1/timebank/stats/" + ls, "", managers},
        {"GET", "/api/v1/points/rules?community_id=" + ls, "", own_and_staff},
        {"POST", "/api/v1/points/rules", "{}", with(managers, 422)},
        {"POST", "/api/v1/points/awards", "{}", with(awarders, 400)},
        {"GET", "/api/v1/points/awards?community_id=" + ls, "", awarders},
        {"POST", "/api/v1/points/awards/1/revoke", "{}", with(awarders, 400)},
        {"GET", "/api/v1/points/catalogue?community_id=" + ls, "", own_and_staff},
        {"POST", "/api/v1/points/catalogue", "{}", with(managers, 422)},
        {"PATCH", "/api/v1/points/catalogue/1", "{}", with(managers, 422)},
        {"POST", "/api/v1/points/redemptions", "{}", with(own_and_staff, 400)},
        {"GET", "/api/v1/points/rankings?community_id=" + ls, "", own_and_staff},
        {"PUT", "/api/v1/points/opt-out/" + lihua, "{}", with(own_and_staff, 422)},
        {"GET", "/api/v1/foundation/funds?community_id=" + ls, "", foundation},
        {"POST", "/api/v1/foundation/funds", "{}", with(managers, 422)},
        {"POST", "/api/v1/foundation/funds/" + fund + "/donations", "{}", with(managers, 400)},
        {"GET", "/api/v1/foundation/funds/" + fund + "/proposals", "", foundation},
        {"POST", "/api/v1/foundation/funds/" + fund + "/proposals", "{}", with(managers, 422)},
        {"POST", "/api/v1/foundation/proposals/" + proposal + "/decision", "{}",
         with(foundation, 422)},
        {"POST", "/api/v1/foundation/proposals/" + proposal + "/expense", "{}",
         with(managers, 400)},
    };
    cases.insert(cases.end(), ledger.begin(), ledger.end());
  }

  // Programme operations (monitoring and money, issue 5): officials read (a county only its own
  // projects), the county files its projects' data, the DRC reviews and keeps city-wide records.
  // Writes send "{}" so an allowed caller passes authorisation and then fails validation (422).
  {
    auto first = [&](const std::string& sql, std::int64_t arg) {
      auto rows = db_->transact(storage::TxMode::read,
                                [&](storage::Tx& tx) { return tx.exec(sql, {arg}); });
      return rows && !rows->empty() ? id(rows->front().i64(0)) : std::string("0");
    };
    const std::int64_t ls_project = std::stoll(lingshan);
    const auto ms = first("SELECT id FROM project_milestones WHERE project_id = $1", ls_project);
    const auto rep = first("SELECT id FROM monitoring_reports WHERE project_id = $1", ls_project);
    const auto fl = first("SELECT id FROM funding_lines WHERE project_id = $1", ls_project);
    const auto inc = first("SELECT id FROM incentives WHERE project_id = $1", ls_project);
    const auto ap = first("SELECT id FROM approval_items WHERE project_id = $1", ls_project);
    const auto mt = first("SELECT id FROM leadership_meetings WHERE id >= $1", 1);
    const auto ai = first("SELECT id FROM action_items WHERE id >= $1", 1);
    const auto liandu_county = id(unit_id("331102"));
    const std::map<std::string, int> lingshan_readers{
        {"liandu", 200}, {"drc", 200}, {"leader", 200}, {"province", 200}, {"admin", 200}};
    const std::string P = "/api/v1/projects/" + lingshan;
    const std::vector<Case> ops{
        {"GET", "/api/v1/programme-ops/catalogue", "", officials},
        {"GET", P + "/milestones", "", lingshan_readers},
        {"POST", P + "/milestones", R"({"name":"authz","due_on":"2030-01-01"})", {{"liandu", 201}}},
        {"PUT", "/api/v1/milestones/" + ms, "{}", {{"liandu", 422}}},
        {"GET", P + "/monitoring", "", lingshan_readers},
        {"PUT", P + "/ops-settings", "{}", {{"liandu", 422}}},
        {"POST", P + "/reports", "{}", {{"liandu", 422}}},
        {"POST", "/api/v1/projects/" + longquan_project + "/reports", "{}", {{"longquan", 422}}},
        {"GET", "/api/v1/reports/" + rep, "", lingshan_readers},
        {"PUT", "/api/v1/reports/" + rep, "{}", {{"liandu", 422}}},
        {"POST", "/api/v1/reports/" + rep + "/submit", "{}", {{"liandu", 422}}},
        {"POST", "/api/v1/reports/" + rep + "/review", "{}", {{"drc", 422}}},
        {"GET", "/api/v1/monitoring/overview", "", officials},
        {"GET", "/api/v1/monitoring/trends", "", officials},
        {"GET", "/api/v1/targets", "", officials},
        {"PUT", "/api/v1/targets/" + liandu_county + "/2030", "{}", {{"drc", 422}}},
        {"GET", P + "/funding", "", lingshan_readers},
        {"POST", P + "/funding-lines", "{}", {{"liandu", 422}}},
        {"PUT", "/api/v1/funding-lines/" + fl, "{}", {{"liandu", 422}}},
        {"DELETE", "/api/v1/funding-lines/" + fl, "", {{"liandu", 400}}},  // ?version missing
        {"GET", "/api/v1/rewards", "", officials},
        {"POST", "/api/v1/rewards", "{}", {{"drc", 422}}},
        {"GET", P + "/incentives", "", lingshan_readers},
        {"POST", P + "/incentives", "{}", {{"drc", 422}}},
        {"POST", "/api/v1/incentives/" + inc + "/payments", "{}", {{"drc", 422}}},
        {"POST", P + "/talents", "{}", {{"liandu", 422}}},
        {"GET", P + "/approvals", "", lingshan_readers},
        {"POST", P + "/approvals", "{}", {{"liandu", 422}}},
        {"PUT", "/api/v1/approvals/" + ap, "{}", {{"liandu", 422}}},
        {"GET", "/api/v1/approvals/board", "", officials},
        {"GET", "/api/v1/holidays", "", officials},
        {"PUT", "/api/v1/holidays/2030-01-02", R"({"name":"authz"})", {{"drc", 200}}},
        {"DELETE", "/api/v1/holidays/2031-01-01", "", {{"drc", 404}}},
        {"GET", "/api/v1/leadership/meetings", "", officials},
        {"POST", "/api/v1/leadership/meetings", "{}", {{"drc", 422}}},
        {"GET", "/api/v1/leadership/meetings/" + mt, "", officials},
        {"PUT", "/api/v1/leadership/meetings/" + mt, "{}", {{"drc", 422}}},
        {"POST", "/api/v1/leadership/meetings/" + mt + "/actions", "{}", {{"drc", 422}}},
        {"GET", "/api/v1/leadership/actions", "", officials},
        {"PUT", "/api/v1/leadership/actions/" + ai, "{}", {{"drc", 422}}},
    };
    cases.insert(cases.end(), ops.begin(), ops.end());
  }
  // Community services: collective choice (polls, issue #8). The demo's published poll: residents
  // and the community admin read it; support is refused (not a proposal), "{}" bodies reach
  // validation (422) only once authorised; butlers, grid workers and officials take no part.
  {
    auto r = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT id FROM polls WHERE phase = 'published' ORDER BY id");
    });
    const auto poll = id(r->front().i64(0));
    const std::map<std::string, int> poll_readers{
        {"resident", 200}, {"community", 200}, {"admin", 200}};
    const std::vector<Case> polls{
        {"GET", "/api/v1/polls?community_id=" + ls, "", poll_readers},
        {"POST", "/api/v1/polls", "{}", {{"resident", 422}, {"community", 422}, {"admin", 422}}},
        {"GET", "/api/v1/polls/" + poll, "", poll_readers},
        {"PATCH", "/api/v1/polls/" + poll, "{}", {{"community", 422}, {"admin", 422}}},
        {"POST", "/api/v1/polls/" + poll + "/support", "{}", {{"resident", 409}}},
        {"POST", "/api/v1/polls/" + poll + "/phase", "{}", {{"community", 422}, {"admin", 422}}},
        {"POST", "/api/v1/polls/" + poll + "/ballots", "{}", {{"resident", 422}}},
    };
    cases.insert(cases.end(), polls.begin(), polls.end());
  }

  // Evaluation site-data import (issue 6, evaluation2): the county official of the project's
  // county imports (a stale version: 409 after authorisation).
  {
    const std::vector<Case> eval2{
        {"POST",
         "/api/v1/projects/" + lingshan + "/site-inputs/import",
         R"({"version":999,"format":"csv","content":"type,category,area_m2\nfacility,elderly_care,10\n"})",
         {{"liandu", 409}}},
    };
    cases.insert(cases.end(), eval2.begin(), eval2.end());
  }

  // Work orders, second part (issue #8): categories and SLA targets, photos, preventive
  // schedules, statistics, Open311 API keys.
  {
    std::map<std::string, int> missing;
    for (const auto& r : kRoles)
      if (r != "anonymous") missing[r] = 404;
    std::vector<Case> orders2{
        {"PUT",
         "/api/v1/work-orders/categories/water_leak",
         "{}",
         {{"community", 422}, {"admin", 422}}},
        {"POST", "/api/v1/work-orders/999999/photos", "{}", missing},
        {"GET", "/api/v1/work-orders/999999/photos/1", "", missing},
        {"GET",
         "/api/v1/work-orders/schedules?community_id=" + ls,
         "",
         {{"butler", 200}, {"community", 200}}},
        {"POST", "/api/v1/work-orders/schedules", "{}", {{"community", 422}, {"admin", 422}}},
        {"PATCH",
         "/api/v1/work-orders/schedules/999999",
         "{}",
         {{"community", 404}, {"admin", 404}}},
        {"POST", "/api/v1/work-orders/schedules/run", "{}", {{"butler", 200}, {"community", 200}}},
        {"GET",
         "/api/v1/work-orders/stats?community_id=" + ls,
         "",
         {{"butler", 200}, {"community", 200}}},
        {"GET",
         "/api/v1/open311/keys?community_id=" + ls,
         "",
         {{"community", 200}, {"admin", 200}}},
        {"POST", "/api/v1/open311/keys", "{}", {{"community", 422}, {"admin", 422}}},
        {"DELETE", "/api/v1/open311/keys/999999", "", {{"community", 404}, {"admin", 404}}},
    };
    cases.insert(cases.end(), orders2.begin(), orders2.end());
  }
  // Community services: smart security (issue #8). Device ingest (POST /security/events) is
  // public (signed per device; tests/http/security_test.cpp). Unknown ids: 404 once allowed.
  {
    std::map<std::string, int> missing;
    for (const auto& [who, _] : everyone_signed_in) missing[who] = 404;
    const std::map<std::string, int> handlers{{"butler", 200}, {"community", 200}, {"admin", 200}};
    const std::map<std::string, int> managers_422{{"community", 422}, {"admin", 422}};
    const std::map<std::string, int> handlers_422{
        {"butler", 422}, {"community", 422}, {"admin", 422}};
    std::vector<Case> security{
        {"GET", "/api/v1/security/settings?community_id=" + ls, "", handlers},
        {"PUT", "/api/v1/security/settings", "{}", managers_422},
        {"GET", "/api/v1/security/devices?community_id=" + ls, "", handlers},
        {"POST", "/api/v1/security/devices", "{}", managers_422},
        {"PATCH", "/api/v1/security/devices/999999", "{}", managers_422},
        {"POST",
         "/api/v1/security/devices/999999/secret",
         "{}",
         {{"community", 404}, {"admin", 404}}},
        {"GET", "/api/v1/security/events?community_id=" + ls, "", handlers},
        {"GET", "/api/v1/security/events/999999", "", missing},
        {"GET", "/api/v1/security/events/999999/image", "", missing},
        {"POST", "/api/v1/security/events/999999/dispatch", "{}", handlers_422},
        {"POST", "/api/v1/security/events/999999/feedback", "{}", handlers_422},
        {"POST",
         "/api/v1/security/purge",
         R"({"community_id":)" + ls + "}",
         {{"community", 200}, {"admin", 200}}},
    };
    cases.insert(cases.end(), security.begin(), security.end());
  }

  // Every registered route that needs a session appears in the table (login/logout/password are
  // covered by the auth tests; the public routes need none).
  std::set<std::string> covered;
  for (const auto& c : cases) {
    std::string pattern = c.path.substr(0, c.path.find('?'));
    covered.insert(c.method + " " + pattern);
  }
  const std::set<std::string> elsewhere{"POST /api/v1/auth/login", "POST /api/v1/auth/logout",
                                        "POST /api/v1/auth/password"};
  for (const auto& route : app_->router().routes()) {
    if (!route.doc.requires_auth || elsewhere.count(route.method + " " + route.pattern)) continue;
    bool found = false;
    for (const auto& c : covered) {
      // Match the concrete path against the pattern segment by segment.
      const auto space = c.find(' ');
      if (c.substr(0, space) != route.method) continue;
      std::string path = c.substr(space + 1);
      std::vector<std::string> a, b;
      for (std::size_t i = 1, j; i <= path.size(); i = j + 1) {
        j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        a.push_back(path.substr(i, j - i));
      }
      for (std::size_t i = 1, j; i <= route.pattern.size(); i = j + 1) {
        j = route.pattern.find('/', i);
        if (j == std::string::npos) j = route.pattern.size();
        b.push_back(route.pattern.substr(i, j - i));
      }
      if (a.size() != b.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < a.size(); ++k)
        same = same && (b[k].front() == '{' || a[k] == b[k]);
      found = found || same;
    }
    EXPECT_TRUE(found) << "no authorisation case for " << route.method << " " << route.pattern;
  }

  auto c = client();
  for (const auto& kase : cases) {
    for (const auto& role : kRoles) {
      std::string body = kase.body;
      if (kase.method == "POST" && kase.path == "/api/v1/org-units") {
        body = json::serialize(json::object{{"parent_id", std::stoll(ls)},
                                            {"kind", "grid"},
                                            {"code", "authz-" + std::to_string(++counter)},
                                            {"name_zh", "测试网格"},
                                            {"name_en", "test grid"}});
      } else if (kase.method == "POST" && kase.path == "/api/v1/accounts") {
        body = json::serialize(json::object{
            {"login", fresh_login()}, {"display_name", "测试"}, {"password", "Test-Pass-2026"}});
      } else if (kase.path.ends_with("/grants")) {
        body =
            json::serialize(json::object{{"role", "grid_worker"}, {"org_unit_id", std::stoll(g1)}});
      } else if (kase.method == "POST" && kase.path == "/api/v1/projects") {
        body = json::serialize(json::object{
            {"name", "权限测试"}, {"county_id", unit_id("331102")}, {"project_type", "new_build"}});
      } else if (kase.method == "PATCH" && kase.path.starts_with("/api/v1/projects/")) {
        auto current = parse(c.get(kase.path, tokens["admin"]).body);
        body = json::serialize(
            json::object{{"summary", "权限测试"}, {"version", current.at("version").as_int64()}});
      } else if (kase.method == "POST" && kase.path.ends_with("/transitions")) {
        auto current = parse(c.get("/api/v1/projects/" + lingshan, tokens["admin"]).body);
        body = json::serialize(json::object{{"action", "request_acceptance"},
                                            {"version", current.at("version").as_int64()}});
      } else if (kase.method == "POST" && kase.path == "/api/v1/action-plans") {
        body = json::serialize(json::object{
            {"county_id", unit_id("331102")}, {"year", 2030 + ++counter}, {"title", "行动计划"}});
      } else if (kase.method == "PATCH") {
        auto current = parse(c.get("/api/v1/accounts/" + spare, tokens["admin"]).body);
        body = json::serialize(json::object{{"display_name", "审核员"},
                                            {"version", current.at("version").as_int64()}});
      }
      std::vector<std::pair<std::string, std::string>> headers{
          {"Content-Type", "application/json"}};
      if (role != "anonymous") headers.emplace_back("Authorization", "Bearer " + tokens[role]);
      auto res = c.request(kase.method, kase.path,
                           kase.method == "GET" || kase.method == "DELETE" ? "" : body, headers);
      int expected = role == "anonymous" ? 401 : 403;
      if (auto it = kase.allowed.find(role); it != kase.allowed.end()) expected = it->second;
      EXPECT_EQ(res.status, expected)
          << kase.method << " " << kase.path << " as " << role << ": " << res.body;
      if (kase.path.ends_with("/grants") && res.status == 201) {
        // Remove it again so the next allowed role can add it.
        const auto gid = parse(res.body).at("id").as_int64();
        EXPECT_EQ(c.request("DELETE", kase.path + "/" + std::to_string(gid), "",
                            {{"Authorization", "Bearer " + tokens["admin"]}})
                      .status,
                  204);
      }
    }
  }

  // Scope, not only role: a county official's list holds only that county's projects.
  auto liandu = parse(c.get("/api/v1/projects", tokens["liandu"]).body).at("items").as_array();
  // (灵山, the planning demo project on Monaco's real road network, also in 莲都, plus the two
  // the programme cases created in 莲都, as liandu and as drc.)
  ASSERT_EQ(liandu.size(), 4u);
  EXPECT_EQ(liandu[0].at("name").as_string(), "灵山未来社区");
  for (const auto& p : liandu) EXPECT_EQ(p.at("county_name_zh").as_string(), "莲都区");
  EXPECT_EQ(parse(c.get("/api/v1/projects", tokens["drc"]).body).at("items").as_array().size(),
            13u);
  // A resident's "mine" holds exactly their own household.
  auto mine =
      parse(c.get("/api/v1/households/mine", tokens["resident"]).body).at("items").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(std::to_string(mine[0].at("id").as_int64()), own_household);
  // A grid worker's default list is their grid only.
  auto grid = parse(c.get("/api/v1/households", tokens["grid"]).body).at("items").as_array();
  EXPECT_EQ(grid.size(), 8u);
}

WEILAI_BOTH_DRIVERS(AuthzTable);

}  // namespace
}  // namespace weilai::testing
