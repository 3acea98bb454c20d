// Community ledgers, part 1: balances and statements, reversals, verification, and the time bank
// (时间银行): settings, family relations, service requests and offers from taking to confirmed
// credit, transfers between relatives, statistics. Every posting is idempotent (ledger_common).
#include <boost/json.hpp>

#include "community/time_bank.hpp"
#include "http/json_io.hpp"
#include "http/ledger_common.hpp"
#include "http/problem.hpp"
#include "storage/org_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using community::Unit;
using identity::Action;

namespace {

json::object service_json(const storage::Service& s) {
  return {{"id", s.id},
          {"community_id", s.community_id},
          {"kind", s.kind},
          {"category", s.category},
          {"title", s.title},
          {"place", s.place},
          {"window_start", s.window_start},
          {"window_end", s.window_end},
          {"for_person_id", opt_json(s.for_person_id)},
          {"volunteer_person_id", opt_json(s.volunteer_person_id)},
          {"pay_with_hours", s.pay_with_hours},
          {"status", s.status},
          {"proxy_by", opt_json(s.proxy_by)},
          {"check_in_at", opt_json(s.check_in_at)},
          {"check_in_lat", opt_json(s.check_in_lat)},
          {"check_in_lon", opt_json(s.check_in_lon)},
          {"check_out_at", opt_json(s.check_out_at)},
          {"check_out_lat", opt_json(s.check_out_lat)},
          {"check_out_lon", opt_json(s.check_out_lon)},
          {"minutes", opt_json(s.minutes)},
          {"confirmed_by", opt_json(s.confirmed_by)},
          {"confirmed_as", s.confirmed_as ? json::value(*s.confirmed_as) : json::value(nullptr)},
          {"confirmed_at", opt_json(s.confirmed_at)},
          {"credit_tx_id", opt_json(s.credit_tx_id)},
          {"created_at", s.created_at},
          {"version", s.version}};
}

json::object policy_json(const community::TimeBankPolicy& p) {
  return {{"daily_cap_minutes", p.daily_cap_minutes},
          {"storage_cap_minutes", p.storage_cap_minutes},
          {"starter_grant_minutes", p.starter_grant_minutes},
          {"spend_min_age", p.spend_min_age},
          {"transfer_annual_cap_minutes", p.transfer_annual_cap_minutes},
          {"hour_expiry_days", opt_json(p.hour_expiry_days)},
          {"point_expiry_days", opt_json(p.point_expiry_days)},
          {"service_points", p.service_points}};
}

const std::vector<std::string>& categories() {
  static const std::vector<std::string> all{"meal_delivery",   "visit_chat", "cleaning",
                                            "hospital_escort", "shopping",   "repair",
                                            "tutoring",        "other"};
  return all;
}

// A person's HOUR account; the starter grant (if the community gives one) comes from the reserve
// the first time the account is made.
Result<std::int64_t> hour_account(storage::Tx& tx, const storage::Person& p,
                                  const community::TimeBankPolicy& policy, UnixMillis now,
                                  Changes& ch) {
  WEILAI_TRY(auto acc, storage::person_account(tx, p.id, p.community_id, Unit::hour, now));
  if (acc.created && policy.starter_grant_minutes > 0) {
    WEILAI_TRY(auto reserve,
               storage::system_account(tx, p.community_id, "reserve", Unit::hour, now));
    community::Posting grant;
    grant.kind = "starter_grant";
    grant.community_id = p.community_id;
    grant.memo = "starter grant";
    grant.ref_type = "person";
    grant.ref_id = p.id;
    grant.entries = {{reserve, Unit::hour, -policy.starter_grant_minutes, std::nullopt},
                     {acc.id, Unit::hour, policy.starter_grant_minutes, std::nullopt}};
    WEILAI_TRY(auto txid, storage::post(tx, grant, now));
    ch.record("ledger.starter_grant", "person", std::to_string(p.id),
              {{"tx_id", txid}, {"minutes", policy.starter_grant_minutes}});
  }
  return acc.id;
}

// Draws `minutes` from a person's HOUR account (already locked by the caller): the
// earliest-expiring unexpired lots first, never expired ones. Returns what was drawn, so that
// transferred hours keep their expiry.
Result<std::vector<community::HourDraw>> spend_hours(storage::Tx& tx, std::int64_t account,
                                                     std::int64_t minutes, UnixMillis now) {
  WEILAI_TRY(auto rows, storage::hour_lots(tx, account));
  std::vector<community::HourLot> lots;
  for (const auto& r : rows.rows) lots.push_back({r.i64(0), r.i64(1), r.i64(2)});
  WEILAI_TRY(auto state, storage::get_ledger_account(tx, account));
  WEILAI_TRY(auto draws, community::draw_hours(std::move(lots), state.balance, minutes, now));
  for (const auto& d : draws) {
    if (d.lot_id != 0) WEILAI_CHECK(storage::take_from_hour_lot(tx, d.lot_id, d.take));
  }
  return draws;
}

Result<json::object> balances_of(storage::Tx& tx, std::int64_t person_id, UnixMillis now) {
  json::object b{{"HOUR", 0}, {"POINT", 0}, {"HOUR_SPENDABLE", 0}};
  WEILAI_TRY(auto rows, storage::query(tx,
                                       "SELECT unit, balance, id FROM ledger_accounts WHERE "
                                       "owner_kind = 'person' AND owner_id = $1 AND purpose = "
                                       "'main'",
                                       {person_id}));
  for (const auto& r : rows.rows) {
    b[r.text(0)] = r.i64(1);
    if (r.text(0) == "HOUR") {
      WEILAI_TRY(auto expired, storage::expired_hours(tx, r.i64(2), now));
      b["HOUR_SPENDABLE"] = r.i64(1) - expired;
      b["HOUR_EXPIRED"] = expired;
    }
  }
  WEILAI_TRY(auto spendable, storage::query(tx,
                                            "SELECT COALESCE(SUM(remaining), 0) AS n FROM "
                                            "point_awards WHERE person_id = $1 AND "
                                            "revoked_tx_id IS NULL AND (expires_at IS NULL OR "
                                            "expires_at > $2)",
                                            {person_id, now}));
  b["POINT_SPENDABLE"] = spendable.front().i64(0);
  return b;
}

json::object person_json(const storage::Person& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"household_id", p.household_id},
          {"community_id", p.community_id},
          {"grid_id", opt_json(p.grid_id)},
          {"has_account", p.account_id.has_value()},
          {"birth_year", opt_json(p.birth_year)}};
}

