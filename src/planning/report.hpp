// Report writers for analysis results: JSON (everything), GeoJSON (residences as points with
// their nearest times and met levels), and the CSV tables of docs/PLANNING.md (nearest, counts,
// gaps, coverage). Seconds are printed from integer deciseconds with one decimal, exactly.
// nlohmann_json stays inside report.cpp. Thread-safe (pure functions of their inputs).
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "planning/analysis.hpp"
#include "planning/isochrone.hpp"
#include "planning/site_suggestion.hpp"

namespace weilai::planning {

struct AnalysisReport {
  const PlanningInput* input = nullptr;
  const Rules* rules = nullptr;
  const graph::GraphMeta* graph_meta = nullptr;
  NearestTable nearest;
  CountTable counts;  // may be empty (no categories) when counts were not requested
  Coverage coverage;
  std::vector<Gap> gaps;  // empty when analyze() ran without the gap list
  size_t gap_count = 0;
  std::vector<std::string> warnings;
};

// Runs nearest + counts + coverage + gaps for the rules' categories (plus any extra categories
// present in the facilities when include_all_categories).
// with_gap_list=false only counts the gaps (city-scale runs: tens of millions of records).
AnalysisReport analyze(const PlanningInput& in, const Rules& rules, const graph::GraphMeta& meta,
                       bool with_counts, unsigned threads, const Progress& progress = {},
                       bool with_gap_list = true);

// Progress, stage names and cancellation for a run driven by a job runner. `progress` gets the
// stage that is running ("nearest", "counts", "coverage", "gaps") and the overall fraction 0..1;
// `cancelled` is polled before each stage and after each category of the searches.
struct RunControl {
  std::function<void(const std::string& stage, double fraction)> progress;
  CancelCheck cancelled;
  bool stop() const { return cancelled && cancelled(); }
};

// analyze() under a RunControl: the same report, or nullopt as soon as `cancelled` answered true
// (then nothing partial escapes). Progress is monotone and ends at 1.0 on success.
std::optional<AnalysisReport> analyze_controlled(const PlanningInput& in, const Rules& rules,
                                                 const graph::GraphMeta& meta, bool with_counts,
                                                 unsigned threads, const RunControl& control,
                                                 bool with_gap_list = true);

// include_details=false keeps only the summary (coverage, levels, warnings, gap count): for
// city-scale runs where per-residence lists would be gigabytes.
std::string report_json(const AnalysisReport& r, bool include_details = true);
std::string report_geojson(const AnalysisReport& r);
void write_nearest_csv(std::ostream& out, const AnalysisReport& r);
void write_counts_csv(std::ostream& out, const AnalysisReport& r);
void write_gaps_csv(std::ostream& out, const AnalysisReport& r);
void write_coverage_csv(std::ostream& out, const AnalysisReport& r);

// By extension: .json, .geojson, .csv (nearest table). Errors: invalid_argument for an unknown
// extension, unavailable if the file cannot be written.
Status write_report_file(const std::string& path, const AnalysisReport& r,
                         bool include_details = true);

// The routed network as GeoJSON LineStrings, chains of degree-2 nodes merged (one feature per
// street section between junctions); each undirected connection appears exactly once.
std::string network_geojson(const graph::RoadGraph& g);

std::string isochrones_geojson(const std::vector<Isochrone>& isos, geo::LatLon origin);
std::string suggestion_json(const SiteSuggestion& s, const std::vector<Candidate>& candidates);

}  // namespace weilai::planning
