// Community ledgers, part 2: points (积分换服务、服务换积分). Earning rules are versioned data;
// each award records its rule version and draws on the programme's budget account; awards are
// revoked by a reversal with a reason; the catalogue has stock and per-person limits; a
// redemption draws from the oldest-expiring awards first and never from expired ones.
#include <boost/json.hpp>

#include "community/points.hpp"
#include "http/json_io.hpp"
#include "http/ledger_common.hpp"
#include "http/problem.hpp"
#include "storage/org_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using community::Unit;
using identity::Action;

namespace {

json::object rule_json(const storage::PointRule& r) {
  return {
      {"id", r.id},
      {"community_id", r.community_id},
      {"code", r.code},
      {"version", r.version},
      {"act", r.act},
      {"points", r.points},
      {"cap_per_person", r.cap_per_person ? json::value(*r.cap_per_person) : json::value(nullptr)},
      {"cap_period", r.cap_period},
      {"programme", r.programme},
      {"budget", r.budget},
      {"active", r.active}};
}

std::int64_t required_community(const Request& req) {
  auto cid = query_int(req, "community_id", 1, kMaxId);
  if (!cid) throw Problem(400, "invalid_query", "community_id is required", "?community_id");
  return *cid;
}

constexpr std::initializer_list<Action> kCommunityReaders{
    Action::ledger_own, Action::ledger_proxy, Action::ledger_manage, Action::points_award};
}  // namespace