std::optional<double> opt_coord(const JsonFields& f, const json::object& body, const char* key,
                                double lim, Status& st) {
  if (!body.contains(key) || body.at(key).is_null()) return std::nullopt;
  const auto& v = body.at(key);
  if (!v.is_number()) {
    st = Error::invalid(std::string(key) + " must be a number", std::string("/") + key);
    return std::nullopt;
  }
  const double d = v.to_number<double>();
  if (d < -lim || d > lim)
    st = Error::invalid(std::string(key) + " out of range", std::string("/") + key);
  (void)f;
  return d;
}

}  // namespace

void add_ledger_routes(App& app) {
  auto& r = app.router();

  // ---- balances and statements ----
  r.add(
      "GET", "/api/v1/ledger/mine",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.signed_in(req));
        WEILAI_TRY(auto out, app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
          WEILAI_TRY(auto persons, storage::persons_of_households(tx, actor.household_ids));
          json::array items;
          for (const auto& p : persons) {
            auto o = person_json(p);
            WEILAI_TRY(o["balances"], balances_of(tx, p.id, app.clock().now_ms()));
            o["is_me"] = p.account_id && p.account_id == actor.account_id;
            items.push_back(std::move(o));
          }
          json::array hh;
          for (auto h : actor.household_ids) hh.push_back(h);
          return json::object{{"persons", std::move(items)}, {"household_ids", std::move(hh)}};
        }));
        return json_response(out);
      },
      {"The signed-in resident's household members with their HOUR and POINT balances", "ledger"});

  r.add("GET", "/api/v1/ledger/persons",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::ledger_proxy));
          auto unit = query_int(req, "grid_id", 1, kMaxId);
          if (!unit) unit = query_int(req, "community_id", 1, kMaxId);
          if (!unit) {
            for (const auto& g : actor.grants)
              if (identity::role_allows(g.role, Action::ledger_proxy) &&
                  (g.org_unit_kind == "grid" || g.org_unit_kind == "community")) {
                unit = g.org_unit_id;
                break;
              }
          }
          if (!unit) return Error::invalid("community_id or grid_id is required", "?community_id");
          WEILAI_TRY(auto out, app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
            identity::Resource res;
            WEILAI_TRY(res.org_path, storage::org_path(tx, *unit));
            WEILAI_CHECK(identity::authorize(actor, Action::ledger_proxy, res));
            WEILAI_TRY(auto rows,
                       storage::query(tx,
                                      "SELECT m.id FROM household_members m JOIN households h ON "
                                      "h.id = m.household_id WHERE h.community_id = $1 OR "
                                      "h.grid_id = $1 ORDER BY m.id LIMIT 500",
                                      {*unit}));
            json::array items;
            for (const auto& row : rows.rows) {
              WEILAI_TRY(auto p, storage::get_person(tx, row.i64(0)));
              auto o = person_json(p);
              WEILAI_TRY(o["balances"], balances_of(tx, p.id, app.clock().now_ms()));
              items.push_back(std::move(o));
            }
            return items;
          }));
          return json_response(json::object{{"items", std::move(out)}, {"next_cursor", nullptr}});
        },
        {"Registered persons of a grid or community with balances (grid-worker proxy view)",
         "ledger",
         true,
         {"community_id", "grid_id"}});

  r.add("GET", "/api/v1/ledger/persons/{id}/statement",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto id = id_param(req, "id");
          const Page page = page_params(req);
          const auto unit = query_string(req, "unit", 8);
          const bool csv = query_string(req, "format", 8).value_or("json") == "csv";
          struct Out {
            storage::Rows rows;
            json::object balances;
            storage::Person person;
          };
          WEILAI_TRY(Out out, app.read<Out>([&](storage::Tx& tx) -> Result<Out> {
            WEILAI_TRY(auto access, person_access(tx, actor, id));
            std::vector<std::int64_t> accounts;
            for (Unit u : {Unit::hour, Unit::point}) {
              if (unit && *unit != community::unit_code(u)) continue;
              WEILAI_TRY(auto a,
                         storage::find_account(tx, community::OwnerKind::person, id, "main", u));
              if (a) accounts.push_back(a->id);
            }
            Out o;
            o.person = access.person;
            const std::int64_t before = page.after_id > 0 ? page.after_id : kMaxId;
            WEILAI_TRY(o.rows, storage::statement(tx, accounts, before, csv ? 100000 : page.limit));
            WEILAI_TRY(o.balances, balances_of(tx, id, app.clock().now_ms()));
            return o;
          }));
          if (csv) return csv_response(out.rows, "statement-" + std::to_string(id) + ".csv");
          std::optional<std::string> cursor;
          if (static_cast<int>(out.rows.size()) == page.limit && !out.rows.empty())
            cursor = next_cursor(out.rows.size(), page, out.rows.rows.back().i64(0));
          auto body = page_body(rows_json(out.rows), cursor);
          body["person"] = person_json(out.person);
          body["balances"] = std::move(out.balances);
          return json_response(body);
        },
        {"A person's statement (newest first): own household, or staff acting as proxy",
         "ledger",
         true,
         {"unit", "format", "limit", "cursor"},
         "",
         {404}});

  r.add("GET", "/api/v1/ledger/households/{id}/statement",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto id = id_param(req, "id");
          const Page page = page_params(req);
          const bool csv = query_string(req, "format", 8).value_or("json") == "csv";
          struct Out {
            storage::Rows rows;
            json::array persons;
          };
          WEILAI_TRY(Out out, app.read<Out>([&](storage::Tx& tx) -> Result<Out> {
            WEILAI_TRY(auto persons, storage::persons_of_household(tx, id));
            if (persons.empty()) return Error::not_found("no household " + std::to_string(id));
            WEILAI_CHECK(person_access(tx, actor, persons.front().id));
            Out o;
            std::vector<std::int64_t> accounts;
            for (const auto& p : persons) {
              auto pj = person_json(p);
              WEILAI_TRY(pj["balances"], balances_of(tx, p.id, app.clock().now_ms()));
              o.persons.push_back(std::move(pj));
              for (Unit u : {Unit::hour, Unit::point}) {
                WEILAI_TRY(auto a, storage::find_account(tx, community::OwnerKind::person, p.id,
                                                         "main", u));
                if (a) accounts.push_back(a->id);
              }
            }
            const std::int64_t before = page.after_id > 0 ? page.after_id : kMaxId;
            WEILAI_TRY(o.rows, storage::statement(tx, accounts, before, csv ? 100000 : page.limit));
            return o;
          }));
          if (csv) return csv_response(out.rows, "household-" + std::to_string(id) + ".csv");
          std::optional<std::string> cursor;
          if (static_cast<int>(out.rows.size()) == page.limit && !out.rows.empty())
            cursor = next_cursor(out.rows.size(), page, out.rows.rows.back().i64(0));
          auto body = page_body(rows_json(out.rows), cursor);
          body["persons"] = std::move(out.persons);
          return json_response(body);
        },
        {"A household's statement: its members' entries and balances",
         "ledger",
         true,
         {"format", "limit", "cursor"},
         "",
         {404}});

  r.add("POST", "/api/v1/ledger/transactions/{id}/reverse",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::ledger_manage));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          return idempotent_post(
              app, req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                JsonFields f(body);
                WEILAI_CHECK(f.only({"reason"}));
                WEILAI_TRY(std::string reason, f.string("reason", 500));
                WEILAI_TRY(auto t, storage::get_transaction(tx, id));
                const auto& row = t.front();
                WEILAI_CHECK(community_allowed(tx, actor, row.i64(2), {Action::ledger_manage}));
                const std::string kind = row.text(1);
                if (kind == "transfer")
                  return Error{ErrorCode::failed_precondition, "transfers are irrevocable", "/"};
                if (kind == "award")
                  return Error{ErrorCode::failed_precondition,
                               "revoke point awards through their award", "/"};
                if (kind == "redeem" || kind == "donation" || kind == "expense")
                  return Error{ErrorCode::failed_precondition,
                               "this kind of transaction is corrected by its own workflow", "/"};
                WEILAI_TRY(auto rid, storage::reverse(tx, id, reason, actor.account_id,
                                                      app.clock().now_ms()));
                json::object out{{"tx_id", rid}, {"reverses_id", id}, {"reason", reason}};
                ch.record("ledger.reverse", "ledger_transaction", std::to_string(id), out);
                return out;
              });
        },
        {"Reverse a posted transaction (a new transaction pointing to the original)",
         "ledger",
         true,
         {},
         "{reason} + Idempotency-Key header",
         {400, 404, 409, 422}});

  r.add("GET", "/api/v1/ledger/verify",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::audit_read));
          WEILAI_TRY(auto rep, storage::verify_ledger(app.db()));
          json::object sums;
          for (const auto& [u, s] : rep.unit_sums) sums[community::unit_code(u)] = s;
          json::array problems;
          for (const auto& p : rep.problems) problems.push_back(json::string(p));
          return json_response(json::object{{"ok", rep.ok},
                                            {"accounts", rep.accounts},
                                            {"transactions", rep.transactions},
                                            {"unit_sums", std::move(sums)},
                                            {"problems", std::move(problems)}});
        },
        {"Check every cached balance against its entries and every unit's sum", "ledger"});

  // ---- time bank: settings and relations ----
  r.add("GET", "/api/v1/timebank/settings/{community_id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto cid = id_param(req, "community_id");
          WEILAI_TRY(auto p, app.read<community::TimeBankPolicy>(
                                 [&](storage::Tx& tx) -> Result<community::TimeBankPolicy> {
                                   WEILAI_CHECK(community_allowed(
                                       tx, actor, cid, {Action::ledger_own, Action::ledger_proxy}));
                                   return storage::load_policy(tx, cid);
                                 }));
          auto body = policy_json(p);
          body["community_id"] = cid;
          return json_response(body);
        },
        {"A community's time-bank and points policy", "timebank", true, {}, "", {404}});

  r.add(
      "PUT", "/api/v1/timebank/settings/{community_id}",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::ledger_manage));
        const auto cid = id_param(req, "community_id");
        const auto body = parse_json_object(req);
        JsonFields f(body);
        WEILAI_CHECK(f.only({"daily_cap_minutes", "storage_cap_minutes", "starter_grant_minutes",
                             "spend_min_age", "transfer_annual_cap_minutes", "hour_expiry_days",
                             "point_expiry_days", "service_points"}));
        community::TimeBankPolicy p;
        WEILAI_TRY(p.daily_cap_minutes, f.integer("daily_cap_minutes", 0, 24 * 60));
        WEILAI_TRY(p.storage_cap_minutes, f.integer("storage_cap_minutes", 0, 10'000'000));
        WEILAI_TRY(p.starter_grant_minutes, f.integer("starter_grant_minutes", 0, 10'000'000));
        WEILAI_TRY(p.spend_min_age, f.integer("spend_min_age", 0, 120));
        WEILAI_TRY(p.transfer_annual_cap_minutes,
                   f.integer("transfer_annual_cap_minutes", 0, 10'000'000));
        WEILAI_TRY(p.hour_expiry_days, f.optional_integer("hour_expiry_days", 0, 36500));
        WEILAI_TRY(p.point_expiry_days, f.optional_integer("point_expiry_days", 0, 36500));
        WEILAI_TRY(auto sp, f.optional_integer("service_points", 0, 1000));
        p.service_points = sp.value_or(0);
        WEILAI_CHECK(community::validate_policy(p));
        WEILAI_CHECK(app.write<bool>(req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<bool> {
          WEILAI_CHECK(community_allowed(tx, actor, cid, {Action::ledger_manage}));
          WEILAI_CHECK(storage::save_policy(tx, cid, p, app.clock().now_ms()));
          ch.record("timebank.settings", "community", std::to_string(cid), policy_json(p));
          return true;
        }));
        auto out = policy_json(p);
        out["community_id"] = cid;
        return json_response(out);
      },
      {"Set a community's caps, age rule, starter grant and expiry",
       "timebank",
       true,
       {},
       "{daily_cap_minutes, storage_cap_minutes, starter_grant_minutes, spend_min_age, "
       "transfer_annual_cap_minutes, hour_expiry_days?, point_expiry_days?, service_points?}",
       {404, 422}});

  r.add("POST", "/api/v1/timebank/relations",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::ledger_proxy));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"person_id", "relative_id", "relation"}));
          WEILAI_TRY(auto a, f.integer("person_id", 1, kMaxId));
          WEILAI_TRY(auto b, f.integer("relative_id", 1, kMaxId));
          WEILAI_TRY(auto rel, f.string("relation", 16));
          if (a == b) return Error::invalid("a person is not their own relative", "/relative_id");
          WEILAI_TRY(auto out,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           WEILAI_TRY(auto pa, person_access(tx, actor, a));
                           WEILAI_TRY(auto pb, storage::get_person(tx, b));
                           if (!pa.proxy) return Error::denied("relations are registered by staff");
                           WEILAI_CHECK(storage::add_relation(tx, a, b, rel, *actor.account_id,
                                                              app.clock().now_ms()));
                           json::object o{{"person_id", a},
                                          {"relative_id", b},
                                          {"relation", rel},
                                          {"relative_name", pb.name}};
                           ch.record("timebank.relation_add", "person", std::to_string(a), o);
                           return o;
                         }));
          return json_response(out, 201);
        },
        {"Register a lineal relative (both ways round); staff only",
         "timebank",
         true,
         {},
         "{person_id, relative_id, relation: parent|child|grandparent|grandchild|spouse}",
         {404, 409, 422}});

  r.add("GET", "/api/v1/timebank/persons/{id}/relations",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto out, app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
            WEILAI_TRY(auto access, person_access(tx, actor, id));
            WEILAI_TRY(auto rows, storage::relations_of(tx, id));
            WEILAI_TRY(auto household,
                       storage::persons_of_household(tx, access.person.household_id));
            json::array hh;
            for (const auto& p : household)
              if (p.id != id) hh.push_back(person_json(p));
            return json::object{{"relations", rows_json(rows)}, {"household", std::move(hh)}};
          }));
          return json_response(out);
        },
        {"Whom a person may transfer hours to: household members and registered relatives",
         "timebank",
         true,
         {},
         "",
         {404}});

  // ---- time bank: services ----
  r.add("POST", "/api/v1/timebank/services",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"kind", "category", "title", "place", "window_start", "window_end",
                               "person_id", "pay_with_hours"}));
          storage::Service s;
          WEILAI_TRY(s.kind, f.string("kind", 8));
          if (s.kind != "request" && s.kind != "offer")
            return Error::invalid("kind: request or offer", "/kind");
          WEILAI_TRY(s.category, f.string("category", 32));
          if (std::find(categories().begin(), categories().end(), s.category) == categories().end())
            return Error::invalid("unknown category", "/category");
          WEILAI_TRY(s.title, f.string("title", 200));
          WEILAI_TRY(auto place, f.optional_string("place", 200));
          s.place = place.value_or("");
          WEILAI_TRY(s.window_start, f.integer("window_start", 0, std::int64_t{1} << 50));
          WEILAI_TRY(s.window_end, f.integer("window_end", 0, std::int64_t{1} << 50));
          if (s.window_end <= s.window_start)
            return Error::invalid("the window ends after it starts", "/window_end");
          WEILAI_TRY(auto person, f.integer("person_id", 1, kMaxId));
          WEILAI_TRY(auto pay, f.optional_boolean("pay_with_hours"));
          s.pay_with_hours = pay.value_or(false) && s.kind == "request";
          WEILAI_TRY(auto out,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           WEILAI_TRY(auto access, person_access(tx, actor, person));
                           const auto now = app.clock().now_ms();
                           s.community_id = access.person.community_id;
                           if (s.kind == "request") {
                             s.for_person_id = person;
                           } else {
                             s.volunteer_person_id = person;
                             s.volunteer_account_id = actor.account_id;
                           }
                           s.status = "open";
                           s.created_by = actor.account_id;
                           if (access.proxy) s.proxy_by = actor.account_id;
                           s.created_at = now;
                           WEILAI_TRY(s.id, storage::insert_service(tx, s));
                           WEILAI_TRY(auto stored, storage::get_service(tx, s.id));
                           auto o = service_json(stored);
                           ch.record("timebank.service_create", "timebank_service",
                                     std::to_string(s.id), o);
                           return o;
                         }));
          return json_response(out, 201);
        },
        {"Ask for help (request, for whom) or offer help (offer, by whom); staff may act as proxy",
         "timebank",
         true,
         {},
         "{kind, category, title, place?, window_start, window_end, person_id, pay_with_hours?}",
         {404, 422}});

  r.add("GET", "/api/v1/timebank/services",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const Page page = page_params(req);
          auto cid = query_int(req, "community_id", 1, kMaxId);
          const auto status = query_string(req, "status", 16);
          const auto person = query_int(req, "person_id", 1, kMaxId);
          WEILAI_TRY(
              auto rows, app.read<storage::Rows>([&](storage::Tx& tx) -> Result<storage::Rows> {
                if (!cid) {
                  // Residents: their household's community; staff: their grant's community.
                  if (!actor.household_ids.empty()) {
                    WEILAI_TRY(auto ps,
                               storage::persons_of_household(tx, actor.household_ids.front()));
                    if (!ps.empty()) cid = ps.front().community_id;
                  }
                  for (const auto& g : actor.grants) {
                    if (cid) break;
                    if (g.org_unit_kind == "community") cid = g.org_unit_id;
                    if (g.org_unit_kind == "grid") {
                      WEILAI_TRY(auto u, storage::get_org_unit(tx, g.org_unit_id));
                      cid = u.parent_id;
                    }
                  }
                }
                if (!cid) return Error::invalid("community_id is required", "?community_id");
                WEILAI_CHECK(
                    community_allowed(tx, actor, *cid, {Action::ledger_own, Action::ledger_proxy}));
                return storage::list_services(tx, *cid, status, person, page.after_id, page.limit);
              }));
          return json_response(page_body(
              rows_json(rows),
              next_cursor(rows.size(), page, rows.empty() ? 0 : rows.rows.back().i64(0))));
        },
        {"Service requests and offers of a community",
         "timebank",
         true,
         {"community_id", "status", "person_id", "limit", "cursor"}});

  r.add("GET", "/api/v1/timebank/services/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto s,
                     app.read<storage::Service>([&](storage::Tx& tx) -> Result<storage::Service> {
                       WEILAI_TRY(auto found, storage::get_service(tx, id));
                       WEILAI_CHECK(community_allowed(tx, actor, found.community_id,
                                                      {Action::ledger_own, Action::ledger_proxy}));
                       return found;
                     }));
          return json_response(service_json(s));
        },
        {"One service request or offer", "timebank", true, {}, "", {404}});

  // Transitions share one shape: load, check, change, record.
  using Step = std::function<Status(storage::Tx&, const identity::Actor&, storage::Service&,
                                    const json::object&, Changes&)>;
  auto transition = [&app, &r](const std::string& verb, const std::string& summary,
                               const std::string& body_doc, Step step) {
    r.add(
        "POST", "/api/v1/timebank/services/{id}/" + verb,
        [&app, verb, step](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          WEILAI_TRY(
              auto out,
              app.write<json::object>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                    WEILAI_TRY(auto s, storage::get_service(tx, id));
                    WEILAI_CHECK(community_allowed(tx, actor, s.community_id,
                                                   {Action::ledger_own, Action::ledger_proxy}));
                    const std::string from = s.status;
                    WEILAI_CHECK(step(tx, actor, s, body, ch));
                    WEILAI_CHECK(storage::update_service(tx, s, from));
                    WEILAI_TRY(auto stored, storage::get_service(tx, id));
                    auto o = service_json(stored);
                    ch.record("timebank.service_" + verb, "timebank_service", std::to_string(id),
                              o);
                    return o;
                  }));
          return json_response(out);
        },
        {summary, "timebank", true, {}, body_doc, {404, 409, 422}});
  };

  transition("take",
             "Take a request as volunteer (person_id: who serves) or book an offer "
             "(person_id: who is served)",
             "{person_id}",
             [](storage::Tx& tx, const identity::Actor& actor, storage::Service& s,
                const json::object& body, Changes&) -> Status {
               JsonFields f(body);
               WEILAI_CHECK(f.only({"person_id"}));
               WEILAI_TRY(auto person, f.integer("person_id", 1, kMaxId));
               if (s.status != "open") return Error::conflict("the service is " + s.status);
               WEILAI_TRY(auto access, person_access(tx, actor, person));
               if (access.person.community_id != s.community_id)
                 return Error::invalid("the person lives in another community", "/person_id");
               if (s.kind == "request") {
                 if (s.for_person_id == person)
                   return Error::invalid("nobody serves themselves", "/person_id");
                 s.volunteer_person_id = person;
                 s.volunteer_account_id = actor.account_id;
               } else {
                 if (s.volunteer_person_id == person)
                   return Error::invalid("nobody serves themselves", "/person_id");
                 s.for_person_id = person;
               }
               s.status = "taken";
               return {};
             });

  auto volunteer_check = [](storage::Tx& tx, const identity::Actor& actor,
                            const storage::Service& s) -> Status {
    if (!s.volunteer_person_id) return Error::conflict("no volunteer yet");
    WEILAI_TRY(auto access, person_access(tx, actor, *s.volunteer_person_id));
    (void)access;
    return {};
  };

  transition(
      "check-in", "The volunteer checks in (optional geotag)", "{lat?, lon?}",
      [&app, volunteer_check](storage::Tx& tx, const identity::Actor& actor, storage::Service& s,
                              const json::object& body, Changes&) -> Status {
        JsonFields f(body);
        WEILAI_CHECK(f.only({"lat", "lon"}));
        if (s.status != "taken") return Error::conflict("the service is " + s.status);
        WEILAI_CHECK(volunteer_check(tx, actor, s));
        Status st;
        s.check_in_lat = opt_coord(f, body, "lat", 90, st);
        s.check_in_lon = opt_coord(f, body, "lon", 180, st);
        WEILAI_CHECK(st);
        s.check_in_at = app.clock().now_ms();
        s.status = "checked_in";
        return {};
      });

  transition(
      "check-out",
      "The volunteer checks out; minutes default to the time on site in half-hour steps",
      "{lat?, lon?, minutes?}",
      [&app, volunteer_check](storage::Tx& tx, const identity::Actor& actor, storage::Service& s,
                              const json::object& body, Changes&) -> Status {
        JsonFields f(body);
        WEILAI_CHECK(f.only({"lat", "lon", "minutes"}));
        if (s.status != "checked_in") return Error::conflict("the service is " + s.status);
        WEILAI_CHECK(volunteer_check(tx, actor, s));
        Status st;
        s.check_out_lat = opt_coord(f, body, "lat", 90, st);
        s.check_out_lon = opt_coord(f, body, "lon", 180, st);
        WEILAI_CHECK(st);
        s.check_out_at = app.clock().now_ms();
        WEILAI_TRY(auto minutes, f.optional_integer("minutes", 0, 24 * 60));
        if (minutes) {
          WEILAI_CHECK(community::validate_minutes(*minutes, "/minutes", 8 * 60));
          s.minutes = *minutes;
        } else {
          s.minutes = community::service_minutes(*s.check_in_at, *s.check_out_at);
        }
        s.status = "checked_out";
        return {};
      });

  transition("cancel", "Cancel a service that is not yet checked in", "{}",
             [](storage::Tx& tx, const identity::Actor& actor, storage::Service& s,
                const json::object& body, Changes&) -> Status {
               JsonFields f(body);
               WEILAI_CHECK(f.only({}));
               if (s.status != "open" && s.status != "taken")
                 return Error::conflict("the service is " + s.status);
               const auto who = s.kind == "request" ? s.for_person_id : s.volunteer_person_id;
               if (!who) return Error::conflict("nobody to cancel for");
               WEILAI_CHECK(person_access(tx, actor, *who));
               s.status = "cancelled";
               return {};
             });

  r.add("POST", "/api/v1/timebank/services/{id}/confirm",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          return idempotent_post(
              app, req, actor,
              [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                JsonFields f(body);
                WEILAI_CHECK(f.only({}));
                const auto now = app.clock().now_ms();
                WEILAI_TRY(auto s, storage::get_service(tx, id));
                if (s.status != "checked_out")
                  return Error::conflict("only a checked-out service can be confirmed (it is " +
                                         s.status + ")");
                WEILAI_TRY(auto served, storage::get_person(tx, *s.for_person_id));
                WEILAI_TRY(auto volunteer, storage::get_person(tx, *s.volunteer_person_id));
                community::ConfirmFacts facts;
                facts.confirmer_account = *actor.account_id;
                facts.volunteer_account =
                    volunteer.account_id ? volunteer.account_id : s.volunteer_account_id;
                if (s.volunteer_account_id && *s.volunteer_account_id == *actor.account_id)
                  facts.volunteer_account = actor.account_id;
                facts.served_account = served.account_id;
                facts.confirmer_in_served_household =
                    std::find(actor.household_ids.begin(), actor.household_ids.end(),
                              served.household_id) != actor.household_ids.end();
                identity::Resource staff;
                WEILAI_TRY(
                    staff.org_path,
                    storage::org_path(tx, served.grid_id ? *served.grid_id : served.community_id));
                facts.confirmer_is_grid_proxy =
                    static_cast<bool>(identity::authorize(actor, Action::ledger_proxy, staff));
                WEILAI_TRY(auto as, community::confirm_role(facts));
                WEILAI_TRY(auto policy, storage::load_policy(tx, s.community_id));
                const std::int64_t minutes = *s.minutes;
                WEILAI_TRY(auto vacc, hour_account(tx, volunteer, policy, now, ch));
                std::int64_t payer = 0;
                if (s.pay_with_hours) {
                  WEILAI_CHECK(community::check_spend_age(policy, served.birth_year, now));
                  WEILAI_TRY(payer, hour_account(tx, served, policy, now, ch));
                } else {
                  WEILAI_TRY(payer, storage::system_account(tx, s.community_id, "reserve",
                                                            Unit::hour, now));
                }
                // Both rows locked before the caps are read: read-then-post stays atomic.
                WEILAI_CHECK(storage::lock_accounts(tx, {vacc, payer}));
                if (s.pay_with_hours) {
                  WEILAI_CHECK(spend_hours(tx, payer, *s.minutes, now));
                }
                WEILAI_TRY(auto today, storage::flow_since(tx, vacc, "service_credit",
                                                           community::china_day_start(now), false));
                WEILAI_TRY(auto vstate, storage::get_ledger_account(tx, vacc));
                WEILAI_CHECK(community::check_credit(policy, today, vstate.balance, minutes));
                community::Posting p;
                p.community_id = s.community_id;
                p.kind = "service_credit";
                p.ref_type = "timebank_service";
                p.ref_id = s.id;
                p.actor_id = actor.account_id;
                p.proxy = as == community::ConfirmAs::proxy;
                p.memo = s.title;
                std::optional<std::int64_t> expires;
                if (policy.hour_expiry_days)
                  expires = now + *policy.hour_expiry_days * 24LL * 3600 * 1000;
                p.entries = {{payer, Unit::hour, -minutes, std::nullopt},
                             {vacc, Unit::hour, minutes, expires}};
                WEILAI_TRY(auto txid, storage::post(tx, p, now));
                if (expires) {
                  WEILAI_CHECK(storage::insert_hour_lot(tx, vacc, txid, minutes, *expires, now));
                }
                const std::string from = s.status;
                s.status = "confirmed";
                s.confirmed_by = actor.account_id;
                s.confirmed_as = community::confirm_code(as);
                s.confirmed_at = now;
                s.credit_tx_id = txid;
                WEILAI_CHECK(storage::update_service(tx, s, from));
                WEILAI_TRY(auto stored, storage::get_service(tx, id));
                auto o = service_json(stored);
                ch.record("timebank.service_confirm", "timebank_service", std::to_string(id), o);
                return o;
              },
              200);
        },
        {"Confirm a checked-out service (the served person, their family or their grid worker as "
         "proxy); credits the volunteer's hours",
         "timebank",
         true,
         {},
         "{} + Idempotency-Key header",
         {400, 404, 409, 422}});

  r.add("POST", "/api/v1/timebank/transfers",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto body = parse_json_object(req);
          return idempotent_post(
              app, req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                JsonFields f(body);
                WEILAI_CHECK(f.only({"from_person_id", "to_person_id", "minutes", "memo"}));
                WEILAI_TRY(auto from, f.integer("from_person_id", 1, kMaxId));
                WEILAI_TRY(auto to, f.integer("to_person_id", 1, kMaxId));
                WEILAI_TRY(auto minutes, f.integer("minutes", 1, 10'000'000));
                WEILAI_TRY(auto memo, f.optional_string("memo", 200));
                WEILAI_CHECK(community::validate_minutes(minutes, "/minutes", 10'000'000));
                const auto now = app.clock().now_ms();
                WEILAI_TRY(auto access, person_access(tx, actor, from));
                auto target = storage::get_person(tx, to);
                if (!target) return Error{ErrorCode::not_found, "no person", "/to_person_id"};
                WEILAI_TRY(auto policy, storage::load_policy(tx, access.person.community_id));
                WEILAI_TRY(auto facc, hour_account(tx, access.person, policy, now, ch));
                WEILAI_TRY(auto tacc, hour_account(tx, *target, policy, now, ch));
                // Both rows locked before the annual cap is read: read-then-post stays atomic.
                WEILAI_CHECK(storage::lock_accounts(tx, {facc, tacc}));
                community::TransferFacts tf;
                tf.from_person = from;
                tf.to_person = to;
                tf.same_household = target->household_id == access.person.household_id;
                WEILAI_TRY(tf.registered_relative, storage::registered_relatives(tx, from, to));
                WEILAI_TRY(tf.sent_this_year,
                           storage::flow_since(tx, facc, "transfer",
                                               community::china_year_start(now), true));
                tf.minutes = minutes;
                WEILAI_CHECK(community::check_transfer(policy, tf));
                WEILAI_TRY(auto tstate, storage::get_ledger_account(tx, tacc));
                if (tstate.balance + minutes > policy.storage_cap_minutes)
                  return Error{ErrorCode::failed_precondition,
                               "the receiver's storage cap would be exceeded", "/minutes"};
                WEILAI_TRY(auto drawn, spend_hours(tx, facc, minutes, now));
                community::Posting p;
                p.kind = "transfer";
                p.community_id = access.person.community_id;
                p.memo = memo.value_or("");
                p.ref_type = "person";
                p.ref_id = to;
                p.actor_id = actor.account_id;
                p.proxy = access.proxy;
                p.entries = {{facc, Unit::hour, -minutes, std::nullopt},
                             {tacc, Unit::hour, minutes, std::nullopt}};
                WEILAI_TRY(auto txid, storage::post(tx, p, now));
                // Transferred hours keep the expiry of the lots they came from.
                for (const auto& d : drawn) {
                  if (d.expires_at) {
                    WEILAI_CHECK(
                        storage::insert_hour_lot(tx, tacc, txid, d.take, *d.expires_at, now));
                  }
                }
                json::object o{{"tx_id", txid},      {"from_person_id", from}, {"to_person_id", to},
                               {"minutes", minutes}, {"proxy", access.proxy},  {"posted_at", now}};
                ch.record("timebank.transfer", "person", std::to_string(from), o);
                return o;
              });
        },
        {"Transfer hours to a household member or registered lineal relative (irrevocable, "
         "annual cap)",
         "timebank",
         true,
         {},
         "{from_person_id, to_person_id, minutes, memo?} + Idempotency-Key header",
         {400, 404, 409, 422}});

  r.add("GET", "/api/v1/timebank/stats/{community_id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::ledger_manage));
          const auto cid = id_param(req, "community_id");
          const bool csv = query_string(req, "format", 8).value_or("json") == "csv";
          struct Out {
            storage::Rows stats;
            storage::Rows services;
          };
          WEILAI_TRY(Out out, app.read<Out>([&](storage::Tx& tx) -> Result<Out> {
            WEILAI_CHECK(community_allowed(tx, actor, cid, {Action::ledger_manage}));
            Out o;
            WEILAI_TRY(o.stats, storage::timebank_stats(tx, cid, app.clock().now_ms()));
            WEILAI_TRY(o.services,
                       storage::query(tx,
                                      "SELECT s.id, s.category, s.title, v.person_name AS "
                                      "volunteer, f.person_name AS served, s.minutes, "
                                      "s.confirmed_as, s.confirmed_at, s.pay_with_hours FROM "
                                      "timebank_services s LEFT JOIN household_members v ON v.id "
                                      "= s.volunteer_person_id LEFT JOIN household_members f ON "
                                      "f.id = s.for_person_id WHERE s.community_id = $1 AND "
                                      "s.status = 'confirmed' ORDER BY s.id",
                                      {cid}));
            return o;
          }));
          if (csv) return csv_response(out.services, "timebank-" + std::to_string(cid) + ".csv");
          auto body = row_json(out.stats, 0);
          const auto last = body["last_exchange_at"];
          body["days_since_last_exchange"] =
              last.is_int64()
                  ? json::value((app.clock().now_ms() - last.as_int64()) / (24LL * 3600 * 1000))
                  : json::value(nullptr);
          body["community_id"] = cid;
          return json_response(body);
        },
        {"Time-bank statistics of a community; format=csv exports the confirmed services",
         "timebank",
         true,
         {"format"},
         "",
         {404}});
}

}  // namespace weilai::http
