// The org-unit tree: browse it (anyone signed in) and add units (system admin).
#include <boost/json.hpp>
#include <map>

#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/views.hpp"
#include "storage/org_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;

void add_org_routes(App& app) {
  auto& r = app.router();

  r.add("GET", "/api/v1/org-units",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::org_units_read));
          const Page page = page_params(req);
          const auto parent = query_int(req, "parent_id", 1, std::int64_t{1} << 53);
          const auto kind = query_string(req, "kind", 16);
          WEILAI_TRY(auto units, app.read<std::vector<storage::OrgUnit>>([&](storage::Tx& tx) {
            return storage::list_org_units(tx, parent, kind, page.after_id, page.limit);
          }));
          json::array items;
          for (const auto& u : units) items.push_back(org_unit_json(u));
          return json_response(
              page_body(std::move(items),
                        next_cursor(units.size(), page, units.empty() ? 0 : units.back().id)));
        },
        {"List org units", "org-units", true, {"parent_id", "kind", "limit", "cursor"}});

  r.add("GET", "/api/v1/org-units/tree",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::org_units_read));
          WEILAI_TRY(auto units, app.read<std::vector<storage::OrgUnit>>(
                                     [&](storage::Tx& tx) { return storage::all_org_units(tx); }));
          std::map<std::int64_t, std::vector<std::size_t>> children;
          std::vector<std::size_t> roots;
          for (std::size_t i = 0; i < units.size(); ++i) {
            if (units[i].parent_id)
              children[*units[i].parent_id].push_back(i);
            else
              roots.push_back(i);
          }
          std::function<json::object(std::size_t)> build = [&](std::size_t i) {
            json::object o = org_unit_json(units[i]);
            json::array kids;
            for (auto k : children[units[i].id]) kids.push_back(build(k));
            o["children"] = std::move(kids);
            return o;
          };
          json::array out;
          for (auto i : roots) out.push_back(build(i));
          return json_response(out);
        },
        {"The whole org tree, nested", "org-units"});

  r.add("GET", "/api/v1/org-units/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::org_units_read));
          const auto id = id_param(req, "id");
          struct View {
            storage::OrgUnit unit;
            std::vector<storage::OrgUnit> path;
          };
          WEILAI_TRY(View v, app.read<View>([&](storage::Tx& tx) -> Result<View> {
            View out;
            WEILAI_TRY(out.unit, storage::get_org_unit(tx, id));
            WEILAI_TRY(auto ids, storage::org_path(tx, id));
            for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
              WEILAI_TRY(auto u, storage::get_org_unit(tx, *it));
              out.path.push_back(std::move(u));
            }
            return out;
          }));
          json::object o = org_unit_json(v.unit);
          json::array path;
          for (const auto& u : v.path) path.push_back(org_unit_json(u));
          o["path"] = std::move(path);
          return json_response(o);
        },
        {"One org unit with its ancestors", "org-units", true, {}, "", {404}});

  r.add("POST", "/api/v1/org-units",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::org_units_manage));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"parent_id", "kind", "code", "name_zh", "name_en"}));
          storage::OrgUnit u;
          WEILAI_TRY(u.parent_id, f.optional_integer("parent_id", 1, std::int64_t{1} << 53));
          WEILAI_TRY(u.kind, f.string("kind", 16));
          WEILAI_TRY(u.code, f.string("code", 32));
          WEILAI_TRY(u.name_zh, f.string("name_zh", 64));
          WEILAI_TRY(u.name_en, f.string("name_en", 128));
          WEILAI_TRY(storage::OrgUnit created,
                     app.write<storage::OrgUnit>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::OrgUnit> {
                           WEILAI_TRY(auto c,
                                      storage::insert_org_unit(tx, u, app.clock().now_ms()));
                           ch.record("org_unit.create", "org_unit", std::to_string(c.id),
                                     org_unit_json(c));
                           return c;
                         }));
          return json_response(org_unit_json(created), 201);
        },
        {"Add an org unit",
         "org-units",
         true,
         {},
         "{parent_id, kind, code, name_zh, name_en}",
         {201, 409, 422}});
}

}  // namespace weilai::http
