// "Platform + butler" work orders (平台+管家, issue #8): a resident reports a problem; butlers
// triage, assign, accept, work (pausing while waiting) and finish; the resident confirms or
// reopens; a return visit (回访) records satisfaction. Every step checks the version the caller
// read (409 with `current` when someone acted first), and the SLA clock per category comes from
// the order's status history (community/work_order.hpp).
//
// Second part: transfers between bodies (property company, community committee, hotline) with
// a clock each, paid repairs (quote → accept/decline), photos in the shared blob store,
// categories and SLA targets, preventive schedules, statistics, Open311 API keys. The Open311
// GeoReport v2 endpoints themselves are in open311_routes.cpp.
#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "community/work_order.hpp"
#include "crypto/crypto.hpp"
#include "http/app.hpp"
#include "http/community_scope.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "http/work_order_views.hpp"
#include "storage/blob_store.hpp"
#include "storage/community_store.hpp"
#include "storage/org_store.hpp"
#include "storage/work_order_store.hpp"

namespace weilai::http {
void add_open311_routes(App& app);  // open311_routes.cpp
namespace json = boost::json;
using identity::Action;
namespace cw = community;

namespace {

json::object sla_json(const cw::SlaTarget& t, const cw::SlaState& st) {
  json::object s{
      {"response_minutes", t.response_minutes}, {"resolution_minutes", t.resolution_minutes},
      {"active_minutes", st.active_ms / 60000}, {"response_met", st.response_met},
      {"resolution_met", st.resolution_met},    {"paused", st.paused}};
  s["responded_minutes"] =
      st.responded_active_ms ? json::value(*st.responded_active_ms / 60000) : json::value(nullptr);
  s["resolved_minutes"] =
      st.resolved_active_ms ? json::value(*st.resolved_active_ms / 60000) : json::value(nullptr);
  return s;
}

}  // namespace

std::vector<cw::StatusChange> order_history(const std::vector<storage::WorkOrderEvent>& events) {
  std::vector<cw::StatusChange> history;
  for (const auto& e : events)
    if (auto st = cw::parse_work_order_status(e.to_status))
      history.push_back(
          {e.at, *st, cw::parse_work_order_body(e.body).value_or(cw::WorkOrderBody::property)});
  return history;
}

Result<OrderSla> order_sla(storage::Tx& tx, const storage::WorkOrder& w, std::int64_t now) {
  WEILAI_TRY(auto target, storage::work_order_sla_target(tx, w.category, w.body));
  WEILAI_TRY(auto events, storage::work_order_events(tx, w.id));
  const auto body = cw::parse_work_order_body(w.body).value_or(cw::WorkOrderBody::property);
  return OrderSla{target, cw::sla_state_for(order_history(events), now, target, body).state};
}

json::object order_json(storage::Tx& tx, const storage::WorkOrder& w, std::int64_t now,
                        bool detail) {
  json::object o{{"id", w.id},
                 {"community_id", w.community_id},
                 {"category", w.category},
                 {"description", w.description},
                 {"location", w.location},
                 {"status", w.status},
                 {"body", w.body},
                 {"source", w.source},
                 {"reporter_account_id", w.reporter_account_id},
                 {"return_visit_note", w.return_visit_note},
                 {"created_at", w.created_at},
                 {"updated_at", w.updated_at},
                 {"version", w.version}};
  o["household_id"] = opt_json(w.household_id);
  o["assignee_account_id"] = opt_json(w.assignee_account_id);
  o["satisfaction"] = opt_json(w.satisfaction);
  o["return_visit_by"] = opt_json(w.return_visit_by);
  o["schedule_id"] = opt_json(w.schedule_id);
  o["lon"] = w.lon ? json::value(*w.lon) : json::value(nullptr);
  o["lat"] = w.lat ? json::value(*w.lat) : json::value(nullptr);
  json::object quote{{"status", w.quote_status}, {"note", w.quote_note}};
  quote["amount_cents"] = opt_json(w.quote_cents);
  o["quote"] = std::move(quote);
  auto events = storage::work_order_events(tx, w.id);
  if (!events) return o;
  const auto history = order_history(*events);
  const auto current = cw::parse_work_order_body(w.body).value_or(cw::WorkOrderBody::property);
  if (auto target = storage::work_order_sla_target(tx, w.category, w.body))
    o["sla"] = sla_json(*target, cw::sla_state_for(history, now, *target, current).state);
  if (auto photos = storage::list_work_order_photos(tx, w.id)) {
    json::array ph;
    for (const auto& p : *photos)
      ph.push_back(json::object{{"id", p.id},
                                {"content_type", p.content_type},
                                {"size_bytes", p.size_bytes},
                                {"sha256", p.sha256},
                                {"url", "/api/v1/work-orders/" + std::to_string(w.id) + "/photos/" +
                                            std::to_string(p.id)}});
    o["photos"] = std::move(ph);
  }
  if (detail) {
    json::array ev;
    for (const auto& e : *events) {
      json::object j{{"id", e.id},         {"at", e.at},
                     {"action", e.action}, {"to_status", e.to_status},
                     {"note", e.note},     {"body", e.body}};
      j["actor_account_id"] = opt_json(e.actor_account_id);
      ev.push_back(std::move(j));
    }
    o["events"] = std::move(ev);
    json::array bodies;
    for (auto b :
         {cw::WorkOrderBody::property, cw::WorkOrderBody::committee, cw::WorkOrderBody::hotline}) {
      auto target = storage::work_order_sla_target(tx, w.category, cw::to_string(b));
      if (!target) continue;
      const auto st = cw::sla_state_for(history, now, *target, b);
      if (!st.ever) continue;
      auto j = sla_json(*target, st.state);
      j["body"] = cw::to_string(b);
      j["held"] = st.held;
      bodies.push_back(std::move(j));
    }
    o["body_sla"] = std::move(bodies);
    o["contact"] = w.contact;
  }
  return o;
}

namespace {

json::object target_json(const cw::SlaTarget& t) {
  return {{"response_minutes", t.response_minutes}, {"resolution_minutes", t.resolution_minutes}};
}

// The community a request is about (?community_id or the body's, else the caller's first
// community grant) after checking `action` there; returns its id and org path.
struct Scope {
  std::int64_t community_id = 0;
  std::vector<std::int64_t> path;
};
Result<Scope> community_scope(storage::Tx& tx, const identity::Actor& actor,
                              std::optional<std::int64_t> community_id, Action action) {
  if (!community_id) community_id = default_community(actor);
  if (!community_id) return Error::invalid("community_id is required", "/community_id");
  WEILAI_TRY(auto unit, storage::get_org_unit(tx, *community_id));
  if (unit.kind != "community") return Error::invalid("not a community", "/community_id");
  WEILAI_TRY(auto path, storage::org_path(tx, *community_id));
  identity::Resource res;
  res.org_path = path;
  WEILAI_CHECK(identity::authorize(actor, action, res));
  return Scope{*community_id, std::move(path)};
}

// The image type of the bytes by their signature, or empty.
constexpr std::size_t kMaxPhotoBytes = 5 * 1024 * 1024;
constexpr std::int64_t kMaxPhotos = 6;

json::object schedule_json(const storage::WorkOrderSchedule& s) {
  return {{"id", s.id},
          {"community_id", s.community_id},
          {"category", s.category},
          {"title", s.title},
          {"location", s.location},
          {"interval_days", s.interval_days},
          {"next_due_at", s.next_due_at},
          {"active", s.active},
          {"created_by", s.created_by},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at},
          {"version", s.version}};
}

json::object key_json(const storage::Open311Key& k) {
  json::object o{{"id", k.id},
                 {"label", k.label},
                 {"community_id", k.community_id},
                 {"account_id", k.account_id},
                 {"created_at", k.created_at}};
  o["revoked_at"] = opt_json(k.revoked_at);
  return o;
}

// An optional number member within ±limit (a longitude or latitude).
Result<std::optional<double>> coordinate(const json::object& body, std::string_view key,
                                         double limit) {
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) return std::optional<double>{};
  if (!v->is_number())
    return Error::invalid(std::string(key) + " must be a number", "/" + std::string(key));
  const double d = v->to_number<double>();
  if (!(d >= -limit && d <= limit))
    return Error::invalid(std::string(key) + " is out of range", "/" + std::string(key));
  return std::optional<double>{d};
}

