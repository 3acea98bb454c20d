#include "evaluation/ruleset.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace weilai::evaluation {
namespace {
using json = nlohmann::ordered_json;

// Reads one object strictly; the first problem becomes the error.
class Reader {
 public:
  Reader(const json& object, std::string path) : o_(object), path_(std::move(path)) {}

  Status only(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, _] : o_.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        return Error::invalid("unknown field " + at(key), at(key));
    }
    return {};
  }
  Result<std::string> text(const std::string& key, bool required = true,
                           std::size_t max = 2000) const {
    if (!o_.contains(key) || o_.at(key).is_null()) {
      if (required) return Error::invalid("missing field " + at(key), at(key));
      return std::string();
    }
    const auto& v = o_.at(key);
    if (!v.is_string()) return Error::invalid(at(key) + " must be a string", at(key));
    auto s = v.get<std::string>();
    if (required && s.empty()) return Error::invalid(at(key) + " must not be empty", at(key));
    if (s.size() > max) return Error::invalid(at(key) + " is too long", at(key));
    return s;
  }
  Result<std::optional<double>> number(const std::string& key, bool required) const {
    if (!o_.contains(key) || o_.at(key).is_null()) {
      if (required) return Error::invalid("missing field " + at(key), at(key));
      return std::optional<double>();
    }
    const auto& v = o_.at(key);
    if (!v.is_number()) return Error::invalid(at(key) + " must be a number", at(key));
    const double d = v.get<double>();
    if (!std::isfinite(d)) return Error::invalid(at(key) + " must be finite", at(key));
    return std::optional<double>(d);
  }
  std::string at(std::string_view key) const { return path_ + "/" + std::string(key); }
  const json& o() const { return o_; }

 private:
  const json& o_;
  std::string path_;
};

Result<std::string> one_of(const Reader& r, const std::string& key,
                           const std::vector<std::string>& allowed, bool required = true) {
  WEILAI_TRY(auto s, r.text(key, required));
  if (s.empty() && !required) return s;
  if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return Error::invalid(
        r.at(key) + ": unknown value \"" + s + "\" (expected one of " + list + ")", r.at(key));
  }
  return s;
}

Result<Comparison> parse_comparison(const std::string& s) {
  if (s == ">=") return Comparison::at_least;
  if (s == "<=") return Comparison::at_most;
  if (s == "==") return Comparison::equal;
  if (s == "between") return Comparison::between;
  if (s == "bool") return Comparison::boolean;
  return Error::invalid("unknown comparison");
}

Result<Threshold> parse_threshold(const json& v, Comparison c, const std::string& path) {
  Threshold t;
  switch (c) {
    case Comparison::at_least:
    case Comparison::at_most:
    case Comparison::equal:
      if (!v.is_number() || !std::isfinite(v.get<double>()))
        return Error::invalid(path + " must be a number for comparison " + to_string(c), path);
      t.value = v.get<double>();
      return t;
    case Comparison::between: {
      if (!v.is_object())
        return Error::invalid(path + " must be {\"min\": n, \"max\": n} for comparison between",
                              path);
      Reader r(v, path);
      WEILAI_CHECK(r.only({"min", "max"}));
      WEILAI_TRY(auto lo, r.number("min", true));
      WEILAI_TRY(auto hi, r.number("max", true));
      if (*lo > *hi) return Error::invalid(path + ": min is above max", path + "/min");
      t.min = *lo;
      t.max = *hi;
      return t;
    }
    case Comparison::boolean:
      if (!v.is_boolean())
        return Error::invalid(path + " must be true or false for comparison bool", path);
      t.flag = v.get<bool>();
      return t;
  }
  return Error::invalid(path + ": unknown comparison", path);
}

