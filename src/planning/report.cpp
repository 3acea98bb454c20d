#include "planning/report.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "planning/csv.hpp"

namespace weilai::planning {

using nlohmann::ordered_json;

AnalysisReport analyze(const PlanningInput& in, const Rules& rules, const graph::GraphMeta& meta,
                       bool with_counts, unsigned threads, const Progress& progress,
                       bool with_gap_list) {
  RunControl control;
  if (progress) control.progress = [&](const std::string&, double f) { progress(f); };
  return std::move(
      *analyze_controlled(in, rules, meta, with_counts, threads, control, with_gap_list));
}

std::optional<AnalysisReport> analyze_controlled(const PlanningInput& in, const Rules& rules,
                                                 const graph::GraphMeta& meta, bool with_counts,
                                                 unsigned threads, const RunControl& control,
                                                 bool with_gap_list) {
  auto report = [&](const char* stage, double f) {
    if (control.progress) control.progress(stage, f);
  };
  AnalysisReport r;
  r.input = &in;
  r.rules = &rules;
  r.graph_meta = &meta;
  r.warnings = in.warnings;
  auto cats = rules.categories();
  // Facility categories that no rule mentions are still analysed (they may matter to the user),
  // but unknown names in the rules with no facility at all deserve a warning.
  for (const auto& f : *in.facilities)
    if (std::find(cats.begin(), cats.end(), f.category) == cats.end()) cats.push_back(f.category);
  for (const auto& c : rules.categories()) {
    bool any = std::any_of(in.facilities->begin(), in.facilities->end(),
                           [&](const Facility& f) { return f.category == c; });
    if (!any) r.warnings.push_back("no facility of required category '" + c + "'");
  }
  if (control.stop()) return std::nullopt;
  report("nearest", 0.0);
  r.nearest = nearest_facilities(in, cats, rules.max_cutoff_ds(), threads, control.cancelled);
  if (control.stop()) return std::nullopt;
  if (with_counts) {
    report("counts", 0.1);
    std::vector<graph::Time> cut;
    for (int m : rules.cutoffs_min) cut.push_back(minutes_to_ds(m));
    r.counts = count_facilities(
        in, cats, cut, threads, [&](double f) { report("counts", 0.1 + 0.85 * f); },
        control.cancelled);
    if (control.stop()) return std::nullopt;
  }
  report("coverage", with_counts ? 0.95 : 0.5);
  r.coverage = coverage(in, r.nearest, rules);
  if (control.stop()) return std::nullopt;
  report("gaps", with_counts ? 0.97 : 0.75);
  if (with_gap_list) {
    r.gaps = gaps(in, r.nearest, rules);
    r.gap_count = r.gaps.size();
  } else {
    r.gap_count = count_gaps(in, r.nearest, rules);
  }
  report("gaps", 1.0);
  return r;
}

namespace {

ordered_json seconds_json(graph::Time ds) {
  if (ds == graph::kInfTime) return nullptr;
  return static_cast<double>(ds) / 10.0;
}

ordered_json coverage_json(const AnalysisReport& r) {
  ordered_json rows = ordered_json::array();
  const Coverage& c = r.coverage;
  size_t K = c.cutoffs_min.size();
  for (const auto& row : c.rows) {
    ordered_json j;
    j["area"] = row.area.empty() ? ordered_json(nullptr) : ordered_json(row.area);
    j["households"] = row.households;
    ordered_json cats = ordered_json::object();
    for (size_t ci = 0; ci < c.categories.size(); ++ci) {
      ordered_json per = ordered_json::object();
      for (size_t k = 0; k < K; ++k) {
        double covered = row.covered[ci * K + k];
        per[std::to_string(c.cutoffs_min[k])] = {
            {"households", covered},
            {"share", row.households > 0 ? covered / row.households : 0.0}};
      }
      cats[c.categories[ci]] = per;
    }
    j["categories"] = cats;
    ordered_json levels = ordered_json::object();
    for (size_t l = 0; l < c.levels.size(); ++l)
      levels[c.levels[l]] = {
          {"households", row.level_met[l]},
          {"share", row.households > 0 ? row.level_met[l] / row.households : 0.0}};
    j["levels"] = levels;
    rows.push_back(j);
  }
  return rows;
}

}  // namespace

std::string report_json(const AnalysisReport& r, bool include_details) {
  const PlanningInput& in = *r.input;
  const auto& rs = *in.residences;
  const auto& fs = *in.facilities;
  ordered_json j;
  j["attribution"] = "Road data © OpenStreetMap contributors (ODbL) where built from OSM";
  if (r.graph_meta)
    j["graph"] = {{"profile", r.graph_meta->profile},
                  {"access_speed_kmh", r.graph_meta->access_speed_kmh},
                  {"nodes", in.scenario.base_nodes},
                  {"dropped_nodes", r.graph_meta->components.dropped_nodes}};
  j["rules"] = r.rules->name;
  j["cutoffs_min"] = r.rules->cutoffs_min;
  j["residences"] = rs.size();
  j["facilities"] = fs.size();
  j["warnings"] = r.warnings;
  ordered_json uns_r = ordered_json::array(), uns_f = ordered_json::array();
  for (uint32_t i : in.unsnapped_residences) uns_r.push_back(rs[i].id);
  for (uint32_t i : in.unsnapped_facilities) uns_f.push_back(fs[i].id);
  j["unsnapped"] = {{"residences", uns_r}, {"facilities", uns_f}};
  j["coverage"] = coverage_json(r);
  ordered_json gaps = ordered_json::array();
  for (size_t gi = 0; include_details && gi < r.gaps.size(); ++gi) {
    const Gap& g = r.gaps[gi];
    gaps.push_back({{"residence_id", rs[g.residence].id},
                    {"level", r.rules->levels[g.level].name},
                    {"category", r.nearest.categories[g.category]},
                    {"cutoff_min", g.cutoff_min},
                    {"nearest_seconds", seconds_json(g.nearest)},
                    {"households", g.households}});
  }
  j["gap_count"] = r.gap_count;
  if (include_details) j["gaps"] = gaps;
  if (include_details) {
    auto met = levels_met(in, r.nearest, *r.rules);
    ordered_json list = ordered_json::array();
    for (size_t i = 0; i < rs.size(); ++i) {
      ordered_json res;
      res["id"] = rs[i].id;
      res["households"] = rs[i].households;
      res["snap_m"] = in.scenario.points[i].snap_m;
      ordered_json near = ordered_json::object();
      for (size_t c = 0; c < r.nearest.categories.size(); ++c) {
        uint32_t f = r.nearest.facility_at(c, i);
        ordered_json e = {
            {"facility_id", f == kNone ? ordered_json(nullptr) : ordered_json(fs[f].id)},
            {"seconds", seconds_json(r.nearest.at(c, i))}};
        if (!r.counts.categories.empty()) {
          ordered_json counts = ordered_json::array(), caps = ordered_json::array();
          for (size_t k = 0; k < r.counts.cutoffs.size(); ++k) {
            counts.push_back(r.counts.count_at(c, i, k));
            caps.push_back(r.counts.capacity[(c * rs.size() + i) * r.counts.cutoffs.size() + k]);
          }
          e["counts"] = counts;
          e["capacity"] = caps;
        }
        near[r.nearest.categories[c]] = e;
      }
      res["categories"] = near;
      ordered_json lv = ordered_json::object();
      for (size_t l = 0; l < r.rules->levels.size(); ++l)
        lv[r.rules->levels[l].name] = static_cast<bool>(met[l][i]);
      res["levels"] = lv;
      list.push_back(res);
    }
    j["results"] = list;
  }
  return j.dump(1) + "\n";
}

std::string report_geojson(const AnalysisReport& r) {
  const PlanningInput& in = *r.input;
  const auto& rs = *in.residences;
  auto met = levels_met(in, r.nearest, *r.rules);
  ordered_json feats = ordered_json::array();
  for (size_t i = 0; i < rs.size(); ++i) {
    ordered_json p;
    p["id"] = rs[i].id;
    p["households"] = rs[i].households;
    if (!rs[i].area.empty()) p["area"] = rs[i].area;
    for (size_t c = 0; c < r.nearest.categories.size(); ++c)
      p[r.nearest.categories[c] + "_seconds"] = seconds_json(r.nearest.at(c, i));
    for (size_t l = 0; l < r.rules->levels.size(); ++l)
      p["meets_" + r.rules->levels[l].name] = static_cast<bool>(met[l][i]);
    feats.push_back(
        {{"type", "Feature"},
         {"geometry", {{"type", "Point"}, {"coordinates", {rs[i].at.lon, rs[i].at.lat}}}},
         {"properties", p}});
  }
  ordered_json j = {{"type", "FeatureCollection"},
                    {"attribution", "© OpenStreetMap contributors (ODbL) where built from OSM"},
                    {"features", feats}};
  return j.dump() + "\n";
}

void write_nearest_csv(std::ostream& out, const AnalysisReport& r) {
  const auto& rs = *r.input->residences;
  const auto& fs = *r.input->facilities;
  out << "residence_id,category,facility_id,seconds\n";
  for (size_t i = 0; i < rs.size(); ++i)
    for (size_t c = 0; c < r.nearest.categories.size(); ++c) {
      uint32_t f = r.nearest.facility_at(c, i);
      graph::Time t = r.nearest.at(c, i);
      out << csv_escape(rs[i].id) << ',' << csv_escape(r.nearest.categories[c]) << ','
          << (f == kNone ? "" : csv_escape(fs[f].id)) << ','
          << (t == graph::kInfTime ? "" : format_seconds(t)) << '\n';
    }
}

void write_counts_csv(std::ostream& out, const AnalysisReport& r) {
  const auto& rs = *r.input->residences;
  const CountTable& t = r.counts;
  out << "residence_id,category,cutoff_min,count,capacity\n";
  for (size_t i = 0; i < rs.size(); ++i)
    for (size_t c = 0; c < t.categories.size(); ++c)
      for (size_t k = 0; k < t.cutoffs.size(); ++k)
        out << csv_escape(rs[i].id) << ',' << csv_escape(t.categories[c]) << ','
            << t.cutoffs[k] / 600 << ',' << t.count_at(c, i, k) << ','
            << t.capacity[(c * rs.size() + i) * t.cutoffs.size() + k] << '\n';
}

void write_gaps_csv(std::ostream& out, const AnalysisReport& r) {
  const auto& rs = *r.input->residences;
  out << "residence_id,level,category,cutoff_min,nearest_seconds,households\n";
  for (const auto& g : r.gaps)
    out << csv_escape(rs[g.residence].id) << ',' << csv_escape(r.rules->levels[g.level].name) << ','
        << csv_escape(r.nearest.categories[g.category]) << ',' << g.cutoff_min << ','
        << (g.nearest == graph::kInfTime ? "" : format_seconds(g.nearest)) << ',' << g.households
        << '\n';
}

void write_coverage_csv(std::ostream& out, const AnalysisReport& r) {
  const Coverage& c = r.coverage;
  size_t K = c.cutoffs_min.size();
  out << "area,category,cutoff_min,households,covered_households,share\n";
  for (const auto& row : c.rows)
    for (size_t ci = 0; ci < c.categories.size(); ++ci)
      for (size_t k = 0; k < K; ++k) {
        double cov = row.covered[ci * K + k];
        out << csv_escape(row.area.empty() ? "*" : row.area) << ',' << csv_escape(c.categories[ci])
            << ',' << c.cutoffs_min[k] << ',' << row.households << ',' << cov << ','
            << (row.households > 0 ? cov / row.households : 0.0) << '\n';
      }
}

Status write_report_file(const std::string& path, const AnalysisReport& r, bool include_details) {
  auto ends = [&](const std::string& s) {
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  std::ofstream out(path, std::ios::binary);
  if (!out) return Error{ErrorCode::unavailable, "cannot write " + path, {}};
  if (ends(".geojson"))
    out << report_geojson(r);
  else if (ends(".json"))
    out << report_json(r, include_details);
  else if (ends(".csv"))
    write_nearest_csv(out, r);
  else
    return Error::invalid("unknown report format for " + path + " (use .json, .geojson or .csv)",
                          "/out");
  out.flush();
  if (!out) return Error{ErrorCode::unavailable, "write failed: " + path, {}};
  return {};
}

std::string isochrones_geojson(const std::vector<Isochrone>& isos, geo::LatLon origin) {
  ordered_json feats = ordered_json::array();
  // Largest first so that smaller areas draw on top.
  for (auto it = isos.rbegin(); it != isos.rend(); ++it)
    feats.push_back({{"type", "Feature"},
                     {"geometry", ordered_json::parse(it->geometry_geojson)},
                     {"properties",
                      {{"cutoff_min", static_cast<double>(it->cutoff) / 600.0},
                       {"area_m2", it->area_m2},
                       {"reachable_nodes", it->reachable_nodes}}}});
  ordered_json j = {{"type", "FeatureCollection"},
                    {"origin", {origin.lon, origin.lat}},
                    {"attribution", "© OpenStreetMap contributors (ODbL) where built from OSM"},
                    {"features", feats}};
  return j.dump() + "\n";
}

std::string suggestion_json(const SiteSuggestion& s, const std::vector<Candidate>& candidates) {
  ordered_json choices = ordered_json::array();
  for (const auto& c : s.choices)
    choices.push_back({{"candidate_id", candidates[c.candidate].id},
                       {"lon", candidates[c.candidate].at.lon},
                       {"lat", candidates[c.candidate].at.lat},
                       {"gain_households", c.gain_households},
                       {"gain_residences", c.gain_residences},
                       {"cumulative_households", c.cumulative_households}});
  ordered_json uns = ordered_json::array();
  for (uint32_t i : s.unsnapped_candidates) uns.push_back(candidates[i].id);
  ordered_json j = {
      {"category", s.category},
      {"cutoff_min", static_cast<double>(s.cutoff) / 600.0},
      {"method", "greedy maximal covering (lazy/CELF); total >= (1 - 1/e) of optimal"},
      {"households_total", s.households_total},
      {"households_uncovered_before", s.households_uncovered_before},
      {"choices", choices},
      {"unsnapped_candidates", uns}};
  return j.dump(1) + "\n";
}

}  // namespace weilai::planning