void add_points_routes(App& app) {
  auto& r = app.router();

  r.add("GET", "/api/v1/points/rules",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, kCommunityReaders));
          const auto cid = required_community(req);
          const bool history = query_string(req, "history", 8).value_or("") == "1";
          WEILAI_TRY(auto rows,
                     app.read<storage::Rows>([&](storage::Tx& tx) -> Result<storage::Rows> {
                       WEILAI_CHECK(community_allowed(tx, actor, cid, kCommunityReaders));
                       return storage::list_rules(tx, cid, history);
                     }));
          return json_response(json::object{{"items", rows_json(rows)}, {"next_cursor", nullptr}});
        },
        {"Earning rules of a community (active versions; history=1 for all)",
         "points",
         true,
         {"community_id", "history"}});

  r.add("POST", "/api/v1/points/rules",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::ledger_manage));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"community_id", "code", "act", "points", "cap_per_person",
                               "cap_period", "programme", "budget"}));
          storage::PointRule rule;
          WEILAI_TRY(rule.community_id, f.integer("community_id", 1, kMaxId));
          WEILAI_TRY(rule.code, f.string("code", 40));
          WEILAI_TRY(rule.act, f.string("act", 200));
          WEILAI_TRY(rule.points, f.integer("points", 1, 100000));
          WEILAI_TRY(rule.cap_per_person, f.optional_integer("cap_per_person", 1, 10'000'000));
          WEILAI_TRY(auto period, f.optional_string("cap_period", 8));
          rule.cap_period = period.value_or("month");
          if (!community::parse_period(rule.cap_period))
            return Error::invalid("cap_period: day, month or year", "/cap_period");
          WEILAI_TRY(rule.programme, f.string("programme", 40));
          WEILAI_TRY(rule.budget, f.integer("budget", 0, 1'000'000'000));
          WEILAI_TRY(
              auto out,
              app.write<json::object>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                    WEILAI_CHECK(
                        community_allowed(tx, actor, rule.community_id, {Action::ledger_manage}));
                    const auto now = app.clock().now_ms();
                    WEILAI_TRY(auto added, storage::add_rule_version(tx, rule, now));
                    // The programme's budget is its account's lower limit.
                    WEILAI_TRY(auto acc, storage::ensure_account(
                                             tx, community::OwnerKind::system, rule.community_id,
                                             "programme:" + rule.programme, Unit::point,
                                             rule.community_id, -rule.budget, now));
                    WEILAI_CHECK(storage::set_lower_limit(tx, acc.id, -rule.budget));
                    auto o = rule_json(added);
                    ch.record("points.rule_version", "point_rule", std::to_string(added.id), o);
                    return o;
                  }));
          return json_response(out, 201);
        },
        {"Add a rule, or the next version of a rule code (older versions retire)",
         "points",
         true,
         {},
         "{community_id, code, act, points, cap_per_person?, cap_period?, programme, budget}",
         {409, 422}});

  r.add("POST", "/api/v1/points/awards",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::points_award));
          const auto body = parse_json_object(req);
          return idempotent_post(
              app, req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                JsonFields f(body);
                WEILAI_CHECK(f.only({"rule_id", "person_id", "note"}));
                WEILAI_TRY(auto rule_id, f.integer("rule_id", 1, kMaxId));
                WEILAI_TRY(auto person_id, f.integer("person_id", 1, kMaxId));
                WEILAI_TRY(auto note, f.optional_string("note", 200));
                const auto now = app.clock().now_ms();
                WEILAI_TRY(auto rule, storage::get_rule(tx, rule_id));
                if (!rule.active)
                  return Error{ErrorCode::failed_precondition, "this rule version is retired",
                               "/rule_id"};
                WEILAI_TRY(auto access, person_access(tx, actor, person_id));
                if (!access.proxy) return Error::denied("points are awarded by staff");
                if (access.person.community_id != rule.community_id)
                  return Error::invalid("the person lives in another community", "/person_id");
                WEILAI_TRY(auto pacc, storage::person_account(tx, person_id, rule.community_id,
                                                              Unit::point, now));
                WEILAI_TRY(auto budget, storage::ensure_account(
                                            tx, community::OwnerKind::system, rule.community_id,
                                            "programme:" + rule.programme, Unit::point,
                                            rule.community_id, -rule.budget, now));
                // Both rows locked before the cap is read: read-then-post stays atomic.
                WEILAI_CHECK(storage::lock_accounts(tx, {pacc.id, budget.id}));
                WEILAI_TRY(auto earned, storage::earned_since(
                                            tx, person_id, rule.community_id, rule.code,
                                            community::period_start(
                                                *community::parse_period(rule.cap_period), now)));
                WEILAI_CHECK(community::check_award_cap(rule.cap_per_person, earned, rule.points));
                WEILAI_TRY(auto policy, storage::load_policy(tx, rule.community_id));
                std::optional<std::int64_t> expires;
                if (policy.point_expiry_days)
                  expires = now + *policy.point_expiry_days * 24LL * 3600 * 1000;
                community::Posting p;
                p.kind = "award";
                p.community_id = rule.community_id;
                p.memo = rule.act;
                p.ref_type = "point_rule";
                p.ref_id = rule.id;
                p.actor_id = actor.account_id;
                p.entries = {{budget.id, Unit::point, -rule.points, std::nullopt},
                             {pacc.id, Unit::point, rule.points, expires}};
                auto txid = storage::post(tx, p, now);
                if (!txid && txid.error().code == ErrorCode::failed_precondition)
                  return Error{ErrorCode::failed_precondition, "the programme's budget is used up",
                               "/rule_id"};
                if (!txid) return txid.error();
                storage::PointAward a;
                a.community_id = rule.community_id;
                a.rule_id = rule.id;
                a.person_id = person_id;
                a.points = rule.points;
                a.tx_id = *txid;
                a.expires_at = expires;
                WEILAI_TRY(auto award_id, storage::insert_award(tx, a, note.value_or(""), now));
                json::object o{
                    {"id", award_id},
                    {"tx_id", *txid},
                    {"rule_id", rule.id},
                    {"rule_version", rule.version},
                    {"person_id", person_id},
                    {"points", rule.points},
                    {"expires_at", expires ? json::value(*expires) : json::value(nullptr)}};
                ch.record("points.award", "point_award", std::to_string(award_id), o);
                return o;
              });
        },
        {"Award points under a rule version (staff; caps per person and period, programme budget)",
         "points",
         true,
         {},
         "{rule_id, person_id, note?} + Idempotency-Key header",
         {400, 404, 409, 422}});

  r.add("GET", "/api/v1/points/awards",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::points_award));
          const auto cid = required_community(req);
          const auto person = query_int(req, "person_id", 1, kMaxId);
          const Page page = page_params(req);
          WEILAI_TRY(auto rows,
                     app.read<storage::Rows>([&](storage::Tx& tx) -> Result<storage::Rows> {
                       WEILAI_CHECK(community_allowed(tx, actor, cid, {Action::points_award}));
                       return storage::list_awards(tx, cid, person, page.after_id, page.limit);
                     }));
          return json_response(page_body(
              rows_json(rows),
              next_cursor(rows.size(), page, rows.empty() ? 0 : rows.rows.back().i64(0))));
        },
        {"Point awards of a community (staff)",
         "points",
         true,
         {"community_id", "person_id", "limit", "cursor"}});

  r.add("POST", "/api/v1/points/awards/{id}/revoke",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::points_award));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          return idempotent_post(
              app, req, actor,
              [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                JsonFields f(body);
                WEILAI_CHECK(f.only({"reason"}));
                WEILAI_TRY(auto reason, f.string("reason", 500));
                WEILAI_TRY(auto award, storage::get_award(tx, id));
                WEILAI_TRY(auto access, person_access(tx, actor, award.person_id));
                if (!access.proxy) return Error::denied("awards are revoked by staff");
                if (award.revoked_tx_id) return Error::conflict("the award is already revoked");
                if (award.remaining != award.points)
                  return Error{ErrorCode::failed_precondition,
                               "some of these points were already spent", "/"};
                WEILAI_TRY(auto rtx, storage::reverse(tx, award.tx_id, reason, actor.account_id,
                                                      app.clock().now_ms()));
                WEILAI_CHECK(storage::mark_revoked(tx, id, rtx, reason));
                json::object o{
                    {"award_id", id}, {"tx_id", rtx}, {"reason", reason}, {"points", award.points}};
                ch.record("points.revoke", "point_award", std::to_string(id), o);
                return o;
              },
              200);
        },
        {"Revoke an award with a reason (a reversal pointing to the award's transaction)",
         "points",
         true,
         {},
         "{reason} + Idempotency-Key header",
         {400, 404, 409, 422}});

  r.add("GET", "/api/v1/points/catalogue",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, kCommunityReaders));
          const auto cid = required_community(req);
          const bool all = query_string(req, "all", 8).value_or("") == "1";
          WEILAI_TRY(auto rows,
                     app.read<storage::Rows>([&](storage::Tx& tx) -> Result<storage::Rows> {
                       WEILAI_CHECK(community_allowed(tx, actor, cid, kCommunityReaders));
                       return storage::list_items(tx, cid, all);
                     }));
          return json_response(json::object{{"items", rows_json(rows)}, {"next_cursor", nullptr}});
        },
        {"The redemption catalogue of a community", "points", true, {"community_id", "all"}});

  r.add("POST", "/api/v1/points/catalogue",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::ledger_manage));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(
              f.only({"community_id", "name", "kind", "points", "stock", "per_person_limit"}));
          storage::CatalogueItem item;
          WEILAI_TRY(item.community_id, f.integer("community_id", 1, kMaxId));
          WEILAI_TRY(item.name, f.string("name", 100));
          WEILAI_TRY(item.kind, f.string("kind", 8));
          if (item.kind != "service" && item.kind != "goods" && item.kind != "space")
            return Error::invalid("kind: service, goods or space", "/kind");
          WEILAI_TRY(item.points, f.integer("points", 1, 1'000'000));
          WEILAI_TRY(item.stock, f.integer("stock", 0, 1'000'000));
          WEILAI_TRY(item.per_person_limit, f.optional_integer("per_person_limit", 1, 1000));
          WEILAI_TRY(
              auto out,
              app.write<json::object>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                    WEILAI_CHECK(
                        community_allowed(tx, actor, item.community_id, {Action::ledger_manage}));
                    WEILAI_TRY(item.id, storage::insert_item(tx, item, app.clock().now_ms()));
                    json::object o{{"id", item.id},       {"name", item.name},
                                   {"kind", item.kind},   {"points", item.points},
                                   {"stock", item.stock}, {"version", 1}};
                    ch.record("points.catalogue_add", "point_item", std::to_string(item.id), o);
                    return o;
                  }));
          return json_response(out, 201);
        },
        {"Add a catalogue item (service, goods or space booking)",
         "points",
         true,
         {},
         "{community_id, name, kind, points, stock, per_person_limit?}",
         {422}});

  r.add("PATCH", "/api/v1/points/catalogue/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::ledger_manage));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"points", "stock", "active", "version"}));
          WEILAI_TRY(auto points, f.optional_integer("points", 1, 1'000'000));
          WEILAI_TRY(auto stock, f.optional_integer("stock", 0, 1'000'000));
          WEILAI_TRY(auto active, f.optional_boolean("active"));
          WEILAI_TRY(auto version, f.integer("version", 1, kMaxId));
          WEILAI_TRY(
              auto out,
              app.write<json::object>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                    WEILAI_TRY(auto item, storage::get_item(tx, id));
                    WEILAI_CHECK(
                        community_allowed(tx, actor, item.community_id, {Action::ledger_manage}));
                    item.version = version;
                    if (points) item.points = *points;
                    if (stock) item.stock = *stock;
                    if (active) item.active = *active;
                    WEILAI_CHECK(storage::update_item(tx, item));
                    json::object o{{"id", id},
                                   {"points", item.points},
                                   {"stock", item.stock},
                                   {"active", item.active},
                                   {"version", version + 1}};
                    ch.record("points.catalogue_update", "point_item", std::to_string(id), o);
                    return o;
                  }));
          return json_response(out);
        },
        {"Change an item's points, stock or availability (send the version you read)",
         "points",
         true,
         {},
         "{points?, stock?, active?, version}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/points/redemptions",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto body = parse_json_object(req);
          return idempotent_post(
              app, req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                JsonFields f(body);
                WEILAI_CHECK(f.only({"item_id", "person_id"}));
                WEILAI_TRY(auto item_id, f.integer("item_id", 1, kMaxId));
                WEILAI_TRY(auto person_id, f.integer("person_id", 1, kMaxId));
                const auto now = app.clock().now_ms();
                WEILAI_TRY(auto access, person_access(tx, actor, person_id));
                WEILAI_TRY(auto item, storage::get_item(tx, item_id));
                if (item.community_id != access.person.community_id || !item.active)
                  return Error{ErrorCode::not_found, "no such item here", "/item_id"};
                WEILAI_TRY(auto pacc, storage::person_account(tx, person_id, item.community_id,
                                                              Unit::point, now));
                WEILAI_TRY(auto sink, storage::system_account(tx, item.community_id, "redeemed",
                                                              Unit::point, now));
                WEILAI_CHECK(storage::lock_accounts(tx, {pacc.id, sink}));
                WEILAI_TRY(auto already, storage::redemptions_of(tx, person_id, item_id));
                WEILAI_CHECK(community::check_redeem(item.per_person_limit, already, item.stock));
                WEILAI_TRY(auto lots_rows, storage::open_lots(tx, person_id));
                std::vector<community::Lot> lots;
                for (const auto& l : lots_rows.rows)
                  lots.push_back({l.i64(0), l.i64(1), l.opt_i64(2)});
                WEILAI_TRY(auto draws, community::draw_lots(lots, item.points, now));
                WEILAI_TRY(bool took, storage::take_stock(tx, item_id));
                if (!took) return Error{ErrorCode::failed_precondition, "out of stock", "/item_id"};
                for (const auto& d : draws)
                  WEILAI_CHECK(storage::take_from_lot(tx, d.award_id, d.take));
                community::Posting p;
                p.kind = "redeem";
                p.community_id = item.community_id;
                p.memo = item.name;
                p.ref_type = "point_item";
                p.ref_id = item_id;
                p.actor_id = actor.account_id;
                p.proxy = access.proxy;
                p.entries = {{pacc.id, Unit::point, -item.points, std::nullopt},
                             {sink, Unit::point, item.points, std::nullopt}};
                WEILAI_TRY(auto txid, storage::post(tx, p, now));
                WEILAI_TRY(auto rid, storage::insert_redemption(tx, item_id, person_id, item.points,
                                                                txid, now));
                json::array drawn;
                for (const auto& d : draws)
                  drawn.push_back(json::object{{"award_id", d.award_id}, {"points", d.take}});
                json::object o{{"id", rid},
                               {"tx_id", txid},
                               {"item_id", item_id},
                               {"item_name", item.name},
                               {"person_id", person_id},
                               {"points", item.points},
                               {"proxy", access.proxy},
                               {"drawn_from", std::move(drawn)}};
                ch.record("points.redeem", "point_redemption", std::to_string(rid), o);
                return o;
              });
        },
        {"Redeem a catalogue item for a person (own household, or staff as proxy)",
         "points",
         true,
         {},
         "{item_id, person_id} + Idempotency-Key header",
         {400, 404, 409, 422}});

  r.add("GET", "/api/v1/points/rankings",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, kCommunityReaders));
          auto unit = query_int(req, "grid_id", 1, kMaxId);
          const auto cid = query_int(req, "community_id", 1, kMaxId);
          if (!unit) unit = cid;
          if (!unit)
            throw Problem(400, "invalid_query", "community_id or grid_id is required",
                          "?community_id");
          WEILAI_TRY(auto rows,
                     app.read<storage::Rows>([&](storage::Tx& tx) -> Result<storage::Rows> {
                       WEILAI_TRY(auto u, storage::get_org_unit(tx, *unit));
                       const std::int64_t community =
                           u.kind == "grid" && u.parent_id ? *u.parent_id : u.id;
                       WEILAI_CHECK(community_allowed(tx, actor, community, kCommunityReaders));
                       return storage::rankings(tx, *unit, 50);
                     }));
          return json_response(json::object{{"items", rows_json(rows)}, {"next_cursor", nullptr}});
        },
        {"Points ranking of a grid or community (persons who opted out are left out)",
         "points",
         true,
         {"community_id", "grid_id"},
         "",
         {404}});

  r.add("PUT", "/api/v1/points/opt-out/{person_id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, {Action::ledger_own, Action::ledger_proxy}));
          const auto id = id_param(req, "person_id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"opt_out"}));
          WEILAI_TRY(auto opt_out, f.optional_boolean("opt_out"));
          if (!opt_out) return Error::invalid("opt_out is required", "/opt_out");
          WEILAI_TRY(
              auto out,
              app.write<json::object>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                    WEILAI_CHECK(person_access(tx, actor, id));
                    WEILAI_CHECK(storage::set_opt_out(tx, id, *opt_out, app.clock().now_ms()));
                    json::object o{{"person_id", id}, {"opt_out", *opt_out}};
                    ch.record("points.ranking_opt_out", "person", std::to_string(id), o);
                    return o;
                  }));
          return json_response(out);
        },
        {"Leave (or rejoin) the points rankings", "points", true, {}, "{opt_out}", {404, 422}});
}

}  // namespace weilai::http
