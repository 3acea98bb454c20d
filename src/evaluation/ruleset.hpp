// Indicator rulesets as data (建设评价指标体系): scenario → indicator, with the binding (约束性) /
// guiding (引导性) split, a unit from a known list, a comparison and a threshold that may differ
// per project type (renewal 改造更新类 / new_build 规划新建类) and per tier (leading 引领型 /
// inclusive 普惠型), points for guiding indicators, and where the value comes from (a platform
// calculator, an adapter that a later module fills, or a value reported with evidence). A ruleset
// also has a pass mark: the share of guiding points (0..100) a project needs besides meeting every
// binding one.
//
// The JSON form is documented in docs/EVALUATION.md. parse_ruleset validates it strictly: unknown
// members, missing fields, unknown units, calculators or adapters, duplicated codes and thresholds
// of the wrong type are invalid_argument errors whose `field` is the JSON pointer of the offending
// member ("/scenarios/2/indicators/0/unit"). Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace weilai::evaluation {

enum class IndicatorKind { binding, guiding };
enum class Comparison { at_least, at_most, equal, between, boolean };
enum class SourceType { computed, adapter, reported };

const char* to_string(IndicatorKind kind);     // "binding" | "guiding"
const char* to_string(Comparison comparison);  // ">=" "<=" "==" "between" "bool"
const char* to_string(SourceType source);      // "computed" | "adapter" | "reported"

// The units a ruleset may use (a typo in a unit is an error, not a new unit).
const std::vector<std::string>& known_units();
// Calculators the platform runs from site data, and adapters other modules fill.
const std::vector<std::string>& known_calculators();
const std::vector<std::string>& known_adapters();

// A threshold for one comparison: `value` for >=, <=, ==; `min`/`max` for between; `flag` for bool.
struct Threshold {
  double value = 0;
  double min = 0, max = 0;
  bool flag = true;
};

// A threshold that applies only to one project type and/or tier (empty = any).
struct ThresholdOverride {
  std::string project_type;  // "" | renewal | new_build
  std::string tier;          // "" | leading | inclusive
  Threshold threshold;
};

struct DataSource {
  SourceType type = SourceType::reported;
  std::string name;      // calculator or adapter name; empty for reported
  std::string evidence;  // what evidence a reported value needs (free text)
  // Calculator parameters (green_space_ratio: vertical greening factor, cap_basis, cap_share;
  // facility_area_per_100_households: counted_categories). Unset = the calculator's default.
  std::optional<double> greening_factor;
  std::string greening_cap_basis;  // "" | none | ground_green | land_area
  std::optional<double> greening_cap_share;
  std::vector<std::string> counted_categories;
};

struct Indicator {
  std::string code;  // unique in the ruleset, e.g. "NB-02"
  std::string name_zh, name_en;
  IndicatorKind kind = IndicatorKind::binding;
  std::string measure;
  std::string unit;
  Comparison comparison = Comparison::at_least;
  Threshold threshold;
  std::vector<ThresholdOverride> overrides;
  double points = 0;  // guiding only, > 0
  DataSource source;
  std::string
      status;  // provenance of the row: sourced | sourced-partial | reconstructed | placeholder
  std::string threshold_note;  // e.g. the draft's original threshold text
  std::string citation;
};

struct Scenario {
  std::string code;  // e.g. "NB"
  std::string name_zh, name_en;
  std::vector<Indicator> indicators;
};

struct Ruleset {
  std::string code;     // e.g. "zhejiang-nine-scenarios"
  std::string version;  // label, e.g. "draft-1"
  std::string name_zh, name_en;
  // Where the whole set comes from: "official" (the annex) or "reconstruction" (our draft).
  std::string provenance;
  std::string note;
  double pass_mark = 60;  // % of guiding points
  std::vector<Scenario> scenarios;

  const Indicator* find(std::string_view indicator_code) const;
  std::size_t indicator_count() const;
};

// The threshold for a project of `project_type` and `tier`: the override matching both, else one
// matching the type, else one matching the tier, else the default.
const Threshold& threshold_for(const Indicator& indicator, std::string_view project_type,
                               std::string_view tier);
// "≥ 80", "between 0.3 and 0.5", "= yes" — for reports.
std::string describe(Comparison comparison, const Threshold& threshold);

// Parses and validates. Errors: invalid_argument with `field` = JSON pointer, message naming it.
Result<Ruleset> parse_ruleset(std::string_view json_text);
// The canonical JSON form (parse_ruleset(to_json(r)) gives r back).
std::string to_json(const Ruleset& ruleset);

}  // namespace weilai::evaluation