Result<DataSource> parse_source(const json& v, const std::string& path) {
  if (!v.is_object()) return Error::invalid(path + " must be an object", path);
  Reader r(v, path);
  WEILAI_CHECK(r.only({"type", "calculator", "adapter", "evidence", "params"}));
  DataSource s;
  WEILAI_TRY(auto type, one_of(r, "type", {"computed", "adapter", "reported"}));
  WEILAI_TRY(s.evidence, r.text("evidence", false));
  if (type == "computed") {
    s.type = SourceType::computed;
    WEILAI_TRY(s.name, one_of(r, "calculator", known_calculators()));
    if (v.contains("adapter"))
      return Error::invalid(r.at("adapter") + " is only for type adapter", r.at("adapter"));
  } else if (type == "adapter") {
    s.type = SourceType::adapter;
    WEILAI_TRY(s.name, one_of(r, "adapter", known_adapters()));
    if (v.contains("calculator"))
      return Error::invalid(r.at("calculator") + " is only for type computed", r.at("calculator"));
  } else {
    s.type = SourceType::reported;
    if (v.contains("calculator") || v.contains("adapter"))
      return Error::invalid(path + ": a reported source names no calculator or adapter",
                            r.at(v.contains("calculator") ? "calculator" : "adapter"));
  }
  if (v.contains("params")) {
    const auto& p = v.at("params");
    const std::string pp = r.at("params");
    if (!p.is_object()) return Error::invalid(pp + " must be an object", pp);
    if (s.type != SourceType::computed)
      return Error::invalid(pp + " is only for computed sources", pp);
    Reader pr(p, pp);
    if (s.name == "green_space_ratio") {
      WEILAI_CHECK(pr.only({"vertical_greening_factor", "cap_basis", "cap_share"}));
      WEILAI_TRY(s.greening_factor, pr.number("vertical_greening_factor", false));
      if (s.greening_factor && *s.greening_factor < 0)
        return Error::invalid(pr.at("vertical_greening_factor") + " must be >= 0",
                              pr.at("vertical_greening_factor"));
      WEILAI_TRY(s.greening_cap_basis,
                 one_of(pr, "cap_basis", {"none", "ground_green", "land_area"}, false));
      WEILAI_TRY(s.greening_cap_share, pr.number("cap_share", false));
      if (s.greening_cap_share && *s.greening_cap_share < 0)
        return Error::invalid(pr.at("cap_share") + " must be >= 0", pr.at("cap_share"));
    } else if (s.name == "facility_area_per_100_households") {
      WEILAI_CHECK(pr.only({"counted_categories"}));
      if (p.contains("counted_categories")) {
        const auto& cats = p.at("counted_categories");
        const auto cp = pr.at("counted_categories");
        if (!cats.is_array() || cats.empty())
          return Error::invalid(cp + " must be a non-empty array of strings", cp);
        for (std::size_t i = 0; i < cats.size(); ++i) {
          if (!cats[i].is_string() || cats[i].get<std::string>().empty())
            return Error::invalid(cp + "/" + std::to_string(i) + " must be a category name",
                                  cp + "/" + std::to_string(i));
          s.counted_categories.push_back(cats[i].get<std::string>());
        }
      }
    } else {
      WEILAI_CHECK(pr.only({}));
    }
  }
  return s;
}

