// "Platform + butler" work orders (平台+管家, issue #8): a resident reports a problem; butlers
// triage, assign, accept, work (pausing while waiting) and finish; the resident confirms or
// reopens; a return visit (回访) records satisfaction. Every step checks the version the caller
// read (409 with `current` when someone acted first), and the SLA clock per category comes from
// the order's status history (community/work_order.hpp).
#include <boost/json.hpp>

#include "community/work_order.hpp"
#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "storage/community_store.hpp"
#include "storage/org_store.hpp"
#include "storage/work_order_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;
namespace cw = community;

namespace {

constexpr std::int64_t kMaxId = std::int64_t{1} << 50;

json::object order_json(storage::Tx& tx, const storage::WorkOrder& w, std::int64_t now,
                        bool detail) {
  json::object o{{"id", w.id},
                 {"community_id", w.community_id},
                 {"category", w.category},
                 {"description", w.description},
                 {"location", w.location},
                 {"status", w.status},
                 {"reporter_account_id", w.reporter_account_id},
                 {"return_visit_note", w.return_visit_note},
                 {"created_at", w.created_at},
                 {"updated_at", w.updated_at},
                 {"version", w.version}};
  o["household_id"] = w.household_id ? json::value(*w.household_id) : nullptr;
  o["assignee_account_id"] = w.assignee_account_id ? json::value(*w.assignee_account_id) : nullptr;
  o["satisfaction"] = w.satisfaction ? json::value(*w.satisfaction) : nullptr;
  auto category = storage::get_work_order_category(tx, w.category);
  auto events = storage::work_order_events(tx, w.id);
  if (category && events) {
    std::vector<cw::StatusChange> history;
    for (const auto& e : *events)
      if (auto st = cw::parse_work_order_status(e.to_status)) history.push_back({e.at, *st});
    const auto sla = cw::sla_state(history, now, category->target);
    json::object s{{"response_minutes", category->target.response_minutes},
                   {"resolution_minutes", category->target.resolution_minutes},
                   {"active_minutes", sla.active_ms / 60000},
                   {"response_met", sla.response_met},
                   {"resolution_met", sla.resolution_met},
                   {"paused", sla.paused}};
    s["responded_minutes"] = sla.responded_active_ms ? json::value(*sla.responded_active_ms / 60000)
                                                     : json::value(nullptr);
    s["resolved_minutes"] = sla.resolved_active_ms ? json::value(*sla.resolved_active_ms / 60000)
                                                   : json::value(nullptr);
    o["sla"] = std::move(s);
    if (detail) {
      json::array ev;
      for (const auto& e : *events) {
        json::object j{{"id", e.id},
                       {"at", e.at},
                       {"action", e.action},
                       {"to_status", e.to_status},
                       {"note", e.note}};
        j["actor_account_id"] = e.actor_account_id ? json::value(*e.actor_account_id) : nullptr;
        ev.push_back(std::move(j));
      }
      o["events"] = std::move(ev);
    }
  }
  return o;
}

std::optional<std::int64_t> default_community(const identity::Actor& actor) {
  for (const auto& g : actor.grants)
    if (g.org_unit_kind == "community") return g.org_unit_id;
  return std::nullopt;
}

// The reporter, or a handler whose grant covers the order's community.
Status may_see(const identity::Actor& actor, const storage::WorkOrder& w,
               const std::vector<std::int64_t>& path) {
  if (actor.account_id && *actor.account_id == w.reporter_account_id) return {};
  identity::Resource res;
  res.org_path = path;
  return identity::authorize(actor, Action::work_orders_handle, res);
}

Response problem_with_order(App& app, const Error& error, Request& req, std::int64_t id) {
  const auto now = app.clock().now_ms();
  return problem_with_current(error, req, [&]() -> std::optional<json::value> {
    auto current = app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
      WEILAI_TRY(auto w, storage::get_work_order(tx, id));
      return order_json(tx, w, now, false);
    });
    if (!current) return std::nullopt;
    return json::value(std::move(*current));
  });
}

}  // namespace

void add_work_order_routes(App& app) {
  auto& r = app.router();

  r.add("GET", "/api/v1/work-orders/categories",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          (void)actor;
          WEILAI_TRY(auto cats,
                     app.read<std::vector<storage::WorkOrderCategory>>(
                         [&](storage::Tx& tx) { return storage::list_work_order_categories(tx); }));
          json::array items;
          for (const auto& c : cats)
            items.push_back(json::object{{"code", c.code},
                                         {"name_zh", c.name_zh},
                                         {"name_en", c.name_en},
                                         {"response_minutes", c.target.response_minutes},
                                         {"resolution_minutes", c.target.resolution_minutes}});
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Work-order categories with their SLA targets (response, resolution)", "work-orders"});

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
                    WEILAI_CHECK(f.only({"category", "description", "location"}));
                    storage::WorkOrder w;
                    WEILAI_TRY(w.category, f.string("category", 40));
                    WEILAI_TRY(w.description, f.string("description", 2000));
                    WEILAI_TRY(auto loc, f.optional_string("location", 200));
                    w.location = loc.value_or("");
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
         "{category, description, location?}",
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
            WEILAI_CHECK(may_see(actor, w, path));
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
                WEILAI_CHECK(may_see(actor, w, path));
                JsonFields f(body);
                WEILAI_CHECK(f.only({"action", "version", "assignee_id", "note"}));
                WEILAI_TRY(auto name, f.string("action", 20));
                WEILAI_TRY(auto version, f.integer("version", 1, kMaxId));
                WEILAI_TRY(auto assignee, f.optional_integer("assignee_id", 1, kMaxId));
                WEILAI_TRY(auto note, f.optional_string("note", 1000));
                const auto action = cw::parse_work_order_action(name);
                if (!action)
                  return Error::invalid(
                      "action is one of triage, assign, accept, start, wait, "
                      "resume, finish, confirm, reopen",
                      "/action");
                identity::Resource res;
                res.org_path = path;
                const bool resident_step = *action == cw::WorkOrderAction::confirm ||
                                           *action == cw::WorkOrderAction::reopen;
                if (resident_step) {
                  if (*actor.account_id != w.reporter_account_id)
                    return Error::denied("only the reporter confirms or reopens");
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
                                     "AND role = 'butler'",
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
         "{action: triage|assign|accept|start|wait|resume|finish|confirm|reopen, version, "
         "assignee_id?, note?}",
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
                WEILAI_CHECK(may_see(actor, w, path));
                identity::Resource res;
                res.org_path = path;
                WEILAI_CHECK(identity::authorize(actor, Action::work_orders_handle, res));
                JsonFields f(body);
                WEILAI_CHECK(f.only({"satisfaction", "note", "version"}));
                WEILAI_TRY(auto sat, f.integer("satisfaction", 1, 5));
                WEILAI_TRY(auto version, f.integer("version", 1, kMaxId));
                WEILAI_TRY(auto note, f.optional_string("note", 1000));
                if (version != w.version)
                  return Error::conflict("work order " + std::to_string(id) + " is at version " +
                                         std::to_string(w.version));
                if (w.status != "confirmed" || w.satisfaction)
                  return Error{ErrorCode::failed_precondition,
                               "a return visit follows the resident's confirmation, once",
                               {}};
                w.satisfaction = sat;
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
        {"Record the return visit (回访) after the resident confirmed: satisfaction 1-5",
         "work-orders",
         true,
         {},
         "{satisfaction: 1..5, note?, version}",
         {404, 409, 422}});
}

}  // namespace weilai::http
