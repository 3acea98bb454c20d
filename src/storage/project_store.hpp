// Rows of pilot projects (试点项目). The foundation reads them; the programme module adds the
// lifecycle that writes them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace weilai::storage {

struct ProjectRow {
  std::int64_t id = 0;
  std::string name;
  std::int64_t county_id = 0;
  std::string county_name_zh;
  std::optional<std::int64_t> community_id;
  std::string project_type;  // renewal 改造更新类 | new_build 规划新建类
  std::string sub_form;
  std::string stage;
  std::optional<double> land_area_mu;
  std::optional<double> floor_area_m2;
  std::optional<std::int64_t> investment_yuan;
  std::optional<std::int64_t> households;
  std::optional<std::int64_t> population;
  std::string implementing_entity;
  std::string summary;
  bool is_sample = false;
  std::optional<double> lon;
  std::optional<double> lat;
  std::int64_t version = 1;
  // Programme record (migration 0003).
  std::optional<std::string> site_geojson;     // validated Polygon/MultiPolygon, WGS84
  std::string safety_hazards_json = "[]";      // ["多孔预制楼板", ...]
  std::optional<std::int64_t> action_plan_id;  // the county action plan it is a candidate of
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct ProjectFilter {
  std::optional<std::int64_t> county_id;
  std::optional<std::string> stage;
  // Only projects in one of these stages (empty vector: none; used by the public portal).
  std::optional<std::vector<std::string>> stages;
  // Only projects whose county is one of these (empty: no restriction; used for scoping).
  std::optional<std::vector<std::int64_t>> county_scope;
  std::int64_t after_id = 0;
  int limit = 50;
};

Result<std::vector<ProjectRow>> list_projects(Tx& tx, const ProjectFilter& filter);
Result<ProjectRow> get_project(Tx& tx, std::int64_t id);  // not_found

struct CountyCount {
  std::int64_t county_id;
  std::string name_zh;
  std::string name_en;
  std::int64_t count;
};
struct StageCount {
  std::string stage;
  std::int64_t count;
};
Result<std::vector<CountyCount>> project_counts_by_county(Tx& tx);  // every county, zero included
Result<std::vector<StageCount>> project_counts_by_stage(Tx& tx);

}  // namespace weilai::storage
