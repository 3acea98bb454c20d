#include "planning/inputs.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "planning/csv.hpp"

namespace weilai::planning {

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

Status check_header(const CsvTable& t, const std::vector<std::string>& required,
                    const std::vector<std::string>& optional, const std::string& source) {
  size_t k = 0;
  for (; k < t.header.size(); ++k) {
    std::string h = lower(trim(t.header[k]));
    std::string want = k < required.size()                     ? required[k]
                       : k - required.size() < optional.size() ? optional[k - required.size()]
                                                               : "";
    if (want.empty() || h != want) {
      std::string expected;
      for (auto& r : required) expected += (expected.empty() ? "" : ",") + r;
      for (auto& o : optional) expected += "[," + o + "]";
      return Error::invalid(source + ":1: unexpected header column " + std::to_string(k + 1) +
                            " '" + t.header[k] + "'; expected " + expected);
    }
  }
  if (k < required.size()) {
    std::string expected;
    for (auto& r : required) expected += (expected.empty() ? "" : ",") + r;
    return Error::invalid(source + ":1: missing columns; expected " + expected);
  }
  return {};
}

Status check_coords(double lon, double lat, const std::string& where) {
  if (!geo::valid({lat, lon}))
    return Error::invalid(where + ": coordinates out of range (lon " + std::to_string(lon) +
                          ", lat " + std::to_string(lat) +
                          "); expected lon in [-180,180], lat in [-90,90]");
  return {};
}

Status check_id(const std::string& id, std::unordered_set<std::string>& seen,
                const std::string& where) {
  if (id.empty()) return Error::invalid(where + ": empty id");
  if (!seen.insert(id).second) return Error::invalid(where + ": duplicate id '" + id + "'");
  return {};
}

}  // namespace

bool parse_double(std::string_view s, double& out) {
  std::string t = trim(s);
  if (t.empty()) return false;
  const char* b = t.data();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, t.data() + t.size(), out);
  return ec == std::errc() && p == t.data() + t.size() && std::isfinite(out);
}

