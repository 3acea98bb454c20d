#include "planning/rules.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "planning/csv.hpp"

namespace weilai::planning {

const char* const kDefaultRulesJson = R"json({
  "name": "GB 50180-2018 residential life circles (walking)",
  "cutoffs_min": [5, 10, 15, 30],
  "levels": [
    {"name": "5-minute", "cutoff_min": 5,
     "require": ["kindergarten", "supermarket", "elderly_care", "waste_recycling", "park"]},
    {"name": "10-minute", "cutoff_min": 10,
     "require": ["primary_school", "clinic", "pharmacy", "bus_stop", "post_parcel"]},
    {"name": "15-minute", "cutoff_min": 15,
     "require": ["junior_high", "community_service", "rail_station"]}
  ]
})json";

std::vector<std::string> Rules::categories() const {
  std::vector<std::string> out;
  for (const auto& l : levels)
    for (const auto& c : l.require)
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

graph::Time Rules::max_cutoff_ds() const {
  int m = cutoffs_min.empty() ? 0 : cutoffs_min.back();
  for (const auto& l : levels) m = std::max(m, l.cutoff_min);
  return minutes_to_ds(m);
}

Result<Rules> parse_rules(std::string_view text, const std::string& source) {
  using nlohmann::json;
  json doc;
  try {
    doc = json::parse(text);
  } catch (const std::exception& e) {
    return Error::invalid(source + ": not valid JSON: " + e.what());
  }
  auto bad = [&](const std::string& path, const std::string& what) {
    return Error::invalid(source + ": " + path + ": " + what, path);
  };
  if (!doc.is_object()) return bad("/", "expected an object");
  Rules r;
  if (doc.contains("name")) {
    if (!doc["name"].is_string()) return bad("/name", "expected a string");
    r.name = doc["name"].get<std::string>();
  }
  auto minutes = [&](const json& v, const std::string& path) -> Result<int> {
    if (!v.is_number_integer() || v.get<int64_t>() <= 0 || v.get<int64_t>() > 24 * 60)
      return bad(path, "expected whole minutes in 1..1440");
    return static_cast<int>(v.get<int64_t>());
  };
  if (doc.contains("cutoffs_min")) {
    const json& c = doc["cutoffs_min"];
    if (!c.is_array() || c.empty() || c.size() > 16)
      return bad("/cutoffs_min", "expected 1..16 minutes");
    r.cutoffs_min.clear();
    for (size_t i = 0; i < c.size(); ++i) {
      WEILAI_TRY(int m, minutes(c[i], "/cutoffs_min/" + std::to_string(i)));
      r.cutoffs_min.push_back(m);
    }
    std::sort(r.cutoffs_min.begin(), r.cutoffs_min.end());
    r.cutoffs_min.erase(std::unique(r.cutoffs_min.begin(), r.cutoffs_min.end()),
                        r.cutoffs_min.end());
  }
  if (!doc.contains("levels") || !doc["levels"].is_array() || doc["levels"].empty())
    return bad("/levels", "expected a non-empty array of levels");
  int prev = 0;
  for (size_t i = 0; i < doc["levels"].size(); ++i) {
    const json& l = doc["levels"][i];
    std::string path = "/levels/" + std::to_string(i);
    if (!l.is_object()) return bad(path, "expected an object");
    RuleLevel level;
    if (!l.contains("name") || !l["name"].is_string() || l["name"].get<std::string>().empty())
      return bad(path + "/name", "expected a non-empty string");
    level.name = l["name"].get<std::string>();
    if (!l.contains("cutoff_min")) return bad(path + "/cutoff_min", "missing");
    WEILAI_TRY(int m, minutes(l["cutoff_min"], path + "/cutoff_min"));
    level.cutoff_min = m;
    if (m < prev) return bad(path + "/cutoff_min", "levels must be in ascending cutoff order");
    prev = m;
    if (!l.contains("require") || !l["require"].is_array())
      return bad(path + "/require", "expected an array of category names");
    for (size_t k = 0; k < l["require"].size(); ++k) {
      const json& c = l["require"][k];
      if (!c.is_string() || c.get<std::string>().empty())
        return bad(path + "/require/" + std::to_string(k), "expected a category name");
      level.require.push_back(c.get<std::string>());
    }
    r.levels.push_back(std::move(level));
  }
  return r;
}

Result<Rules> load_rules(const std::string& path) {
  WEILAI_TRY(auto text, read_file(path));
  return parse_rules(text, path);
}

const Rules& default_rules() {
  static const Rules r = *parse_rules(kDefaultRulesJson, "<built-in rules>");
  return r;
}

}  // namespace weilai::planning