// The reporter, or a handler whose grant covers the order's community.
Status may_see_order(const identity::Actor& actor, const storage::WorkOrder& w,
                     const std::vector<std::int64_t>& path) {
  if (actor.account_id && *actor.account_id == w.reporter_account_id) return {};
  identity::Resource res;
  res.org_path = path;
  return identity::authorize(actor, Action::work_orders_handle, res);
}

Response problem_with_order(App& app, const Error& error, Request& req, std::int64_t id) {
  const auto now = app.clock().now_ms();
  return problem_with_current(
      error, req,
      [&] {
        return app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
          WEILAI_TRY(auto w, storage::get_work_order(tx, id));
          return order_json(tx, w, now, false);
        });
      },
      [](json::object& o) { return std::move(o); });
}

}  // namespace

void add_work_order_routes(App& app) {
  auto& r = app.router();

  r.add("GET", "/api/v1/work-orders/categories",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          (void)actor;
          WEILAI_TRY(auto items, app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
            WEILAI_TRY(auto cats, storage::list_work_order_categories(tx));
            WEILAI_TRY(auto others, storage::list_work_order_sla_targets(tx));
            json::array out;
            for (const auto& c : cats) {
              json::object targets{{"property", target_json(c.target)},
                                   {"committee", target_json(c.target)},
                                   {"hotline", target_json(c.target)}};
              for (const auto& t : others)
                if (t.category == c.code) targets[t.body] = target_json(t.target);
              out.push_back(json::object{{"code", c.code},
                                         {"name_zh", c.name_zh},
                                         {"name_en", c.name_en},
                                         {"response_minutes", c.target.response_minutes},
                                         {"resolution_minutes", c.target.resolution_minutes},
                                         {"targets", std::move(targets)}});
            }
            return out;
          }));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Work-order categories with their SLA targets (response, resolution) per body",
         "work-orders"});

  r.add("POST", "/api/v1/work-orders",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::work_orders_report));
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          WEILAI_TRY(
              auto o,
              app.write<json::object>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                    JsonFields f(body);
                    WEILAI_CHECK(f.only({"category", "description", "location", "lon", "lat"}));
                    storage::WorkOrder w;
                    WEILAI_TRY(w.category, f.string("category", 40));
                    WEILAI_TRY(w.description, f.string("description", 2000));
                    WEILAI_TRY(auto loc, f.optional_string("location", 200));
                    w.location = loc.value_or("");
                    WEILAI_TRY(w.lon, coordinate(body, "lon", 180));
                    WEILAI_TRY(w.lat, coordinate(body, "lat", 90));
                    if (w.lon.has_value() != w.lat.has_value())
                      return Error::invalid("lon and lat come together", w.lon ? "/lat" : "/lon");
                    if (!storage::get_work_order_category(tx, w.category))
                      return Error::invalid("unknown category " + w.category, "/category");
                    if (actor.household_ids.empty())
                      return Error::invalid("you belong to no household", "/location");
                    WEILAI_TRY(auto h, storage::get_household(tx, actor.household_ids.front()));
                    WEILAI_TRY(auto path, storage::org_path(tx, h.community_id));
                    identity::Resource res;
                    res.org_path = path;
                    WEILAI_CHECK(identity::authorize(actor, Action::work_orders_report, res));
                    w.community_id = h.community_id;
                    w.household_id = h.id;
                    w.reporter_account_id = *actor.account_id;
                    w.status = "reported";
                    if (w.location.empty()) w.location = h.building + h.unit + h.room;
                    WEILAI_TRY(w.id, storage::insert_work_order(tx, w, now));
                    WEILAI_CHECK(storage::insert_work_order_event(tx, w.id, now, actor.account_id,
                                                                  "report", "reported", ""));
                    w.created_at = w.updated_at = now;
                    auto out = order_json(tx, w, now, true);
                    ch.record("work_order.report", "work_order", std::to_string(w.id), out);
                    return out;
                  }));
          return json_response(o, 201);
        },
        {"Report a problem (category, description, location) for your household",
         "work-orders",
         true,
         {},
         "{category, description, location?, lon?, lat?}",
         {201, 422}});

  r.add("GET", "/api/v1/work-orders",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          auto community_id = query_int(req, "community_id", 1, kMaxId);
          if (!community_id) community_id = default_community(actor);
          if (!community_id) return Error::invalid("community_id is required", "?community_id");
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto items, app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
            WEILAI_TRY(auto path, storage::org_path(tx, *community_id));
            identity::Resource res;
            res.org_path = path;
            std::vector<storage::WorkOrder> rows;
            if (identity::authorize(actor, Action::work_orders_handle, res)) {
              WEILAI_TRY(rows, storage::list_work_orders(tx, *community_id, std::nullopt, 200));
            } else {
              WEILAI_CHECK(identity::authorize(actor, Action::work_orders_report, res));
              WEILAI_TRY(rows, storage::list_work_orders(tx, std::nullopt, *actor.account_id, 200));
            }
            json::array out;
            for (const auto& w : rows) out.push_back(order_json(tx, w, now, false));
            return out;
          }));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Work orders: a community's queue for its butlers and admin, your own reports for a "
         "resident (newest first, with the SLA state)",
         "work-orders",
         true,
         {"community_id"}});

  r.add("GET", "/api/v1/work-orders/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto o, app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
            WEILAI_TRY(auto w, storage::get_work_order(tx, id));
            WEILAI_TRY(auto path, storage::org_path(tx, w.community_id));
            WEILAI_CHECK(may_see_order(actor, w, path));
            return order_json(tx, w, now, true);
          }));
          return json_response(o);
        },
        {"One work order with its history and SLA state", "work-orders", true, {}, "", {404}});

  r.add("POST", "/api/v1/work-orders/{id}/actions",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          auto done = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto w, storage::get_work_order(tx, id));
                WEILAI_TRY(auto path, storage::org_path(tx, w.community_id));
                WEILAI_CHECK(may_see_order(actor, w, path));
                JsonFields f(body);
                WEILAI_CHECK(
                    f.only({"action", "version", "assignee_id", "note", "body", "amount_cents"}));
                WEILAI_TRY(auto name, f.string("action", 20));
                WEILAI_TRY(auto version, f.integer("version", 1, kMaxId));
                WEILAI_TRY(auto assignee, f.optional_integer("assignee_id", 1, kMaxId));
                WEILAI_TRY(auto note, f.optional_string("note", 1000));
                const auto action = cw::parse_work_order_action(name);
                if (!action)
                  return Error::invalid(
                      "action is one of triage, assign, accept, start, wait, resume, finish, "
                      "confirm, reopen, transfer, quote, accept_quote, decline_quote",
                      "/action");
                identity::Resource res;
                res.org_path = path;
                if (cw::is_resident_step(*action)) {
                  if (*actor.account_id != w.reporter_account_id)
                    return Error::denied("only the reporter takes that step");
                  WEILAI_CHECK(identity::authorize(actor, Action::work_orders_report, res));
                } else {
                  WEILAI_CHECK(identity::authorize(actor, Action::work_orders_handle, res));
                }
                if (version != w.version)
                  return Error::conflict("work order " + std::to_string(id) + " is at version " +
                                         std::to_string(w.version));
                const auto current = cw::parse_work_order_status(w.status);
                if (!current) return Error::internal("bad stored status");
                WEILAI_TRY(auto next, cw::next_status(*current, *action));
                if (*action == cw::WorkOrderAction::assign) {
                  const std::int64_t who = assignee.value_or(*actor.account_id);
                  WEILAI_TRY(auto grants,
                             tx.exec("SELECT org_unit_id FROM role_grants WHERE account_id = $1 "
                                     "AND role IN ('butler', 'community_admin')",
                                     {who}));
                  bool ok = false;
                  for (const auto& g : grants.rows)
                    ok = ok || std::find(path.begin(), path.end(), g.i64(0)) != path.end();
                  if (!ok)
                    return Error::invalid("the assignee is not a butler of this community",
                                          "/assignee_id");
                  w.assignee_account_id = who;
                }
                if (*action == cw::WorkOrderAction::accept && w.assignee_account_id &&
                    *w.assignee_account_id != *actor.account_id)
                  return Error::denied("only the assigned butler accepts");
                if (*action == cw::WorkOrderAction::transfer) {
                  WEILAI_TRY(auto to, f.string("body", 20));
                  if (!cw::parse_work_order_body(to))
                    return Error::invalid("body is one of property, committee, hotline", "/body");
                  if (to == w.body)
                    return Error::invalid("the order is already with " + to, "/body");
                  w.body = to;
                  w.assignee_account_id.reset();
                }
                if (*action == cw::WorkOrderAction::quote) {
                  WEILAI_TRY(auto cents, f.integer("amount_cents", 1, 100'000'000));
                  w.quote_cents = cents;
                  w.quote_note = note.value_or("");
                  w.quote_status = "pending";
                }
                if (*action == cw::WorkOrderAction::accept_quote) w.quote_status = "accepted";
                if (*action == cw::WorkOrderAction::decline_quote) w.quote_status = "declined";
                w.status = cw::to_string(next);
                WEILAI_CHECK(storage::update_work_order(tx, w, version, now));
                WEILAI_CHECK(storage::insert_work_order_event(tx, id, now, actor.account_id, name,
                                                              w.status, note.value_or("")));
                ++w.version;
                w.updated_at = now;
                auto out = order_json(tx, w, now, true);
                ch.record("work_order." + name, "work_order", std::to_string(id),
                          json::object{{"status", w.status}, {"version", w.version}});
                return out;
              });
          if (!done && (done.error().code == ErrorCode::conflict ||
                        done.error().code == ErrorCode::failed_precondition))
            return problem_with_order(app, done.error(), req, id);
          if (!done) return done.error();
          return json_response(*done);
        },
        {"Take a step on a work order (version required; 409 with current when it moved or the "
         "step is out of order)",
         "work-orders",
         true,
         {},
         "{action: triage|assign|accept|start|wait|resume|finish|confirm|reopen|transfer|quote|"
         "accept_quote|decline_quote, version, assignee_id? (assign), body? (transfer: "
         "property|committee|hotline), amount_cents? (quote), note?}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/work-orders/{id}/return-visit",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          auto done = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto w, storage::get_work_order(tx, id));
                WEILAI_TRY(auto path, storage::org_path(tx, w.community_id));
                WEILAI_CHECK(may_see_order(actor, w, path));
                identity::Resource res;
                res.org_path = path;
                // The butler or admin recording the call (回访), or the reporter rating it.
                if (*actor.account_id != w.reporter_account_id) {
                  WEILAI_CHECK(identity::authorize(actor, Action::work_orders_handle, res));
                }
                JsonFields f(body);
                WEILAI_CHECK(f.only({"satisfaction", "note", "version"}));
                WEILAI_TRY(auto sat, f.integer("satisfaction", 1, 5));
                WEILAI_TRY(auto version, f.integer("version", 1, kMaxId));
                WEILAI_TRY(auto note, f.optional_string("note", 1000));
                if (version != w.version)
                  return Error::conflict("work order " + std::to_string(id) + " is at version " +
                                         std::to_string(w.version));
                const auto st = cw::parse_work_order_status(w.status);
                if (!st || !cw::is_final(*st) || w.satisfaction)
                  return Error{ErrorCode::failed_precondition,
                               "a return visit follows the resident's confirmation (or the "
                               "closing of a declined quote), once",
                               {}};
                w.satisfaction = sat;
                w.return_visit_by = actor.account_id;
                w.return_visit_note = note.value_or("");
                WEILAI_CHECK(storage::update_work_order(tx, w, version, now));
                WEILAI_CHECK(storage::insert_work_order_event(
                    tx, id, now, actor.account_id, "return_visit", w.status, w.return_visit_note));
                ++w.version;
                auto out = order_json(tx, w, now, true);
                ch.record("work_order.return_visit", "work_order", std::to_string(id),
                          json::object{{"satisfaction", sat}});
                return out;
              });
          if (!done && (done.error().code == ErrorCode::conflict ||
                        done.error().code == ErrorCode::failed_precondition))
            return problem_with_order(app, done.error(), req, id);
          if (!done) return done.error();
          return json_response(*done);
        },
        {"Record the return visit (回访) after the order is confirmed or closed: satisfaction 1-5 "
         "(the butler or admin recording the call, or the reporter rating it)",
         "work-orders",
         true,
         {},
         "{satisfaction: 1..5, note?, version}",
         {404, 409, 422}});

  // --- Categories and SLA targets (deployment-wide; the community admin or system admin).
  r.add(
      "PUT", "/api/v1/work-orders/categories/{code}",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::work_orders_admin));
        const auto code = req.path_params.at("code");
        const auto body = parse_json_object(req);
        auto done = app.write<
            json::object>(req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
          if (code.empty() || code.size() > 40 ||
              !std::all_of(code.begin(), code.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
              }))
            return Error::invalid("a category code is a-z, 0-9 and _", "/code");
          JsonFields f(body);
          WEILAI_CHECK(f.only({"name_zh", "name_en", "response_minutes", "resolution_minutes",
                               "committee", "hotline"}));
          storage::WorkOrderCategory c;
          c.code = code;
          WEILAI_TRY(c.name_zh, f.string("name_zh", 40));
          WEILAI_TRY(c.name_en, f.string("name_en", 80));
          WEILAI_TRY(auto resp, f.integer("response_minutes", 1, 100'000));
          WEILAI_TRY(auto reso, f.integer("resolution_minutes", 1, 1'000'000));
          if (reso < resp)
            return Error::invalid("resolution comes after response", "/resolution_minutes");
          c.target = {static_cast<int>(resp), static_cast<int>(reso)};
          WEILAI_CHECK(storage::upsert_work_order_category(tx, c));
          json::object change{
              {"name_zh", c.name_zh}, {"name_en", c.name_en}, {"property", target_json(c.target)}};
          for (const char* b : {"committee", "hotline"}) {
            const auto* v = body.if_contains(b);
            if (!v) continue;
            if (!v->is_object())
              return Error::invalid(std::string(b) + " is an object", std::string("/") + b);
            JsonFields t(v->as_object());
            WEILAI_CHECK(t.only({"response_minutes", "resolution_minutes"}));
            auto r1 = t.integer("response_minutes", 1, 100'000);
            auto r2 = t.integer("resolution_minutes", 1, 1'000'000);
            if (!r1 || !r2 || *r2 < *r1)
              return Error::invalid(std::string(b) + " needs response ≤ resolution minutes",
                                    std::string("/") + b);
            storage::WorkOrderSlaTarget st{code, b, {static_cast<int>(*r1), static_cast<int>(*r2)}};
            WEILAI_CHECK(storage::upsert_work_order_sla_target(tx, st));
            change[b] = target_json(st.target);
          }
          ch.record("work_order.category", "work_order_category", code, change);
          change["code"] = code;
          return change;
        });
        if (!done) return done.error();
        return json_response(*done);
      },
      {"Create or change a work-order category and its SLA targets (property company; "
       "optionally committee and hotline)",
       "work-orders",
       true,
       {},
       "{name_zh, name_en, response_minutes, resolution_minutes, committee?: {response_minutes, "
       "resolution_minutes}, hotline?: {…}}",
       {404, 422}});

  // --- Photos (content-addressed in the shared blob store).
  r.add(
      "POST", "/api/v1/work-orders/{id}/photos",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.signed_in(req));
        const auto id = id_param(req, "id");
        // Who may add one before looking at the bytes (and again in the write).
        WEILAI_CHECK(app.read<bool>([&](storage::Tx& tx) -> Result<bool> {
          WEILAI_TRY(auto w, storage::get_work_order(tx, id));
          WEILAI_TRY(auto path, storage::org_path(tx, w.community_id));
          WEILAI_CHECK(may_see_order(actor, w, path));
          return true;
        }));
        std::string type(req.header("content-type").value_or(""));
        type = type.substr(0, type.find(';'));
        if (type != "image/jpeg" && type != "image/png" && type != "image/webp")
          throw Problem(415, "unsupported_media_type",
                        "a photo is image/jpeg, image/png or image/webp");
        if (req.body.size() > kMaxPhotoBytes)
          throw Problem(413, "payload_too_large", "a photo may have at most 5 MiB");
        if (const auto sniffed = storage::file_type_of(req.body);
            !sniffed || sniffed->content_type != type)
          return Error::invalid("the bytes are not a " + type + " image", "/");
        const auto now = app.clock().now_ms();
        WEILAI_TRY(
            auto o,
            app.write<
                json::
                    object>(req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
              WEILAI_TRY(auto w, storage::get_work_order(tx, id));
              WEILAI_TRY(auto path, storage::org_path(tx, w.community_id));
              WEILAI_CHECK(may_see_order(actor, w, path));
              WEILAI_TRY(auto photos, storage::list_work_order_photos(tx, id));
              if (static_cast<std::int64_t>(photos.size()) >= kMaxPhotos)
                return Error{ErrorCode::failed_precondition, "an order holds at most 6 photos", {}};
              storage::WorkOrderPhoto p;
              p.work_order_id = id;
              p.sha256 = crypto::sha256_hex(req.body);
              p.content_type = type;
              p.size_bytes = static_cast<std::int64_t>(req.body.size());
              p.uploaded_by = actor.account_id;
              p.created_at = now;
              WEILAI_CHECK(storage::put_blob(tx, p.sha256, req.body, now));
              WEILAI_TRY(p.id, storage::insert_work_order_photo(tx, p));
              json::object out{{"id", p.id},
                               {"work_order_id", id},
                               {"content_type", p.content_type},
                               {"size_bytes", p.size_bytes},
                               {"sha256", p.sha256},
                               {"url", "/api/v1/work-orders/" + std::to_string(id) + "/photos/" +
                                           std::to_string(p.id)}};
              ch.record("work_order.photo", "work_order", std::to_string(id), out);
              return out;
            }));
        return json_response(o, 201);
      },
      {"Add a photo to a work order (raw body image/jpeg|png|webp, ≤ 5 MiB, ≤ 6 per order; "
       "the reporter or a handler in scope)",
       "work-orders",
       true,
       {},
       "the image itself",
       {201, 404, 409, 413, 415, 422}});

  r.add("GET", "/api/v1/work-orders/{id}/photos/{photo_id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          const auto photo_id = id_param(req, "photo_id");
          storage::WorkOrderPhoto photo;
          WEILAI_TRY(auto bytes, app.read<std::string>([&](storage::Tx& tx) -> Result<std::string> {
            WEILAI_TRY(auto w, storage::get_work_order(tx, id));
            WEILAI_TRY(auto path, storage::org_path(tx, w.community_id));
            WEILAI_CHECK(may_see_order(actor, w, path));
            WEILAI_TRY(photo, storage::get_work_order_photo(tx, id, photo_id));
            return storage::get_blob(tx, photo.sha256);
          }));
          Response res;
          res.status = 200;
          res.body = std::move(bytes);
          res.content_type = photo.content_type;
          res.set_header("Cache-Control", "private, max-age=86400, immutable");
          return res;
        },
        {"One photo of a work order (its bytes)", "work-orders", true, {}, "", {404}});

  // --- Preventive maintenance schedules.
  r.add("GET", "/api/v1/work-orders/schedules",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto community_id = query_int(req, "community_id", 1, kMaxId);
          WEILAI_TRY(auto items, app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
            WEILAI_TRY(auto scope,
                       community_scope(tx, actor, community_id, Action::work_orders_handle));
            WEILAI_TRY(auto rows, storage::list_work_order_schedules(tx, scope.community_id));
            json::array out;
            for (const auto& s : rows) out.push_back(schedule_json(s));
            return out;
          }));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Preventive maintenance schedules of a community", "work-orders", true, {"community_id"}});

  r.add("POST", "/api/v1/work-orders/schedules",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::work_orders_admin));
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto o,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           JsonFields f(body);
                           WEILAI_CHECK(f.only({"community_id", "category", "title", "location",
                                                "interval_days", "first_due_at"}));
                           WEILAI_TRY(auto cid, f.optional_integer("community_id", 1, kMaxId));
                           WEILAI_TRY(auto scope,
                                      community_scope(tx, actor, cid, Action::work_orders_admin));
                           storage::WorkOrderSchedule s;
                           s.community_id = scope.community_id;
                           WEILAI_TRY(s.category, f.string("category", 40));
                           if (!storage::get_work_order_category(tx, s.category))
                             return Error::invalid("unknown category " + s.category, "/category");
                           WEILAI_TRY(s.title, f.string("title", 200));
                           WEILAI_TRY(auto loc, f.optional_string("location", 200));
                           s.location = loc.value_or("");
                           WEILAI_TRY(s.interval_days, f.integer("interval_days", 1, 366));
                           WEILAI_TRY(s.next_due_at, f.integer("first_due_at", 0, kMaxId));
                           s.created_by = *actor.account_id;
                           s.created_at = s.updated_at = now;
                           WEILAI_TRY(s.id, storage::insert_work_order_schedule(tx, s));
                           auto out = schedule_json(s);
                           ch.record("work_order.schedule.create", "work_order_schedule",
                                     std::to_string(s.id), out);
                           return out;
                         }));
          return json_response(o, 201);
        },
        {"Add a preventive maintenance schedule (every interval_days from first_due_at, Unix ms)",
         "work-orders",
         true,
         {},
         "{community_id?, category, title, location?, interval_days: 1..366, first_due_at}",
         {201, 422}});

  r.add("PATCH", "/api/v1/work-orders/schedules/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::work_orders_admin));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          auto done = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto s, storage::get_work_order_schedule(tx, id));
                WEILAI_TRY(auto scope,
                           community_scope(tx, actor, s.community_id, Action::work_orders_admin));
                (void)scope;
                JsonFields f(body);
                WEILAI_CHECK(f.only(
                    {"version", "title", "location", "interval_days", "next_due_at", "active"}));
                WEILAI_TRY(auto version, f.integer("version", 1, kMaxId));
                WEILAI_TRY(auto title, f.optional_string("title", 200));
                WEILAI_TRY(auto loc, f.optional_string("location", 200));
                WEILAI_TRY(auto interval, f.optional_integer("interval_days", 1, 366));
                WEILAI_TRY(auto due, f.optional_integer("next_due_at", 0, kMaxId));
                WEILAI_TRY(auto active, f.optional_boolean("active"));
                if (version != s.version)
                  return Error::conflict("schedule " + std::to_string(id) + " is at version " +
                                         std::to_string(s.version));
                if (title) s.title = *title;
                if (loc) s.location = *loc;
                if (interval) s.interval_days = *interval;
                if (due) s.next_due_at = *due;
                if (active) s.active = *active;
                WEILAI_CHECK(storage::update_work_order_schedule(tx, s, version, now));
                ++s.version;
                s.updated_at = now;
                auto out = schedule_json(s);
                ch.record("work_order.schedule.update", "work_order_schedule", std::to_string(id),
                          out);
                return out;
              });
          if (!done && done.error().code == ErrorCode::conflict)
            return problem_with_current(
                done.error(), req,
                [&] {
                  return app.read<storage::WorkOrderSchedule>(
                      [&](storage::Tx& tx) { return storage::get_work_order_schedule(tx, id); });
                },
                schedule_json);
          if (!done) return done.error();
          return json_response(*done);
        },
        {"Change a preventive schedule (version required; 409 with current when it moved)",
         "work-orders",
         true,
         {},
         "{version, title?, location?, interval_days?, next_due_at?, active?}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/work-orders/schedules/run",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::work_orders_handle));
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto o,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           JsonFields f(body);
                           WEILAI_CHECK(f.only({"community_id"}));
                           WEILAI_TRY(auto cid, f.optional_integer("community_id", 1, kMaxId));
                           WEILAI_TRY(auto scope,
                                      community_scope(tx, actor, cid, Action::work_orders_handle));
                           WEILAI_TRY(auto due, storage::due_work_order_schedules(
                                                    tx, scope.community_id, now));
                           json::array created;
                           for (auto s : due) {
                             storage::WorkOrder w;
                             w.community_id = s.community_id;
                             w.reporter_account_id = s.created_by;
                             w.category = s.category;
                             w.description = s.title;
                             w.location = s.location;
                             w.status = "triaged";
                             w.source = "preventive";
                             w.schedule_id = s.id;
                             WEILAI_TRY(w.id, storage::insert_work_order(tx, w, now));
                             WEILAI_CHECK(storage::insert_work_order_event(
                                 tx, w.id, now, actor.account_id, "schedule", "triaged", s.title));
                             const auto version = s.version;
                             s.next_due_at = cw::next_due_after(
                                 s.next_due_at, static_cast<int>(s.interval_days), now);
                             WEILAI_CHECK(storage::update_work_order_schedule(tx, s, version, now));
                             created.push_back(w.id);
                           }
                           json::object out{{"community_id", scope.community_id},
                                            {"created", std::move(created)}};
                           ch.record("work_order.schedule.run", "org_unit",
                                     std::to_string(scope.community_id), out);
                           return out;
                         }));
          return json_response(o);
        },
        {"Create the orders of every preventive schedule that is due (a periodic caller or a "
         "butler; one order per schedule per run, missed periods are not back-filled)",
         "work-orders",
         true,
         {},
         "{community_id?}",
         {409, 422}});

  // --- Statistics: SLA met %, backlog, satisfaction per category and per butler.
  r.add("GET", "/api/v1/work-orders/stats",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto now = app.clock().now_ms();
          const auto community_id = query_int(req, "community_id", 1, kMaxId);
          const auto from = query_int(req, "from", 0, kMaxId).value_or(now - 30 * kDayMs);
          const auto to = query_int(req, "to", 0, kMaxId).value_or(now + 1);
          WEILAI_TRY(auto o, app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
            WEILAI_TRY(auto scope,
                       community_scope(tx, actor, community_id, Action::work_orders_handle));
            WEILAI_TRY(auto orders,
                       storage::list_work_orders_between(tx, scope.community_id, from, to, 10000));
            struct Acc {
              std::int64_t orders = 0, backlog = 0, resolved = 0, met = 0, response_met = 0,
                           rated = 0, satisfaction_sum = 0, breaching = 0;
            };
            Acc total;
            std::map<std::string, Acc> by_category;
            std::map<std::int64_t, Acc> by_butler;
            for (const auto& w : orders) {
              WEILAI_TRY(auto sla, order_sla(tx, w, now));
              const auto st =
                  cw::parse_work_order_status(w.status).value_or(cw::WorkOrderStatus::reported);
              const bool done = st == cw::WorkOrderStatus::finished || cw::is_final(st);
              auto add = [&](Acc& a) {
                ++a.orders;
                if (!done) ++a.backlog;
                if (!done && !(sla.state.response_met && sla.state.resolution_met)) ++a.breaching;
                if (done && st != cw::WorkOrderStatus::closed) {
                  ++a.resolved;
                  if (sla.state.response_met && sla.state.resolution_met) ++a.met;
                }
                if (sla.state.responded_active_ms && sla.state.response_met) ++a.response_met;
                if (w.satisfaction) {
                  ++a.rated;
                  a.satisfaction_sum += *w.satisfaction;
                }
              };
              add(total);
              add(by_category[w.category]);
              if (w.assignee_account_id) add(by_butler[*w.assignee_account_id]);
            }
            auto acc_json = [](const Acc& a) {
              json::object j{{"orders", a.orders},       {"backlog", a.backlog},
                             {"breaching", a.breaching}, {"resolved", a.resolved},
                             {"sla_met", a.met},         {"rated", a.rated}};
              j["sla_met_pct"] = a.resolved ? json::value(100.0 * static_cast<double>(a.met) /
                                                          static_cast<double>(a.resolved))
                                            : json::value(nullptr);
              j["satisfaction_avg"] = a.rated
                                          ? json::value(static_cast<double>(a.satisfaction_sum) /
                                                        static_cast<double>(a.rated))
                                          : json::value(nullptr);
              return j;
            };
            WEILAI_TRY(auto cats, storage::list_work_order_categories(tx));
            json::array categories, butlers;
            for (const auto& [code, a] : by_category) {
              auto j = acc_json(a);
              j["category"] = code;
              for (const auto& c : cats)
                if (c.code == code) {
                  j["name_zh"] = c.name_zh;
                  j["name_en"] = c.name_en;
                }
              categories.push_back(std::move(j));
            }
            for (const auto& [account, a] : by_butler) {
              auto j = acc_json(a);
              j["account_id"] = account;
              WEILAI_TRY(auto names,
                         tx.exec("SELECT display_name FROM accounts WHERE id = $1", {account}));
              j["display_name"] = names.empty() ? std::string() : names.front().text(0);
              butlers.push_back(std::move(j));
            }
            return json::object{{"community_id", scope.community_id},
                                {"from", from},
                                {"to", to},
                                {"total", acc_json(total)},
                                {"by_category", std::move(categories)},
                                {"by_butler", std::move(butlers)}};
          }));
          return json_response(o);
        },
        {"Work-order statistics of a community over [from, to) (default the past 30 days): SLA "
         "met %, backlog, satisfaction, per category and per butler",
         "work-orders",
         true,
         {"community_id", "from", "to"}});

  // --- Open311 API keys (how city systems and hotline integrators are let in).
  r.add("GET", "/api/v1/open311/keys",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::work_orders_admin));
          const auto community_id = query_int(req, "community_id", 1, kMaxId);
          WEILAI_TRY(auto items, app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
            WEILAI_TRY(auto scope,
                       community_scope(tx, actor, community_id, Action::work_orders_admin));
            WEILAI_TRY(auto keys, storage::list_open311_keys(tx, scope.community_id));
            json::array out;
            for (const auto& k : keys) out.push_back(key_json(k));
            return out;
          }));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Open311 API keys of a community (never the keys themselves)",
         "work-orders",
         true,
         {"community_id"}});

  r.add("POST", "/api/v1/open311/keys",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::work_orders_admin));
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          const std::string key = "wl311_" + crypto::random_token(24);
          WEILAI_TRY(
              auto o,
              app.write<json::object>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                    JsonFields f(body);
                    WEILAI_CHECK(f.only({"community_id", "label"}));
                    WEILAI_TRY(auto cid, f.optional_integer("community_id", 1, kMaxId));
                    WEILAI_TRY(auto scope,
                               community_scope(tx, actor, cid, Action::work_orders_admin));
                    storage::Open311Key k;
                    WEILAI_TRY(k.label, f.string("label", 100));
                    k.community_id = scope.community_id;
                    k.account_id = *actor.account_id;
                    k.created_at = now;
                    WEILAI_TRY(k.id, storage::insert_open311_key(tx, k, crypto::sha256_hex(key)));
                    auto out = key_json(k);
                    ch.record("open311.key.create", "open311_key", std::to_string(k.id), out);
                    return out;
                  }));
          o["api_key"] = key;  // shown once; only its hash is stored
          return json_response(o, 201);
        },
        {"Issue an Open311 API key for a community (the key is shown once)",
         "work-orders",
         true,
         {},
         "{community_id?, label}",
         {201, 422}});

  r.add("DELETE", "/api/v1/open311/keys/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::work_orders_admin));
          const auto id = id_param(req, "id");
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto ok,
                     app.write<bool>(req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<bool> {
                       WEILAI_TRY(auto k, storage::get_open311_key(tx, id));
                       WEILAI_TRY(auto scope, community_scope(tx, actor, k.community_id,
                                                              Action::work_orders_admin));
                       (void)scope;
                       WEILAI_CHECK(storage::revoke_open311_key(tx, id, now));
                       ch.record("open311.key.revoke", "open311_key", std::to_string(id),
                                 json::object{{"revoked_at", now}});
                       return true;
                     }));
          (void)ok;
          return no_content();
        },
        {"Revoke an Open311 API key", "work-orders", true, {}, "", {204, 404}});

  add_open311_routes(app);
}

}  // namespace weilai::http