Result<Indicator> parse_indicator(const json& v, const std::string& path) {
  if (!v.is_object()) return Error::invalid(path + " must be an object", path);
  Reader r(v, path);
  WEILAI_CHECK(
      r.only({"code", "name_zh", "name_en", "kind", "measure", "unit", "comparison", "threshold",
              "overrides", "points", "source", "status", "threshold_note", "citation"}));
  Indicator ind;
  WEILAI_TRY(ind.code, r.text("code", true, 32));
  WEILAI_TRY(ind.name_zh, r.text("name_zh", true, 200));
  WEILAI_TRY(ind.name_en, r.text("name_en", true, 300));
  WEILAI_TRY(auto kind, one_of(r, "kind", {"binding", "guiding"}));
  ind.kind = kind == "binding" ? IndicatorKind::binding : IndicatorKind::guiding;
  WEILAI_TRY(ind.measure, r.text("measure", true));
  WEILAI_TRY(ind.unit, one_of(r, "unit", known_units()));
  WEILAI_TRY(auto cmp, one_of(r, "comparison", {">=", "<=", "==", "between", "bool"}));
  ind.comparison = *parse_comparison(cmp);
  if ((ind.comparison == Comparison::boolean) != (ind.unit == "bool"))
    return Error::invalid(r.at("unit") + ": comparison bool goes with unit bool and only with it",
                          r.at("unit"));
  if (!v.contains("threshold") || v.at("threshold").is_null())
    return Error::invalid("missing field " + r.at("threshold"), r.at("threshold"));
  WEILAI_TRY(ind.threshold, parse_threshold(v.at("threshold"), ind.comparison, r.at("threshold")));
  if (v.contains("overrides")) {
    const auto& ov = v.at("overrides");
    const auto op = r.at("overrides");
    if (!ov.is_array()) return Error::invalid(op + " must be an array", op);
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < ov.size(); ++i) {
      const std::string ip = op + "/" + std::to_string(i);
      if (!ov[i].is_object()) return Error::invalid(ip + " must be an object", ip);
      Reader orr(ov[i], ip);
      WEILAI_CHECK(orr.only({"project_type", "tier", "threshold"}));
      ThresholdOverride o;
      WEILAI_TRY(o.project_type, one_of(orr, "project_type", {"renewal", "new_build"}, false));
      WEILAI_TRY(o.tier, one_of(orr, "tier", {"leading", "inclusive"}, false));
      if (o.project_type.empty() && o.tier.empty())
        return Error::invalid(ip + " names neither project_type nor tier", ip);
      if (!seen.insert({o.project_type, o.tier}).second)
        return Error::invalid(ip + " repeats an earlier override for the same type and tier", ip);
      if (!ov[i].contains("threshold") || ov[i].at("threshold").is_null())
        return Error::invalid("missing field " + orr.at("threshold"), orr.at("threshold"));
      WEILAI_TRY(o.threshold,
                 parse_threshold(ov[i].at("threshold"), ind.comparison, orr.at("threshold")));
      ind.overrides.push_back(std::move(o));
    }
  }
  WEILAI_TRY(auto points, r.number("points", ind.kind == IndicatorKind::guiding));
  if (ind.kind == IndicatorKind::guiding) {
    if (*points <= 0 || *points > 1000)
      return Error::invalid(r.at("points") + " must be in (0, 1000] for a guiding indicator",
                            r.at("points"));
    ind.points = *points;
  } else if (points && *points != 0) {
    return Error::invalid(r.at("points") + ": a binding indicator has no points", r.at("points"));
  }
  if (!v.contains("source"))
    return Error::invalid("missing field " + r.at("source"), r.at("source"));
  WEILAI_TRY(ind.source, parse_source(v.at("source"), r.at("source")));
  WEILAI_TRY(ind.status, one_of(r, "status",
                                {"sourced", "sourced-partial", "reconstructed", "placeholder",
                                 "official", "added"},
                                false));
  WEILAI_TRY(ind.threshold_note, r.text("threshold_note", false));
  WEILAI_TRY(ind.citation, r.text("citation", false));
  return ind;
}

json threshold_json(Comparison c, const Threshold& t) {
  switch (c) {
    case Comparison::between:
      return json{{"min", t.min}, {"max", t.max}};
    case Comparison::boolean:
      return t.flag;
    default:
      return t.value;
  }
}

std::string number_text(double d) {
  std::ostringstream s;
  s << d;
  return s.str();
}

}  // namespace

const char* to_string(IndicatorKind kind) {
  return kind == IndicatorKind::binding ? "binding" : "guiding";
}
const char* to_string(Comparison c) {
  switch (c) {
    case Comparison::at_least:
      return ">=";
    case Comparison::at_most:
      return "<=";
    case Comparison::equal:
      return "==";
    case Comparison::between:
      return "between";
    case Comparison::boolean:
      return "bool";
  }
  return "?";
}
const char* to_string(SourceType s) {
  switch (s) {
    case SourceType::computed:
      return "computed";
    case SourceType::adapter:
      return "adapter";
    case SourceType::reported:
      return "reported";
  }
  return "?";
}

