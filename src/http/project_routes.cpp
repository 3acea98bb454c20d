// Pilot projects (read side) and the counts the officials' dashboard charts.
#include <boost/json.hpp>

#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/programme_views.hpp"
#include "http/views.hpp"
#include "programme/lifecycle.hpp"
#include "storage/org_store.hpp"
#include "storage/project_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;

namespace {

// The counties whose projects the actor may read: nullopt means all (a city- or province-wide
// grant), otherwise the county ids of county-level grants.
std::optional<std::vector<std::int64_t>> county_scope(const identity::Actor& actor) {
  std::vector<std::int64_t> counties;
  for (const auto& g : actor.grants) {
    if (!identity::role_allows(g.role, Action::projects_read)) continue;
    if (g.org_unit_kind == "province" || g.org_unit_kind == "city") return std::nullopt;
    if (g.org_unit_kind == "county") counties.push_back(g.org_unit_id);
  }
  return counties;
}

}  // namespace

void add_project_routes(App& app) {
  auto& r = app.router();

  r.add("GET", "/api/v1/projects",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_read));
          const Page page = page_params(req);
          storage::ProjectFilter filter;
          filter.after_id = page.after_id;
          filter.limit = page.limit;
          filter.county_scope = county_scope(actor);
          filter.county_id = query_int(req, "county_id", 1, std::int64_t{1} << 53);
          filter.stage = query_string(req, "stage", 32);
          if (filter.stage && !programme::parse_stage(*filter.stage)) {
            return Error::invalid("unknown stage " + *filter.stage, "?stage");
          }
          WEILAI_TRY(auto rows,
                     app.read<std::vector<storage::ProjectRow>>(
                         [&](storage::Tx& tx) -> Result<std::vector<storage::ProjectRow>> {
                           return storage::list_projects(tx, filter);
                         }));
          json::array items;
          for (const auto& p : rows) items.push_back(project_json(p));
          return json_response(page_body(
              std::move(items), next_cursor(rows.size(), page, rows.empty() ? 0 : rows.back().id)));
        },
        {"Pilot projects in scope", "projects", true, {"county_id", "stage", "limit", "cursor"}});

  r.add("GET", "/api/v1/projects/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto p, app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
            WEILAI_TRY(auto found, storage::get_project(tx, id));
            identity::Resource res;
            WEILAI_TRY(res.org_path, storage::org_path(tx, found.county_id));
            WEILAI_CHECK(identity::authorize(actor, Action::projects_read, res));
            // With the lifecycle actions the caller may take now (programme_routes.cpp).
            return project_detail_json(tx, actor, found, res.org_path);
          }));
          return json_response(p);
        },
        {"One pilot project", "projects", true, {}, "", {404}});

  r.add("GET", "/api/v1/stats/projects",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_read));
          struct Stats {
            std::vector<storage::CountyCount> counties;
            std::vector<storage::StageCount> stages;
          };
          WEILAI_TRY(Stats s, app.read<Stats>([&](storage::Tx& tx) -> Result<Stats> {
            Stats out;
            WEILAI_TRY(out.counties, storage::project_counts_by_county(tx));
            WEILAI_TRY(out.stages, storage::project_counts_by_stage(tx));
            return out;
          }));
          json::array by_county, by_stage;
          std::int64_t total = 0;
          for (const auto& c : s.counties) {
            by_county.push_back(json::object{{"county_id", c.county_id},
                                             {"name_zh", c.name_zh},
                                             {"name_en", c.name_en},
                                             {"count", c.count}});
            total += c.count;
          }
          for (const auto& st : s.stages)
            by_stage.push_back(json::object{{"stage", st.stage}, {"count", st.count}});
          return json_response(json::object{{"by_county", std::move(by_county)},
                                            {"by_stage", std::move(by_stage)},
                                            {"total", total}});
        },
        {"Project counts by county and by stage", "projects"});
}

}  // namespace weilai::http
