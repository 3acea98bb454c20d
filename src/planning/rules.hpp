// Life-circle rules: which categories each level requires and within what travel time. Levels are
// nested (GB 50180-2018): a residence meets level i when every category of level i is within
// level i's cutoff AND it meets level i-1. The same shape carries Zhejiang's 5/10/30 travel-circle
// rules. Loaded from JSON (data/planning/*.json, format in docs/PLANNING.md). Immutable.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "graph/road_graph.hpp"

namespace weilai::planning {

struct RuleLevel {
  std::string name;
  int cutoff_min = 0;
  std::vector<std::string> require;  // this level's own categories
};

struct Rules {
  std::string name;
  std::vector<int> cutoffs_min = {5, 10, 15, 30};  // for counts and the coverage table, ascending
  std::vector<RuleLevel> levels;                   // ascending cutoff

  // Every category named anywhere, in first-appearance order.
  std::vector<std::string> categories() const;
  graph::Time max_cutoff_ds() const;
};

inline graph::Time minutes_to_ds(int minutes) {
  return static_cast<graph::Time>(minutes) * 600;
}

// Errors: invalid_argument naming the source and the JSON path of the problem.
Result<Rules> parse_rules(std::string_view json_text, const std::string& source);
Result<Rules> load_rules(const std::string& path);
// The shipped GB 50180-2018 defaults (same as data/planning/gb50180_life_circles.json).
const Rules& default_rules();
extern const char* const kDefaultRulesJson;

}  // namespace weilai::planning