const std::vector<std::string>& known_units() {
  static const std::vector<std::string> units{"%",
                                              "ratio",
                                              "bool",
                                              "m",
                                              "m²",
                                              "m²/100 households",
                                              "events/yr",
                                              "courses/yr",
                                              "places/1000 pop",
                                              "units",
                                              "households/butler",
                                              "assessments/yr",
                                              "kWp",
                                              "rating",
                                              "points",
                                              "hours",
                                              "min",
                                              "count"};
  return units;
}
const std::vector<std::string>& known_calculators() {
  static const std::vector<std::string> c{"facility_area_per_100_households", "far_compliance",
                                          "green_space_ratio"};
  return c;
}
const std::vector<std::string>& known_adapters() {
  static const std::vector<std::string> a{"resident_satisfaction",  "time_bank_participation",
                                          "points_activity",        "work_order_sla",
                                          "shared_parking_share",   "poll_turnout",
                                          "travel_circle_coverage", "life_circle_coverage"};
  return a;
}

const Indicator* Ruleset::find(std::string_view code) const {
  for (const auto& s : scenarios)
    for (const auto& i : s.indicators)
      if (i.code == code) return &i;
  return nullptr;
}

std::size_t Ruleset::indicator_count() const {
  std::size_t n = 0;
  for (const auto& s : scenarios) n += s.indicators.size();
  return n;
}

const Threshold& threshold_for(const Indicator& ind, std::string_view type, std::string_view tier) {
  const ThresholdOverride* by_type = nullptr;
  const ThresholdOverride* by_tier = nullptr;
  for (const auto& o : ind.overrides) {
    const bool type_ok = o.project_type.empty() || o.project_type == type;
    const bool tier_ok = o.tier.empty() || o.tier == tier;
    if (!type_ok || !tier_ok) continue;
    if (!o.project_type.empty() && !o.tier.empty()) return o.threshold;
    if (!o.project_type.empty()) by_type = &o;
    if (!o.tier.empty()) by_tier = &o;
  }
  if (by_type) return by_type->threshold;
  if (by_tier) return by_tier->threshold;
  return ind.threshold;
}

std::string describe(Comparison c, const Threshold& t) {
  switch (c) {
    case Comparison::at_least:
      return "≥ " + number_text(t.value);
    case Comparison::at_most:
      return "≤ " + number_text(t.value);
    case Comparison::equal:
      return "= " + number_text(t.value);
    case Comparison::between:
      return number_text(t.min) + " – " + number_text(t.max);
    case Comparison::boolean:
      return t.flag ? "= yes" : "= no";
  }
  return "";
}

Result<Ruleset> parse_ruleset(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Error::invalid("the ruleset is not valid JSON", "");
  if (!doc.is_object()) return Error::invalid("the ruleset must be a JSON object", "");
  Reader r(doc, "");
  WEILAI_CHECK(r.only(
      {"code", "version", "name_zh", "name_en", "provenance", "note", "pass_mark", "scenarios"}));
  Ruleset rs;
  WEILAI_TRY(rs.code, r.text("code", true, 64));
  WEILAI_TRY(rs.version, r.text("version", true, 64));
  WEILAI_TRY(rs.name_zh, r.text("name_zh", true, 200));
  WEILAI_TRY(rs.name_en, r.text("name_en", true, 200));
  WEILAI_TRY(rs.provenance, one_of(r, "provenance", {"official", "reconstruction"}));
  WEILAI_TRY(rs.note, r.text("note", false, 4000));
  WEILAI_TRY(auto pass, r.number("pass_mark", true));
  if (*pass < 0 || *pass > 100)
    return Error::invalid("/pass_mark must be between 0 and 100", "/pass_mark");
  rs.pass_mark = *pass;
  if (!doc.contains("scenarios")) return Error::invalid("missing field /scenarios", "/scenarios");
  const auto& scen = doc.at("scenarios");
  if (!scen.is_array() || scen.empty())
    return Error::invalid("/scenarios must be a non-empty array", "/scenarios");
  std::set<std::string> scenario_codes, indicator_codes;
  for (std::size_t i = 0; i < scen.size(); ++i) {
    const std::string sp = "/scenarios/" + std::to_string(i);
    if (!scen[i].is_object()) return Error::invalid(sp + " must be an object", sp);
    Reader sr(scen[i], sp);
    WEILAI_CHECK(sr.only({"code", "name_zh", "name_en", "indicators"}));
    Scenario s;
    WEILAI_TRY(s.code, sr.text("code", true, 16));
    if (!scenario_codes.insert(s.code).second)
      return Error::invalid(sr.at("code") + ": duplicated scenario code " + s.code, sr.at("code"));
    WEILAI_TRY(s.name_zh, sr.text("name_zh", true, 100));
    WEILAI_TRY(s.name_en, sr.text("name_en", true, 100));
    if (!scen[i].contains("indicators"))
      return Error::invalid("missing field " + sr.at("indicators"), sr.at("indicators"));
    const auto& inds = scen[i].at("indicators");
    if (!inds.is_array() || inds.empty())
      return Error::invalid(sr.at("indicators") + " must be a non-empty array",
                            sr.at("indicators"));
    for (std::size_t j = 0; j < inds.size(); ++j) {
      const std::string ip = sr.at("indicators") + "/" + std::to_string(j);
      WEILAI_TRY(auto ind, parse_indicator(inds[j], ip));
      if (!indicator_codes.insert(ind.code).second)
        return Error::invalid(ip + "/code: duplicated indicator code " + ind.code, ip + "/code");
      s.indicators.push_back(std::move(ind));
    }
    rs.scenarios.push_back(std::move(s));
  }
  return rs;
}

