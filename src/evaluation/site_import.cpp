#include "evaluation/site_import.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "planning/csv.hpp"

namespace weilai::evaluation {
namespace {
using json = nlohmann::ordered_json;

std::string trim(std::string_view s) {
  const auto* ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// "plots" → "plot", "floor_areas" → "floor_area", "balconies" → "balcony", "greening" stays.
std::string singular_type(std::string t) {
  t = lower(trim(t));
  if (t == "balconies") return "balcony";
  if (t == "facilities") return "facility";
  if (t == "plots" || t == "buildings" || t == "floor_areas" || t == "sites") t.pop_back();
  return t;
}

const std::map<std::string, std::vector<std::string>>& columns_by_type() {
  static const std::map<std::string, std::vector<std::string>> k = {
      {"site", {"tier", "households"}},
      {"plot", {"name", "land_area_m2", "far_limit", "height_limit_m", "ground_green_m2"}},
      {"building",
       {"plot", "name", "height_m", "residential_m2", "commercial_m2", "public_service_m2",
        "disaster_passage_m2", "stilt_floor_m2", "public_open_space_m2", "other_m2"}},
      {"floor_area", {"plot", "use", "area_m2", "label"}},
      {"balcony", {"plot", "building", "name", "green_m2"}},
      {"greening", {"plot", "name", "area_m2", "public"}},
      {"facility", {"name", "category", "area_m2"}},
  };
  return k;
}

// The building columns that are floor areas, with the use each one is.
const std::vector<std::pair<std::string, std::string>>& building_uses() {
  static const std::vector<std::pair<std::string, std::string>> k = {
      {"residential_m2", "residential"},
      {"commercial_m2", "commercial"},
      {"public_service_m2", "public_service"},
      {"disaster_passage_m2", "disaster_passage"},
      {"stilt_floor_m2", "stilt_floor"},
      {"public_open_space_m2", "public_open_space"},
      {"other_m2", "other"}};
  return k;
}

struct SiteRowReader {
  const SiteRow& row;
  std::vector<ImportIssue>& issues;

  void issue(const std::string& field, std::string message) {
    issues.push_back({row.where, field, row.pointer_prefix + (field.empty() ? "" : "/" + field),
                      row.where + (field.empty() ? "" : ", " + field) + ": " + std::move(message)});
  }
  std::string text(const std::string& col, bool required) {
    auto it = row.values.find(col);
    std::string v = it == row.values.end() ? std::string() : trim(it->second);
    if (v.empty() && required) issue(col, "is required");
    return v;
  }
  // nullopt when empty (and then an issue if required) or not a finite number ≥ min.
  std::optional<double> number(const std::string& col, bool required,
                               bool strictly_positive = false) {
    const auto v = text(col, required);
    if (v.empty()) return std::nullopt;
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (end != v.c_str() + v.size() || !std::isfinite(d)) {
      issue(col, "\"" + v + "\" is not a number");
      return std::nullopt;
    }
    if (strictly_positive ? d <= 0 : d < 0) {
      issue(col, strictly_positive ? "must be > 0" : "must be >= 0");
      return std::nullopt;
    }
    return d;
  }
  std::optional<bool> flag(const std::string& col) {
    const auto v = lower(text(col, false));
    if (v.empty()) return std::nullopt;
    if (v == "yes" || v == "y" || v == "true" || v == "1" || v == "是") return true;
    if (v == "no" || v == "n" || v == "false" || v == "0" || v == "否") return false;
    issue(col, "\"" + v + "\" is not yes/no");
    return std::nullopt;
  }
};

}  // namespace

SiteImport import_site_rows(const std::vector<SiteRow>& rows, const SiteInputs& base) {
  SiteImport out;
  out.inputs.tier = base.tier;
  out.inputs.households = base.households;
  out.rows = static_cast<int>(rows.size());
  auto& issues = out.issues;
  std::map<std::string, std::size_t> plot_index;
  std::vector<std::set<std::string>> plot_buildings;
  std::vector<std::pair<const SiteRow*, std::string>> later;  // rows that refer to plots

  for (const auto& row : rows) {
    SiteRowReader rd{row, issues};
    std::string type = singular_type(rd.text("type", false));
    if (type.empty()) type = singular_type(row.default_type);
    if (type.empty()) {
      rd.issue("type",
               "is required (site, plot, building, floor_area, balcony, greening, "
               "facility)");
      continue;
    }
    const auto known = columns_by_type().find(type);
    if (known == columns_by_type().end()) {
      rd.issue("type", "unknown type \"" + type + "\"");
      continue;
    }
    bool bad_column = false;
    for (const auto& [col, v] : row.values) {
      if (col == "type" || col == "note" || col == "id") continue;
      if (std::find(known->second.begin(), known->second.end(), col) == known->second.end()) {
        if (trim(v).empty()) continue;  // an empty cell of another type's column
        rd.issue(col, "is not a column of a " + type + " row");
        bad_column = true;
      }
    }
    if (bad_column) continue;
    if (type == "site") {
      out.has_site_row = true;
      const auto tier = rd.text("tier", false);
      if (!tier.empty()) {
        if (tier != "leading" && tier != "inclusive")
          rd.issue("tier", "must be leading or inclusive");
        else
          out.inputs.tier = tier;
      }
      if (auto h = rd.number("households", false, true)) {
        if (std::floor(*h) != *h)
          rd.issue("households", "must be a whole number");
        else
          out.inputs.households = static_cast<std::int64_t>(*h);
      }
    } else if (type == "plot") {
      Plot p;
      p.name = rd.text("name", true);
      auto land = rd.number("land_area_m2", true, true);
      auto far = rd.number("far_limit", true, true);
      auto height = rd.number("height_limit_m", true, true);
      auto green = rd.number("ground_green_m2", false);
      if (green && land && *green > *land) {
        rd.issue("ground_green_m2", "is larger than the land area");
        green.reset();
      }
      if (p.name.empty() || !land || !far || !height) continue;
      if (plot_index.count(p.name)) {
        rd.issue("name", "plot \"" + p.name + "\" appears twice");
        continue;
      }
      p.land_area_m2 = *land;
      p.far_limit = *far;
      p.height_limit_m = *height;
      p.ground_green_m2 = green;
      plot_index[p.name] = out.inputs.plots.size();
      out.inputs.plots.push_back(std::move(p));
      plot_buildings.emplace_back();
    } else if (type == "facility") {
      CommunityFacility f;
      f.label = rd.text("name", false);
      f.category = rd.text("category", true);
      auto area = rd.number("area_m2", true);
      if (f.category.empty() || !area) continue;
      f.area_m2 = *area;
      out.inputs.facilities.push_back(std::move(f));
    } else {
      later.emplace_back(&row, type);
    }
  }

  for (const auto& [row, type] : later) {
    SiteRowReader rd{*row, issues};
    const auto plot_name = rd.text("plot", true);
    if (plot_name.empty()) continue;
    const auto it = plot_index.find(plot_name);
    if (it == plot_index.end()) {
      rd.issue("plot", "no plot named \"" + plot_name + "\" in this import");
      continue;
    }
    Plot& plot = out.inputs.plots[it->second];
    if (type == "building") {
      Building b;
      b.id = rd.text("name", true);
      auto h = rd.number("height_m", true);
      std::vector<FloorAreaItem> items;
      for (const auto& [col, use] : building_uses())
        if (auto a = rd.number(col, false); a && *a > 0) items.push_back({use, *a, b.id});
      if (b.id.empty() || !h) continue;
      if (!plot_buildings[it->second].insert(b.id).second) {
        rd.issue("name", "building \"" + b.id + "\" appears twice in plot " + plot_name);
        continue;
      }
      b.height_m = *h;
      plot.buildings.push_back(std::move(b));
      for (auto& item : items) plot.floor_areas.push_back(std::move(item));
    } else if (type == "floor_area") {
      FloorAreaItem item;
      item.use = rd.text("use", true);
      if (!item.use.empty() && !parse_floor_use(item.use)) {
        rd.issue("use", "unknown use \"" + item.use + "\"");
        continue;
      }
      auto a = rd.number("area_m2", true);
      item.label = rd.text("label", false);
      if (item.use.empty() || !a) continue;
      item.area_m2 = *a;
      plot.floor_areas.push_back(std::move(item));
    } else if (type == "balcony") {
      const auto building = rd.text("building", false);
      const auto name = rd.text("name", false);
      auto g = rd.number("green_m2", true);
      if (!g) continue;
      std::string label = building;
      if (!name.empty()) label += (label.empty() ? "" : " ") + name;
      plot.floor_areas.push_back({"sky_garden_balcony_green", *g, label});
    } else if (type == "greening") {
      VerticalGreening v;
      v.label = rd.text("name", false);
      auto a = rd.number("area_m2", true);
      auto pub = rd.flag("public");
      if (!a) continue;
      v.area_m2 = *a;
      v.is_public = pub.value_or(true);
      plot.vertical_greening.push_back(std::move(v));
    }
  }
  if (issues.empty()) {
    // The assembled document passes the same checks as one entered as JSON.
    if (auto checked = parse_site_inputs(to_json(out.inputs)); !checked)
      issues.push_back({"", checked.error().field, checked.error().field, checked.error().message});
  }
  return out;
}

SiteImport import_site_csv(std::string_view csv, const std::string& name, const SiteInputs& base) {
  auto table = planning::parse_csv(csv, name);
  if (!table) {
    SiteImport out;
    out.issues.push_back({name, "", "/content", table.error().message});
    return out;
  }
  std::string stem = name.substr(name.find_last_of("/\\") + 1);
  stem = stem.substr(0, stem.find('.'));
  const bool stem_is_type = columns_by_type().count(singular_type(stem)) > 0;
  std::vector<SiteRow> rows;
  std::vector<std::string> header;
  for (const auto& h : table->header) header.push_back(lower(trim(h)));
  for (const auto& r : table->rows) {
    SiteRow row;
    row.where = "line " + std::to_string(r.line);
    row.pointer_prefix = "/content/line/" + std::to_string(r.line);
    if (stem_is_type) row.default_type = stem;
    bool blank = true;
    for (std::size_t i = 0; i < header.size() && i < r.fields.size(); ++i) {
      row.values[header[i]] = r.fields[i];
      if (!trim(r.fields[i]).empty()) blank = false;
    }
    if (!blank) rows.push_back(std::move(row));
  }
  return import_site_rows(rows, base);
}

std::optional<double> geojson_area_m2(std::string_view geometry_json) {
  const json g = json::parse(geometry_json, nullptr, false);
  if (!g.is_object() || !g.contains("type") || !g.contains("coordinates")) return std::nullopt;
  constexpr double kR = 6371008.8;
  constexpr double kDeg = 3.14159265358979323846 / 180.0;
  auto ring_area = [&](const json& ring) -> std::optional<double> {
    if (!ring.is_array() || ring.size() < 4) return std::nullopt;
    double lat0 = 0;
    for (const auto& p : ring) {
      if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
        return std::nullopt;
      lat0 += p[1].get<double>();
    }
    lat0 /= static_cast<double>(ring.size());
    const double kx = kR * kDeg * std::cos(lat0 * kDeg), ky = kR * kDeg;
    double twice = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
      twice += ring[i][0].get<double>() * kx * ring[i + 1][1].get<double>() * ky -
               ring[i + 1][0].get<double>() * kx * ring[i][1].get<double>() * ky;
    return std::abs(twice) / 2;
  };
  auto polygon_area = [&](const json& poly) -> std::optional<double> {
    if (!poly.is_array() || poly.empty()) return std::nullopt;
    double a = 0;
    for (std::size_t i = 0; i < poly.size(); ++i) {
      auto r = ring_area(poly[i]);
      if (!r) return std::nullopt;
      a += i == 0 ? *r : -*r;
    }
    return a;
  };
  const auto& c = g.at("coordinates");
  if (g.at("type") == "Polygon") return polygon_area(c);
  if (g.at("type") == "MultiPolygon" && c.is_array()) {
    double a = 0;
    for (const auto& poly : c) {
      auto p = polygon_area(poly);
      if (!p) return std::nullopt;
      a += *p;
    }
    return a;
  }
  return std::nullopt;
}

SiteImport import_site_geojson(std::string_view text, const SiteInputs& base) {
  SiteImport bad;
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    bad.issues.push_back({"document", "", "/content", "the GeoJSON is not a JSON object"});
    return bad;
  }
  if (doc.value("type", "") != "FeatureCollection" || !doc.contains("features") ||
      !doc.at("features").is_array()) {
    bad.issues.push_back(
        {"document", "type", "/content/type", "the GeoJSON must be a FeatureCollection"});
    return bad;
  }
  std::vector<SiteRow> rows;
  const auto& features = doc.at("features");
  for (std::size_t i = 0; i < features.size(); ++i) {
    const auto& f = features[i];
    SiteRow row;
    row.where = "feature " + std::to_string(i);
    row.pointer_prefix = "/content/features/" + std::to_string(i) + "/properties";
    if (!f.is_object() || !f.contains("properties") || !f.at("properties").is_object()) {
      bad.issues.push_back({row.where, "properties", row.pointer_prefix,
                            row.where + ": a feature needs a properties object"});
      continue;
    }
    bool bad_property = false;
    for (const auto& [k, v] : f.at("properties").items()) {
      const std::string key = lower(trim(k));
      if (v.is_null()) {
        row.values[key] = "";
      } else if (v.is_string()) {
        row.values[key] = v.get<std::string>();
      } else if (v.is_number() || v.is_boolean()) {
        row.values[key] = v.dump();
      } else {
        bad.issues.push_back({row.where, key, row.pointer_prefix + "/" + key,
                              row.where + ", " + key + ": must be a text, number or boolean"});
        bad_property = true;
      }
    }
    const auto type = singular_type(row.values.count("type") ? row.values.at("type") : "");
    if (type == "plot" && trim(row.values["land_area_m2"]).empty() && f.contains("geometry") &&
        f.at("geometry").is_object()) {
      if (auto a = geojson_area_m2(f.at("geometry").dump())) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", *a);
        row.values["land_area_m2"] = buf;
      }
    }
    if (!bad_property) rows.push_back(std::move(row));
  }
  auto out = import_site_rows(rows, base);
  out.rows = static_cast<int>(features.size());
  out.issues.insert(out.issues.begin(), bad.issues.begin(), bad.issues.end());
  return out;
}

}  // namespace weilai::evaluation
