#include "storage/project_store.hpp"

namespace weilai::storage {
namespace {

constexpr const char* kProjectSelect =
    "SELECT p.id, p.name, p.county_id, c.name_zh, p.community_id, p.project_type, p.sub_form, "
    "p.stage, p.land_area_mu, p.floor_area_m2, p.investment_yuan, p.households, p.population, "
    "p.implementing_entity, p.summary, p.is_sample, p.lon, p.lat, p.version, p.site_geojson, "
    "p.safety_hazards_json, p.action_plan_id, p.created_at, p.updated_at "
    "FROM projects p "
    "JOIN org_units c ON c.id = p.county_id ";

ProjectRow project_from(const Row& r) {
  ProjectRow p;
  p.id = r.i64(0);
  p.name = r.text(1);
  p.county_id = r.i64(2);
  p.county_name_zh = r.text(3);
  p.community_id = r.opt_i64(4);
  p.project_type = r.text(5);
  p.sub_form = r.text(6);
  p.stage = r.text(7);
  p.land_area_mu = r.opt_f64(8);
  p.floor_area_m2 = r.opt_f64(9);
  p.investment_yuan = r.opt_i64(10);
  p.households = r.opt_i64(11);
  p.population = r.opt_i64(12);
  p.implementing_entity = r.text(13);
  p.summary = r.text(14);
  p.is_sample = r.i64(15) != 0;
  p.lon = r.opt_f64(16);
  p.lat = r.opt_f64(17);
  p.version = r.i64(18);
  p.site_geojson = r.opt_text(19);
  p.safety_hazards_json = r.text(20);
  p.action_plan_id = r.opt_i64(21);
  p.created_at = r.i64(22);
  p.updated_at = r.i64(23);
  return p;
}

}  // namespace

Result<std::vector<ProjectRow>> list_projects(Tx& tx, const ProjectFilter& f) {
  std::string sql = std::string(kProjectSelect) + "WHERE p.id > $1";
  std::vector<Value> params{f.after_id};
  if (f.county_id) {
    params.emplace_back(*f.county_id);
    sql += " AND p.county_id = $" + std::to_string(params.size());
  }
  if (f.stage) {
    params.emplace_back(*f.stage);
    sql += " AND p.stage = $" + std::to_string(params.size());
  }
  if (f.stages) {
    if (f.stages->empty()) return std::vector<ProjectRow>{};
    sql += " AND p.stage IN (";
    for (std::size_t i = 0; i < f.stages->size(); ++i) {
      params.emplace_back((*f.stages)[i]);
      sql += (i ? ",$" : "$") + std::to_string(params.size());
    }
    sql += ")";
  }
  if (f.county_scope) {
    if (f.county_scope->empty()) return std::vector<ProjectRow>{};
    sql += " AND p.county_id IN (";
    for (std::size_t i = 0; i < f.county_scope->size(); ++i) {
      params.emplace_back((*f.county_scope)[i]);
      sql += (i ? ",$" : "$") + std::to_string(params.size());
    }
    sql += ")";
  }
  params.emplace_back(std::int64_t{f.limit});
  sql += " ORDER BY p.id LIMIT $" + std::to_string(params.size());
  WEILAI_TRY(Rows rows, tx.exec(sql, params));
  std::vector<ProjectRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) out.push_back(project_from(r));
  return out;
}

Result<ProjectRow> get_project(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kProjectSelect) + "WHERE p.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no project " + std::to_string(id));
  return project_from(rows.front());
}

Result<std::vector<CountyCount>> project_counts_by_county(Tx& tx) {
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT c.id, c.name_zh, c.name_en, COUNT(p.id) FROM org_units c "
                     "LEFT JOIN projects p ON p.county_id = c.id WHERE c.kind = 'county' "
                     "GROUP BY c.id, c.name_zh, c.name_en ORDER BY c.id"));
  std::vector<CountyCount> out;
  for (const auto& r : rows.rows) out.push_back({r.i64(0), r.text(1), r.text(2), r.i64(3)});
  return out;
}

Result<std::vector<StageCount>> project_counts_by_stage(Tx& tx) {
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT stage, COUNT(*) FROM projects GROUP BY stage ORDER BY stage"));
  std::vector<StageCount> out;
  for (const auto& r : rows.rows) out.push_back({r.text(0), r.i64(1)});
  return out;
}

}  // namespace weilai::storage