std::string to_json(const Ruleset& rs) {
  json scenarios = json::array();
  for (const auto& s : rs.scenarios) {
    json inds = json::array();
    for (const auto& i : s.indicators) {
      json src{{"type", to_string(i.source.type)}};
      if (i.source.type == SourceType::computed) src["calculator"] = i.source.name;
      if (i.source.type == SourceType::adapter) src["adapter"] = i.source.name;
      if (!i.source.evidence.empty()) src["evidence"] = i.source.evidence;
      json params = json::object();
      if (i.source.greening_factor) params["vertical_greening_factor"] = *i.source.greening_factor;
      if (!i.source.greening_cap_basis.empty()) params["cap_basis"] = i.source.greening_cap_basis;
      if (i.source.greening_cap_share) params["cap_share"] = *i.source.greening_cap_share;
      if (!i.source.counted_categories.empty())
        params["counted_categories"] = i.source.counted_categories;
      if (!params.empty()) src["params"] = params;
      json o{{"code", i.code},
             {"name_zh", i.name_zh},
             {"name_en", i.name_en},
             {"kind", to_string(i.kind)},
             {"measure", i.measure},
             {"unit", i.unit},
             {"comparison", to_string(i.comparison)},
             {"threshold", threshold_json(i.comparison, i.threshold)},
             {"source", src}};
      if (!i.overrides.empty()) {
        json ov = json::array();
        for (const auto& x : i.overrides) {
          json e{{"threshold", threshold_json(i.comparison, x.threshold)}};
          if (!x.project_type.empty()) e["project_type"] = x.project_type;
          if (!x.tier.empty()) e["tier"] = x.tier;
          ov.push_back(e);
        }
        o["overrides"] = ov;
      }
      if (i.kind == IndicatorKind::guiding) o["points"] = i.points;
      if (!i.status.empty()) o["status"] = i.status;
      if (!i.threshold_note.empty()) o["threshold_note"] = i.threshold_note;
      if (!i.citation.empty()) o["citation"] = i.citation;
      inds.push_back(o);
    }
    scenarios.push_back(json{
        {"code", s.code}, {"name_zh", s.name_zh}, {"name_en", s.name_en}, {"indicators", inds}});
  }
  json doc{{"code", rs.code},           {"version", rs.version},       {"name_zh", rs.name_zh},
           {"name_en", rs.name_en},     {"provenance", rs.provenance}, {"note", rs.note},
           {"pass_mark", rs.pass_mark}, {"scenarios", scenarios}};
  return doc.dump(1);
}

}  // namespace weilai::evaluation
