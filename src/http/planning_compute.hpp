// The computation behind the planning API, free of HTTP and SQL: validating an uploaded dataset,
// parsing an analysis's parameters, loading a site (OSM extract + facilities + residences +
// rules) and running an analysis into the documents the API serves. Used by the job runner
// (planning_jobs) and the routes (planning_routes). Thread-safe: pure functions of their inputs.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "planning/inputs.hpp"
#include "planning/network.hpp"
#include "planning/rules.hpp"

namespace weilai::http::planning_api {

inline constexpr std::size_t kMaxOsmBytes = 64u << 20;    // .osm.pbf / .osm / .opl
inline constexpr std::size_t kMaxTableBytes = 16u << 20;  // csv / geojson / json
inline constexpr const char* kAttribution = "© OpenStreetMap contributors";
// The upload route, as a server upload_path_prefixes entry (raises the body limit there).
inline constexpr const char* kUploadPathPattern = "/api/v1/projects/*/planning/datasets";

// Validates an upload and returns its summary JSON (e.g. {"rows":120}). Errors are
// invalid_argument naming `filename` and the line (CSV) or feature; resource_exhausted when too
// large for its kind.
Result<boost::json::object> validate_dataset(const std::string& kind, const std::string& filename,
                                             const std::string& bytes);

struct SuggestParams {
  std::string category;
  int k = 3;
  int cutoff_min = 15;
};

struct AnalysisParams {
  std::int64_t osm_dataset_id = 0;
  std::string profile = "walk";
  std::optional<std::int64_t> facilities_dataset_id;  // none: facilities from OSM tags
  std::optional<std::int64_t> residences_dataset_id;  // none: residences from OSM buildings
  std::string rules = "gb50180";                      // preset, unless rules_dataset_id
  std::optional<std::int64_t> rules_dataset_id;
  std::optional<std::vector<int>> cutoffs_min;  // none: the rules' own
  std::optional<SuggestParams> suggest;

  std::vector<std::int64_t> dataset_ids() const;
};

// From the POST body (fields named as in docs/PLANNING_API.md); errors carry the JSON field.
Result<AnalysisParams> parse_params(const boost::json::object& body);
boost::json::object params_json(const AnalysisParams& p);

struct InputFile {
  std::string filename;
  std::string bytes;
};
struct SiteInputs {
  InputFile osm;
  std::optional<InputFile> facilities, residences, rules;
};

// A site ready for searches: the routed network and the points on it.
struct Site {
  std::unique_ptr<planning::Network> net;
  std::vector<planning::Facility> facilities;
  std::vector<planning::Residence> residences;
  planning::Rules rules;
  std::vector<std::string> warnings;  // from the OSM import
};
Result<Site> load_site(const AnalysisParams& p, const SiteInputs& in);

struct AnalysisOutput {
  // report.json (summary form), coverage.json, suggestions.json, network.geojson,
  // facilities.geojson, residences.geojson, nearest.csv, counts.csv, gaps.csv, coverage.csv
  std::map<std::string, std::string> documents;
  std::string summary_json;
};

// stage(name, fraction) is called as the run moves on ("import", "prepare", "nearest", "counts",
// "coverage", "gaps", "suggest", "write"); cancelled() is polled between and inside stages.
// Returns nullopt when cancelled.
using StageFn = std::function<void(const std::string& stage, double fraction)>;
Result<std::optional<AnalysisOutput>> run_analysis(const AnalysisParams& p, const SiteInputs& in,
                                                   const StageFn& stage,
                                                   const std::function<bool()>& cancelled,
                                                   unsigned threads);

// One record of the gap list, as gaps.csv stores it.
struct GapItem {
  std::string residence_id, level, category;
  int cutoff_min = 0;
  std::optional<double> nearest_seconds;  // none: nothing within the largest cutoff
  double households = 0;
};
// Parses a stored gaps.csv (written by planning::write_gaps_csv).
Result<std::vector<GapItem>> parse_gaps_csv(const std::string& text);

}  // namespace weilai::http::planning_api
