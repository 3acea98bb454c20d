#include "evaluation/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

namespace weilai::evaluation {
namespace {
using json = nlohmann::ordered_json;

std::string num(double d) {
  std::ostringstream s;
  s.precision(6);
  s << d;
  return s.str();
}

Result<double> get_number(const json& o, const std::string& key, const std::string& path,
                          bool required, double fallback = 0) {
  if (!o.contains(key) || o.at(key).is_null()) {
    if (required) return Error::invalid("missing field " + path + "/" + key, path + "/" + key);
    return fallback;
  }
  if (!o.at(key).is_number() || !std::isfinite(o.at(key).get<double>()))
    return Error::invalid(path + "/" + key + " must be a number", path + "/" + key);
  return o.at(key).get<double>();
}

Result<std::string> get_text(const json& o, const std::string& key, const std::string& path,
                             bool required) {
  if (!o.contains(key) || o.at(key).is_null()) {
    if (required) return Error::invalid("missing field " + path + "/" + key, path + "/" + key);
    return std::string();
  }
  if (!o.at(key).is_string())
    return Error::invalid(path + "/" + key + " must be a string", path + "/" + key);
  return o.at(key).get<std::string>();
}

Status only(const json& o, const std::string& path, std::initializer_list<std::string_view> keys) {
  if (!o.is_object())
    return Error::invalid((path.empty() ? "/" : path) + " must be an object", path);
  for (const auto& [k, _] : o.items())
    if (std::find(keys.begin(), keys.end(), k) == keys.end())
      return Error::invalid("unknown field " + path + "/" + k, path + "/" + k);
  return {};
}

Result<const json*> array_of(const json& o, const std::string& key, const std::string& path) {
  static const json empty = json::array();
  if (!o.contains(key)) return &empty;
  if (!o.at(key).is_array())
    return Error::invalid(path + "/" + key + " must be an array", path + "/" + key);
  return &o.at(key);
}

struct Value {
  std::optional<double> number;
  std::optional<bool> flag;
  std::string detail;
  bool has() const { return number.has_value() || flag.has_value(); }
};

// Runs a calculator over the site inputs; empty Value (with a note) when inputs are missing.
Value compute(const Indicator& ind, const EvaluationInput& in) {
  Value v;
  if (!in.site) {
    v.detail = "no site data entered";
    return v;
  }
  const SiteInputs& site = *in.site;
  const std::string& name = ind.source.name;
  if (name == "facility_area_per_100_households") {
    const auto households = site.households ? site.households : in.project.households;
    if (!households || *households <= 0) {
      v.detail = "household count unknown";
      return v;
    }
    if (site.facilities.empty()) {
      v.detail = "no community facilities entered";
      return v;
    }
    FacilityInput fi;
    fi.facilities = site.facilities;
    fi.households = *households;
    if (!ind.source.counted_categories.empty())
      fi.counted_categories = ind.source.counted_categories;
    auto r = facility_area_per_100_households(fi);
    if (!r) {
      v.detail = "site data rejected: " + r.error().message;
      return v;
    }
    v.number = r->m2_per_100_households;
    v.detail = num(r->counted_m2) + " m² counted × 100 / " + std::to_string(r->households) +
               " households = " + num(r->m2_per_100_households) + " m²/100 households";
    if (!r->excluded.empty())
      v.detail += "; " + std::to_string(r->excluded.size()) + " facilities not counted";
    return v;
  }
  if (name == "far_compliance") {
    if (site.plots.empty()) {
      v.detail = "no plots entered";
      return v;
    }
    bool all_ok = true;
    std::string parts;
    for (const auto& p : site.plots) {
      FarInput fi;
      fi.land_area_m2 = p.land_area_m2;
      fi.floor_areas = p.floor_areas;
      fi.buildings = p.buildings;
      fi.height_limit_m = p.height_limit_m;
      fi.far_limit = p.far_limit;
      auto r = floor_area_ratio(fi);
      if (!r) {
        v.detail = "plot " + p.name + " rejected: " + r.error().message;
        return v;
      }
      all_ok = all_ok && r->ok();
      parts += (parts.empty() ? "" : "; ") + p.name + ": FAR " + num(r->far) + " (limit " +
               num(r->far_limit) + ", " + num(r->excluded_floor_area_m2) +
               " m² excluded per 三(二)), max height " + num(r->max_height_m) + " m (limit " +
               num(r->height_limit_m) + " m)" + (r->ok() ? "" : " — over the limit");
    }
    v.flag = all_ok;
    v.detail = parts;
    return v;
  }
  if (name == "green_space_ratio") {
    double land = 0, green = 0;
    std::string parts;
    int counted = 0;
    for (const auto& p : site.plots) {
      if (!p.ground_green_m2) continue;
      GreenInput gi;
      gi.land_area_m2 = p.land_area_m2;
      gi.ground_green_m2 = *p.ground_green_m2;
      gi.vertical = p.vertical_greening;
      if (ind.source.greening_factor) gi.rule.factor = *ind.source.greening_factor;
      if (ind.source.greening_cap_basis == "ground_green")
        gi.rule.cap_basis = GreeningCapBasis::ground_green;
      if (ind.source.greening_cap_basis == "land_area")
        gi.rule.cap_basis = GreeningCapBasis::land_area;
      if (ind.source.greening_cap_share) gi.rule.cap_share = *ind.source.greening_cap_share;
      auto r = green_space_ratio(gi);
      if (!r) {
        v.detail = "plot " + p.name + " rejected: " + r.error().message;
        return v;
      }
      land += p.land_area_m2;
      green += r->green_area_m2;
      ++counted;
      parts += (parts.empty() ? "" : "; ") + p.name + ": " + num(r->ground_green_m2) +
               " m² ground + " + num(r->vertical_counted_m2) + " m² vertical counted";
    }
    if (counted == 0 || land <= 0) {
      v.detail = "no green areas entered";
      return v;
    }
    v.number = green / land;
    v.detail = parts + " → " + num(green) + " / " + num(land) + " m² = " + num(green / land);
    return v;
  }
  v.detail = "unknown calculator " + name;
  return v;
}

const ReportedValue* latest_reported(const EvaluationInput& in, const std::string& code,
                                     bool* skipped_queried) {
  const ReportedValue* best = nullptr;
  for (const auto& r : in.reported) {
    if (r.indicator_code != code || r.period > in.as_of) continue;
    if (r.review_status == "queried") {
      *skipped_queried = true;
      continue;
    }
    if (!best || r.period > best->period || (r.period == best->period && r.id > best->id))
      best = &r;
  }
  return best;
}

bool meets(Comparison c, const Threshold& t, const Value& v) {
  if (c == Comparison::boolean) return v.flag && *v.flag == t.flag;
  if (!v.number) return false;
  const double x = *v.number;
  const double tol = 1e-9 * std::max(1.0, std::fabs(t.value));
  switch (c) {
    case Comparison::at_least:
      return x >= t.value - tol;
    case Comparison::at_most:
      return x <= t.value + tol;
    case Comparison::equal:
      return std::fabs(x - t.value) <= tol;
    case Comparison::between:
      return x >= t.min - 1e-9 * std::max(1.0, std::fabs(t.min)) &&
             x <= t.max + 1e-9 * std::max(1.0, std::fabs(t.max));
    default:
      return false;
  }
}

json opt(const std::optional<double>& d) {
  return d ? json(*d) : json(nullptr);
}
json opt(const std::optional<bool>& b) {
  return b ? json(*b) : json(nullptr);
}

}  // namespace

Result<SiteInputs> parse_site_inputs(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Error::invalid("site inputs are not valid JSON", "");
  WEILAI_CHECK(only(doc, "", {"tier", "households", "plots", "facilities"}));
  SiteInputs s;
  WEILAI_TRY(auto tier, get_text(doc, "tier", "", false));
  if (!tier.empty()) {
    if (tier != "leading" && tier != "inclusive")
      return Error::invalid("/tier must be leading or inclusive", "/tier");
    s.tier = tier;
  }
  if (doc.contains("households") && !doc.at("households").is_null()) {
    if (!doc.at("households").is_number_integer() || doc.at("households").get<std::int64_t>() <= 0)
      return Error::invalid("/households must be a positive integer", "/households");
    s.households = doc.at("households").get<std::int64_t>();
  }
  WEILAI_TRY(const json* plots, array_of(doc, "plots", ""));
  for (std::size_t i = 0; i < plots->size(); ++i) {
    const json& p = (*plots)[i];
    const std::string pp = "/plots/" + std::to_string(i);
    WEILAI_CHECK(only(p, pp,
                      {"name", "land_area_m2", "far_limit", "height_limit_m", "floor_areas",
                       "buildings", "ground_green_m2", "vertical_greening"}));
    Plot plot;
    WEILAI_TRY(plot.name, get_text(p, "name", pp, true));
    WEILAI_TRY(plot.land_area_m2, get_number(p, "land_area_m2", pp, true));
    if (plot.land_area_m2 <= 0)
      return Error::invalid(pp + "/land_area_m2 must be > 0", pp + "/land_area_m2");
    WEILAI_TRY(plot.far_limit, get_number(p, "far_limit", pp, true));
    WEILAI_TRY(plot.height_limit_m, get_number(p, "height_limit_m", pp, true));
    if (plot.far_limit <= 0)
      return Error::invalid(pp + "/far_limit must be > 0", pp + "/far_limit");
    if (plot.height_limit_m <= 0)
      return Error::invalid(pp + "/height_limit_m must be > 0", pp + "/height_limit_m");
    WEILAI_TRY(const json* fas, array_of(p, "floor_areas", pp));
    for (std::size_t j = 0; j < fas->size(); ++j) {
      const std::string fp = pp + "/floor_areas/" + std::to_string(j);
      WEILAI_CHECK(only((*fas)[j], fp, {"use", "area_m2", "label"}));
      FloorAreaItem item;
      WEILAI_TRY(item.use, get_text((*fas)[j], "use", fp, true));
      WEILAI_CHECK(parse_floor_use(item.use, fp + "/use"));
      WEILAI_TRY(item.area_m2, get_number((*fas)[j], "area_m2", fp, true));
      if (item.area_m2 < 0) return Error::invalid(fp + "/area_m2 must be >= 0", fp + "/area_m2");
      WEILAI_TRY(item.label, get_text((*fas)[j], "label", fp, false));
      plot.floor_areas.push_back(std::move(item));
    }
    WEILAI_TRY(const json* bs, array_of(p, "buildings", pp));
    for (std::size_t j = 0; j < bs->size(); ++j) {
      const std::string bp = pp + "/buildings/" + std::to_string(j);
      WEILAI_CHECK(only((*bs)[j], bp, {"id", "height_m"}));
      Building b;
      WEILAI_TRY(b.id, get_text((*bs)[j], "id", bp, true));
      WEILAI_TRY(b.height_m, get_number((*bs)[j], "height_m", bp, true));
      if (b.height_m < 0) return Error::invalid(bp + "/height_m must be >= 0", bp + "/height_m");
      plot.buildings.push_back(std::move(b));
    }
    if (p.contains("ground_green_m2") && !p.at("ground_green_m2").is_null()) {
      WEILAI_TRY(double g, get_number(p, "ground_green_m2", pp, true));
      if (g < 0 || g > plot.land_area_m2)
        return Error::invalid(pp + "/ground_green_m2 must be between 0 and the land area",
                              pp + "/ground_green_m2");
      plot.ground_green_m2 = g;
    }
    WEILAI_TRY(const json* vg, array_of(p, "vertical_greening", pp));
    for (std::size_t j = 0; j < vg->size(); ++j) {
      const std::string vp = pp + "/vertical_greening/" + std::to_string(j);
      WEILAI_CHECK(only((*vg)[j], vp, {"label", "area_m2", "public"}));
      VerticalGreening g;
      WEILAI_TRY(g.label, get_text((*vg)[j], "label", vp, false));
      WEILAI_TRY(g.area_m2, get_number((*vg)[j], "area_m2", vp, true));
      if (g.area_m2 < 0) return Error::invalid(vp + "/area_m2 must be >= 0", vp + "/area_m2");
      if ((*vg)[j].contains("public")) {
        if (!(*vg)[j].at("public").is_boolean())
          return Error::invalid(vp + "/public must be true or false", vp + "/public");
        g.is_public = (*vg)[j].at("public").get<bool>();
      }
      plot.vertical_greening.push_back(std::move(g));
    }
    s.plots.push_back(std::move(plot));
  }
  WEILAI_TRY(const json* fs, array_of(doc, "facilities", ""));
  for (std::size_t i = 0; i < fs->size(); ++i) {
    const std::string fp = "/facilities/" + std::to_string(i);
    WEILAI_CHECK(only((*fs)[i], fp, {"category", "area_m2", "label"}));
    CommunityFacility f;
    WEILAI_TRY(f.category, get_text((*fs)[i], "category", fp, true));
    if (f.category.empty())
      return Error::invalid(fp + "/category must not be empty", fp + "/category");
    WEILAI_TRY(f.area_m2, get_number((*fs)[i], "area_m2", fp, true));
    if (f.area_m2 < 0) return Error::invalid(fp + "/area_m2 must be >= 0", fp + "/area_m2");
    WEILAI_TRY(f.label, get_text((*fs)[i], "label", fp, false));
    s.facilities.push_back(std::move(f));
  }
  return s;
}

std::string to_json(const SiteInputs& s) {
  json plots = json::array();
  for (const auto& p : s.plots) {
    json fas = json::array(), bs = json::array(), vg = json::array();
    for (const auto& f : p.floor_areas)
      fas.push_back({{"use", f.use}, {"area_m2", f.area_m2}, {"label", f.label}});
    for (const auto& b : p.buildings) bs.push_back({{"id", b.id}, {"height_m", b.height_m}});
    for (const auto& g : p.vertical_greening)
      vg.push_back({{"label", g.label}, {"area_m2", g.area_m2}, {"public", g.is_public}});
    json o{{"name", p.name},
           {"land_area_m2", p.land_area_m2},
           {"far_limit", p.far_limit},
           {"height_limit_m", p.height_limit_m},
           {"floor_areas", fas},
           {"buildings", bs},
           {"ground_green_m2", opt(p.ground_green_m2)},
           {"vertical_greening", vg}};
    plots.push_back(o);
  }
  json fs = json::array();
  for (const auto& f : s.facilities)
    fs.push_back({{"category", f.category}, {"area_m2", f.area_m2}, {"label", f.label}});
  json doc{{"tier", s.tier},
           {"households", s.households ? json(*s.households) : json(nullptr)},
           {"plots", plots},
           {"facilities", fs}};
  return doc.dump();
}

EvaluationResult evaluate(const Ruleset& rs, const EvaluationInput& in) {
  EvaluationResult out;
  out.ruleset_code = rs.code;
  out.ruleset_version = rs.version;
  out.ruleset_provenance = rs.provenance;
  out.project_id = in.project.id;
  out.project_name = in.project.name;
  out.project_type = in.project.project_type;
  out.tier = in.site ? in.site->tier : "inclusive";
  out.as_of = in.as_of;
  out.pass_mark = rs.pass_mark;
  for (const auto& s : rs.scenarios) {
    ScenarioTotal total{s.code, s.name_zh, s.name_en};
    for (const auto& ind : s.indicators) {
      IndicatorResult r;
      r.scenario_code = s.code;
      r.code = ind.code;
      r.name_zh = ind.name_zh;
      r.name_en = ind.name_en;
      r.kind = to_string(ind.kind);
      r.unit = ind.unit;
      r.comparison = to_string(ind.comparison);
      const Threshold& t = threshold_for(ind, out.project_type, out.tier);
      r.threshold_text = describe(ind.comparison, t);
      r.indicator_status = ind.status;
      r.points_available = ind.kind == IndicatorKind::guiding ? ind.points : 0;

      Value v;
      bool use_reported = false;
      std::string prefix;
      if (ind.source.type == SourceType::computed) {
        v = compute(ind, in);
        r.source = "computed";
        r.source_detail = ind.source.name + ": " + v.detail;
      } else if (ind.source.type == SourceType::adapter) {
        auto it = in.adapters.find(ind.source.name);
        if (it != in.adapters.end()) {
          r.source = "adapter";
          if (it->second) {
            v.number = it->second->number;
            v.flag = it->second->flag;
            r.source_detail = ind.source.name + ": " + it->second->detail;
          } else if (ind.source.name == "resident_satisfaction") {
            // The final measure comes from the residents' own answers only.
            r.source_detail = ind.source.name + ": no data yet";
          } else {
            // The module exists but has nothing for this project (e.g. its parking or work
            // orders are run outside the platform): a reported value with evidence may stand in.
            use_reported = true;
            prefix = ind.source.name + ": no data in the platform for this project; ";
          }
        } else {
          use_reported = true;
          prefix = ind.source.name == "poll_turnout"
                       ? "adapter poll_turnout is not yet provided: the polls module is being "
                         "built, so the value is reported; "
                       : "adapter " + ind.source.name + " is not yet provided by a module; ";
        }
      } else {
        use_reported = true;
      }
      if (use_reported) {
        bool skipped = false;
        const ReportedValue* rv = latest_reported(in, ind.code, &skipped);
        r.source = "reported";
        if (rv) {
          v.number = rv->number;
          v.flag = rv->flag;
          r.evidence = rv->evidence;
          r.attachment_ref = rv->attachment_ref;
          r.reported_value_id = rv->id;
          r.review_status = rv->review_status;
          r.source_detail =
              prefix + "reported as of " + rv->period +
              (rv->review_status == "accepted" ? " (accepted by the DRC)" : " (not yet reviewed)");
        } else {
          r.source_detail = prefix + (skipped ? "the reported value is queried by the DRC"
                                              : "nothing reported on or before " + in.as_of);
        }
      }
      // A value of the wrong kind for the comparison is no data, not a fail.
      if (ind.comparison == Comparison::boolean)
        v.number.reset();
      else
        v.flag.reset();
      r.number = v.number;
      r.flag = v.flag;
      ++total.indicators;
      if (ind.kind == IndicatorKind::binding) {
        ++total.binding;
        ++out.binding_total;
      }
      if (!v.has()) {
        r.outcome = "no_data";
        ++total.no_data;
        ++out.no_data;
      } else {
        r.outcome = meets(ind.comparison, t, v) ? "met" : "not_met";
      }
      if (r.outcome == "met") {
        ++total.met;
        r.points_earned = r.points_available;
      }
      if (ind.kind == IndicatorKind::binding && r.outcome != "met") {
        ++total.binding_failed;
        ++out.binding_failed;
        out.verdict_reasons.push_back(
            ind.code + " " + ind.name_zh +
            (r.outcome == "no_data" ? ": no data" : ": not met (" + r.threshold_text + ")"));
      }
      total.points_available += r.points_available;
      total.points_earned += r.points_earned;
      out.indicators.push_back(std::move(r));
    }
    total.attainment_pct = total.indicators ? 100.0 * total.met / total.indicators : 0;
    out.points_available += total.points_available;
    out.points_earned += total.points_earned;
    out.scenarios.push_back(std::move(total));
  }
  out.score = out.points_available > 0 ? 100.0 * out.points_earned / out.points_available : 100.0;
  out.score = std::round(out.score * 100) / 100;
  const bool score_ok = out.score + 1e-9 >= out.pass_mark;
  if (!score_ok)
    out.verdict_reasons.push_back("guiding score " + num(out.score) + " below the pass mark " +
                                  num(out.pass_mark));
  out.verdict = out.binding_failed == 0 && score_ok ? "pass" : "fail";
  return out;
}

std::string to_json(const EvaluationResult& e) {
  json inds = json::array();
  for (const auto& r : e.indicators) {
    inds.push_back(
        {{"scenario_code", r.scenario_code},
         {"code", r.code},
         {"name_zh", r.name_zh},
         {"name_en", r.name_en},
         {"kind", r.kind},
         {"unit", r.unit},
         {"comparison", r.comparison},
         {"threshold", r.threshold_text},
         {"indicator_status", r.indicator_status},
         {"value", r.comparison == "bool" ? opt(r.flag) : opt(r.number)},
         {"outcome", r.outcome},
         {"source", r.source},
         {"source_detail", r.source_detail},
         {"evidence", r.evidence},
         {"attachment_ref", r.attachment_ref},
         {"reported_value_id", r.reported_value_id ? json(*r.reported_value_id) : json(nullptr)},
         {"review_status", r.review_status},
         {"points_available", r.points_available},
         {"points_earned", r.points_earned}});
  }
  json scen = json::array();
  for (const auto& s : e.scenarios) {
    scen.push_back({{"code", s.code},
                    {"name_zh", s.name_zh},
                    {"name_en", s.name_en},
                    {"indicators", s.indicators},
                    {"met", s.met},
                    {"no_data", s.no_data},
                    {"binding", s.binding},
                    {"binding_failed", s.binding_failed},
                    {"points_available", s.points_available},
                    {"points_earned", s.points_earned},
                    {"attainment_pct", s.attainment_pct}});
  }
  json doc{{"ruleset_code", e.ruleset_code},
           {"ruleset_version", e.ruleset_version},
           {"ruleset_provenance", e.ruleset_provenance},
           {"project_id", e.project_id},
           {"project_name", e.project_name},
           {"project_type", e.project_type},
           {"tier", e.tier},
           {"as_of", e.as_of},
           {"binding_total", e.binding_total},
           {"binding_failed", e.binding_failed},
           {"no_data", e.no_data},
           {"points_available", e.points_available},
           {"points_earned", e.points_earned},
           {"score", e.score},
           {"pass_mark", e.pass_mark},
           {"verdict", e.verdict},
           {"verdict_reasons", e.verdict_reasons},
           {"scenarios", scen},
           {"indicators", inds}};
  return doc.dump();
}

Result<std::string> compare_json(std::string_view before_text, std::string_view after_text) {
  json a = json::parse(before_text, nullptr, false), b = json::parse(after_text, nullptr, false);
  auto valid = [](const json& j) {
    return !j.is_discarded() && j.is_object() && j.contains("indicators") &&
           j.at("indicators").is_array();
  };
  if (!valid(a)) return Error::invalid("the first evaluation is not an evaluation result", "");
  if (!valid(b)) return Error::invalid("the second evaluation is not an evaluation result", "");
  std::map<std::string, json> before;
  for (const auto& i : a.at("indicators")) before[i.value("code", "")] = i;
  json changes = json::array();
  for (const auto& i : b.at("indicators")) {
    const std::string code = i.value("code", "");
    auto it = before.find(code);
    if (it == before.end()) {
      changes.push_back({{"code", code},
                         {"name_zh", i.value("name_zh", "")},
                         {"reasons", {"indicator added to the ruleset"}},
                         {"before", nullptr},
                         {"after", i}});
      continue;
    }
    const json& o = it->second;
    json reasons = json::array();
    if (o.at("value") != i.at("value")) {
      if (o.at("value").is_null())
        reasons.push_back("data appeared");
      else if (i.at("value").is_null())
        reasons.push_back("data no longer available");
      else
        reasons.push_back("value changed");
    }
    if (o.at("threshold") != i.at("threshold")) reasons.push_back("threshold changed");
    if (o.at("kind") != i.at("kind")) reasons.push_back("binding/guiding changed");
    if (o.at("source") != i.at("source") || o.at("source_detail") != i.at("source_detail"))
      reasons.push_back("source changed");
    if (o.at("points_available") != i.at("points_available")) reasons.push_back("points changed");
    const bool outcome_changed = o.at("outcome") != i.at("outcome");
    if (reasons.empty() && !outcome_changed) continue;
    changes.push_back({{"code", code},
                       {"name_zh", i.value("name_zh", "")},
                       {"name_en", i.value("name_en", "")},
                       {"reasons", reasons},
                       {"outcome_before", o.at("outcome")},
                       {"outcome_after", i.at("outcome")},
                       {"value_before", o.at("value")},
                       {"value_after", i.at("value")},
                       {"threshold_before", o.at("threshold")},
                       {"threshold_after", i.at("threshold")}});
    before.erase(it);
  }
  for (const auto& [code, o] : before) {
    bool present = false;
    for (const auto& i : b.at("indicators")) present = present || i.value("code", "") == code;
    if (!present)
      changes.push_back({{"code", code},
                         {"name_zh", o.value("name_zh", "")},
                         {"reasons", {"indicator removed from the ruleset"}}});
  }
  json doc{{"before",
            {{"ruleset_version", a.value("ruleset_version", "")},
             {"as_of", a.value("as_of", "")},
             {"score", a.value("score", 0.0)},
             {"verdict", a.value("verdict", "")},
             {"binding_failed", a.value("binding_failed", 0)}}},
           {"after",
            {{"ruleset_version", b.value("ruleset_version", "")},
             {"as_of", b.value("as_of", "")},
             {"score", b.value("score", 0.0)},
             {"verdict", b.value("verdict", "")},
             {"binding_failed", b.value("binding_failed", 0)}}},
           {"changes", changes}};
  return doc.dump();
}

}  // namespace weilai::evaluation
