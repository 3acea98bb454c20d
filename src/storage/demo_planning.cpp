#include "storage/demo_planning.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/crypto.hpp"
#include "storage/data_dir.hpp"
#include "storage/planning_store.hpp"

namespace weilai::storage {
namespace {

std::string read_demo_extract() {
  std::vector<std::string> paths;
  if (const char* env = std::getenv("WEILAI_DEMO_OSM"); env && *env) paths.emplace_back(env);
  paths.emplace_back(data_file("osm/monaco.osm.pbf"));  // storage/data_dir.hpp
  for (const auto& p : paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec)) continue;
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (in.good() || in.eof()) return s.str();
  }
  return {};
}

}  // namespace

Status load_demo_planning(Tx& tx, std::int64_t county_id, std::int64_t created_by, UnixMillis now) {
  WEILAI_TRY(
      auto project,
      tx.insert_returning_id(
          "INSERT INTO projects (name, county_id, community_id, project_type, sub_form, stage, "
          "implementing_entity, summary, is_sample, lon, lat, created_at, updated_at, version) "
          "VALUES ($1,$2,NULL,'renewal','','reserve','示例实施主体',$3,1,$4,$5,$6,$6,1) "
          "RETURNING id",
          {std::string(kDemoPlanningProject), county_id,
           std::string("示例数据：用于演示 5/10/30 分钟出行圈与生活圈覆盖分析。路网、设施和建筑"
                       "来自摩纳哥的真实 OpenStreetMap 数据（© OpenStreetMap contributors, ODbL），"
                       "不是丽水的数据——仓库中没有丽水的 OSM 数据。"),
           7.4246, 43.7384, now}));
  const std::string bytes = read_demo_extract();
  if (bytes.empty()) return {};  // no extract beside this binary: the project stays empty
  const std::string sha = crypto::sha256_hex(bytes);
  WEILAI_CHECK(put_blob(tx, sha, bytes, now));
  DatasetRow d;
  d.project_id = project;
  d.kind = "osm";
  d.filename = "monaco.osm.pbf";
  d.sha256 = sha;
  d.size_bytes = static_cast<std::int64_t>(bytes.size());
  d.summary_json = "{\"source\":\"data/osm/monaco.osm.pbf (OpenStreetMap, ODbL)\"}";
  d.created_at = now;
  d.created_by = created_by;
  WEILAI_TRY(auto dataset, insert_dataset(tx, d));
  const std::string params =
      "{\"osm_dataset_id\":" + std::to_string(dataset.id) +
      ",\"profile\":\"walk\",\"facilities_dataset_id\":null,\"residences_dataset_id\":null,"
      "\"rules\":\"gb50180\",\"cutoffs_min\":null,"
      "\"suggest\":{\"category\":\"elderly_care\",\"k\":3,\"cutoff_min\":5}}";
  WEILAI_TRY(auto analysis, insert_analysis(tx, project, params, {dataset.id}, now, created_by));
  (void)analysis;
  return {};
}

}  // namespace weilai::storage