Result<std::vector<Facility>> parse_facilities_csv(std::string_view text,
                                                   const std::string& source) {
  WEILAI_TRY(auto t, parse_csv(text, source));
  WEILAI_CHECK(check_header(t, {"id", "category", "lon", "lat"}, {"capacity", "name"}, source));
  std::vector<Facility> out;
  std::unordered_set<std::string> seen;
  for (const auto& row : t.rows) {
    std::string where = source + ":" + std::to_string(row.line);
    Facility f;
    f.id = trim(row.fields[0]);
    WEILAI_CHECK(check_id(f.id, seen, where));
    f.category = trim(row.fields[1]);
    if (f.category.empty()) return Error::invalid(where + ": empty category");
    if (!parse_double(row.fields[2], f.at.lon) || !parse_double(row.fields[3], f.at.lat))
      return Error::invalid(where + ": lon/lat are not numbers");
    WEILAI_CHECK(check_coords(f.at.lon, f.at.lat, where));
    if (row.fields.size() > 4 && !trim(row.fields[4]).empty()) {
      if (!parse_double(row.fields[4], f.capacity) || f.capacity < 0)
        return Error::invalid(where + ": capacity must be a non-negative number");
    }
    if (row.fields.size() > 5) f.name = row.fields[5];
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::vector<Residence>> parse_residences_csv(std::string_view text,
                                                    const std::string& source) {
  WEILAI_TRY(auto t, parse_csv(text, source));
  WEILAI_CHECK(check_header(t, {"id", "lon", "lat", "households"}, {"area"}, source));
  std::vector<Residence> out;
  std::unordered_set<std::string> seen;
  for (const auto& row : t.rows) {
    std::string where = source + ":" + std::to_string(row.line);
    Residence r;
    r.id = trim(row.fields[0]);
    WEILAI_CHECK(check_id(r.id, seen, where));
    if (!parse_double(row.fields[1], r.at.lon) || !parse_double(row.fields[2], r.at.lat))
      return Error::invalid(where + ": lon/lat are not numbers");
    WEILAI_CHECK(check_coords(r.at.lon, r.at.lat, where));
    if (!parse_double(row.fields[3], r.households) || r.households < 0 || r.households > 1e7)
      return Error::invalid(where + ": households must be a number in [0, 1e7]");
    if (row.fields.size() > 4) r.area = trim(row.fields[4]);
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

using nlohmann::json;

// Points of a FeatureCollection with pointers to their properties inside `doc`.
Result<std::vector<std::pair<geo::LatLon, const json*>>> geojson_points(std::string_view text,
                                                                        const std::string& source,
                                                                        json& doc) {
  if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
    return Error::invalid(source + ": not valid UTF-8 at byte " + std::to_string(bad));
  try {
    doc = json::parse(text);
  } catch (const std::exception& e) {
    return Error::invalid(source + ": not valid JSON: " + e.what());
  }
  if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" ||
      !doc.contains("features") || !doc["features"].is_array())
    return Error::invalid(source + ": expected a GeoJSON FeatureCollection");
  std::vector<std::pair<geo::LatLon, const json*>> out;
  size_t i = 0;
  for (const auto& f : doc["features"]) {
    std::string where = source + ": feature " + std::to_string(i++);
    if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object())
      return Error::invalid(where + ": missing geometry");
    const json& g = f["geometry"];
    std::string type = g.value("type", "");
    const json* ring = nullptr;
    geo::LatLon at;
    auto read_pos = [&](const json& c, geo::LatLon& p) {
      if (!c.is_array() || c.size() < 2 || !c[0].is_number() || !c[1].is_number()) return false;
      p.lon = c[0].get<double>();
      p.lat = c[1].get<double>();
      return true;
    };
    if (!g.contains("coordinates")) return Error::invalid(where + ": geometry without coordinates");
    const json& c = g["coordinates"];
    if (type == "Point") {
      if (!read_pos(c, at)) return Error::invalid(where + ": bad Point coordinates");
    } else if (type == "Polygon" && c.is_array() && !c.empty()) {
      ring = &c[0];
    } else if (type == "MultiPolygon" && c.is_array() && !c.empty() && c[0].is_array() &&
               !c[0].empty()) {
      ring = &c[0][0];
    } else {
      return Error::invalid(where + ": unsupported geometry type '" + type +
                            "' (Point or Polygon)");
    }
    if (ring) {
      if (!ring->is_array() || ring->empty()) return Error::invalid(where + ": empty polygon ring");
      double lat = 0, lon = 0;
      size_t k = 0;
      for (const auto& pos : *ring) {
        geo::LatLon p;
        if (!read_pos(pos, p)) return Error::invalid(where + ": bad polygon coordinates");
        lat += p.lat;
        lon += p.lon;
        ++k;
      }
      at = {lat / k, lon / k};
    }
    WEILAI_CHECK(check_coords(at.lon, at.lat, where));
    out.push_back(
        {at, f.contains("properties") && f["properties"].is_object() ? &f["properties"] : nullptr});
  }
  return out;
}

std::string prop_string(const json* p, const char* key) {
  if (!p || !p->contains(key)) return {};
  const json& v = (*p)[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return v.dump();
  return {};
}

bool prop_number(const json* p, const char* key, double& out) {
  if (!p || !p->contains(key)) return false;
  const json& v = (*p)[key];
  if (v.is_number()) {
    out = v.get<double>();
    return std::isfinite(out);
  }
  if (v.is_string()) return parse_double(v.get<std::string>(), out);
  return false;
}

}  // namespace

Result<std::vector<Facility>> parse_facilities_geojson(std::string_view text,
                                                       const std::string& source) {
  json doc;
  WEILAI_TRY(auto pts, geojson_points(text, source, doc));
  std::vector<Facility> out;
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < pts.size(); ++i) {
    std::string where = source + ": feature " + std::to_string(i);
    Facility f;
    f.at = pts[i].first;
    f.id = prop_string(pts[i].second, "id");
    WEILAI_CHECK(check_id(f.id, seen, where));
    f.category = prop_string(pts[i].second, "category");
    if (f.category.empty()) return Error::invalid(where + ": missing property 'category'");
    if (pts[i].second && pts[i].second->contains("capacity") &&
        (!prop_number(pts[i].second, "capacity", f.capacity) || f.capacity < 0))
      return Error::invalid(where + ": capacity must be a non-negative number");
    f.name = prop_string(pts[i].second, "name");
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::vector<Residence>> parse_residences_geojson(std::string_view text,
                                                        const std::string& source) {
  json doc;
  WEILAI_TRY(auto pts, geojson_points(text, source, doc));
  std::vector<Residence> out;
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < pts.size(); ++i) {
    std::string where = source + ": feature " + std::to_string(i);
    Residence r;
    r.at = pts[i].first;
    r.id = prop_string(pts[i].second, "id");
    WEILAI_CHECK(check_id(r.id, seen, where));
    if (!prop_number(pts[i].second, "households", r.households) || r.households < 0 ||
        r.households > 1e7)
      return Error::invalid(where + ": property 'households' must be a number in [0, 1e7]");
    r.area = prop_string(pts[i].second, "area");
    out.push_back(std::move(r));
  }
  return out;
}

namespace {
bool looks_json(const std::string& path, const std::string& text) {
  auto ends = [&](const char* s) {
    size_t n = std::strlen(s);
    return path.size() >= n && lower(path.substr(path.size() - n)) == s;
  };
  if (ends(".geojson") || ends(".json")) return true;
  if (ends(".csv")) return false;
  for (char c : text)
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return c == '{';
  return false;
}
}  // namespace

Result<std::vector<Facility>> load_facilities(const std::string& path) {
  WEILAI_TRY(auto text, read_file(path));
  return looks_json(path, text) ? parse_facilities_geojson(text, path)
                                : parse_facilities_csv(text, path);
}

Result<std::vector<Residence>> load_residences(const std::string& path) {
  WEILAI_TRY(auto text, read_file(path));
  return looks_json(path, text) ? parse_residences_geojson(text, path)
                                : parse_residences_csv(text, path);
}

}  // namespace weilai::planning

namespace weilai::planning {

namespace {
std::string fmt_num(double v, const char* f) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}
}  // namespace

void write_facilities_csv(std::ostream& out, const std::vector<Facility>& facilities) {
  out << "id,category,lon,lat,capacity,name\n";
  for (const auto& f : facilities)
    out << csv_escape(f.id) << ',' << csv_escape(f.category) << ',' << fmt_num(f.at.lon, "%.7f")
        << ',' << fmt_num(f.at.lat, "%.7f") << ',' << fmt_num(f.capacity, "%.10g") << ','
        << csv_escape(f.name) << '\n';
}

void write_residences_csv(std::ostream& out, const std::vector<Residence>& residences) {
  out << "id,lon,lat,households,area\n";
  for (const auto& r : residences)
    out << csv_escape(r.id) << ',' << fmt_num(r.at.lon, "%.7f") << ',' << fmt_num(r.at.lat, "%.7f")
        << ',' << fmt_num(r.households, "%.10g") << ',' << csv_escape(r.area) << '\n';
}

}  // namespace weilai::planning
