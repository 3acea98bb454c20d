// Runs the data-driven cases of tests/data/evaluation/planning_rules_cases.txt (format described
// at the top of that file) through the planning-rule calculators. Parsed with the standard
// library only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "evaluation/planning_rules.hpp"

namespace weilai::evaluation {
namespace {

struct Line {
  int number = 0;
  std::vector<std::string> words;
};

struct Case {
  std::string kind;
  std::string name;
  int line = 0;
  std::vector<Line> lines;
};

std::vector<Case> load_cases(const std::string& path) {
  std::ifstream file(path);
  EXPECT_TRUE(file) << "cannot open " << path;
  std::vector<Case> cases;
  std::string text;
  for (int number = 1; std::getline(file, text); ++number) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty() || text[0] == '#') continue;
    if (text[0] == '[') {
      const auto close = text.find(']');
      EXPECT_NE(close, std::string::npos) << path << ":" << number;
      Case c;
      c.kind = text.substr(1, close - 1);
      c.name = text.substr(std::min(text.size(), close + 2));
      c.line = number;
      cases.push_back(std::move(c));
      continue;
    }
    EXPECT_FALSE(cases.empty()) << path << ":" << number << ": line before the first case";
    if (cases.empty()) continue;
    Line line{number, {}};
    std::istringstream words(text);
    for (std::string w; words >> w;) line.words.push_back(w);
    cases.back().lines.push_back(std::move(line));
  }
  return cases;
}

double number(const Line& l, size_t i) {
  if (i >= l.words.size()) {
    ADD_FAILURE() << "line " << l.number << ": missing value";
    return 0;
  }
  return std::stod(l.words[i]);
}

// Outputs of one run as key → number (checks as 1/0), or the error field.
struct Outcome {
  std::map<std::string, double> values;
  std::optional<Error> error;
};

Outcome run_far(const Case& c) {
  FarInput in;
  for (const Line& l : c.lines) {
    const std::string& k = l.words[0];
    if (k == "land") in.land_area_m2 = number(l, 1);
    if (k == "far_limit") in.far_limit = number(l, 1);
    if (k == "height_limit") in.height_limit_m = number(l, 1);
    if (k == "item") in.floor_areas.push_back({l.words.at(1), number(l, 2)});
    if (k == "building") in.buildings.push_back({l.words.at(1), number(l, 2)});
    if (k == "count") {
      auto use = parse_floor_use(l.words.at(1));
      EXPECT_TRUE(use) << "line " << l.number;
      if (use) std::erase(in.rules.excluded_uses, *use);
    }
  }
  auto r = floor_area_ratio(in);
  if (!r) return {{}, r.error()};
  return {{{"total", r->total_floor_area_m2},
           {"counted", r->counted_floor_area_m2},
           {"excluded", r->excluded_floor_area_m2},
           {"residential", r->residential_floor_area_m2},
           {"far", r->far},
           {"far_ok", r->far_ok},
           {"height_ok", r->height_ok},
           {"max_height", r->max_height_m},
           {"over_height", static_cast<double>(r->over_height.size())}},
          std::nullopt};
}

Outcome run_green(const Case& c) {
  GreenInput in;
  for (const Line& l : c.lines) {
    const std::string& k = l.words[0];
    if (k == "land") in.land_area_m2 = number(l, 1);
    if (k == "ground") in.ground_green_m2 = number(l, 1);
    if (k == "vertical") in.vertical.push_back({"", number(l, 2), l.words.at(1) == "public"});
    if (k == "factor") in.rule.factor = number(l, 1);
    if (k == "min") in.min_ratio = number(l, 1);
    if (k == "cap") {
      const std::string& basis = l.words.at(1);
      in.rule.cap_basis = basis == "ground_green" ? GreeningCapBasis::ground_green
                          : basis == "land_area"  ? GreeningCapBasis::land_area
                                                  : GreeningCapBasis::none;
      in.rule.cap_share = number(l, 2);
    }
  }
  auto r = green_space_ratio(in);
  if (!r) return {{}, r.error()};
  return {{{"vertical_public", r->vertical_public_m2},
           {"converted", r->vertical_converted_m2},
           {"vertical_counted", r->vertical_counted_m2},
           {"green_area", r->green_area_m2},
           {"ratio", r->ratio},
           {"ok", r->ok},
           {"excluded_items", static_cast<double>(r->excluded.size())}},
          std::nullopt};
}

Outcome run_facility(const Case& c) {
  FacilityInput in;
  for (const Line& l : c.lines) {
    const std::string& k = l.words[0];
    if (k == "households") in.households = std::stoll(l.words.at(1));
    if (k == "min") in.min_m2_per_100_households = number(l, 1);
    if (k == "facility") in.facilities.push_back({l.words.at(1), number(l, 2)});
    if (k == "also_count") in.counted_categories.push_back(l.words.at(1));
  }
  auto r = facility_area_per_100_households(in);
  if (!r) return {{}, r.error()};
  return {{{"counted", r->counted_m2},
           {"per100", r->m2_per_100_households},
           {"required", r->required_m2},
           {"shortfall", r->shortfall_m2},
           {"ok", r->ok},
           {"excluded_items", static_cast<double>(r->excluded.size())}},
          std::nullopt};
}

TEST(PlanningRulesCases, DataFile) {
  const auto cases = load_cases(std::string(WEILAI_SOURCE_DIR) +
                                "/tests/data/evaluation/planning_rules_cases.txt");
  ASSERT_GE(cases.size(), 10u);
  for (const Case& c : cases) {
    SCOPED_TRACE("case '" + c.name + "' at line " + std::to_string(c.line));
    Outcome out;
    if (c.kind == "far") {
      out = run_far(c);
    } else if (c.kind == "green") {
      out = run_green(c);
    } else if (c.kind == "facility") {
      out = run_facility(c);
    } else {
      ADD_FAILURE() << "unknown kind " << c.kind;
      continue;
    }
    int expectations = 0;
    for (const Line& l : c.lines) {
      if (l.words[0] != "expect") continue;
      ++expectations;
      const std::string& key = l.words.at(1);
      const std::string& want = l.words.at(2);
      if (key == "error") {
        ASSERT_TRUE(out.error) << "expected an error on " << want;
        EXPECT_EQ(out.error->code, ErrorCode::invalid_argument);
        EXPECT_EQ(out.error->field, want) << out.error->message;
        continue;
      }
      ASSERT_FALSE(out.error) << out.error->field << ": " << out.error->message;
      auto it = out.values.find(key);
      ASSERT_NE(it, out.values.end()) << "line " << l.number << ": unknown output " << key;
      const double expected = want == "true" ? 1 : want == "false" ? 0 : std::stod(want);
      EXPECT_NEAR(it->second, expected, 1e-9 * std::max(1.0, std::abs(expected)))
          << "line " << l.number << ": " << key;
    }
    EXPECT_GT(expectations, 0) << "a case without expectations";
  }
}

}  // namespace
}  // namespace weilai::evaluation
