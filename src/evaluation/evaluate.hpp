// Evaluations: a project × a published ruleset version × a date → each indicator's value, where it
// came from, its evidence, pass/fail (binding) or points (guiding), totals per scenario and
// overall, and the verdict. Pure: the caller gathers the inputs (site data, reported values,
// adapter readings) and stores the result.
//
// Rules (docs/EVALUATION.md):
// - A value that cannot be found is "no data", never zero. A binding indicator with no data counts
//   as failed (it is not shown to be met), so the verdict fails; a guiding one earns no points.
// - Sources, by the ruleset's data source: computed → the calculator over the site inputs (no data
//   when the inputs it needs are missing); adapter → the adapter's reading when a module provides
//   that adapter, else the latest reported value (the indicator then says the adapter is not yet
//   provided); reported → the latest reported value dated on or before the evaluation date.
//   Reported values under query (queried) are not used; pending ones are used and flagged.
// - Guiding points are all or nothing; score = earned / available guiding points × 100.
// - Verdict "pass" when no binding indicator failed and score ≥ the ruleset's pass mark.
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "evaluation/planning_rules.hpp"
#include "evaluation/ruleset.hpp"

namespace weilai::evaluation {

// One plot of the project's site data.
struct Plot {
  std::string name;
  double land_area_m2 = 0;
  double far_limit = 0;
  double height_limit_m = 0;
  std::vector<FloorAreaItem> floor_areas;
  std::vector<Building> buildings;
  std::optional<double> ground_green_m2;  // empty: green data not entered
  std::vector<VerticalGreening> vertical_greening;
};

// The site data entered in forms (or imported). Stored as JSON (docs/EVALUATION.md).
struct SiteInputs {
  std::string tier = "inclusive";          // leading 引领型 | inclusive 普惠型
  std::optional<std::int64_t> households;  // overrides the project record's households
  std::vector<Plot> plots;
  std::vector<CommunityFacility> facilities;
};
// Errors: invalid_argument with the JSON pointer of the bad member.
Result<SiteInputs> parse_site_inputs(std::string_view json_text);
std::string to_json(const SiteInputs& inputs);

struct ProjectFacts {
  std::int64_t id = 0;
  std::string name;
  std::string project_type;  // renewal | new_build
  std::optional<std::int64_t> households;
};

// A value reported for an indicator (by a county official), with evidence.
struct ReportedValue {
  std::int64_t id = 0;
  std::string indicator_code;
  std::optional<double> number;
  std::optional<bool> flag;
  std::string period;  // YYYY-MM-DD the value is as of
  std::string evidence;
  std::string attachment_ref;
  std::string review_status = "pending";  // pending | accepted | queried
  std::string review_note;
};

// A reading an adapter (a later module) gives for a project at a date.
struct AdapterReading {
  std::optional<double> number;
  std::optional<bool> flag;
  std::string detail;  // how it was computed, e.g. "42 of 52 households answered"
};

struct EvaluationInput {
  ProjectFacts project;
  std::optional<SiteInputs> site;  // empty: none entered
  std::vector<ReportedValue> reported;
  // Adapters provided by modules: name → reading (nullopt = provided, but no data yet).
  // A name that is absent means no module provides that adapter yet.
  std::map<std::string, std::optional<AdapterReading>> adapters;
  std::string as_of;  // YYYY-MM-DD
};

struct IndicatorResult {
  std::string scenario_code;
  std::string code, name_zh, name_en;
  std::string kind;  // binding | guiding
  std::string unit;
  std::string comparison;
  std::string threshold_text;    // e.g. "≥ 80"
  std::string indicator_status;  // provenance of the rule (sourced … placeholder)
  std::optional<double> number;
  std::optional<bool> flag;
  std::string outcome;        // met | not_met | no_data
  std::string source;         // computed | adapter | reported | none
  std::string source_detail;  // calculator/adapter name and a line of arithmetic or a note
  std::string evidence;
  std::string attachment_ref;
  std::optional<std::int64_t> reported_value_id;
  std::string review_status;  // of the reported value used, if any
  double points_available = 0;
  double points_earned = 0;
};

struct ScenarioTotal {
  std::string code, name_zh, name_en;
  int indicators = 0, met = 0, no_data = 0;
  int binding = 0, binding_failed = 0;
  double points_available = 0, points_earned = 0;
  double attainment_pct = 0;  // met / indicators × 100
};

struct EvaluationResult {
  std::string ruleset_code, ruleset_version, ruleset_provenance;
  std::int64_t project_id = 0;
  std::string project_name;
  std::string project_type, tier;
  std::string as_of;
  std::vector<IndicatorResult> indicators;
  std::vector<ScenarioTotal> scenarios;
  int binding_total = 0, binding_failed = 0, no_data = 0;
  double points_available = 0, points_earned = 0;
  double score = 0;  // % of guiding points
  double pass_mark = 0;
  std::string verdict;  // pass | fail
  std::vector<std::string> verdict_reasons;
};

// Never fails on missing data (that is "no data"); the calculators' input errors (e.g. a negative
// area in the site data) become the indicator's no-data note.
EvaluationResult evaluate(const Ruleset& ruleset, const EvaluationInput& input);
std::string to_json(const EvaluationResult& result);

// The differences between two stored evaluation results (JSON from to_json), indicator by
// indicator, with the reason: value, threshold (ruleset changed), source, or data
// appeared/vanished. Errors: invalid_argument when either text is not an evaluation result.
Result<std::string> compare_json(std::string_view before, std::string_view after);

}  // namespace weilai::evaluation
