#include "http/planning_compute.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <sstream>

#include "osm/category_mapping.hpp"
#include "osm/osm_import.hpp"
#include "planning/analysis.hpp"
#include "planning/csv.hpp"
#include "planning/report.hpp"
#include "planning/site_suggestion.hpp"

namespace weilai::http::planning_api {
namespace json = boost::json;

namespace {

// data/planning/travel_circles_5_10_30.json, embedded so a deployed binary needs no data files.
constexpr const char* kTravelCirclesJson = R"json({
  "name": "Zhejiang future community 5/10/30-minute travel circles",
  "cutoffs_min": [5, 10, 15, 30],
  "levels": [
    {"name": "5-minute", "cutoff_min": 5,
     "require": ["kindergarten", "supermarket", "elderly_care", "bus_stop", "post_parcel", "waste_recycling"]},
    {"name": "10-minute", "cutoff_min": 10,
     "require": ["primary_school", "clinic", "pharmacy", "park", "community_service"]},
    {"name": "30-minute", "cutoff_min": 30,
     "require": ["junior_high", "rail_station"]}
  ]
})json";

bool ends_with(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i])
      return false;
  return true;
}

// The osmium format of an OSM file name, or empty when the extension is not one we read.
std::string osm_format(const std::string& filename) {
  if (ends_with(filename, ".pbf")) return "pbf";
  if (ends_with(filename, ".osm")) return "xml";
  if (ends_with(filename, ".opl")) return "opl";
  return {};
}

bool is_geojson(const std::string& filename) {
  return ends_with(filename, ".geojson") || ends_with(filename, ".json");
}

// The importer names its input "<buffer>"; callers want the file name.
Error rename(Error e, const std::string& filename) {
  for (std::size_t at; (at = e.message.find("<buffer>")) != std::string::npos;)
    e.message.replace(at, 8, filename);
  return e;
}

Result<osm::ImportResult> import(const std::string& filename, const std::string& bytes,
                                 osm::Profile profile, bool facilities, bool residences) {
  const std::string format = osm_format(filename);
  if (format.empty())
    return Error::invalid(filename + ": an OSM extract must end in .osm.pbf, .osm or .opl",
                          "?filename");
  osm::ImportOptions opt;
  opt.profile.profile = profile;
  if (facilities) opt.categories = &osm::CategoryMapping::defaults();
  opt.residences = residences;
  auto r = osm::import_osm_buffer(bytes, format, opt);
  if (!r) return rename(r.error(), filename);
  if (r->graph.node_count() == 0) return Error::invalid(filename + ": no routable ways");
  return r;
}

Result<std::vector<planning::Facility>> parse_facilities(const InputFile& f) {
  return is_geojson(f.filename) ? planning::parse_facilities_geojson(f.bytes, f.filename)
                                : planning::parse_facilities_csv(f.bytes, f.filename);
}
Result<std::vector<planning::Residence>> parse_residences(const InputFile& f) {
  return is_geojson(f.filename) ? planning::parse_residences_geojson(f.bytes, f.filename)
                                : planning::parse_residences_csv(f.bytes, f.filename);
}

Result<std::optional<std::int64_t>> optional_id(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::int64_t>{};
  if (!it->value().is_int64() || it->value().as_int64() <= 0)
    return Error::invalid(std::string(key) + " must be a dataset id or null",
                          std::string("/") + key);
  return std::optional<std::int64_t>{it->value().as_int64()};
}

Result<int> minutes(const json::value& v, const std::string& field) {
  if (!v.is_int64() || v.as_int64() < 1 || v.as_int64() > 120)
    return Error::invalid("a cutoff is a whole number of minutes from 1 to 120", field);
  return static_cast<int>(v.as_int64());
}

json::value parse_or_null(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

}  // namespace

Result<json::object> validate_dataset(const std::string& kind, const std::string& filename,
                                      const std::string& bytes) {
  const bool is_osm = kind == "osm";
  const std::size_t limit = is_osm ? kMaxOsmBytes : kMaxTableBytes;
  if (bytes.size() > limit)
    return Error{ErrorCode::resource_exhausted,
                 filename + ": " + std::to_string(bytes.size()) + " bytes; a " + kind +
                     " file may have at most " + std::to_string(limit >> 20) + " MiB",
                 {}};
  if (bytes.empty()) return Error::invalid(filename + ": empty file");
  if (is_osm) {
    WEILAI_TRY(auto r, import(filename, bytes, osm::Profile::walk, true, true));
    return json::object{{"features", r.stats.nodes_read + r.stats.ways_read},
                        {"routable_ways", r.stats.routable_ways},
                        {"walk_nodes", r.graph.node_count()},
                        {"facilities", r.facilities.size()},
                        {"residences", r.residences.size()}};
  }
  if (kind == "facilities") {
    WEILAI_TRY(auto fs, parse_facilities(InputFile{filename, bytes}));
    json::object cats;
    for (const auto& f : fs) {
      auto& n = cats[f.category];
      n = n.is_int64() ? n.as_int64() + 1 : 1;
    }
    return json::object{{is_geojson(filename) ? "features" : "rows", fs.size()},
                        {"categories", std::move(cats)}};
  }
  if (kind == "residences") {
    WEILAI_TRY(auto rs, parse_residences(InputFile{filename, bytes}));
    double households = 0;
    for (const auto& r : rs) households += r.households;
    return json::object{{is_geojson(filename) ? "features" : "rows", rs.size()},
                        {"households", households}};
  }
  if (kind == "rules") {
    WEILAI_TRY(auto rules, planning::parse_rules(bytes, filename));
    return json::object{{"name", rules.name}, {"levels", rules.levels.size()}};
  }
  return Error::invalid("kind must be osm, facilities, residences or rules", "?kind");
}

std::vector<std::int64_t> AnalysisParams::dataset_ids() const {
  std::vector<std::int64_t> ids{osm_dataset_id};
  for (const auto& id : {facilities_dataset_id, residences_dataset_id, rules_dataset_id})
    if (id) ids.push_back(*id);
  return ids;
}

Result<AnalysisParams> parse_params(const json::object& o) {
  static const std::vector<std::string> allowed{
      "osm_dataset_id", "profile", "facilities_dataset_id", "residences_dataset_id", "rules",
      "cutoffs_min",    "suggest"};
  for (const auto& kv : o)
    if (std::find(allowed.begin(), allowed.end(), std::string(kv.key())) == allowed.end())
      return Error::invalid("unknown field " + std::string(kv.key()), "/" + std::string(kv.key()));
  AnalysisParams p;
  auto osm = o.find("osm_dataset_id");
  if (osm == o.end() || !osm->value().is_int64() || osm->value().as_int64() <= 0)
    return Error::invalid("osm_dataset_id is required (the id of an uploaded OSM extract)",
                          "/osm_dataset_id");
  p.osm_dataset_id = osm->value().as_int64();
  if (auto it = o.find("profile"); it != o.end()) {
    if (!it->value().is_string() || !osm::parse_profile(std::string(it->value().as_string())))
      return Error::invalid("profile must be walk, bike or drive", "/profile");
    p.profile = std::string(it->value().as_string());
  }
  WEILAI_TRY(p.facilities_dataset_id, optional_id(o, "facilities_dataset_id"));
  WEILAI_TRY(p.residences_dataset_id, optional_id(o, "residences_dataset_id"));
  if (auto it = o.find("rules"); it != o.end()) {
    const auto& v = it->value();
    if (v.is_string() &&
        (v.as_string() == "gb50180" || v.as_string() == "travel_circles_5_10_30")) {
      p.rules = std::string(v.as_string());
    } else if (v.is_object() && v.as_object().size() == 1 && v.as_object().contains("dataset_id") &&
               v.as_object().at("dataset_id").is_int64() &&
               v.as_object().at("dataset_id").as_int64() > 0) {
      p.rules = "dataset";
      p.rules_dataset_id = v.as_object().at("dataset_id").as_int64();
    } else {
      return Error::invalid(
          R"(rules must be "gb50180", "travel_circles_5_10_30" or {"dataset_id": id})", "/rules");
    }
  }
  if (auto it = o.find("cutoffs_min"); it != o.end() && !it->value().is_null()) {
    if (!it->value().is_array() || it->value().as_array().empty() ||
        it->value().as_array().size() > 8)
      return Error::invalid("cutoffs_min is a list of 1 to 8 whole minutes", "/cutoffs_min");
    std::vector<int> cut;
    for (std::size_t i = 0; i < it->value().as_array().size(); ++i) {
      WEILAI_TRY(int m, minutes(it->value().as_array()[i], "/cutoffs_min/" + std::to_string(i)));
      cut.push_back(m);
    }
    std::sort(cut.begin(), cut.end());
    cut.erase(std::unique(cut.begin(), cut.end()), cut.end());
    p.cutoffs_min = cut;
  }
  if (auto it = o.find("suggest"); it != o.end() && !it->value().is_null()) {
    if (!it->value().is_object()) return Error::invalid("suggest must be an object", "/suggest");
    const auto& s = it->value().as_object();
    for (const auto& kv : s)
      if (kv.key() != "category" && kv.key() != "k" && kv.key() != "cutoff_min")
        return Error::invalid("unknown field " + std::string(kv.key()),
                              "/suggest/" + std::string(kv.key()));
    SuggestParams sp;
    if (!s.contains("category") || !s.at("category").is_string() ||
        s.at("category").as_string().empty() || s.at("category").as_string().size() > 64)
      return Error::invalid("suggest.category is required", "/suggest/category");
    sp.category = std::string(s.at("category").as_string());
    if (s.contains("k")) {
      if (!s.at("k").is_int64() || s.at("k").as_int64() < 1 || s.at("k").as_int64() > 50)
        return Error::invalid("suggest.k must be 1..50", "/suggest/k");
      sp.k = static_cast<int>(s.at("k").as_int64());
    }
    if (s.contains("cutoff_min")) {
      WEILAI_TRY(sp.cutoff_min, minutes(s.at("cutoff_min"), "/suggest/cutoff_min"));
    }
    p.suggest = sp;
  }
  return p;
}

json::object params_json(const AnalysisParams& p) {
  auto id = [](const std::optional<std::int64_t>& v) {
    return v ? json::value(*v) : json::value(nullptr);
  };
  json::object o{{"osm_dataset_id", p.osm_dataset_id},
                 {"profile", p.profile},
                 {"facilities_dataset_id", id(p.facilities_dataset_id)},
                 {"residences_dataset_id", id(p.residences_dataset_id)}};
  if (p.rules_dataset_id)
    o["rules"] = json::object{{"dataset_id", *p.rules_dataset_id}};
  else
    o["rules"] = p.rules;
  if (p.cutoffs_min) {
    json::array a;
    for (int m : *p.cutoffs_min) a.push_back(m);
    o["cutoffs_min"] = std::move(a);
  } else {
    o["cutoffs_min"] = nullptr;
  }
  if (p.suggest)
    o["suggest"] = json::object{{"category", p.suggest->category},
                                {"k", p.suggest->k},
                                {"cutoff_min", p.suggest->cutoff_min}};
  else
    o["suggest"] = nullptr;
  return o;
}

Result<Site> load_site(const AnalysisParams& p, const SiteInputs& in) {
  Site site;
  if (in.rules) {
    WEILAI_TRY(site.rules, planning::parse_rules(in.rules->bytes, in.rules->filename));
  } else if (p.rules == "travel_circles_5_10_30") {
    WEILAI_TRY(site.rules, planning::parse_rules(kTravelCirclesJson, "travel_circles_5_10_30"));
  } else {
    site.rules = planning::default_rules();
  }
  if (p.cutoffs_min) site.rules.cutoffs_min = *p.cutoffs_min;
  WEILAI_TRY(auto profile, osm::parse_profile(p.profile));
  WEILAI_TRY(auto r,
             import(in.osm.filename, in.osm.bytes, profile, !in.facilities, !in.residences));
  site.warnings = r.warnings;
  if (in.facilities) {
    WEILAI_TRY(site.facilities, parse_facilities(*in.facilities));
  } else {
    for (const auto& f : r.facilities)
      site.facilities.push_back({f.id, f.category, {f.lat, f.lon}, f.capacity, f.name});
  }
  if (in.residences) {
    WEILAI_TRY(site.residences, parse_residences(*in.residences));
  } else {
    for (const auto& x : r.residences)
      site.residences.push_back({x.id, {x.lat, x.lon}, x.households, ""});
  }
  site.net =
      std::make_unique<planning::Network>(graph::GraphFile{std::move(r.graph), std::move(r.meta)});
  return site;
}

Result<std::optional<AnalysisOutput>> run_analysis(const AnalysisParams& p, const SiteInputs& in,
                                                   const StageFn& stage,
                                                   const std::function<bool()>& cancelled,
                                                   unsigned threads) {
  using None = std::optional<AnalysisOutput>;
  auto stop = [&] { return cancelled && cancelled(); };
  auto at = [&](const std::string& s, double f) {
    if (stage) stage(s, f);
  };
  at("import", 0.0);
  if (stop()) return None{};
  WEILAI_TRY(Site site, load_site(p, in));
  if (stop()) return None{};
  at("prepare", 0.1);
  const planning::Network& net = *site.net;
  std::vector<planning::Candidate> candidates;
  if (p.suggest) {
    const auto& g = net.graph();
    geo::LatLon lo{90, 180}, hi{-90, -180};
    for (graph::NodeId v = 0; v < g.node_count(); ++v) {
      auto ll = net.node_lat_lon(v);
      lo = {std::min(lo.lat, ll.lat), std::min(lo.lon, ll.lon)};
      hi = {std::max(hi.lat, ll.lat), std::max(hi.lon, ll.lon)};
    }
    candidates = planning::node_candidates(net, lo, hi, 2000);
  }
  std::vector<geo::LatLon> extra;
  for (const auto& c : candidates) extra.push_back(c.at);
  auto input = planning::prepare(net, site.residences, site.facilities, {500}, extra);
  for (const auto& w : site.warnings) input.warnings.insert(input.warnings.begin(), w);
  if (stop()) return None{};
  // The analysis proper spans 0.15 .. 0.85 of the job.
  planning::RunControl control;
  control.progress = [&](const std::string& s, double f) { at(s, 0.15 + 0.7 * f); };
  control.cancelled = cancelled;
  auto report =
      planning::analyze_controlled(input, site.rules, net.meta(), true, threads, control, true);
  if (!report) return None{};
  AnalysisOutput out;
  if (p.suggest) {
    at("suggest", 0.85);
    WEILAI_TRY(auto s, planning::suggest_sites(input, candidates, p.suggest->category,
                                               planning::minutes_to_ds(p.suggest->cutoff_min),
                                               static_cast<std::size_t>(p.suggest->k), threads));
    json::value doc = parse_or_null(planning::suggestion_json(s, candidates));
    if (doc.is_object()) doc.as_object()["attribution"] = kAttribution;
    out.documents["suggestions.json"] = json::serialize(doc);
  }
  if (stop()) return None{};
  at("write", 0.9);
  // The summary form: the full report of a real extract is hundreds of MB (every residence ×
  // category, every gap); those details are served as residences.geojson, the CSV exports and
  // the paged gap list.
  out.documents["report.json"] = planning::report_json(*report, false);
  {
    json::value rep = parse_or_null(out.documents["report.json"]);
    json::object cov{{"attribution", kAttribution},
                     {"rules", site.rules.name},
                     {"cutoffs_min", json::value_from(report->coverage.cutoffs_min)},
                     {"categories", json::value_from(report->coverage.categories)},
                     {"levels", json::value_from(report->coverage.levels)},
                     {"rows", rep.is_object() && rep.as_object().contains("coverage")
                                  ? rep.as_object().at("coverage")
                                  : json::value(json::array{})}};
    out.documents["coverage.json"] = json::serialize(cov);
  }
  out.documents["network.geojson"] = planning::network_geojson(net.graph());
  {
    json::array feats;
    for (const auto& f : site.facilities)
      feats.push_back(json::object{
          {"type", "Feature"},
          {"geometry",
           json::object{{"type", "Point"}, {"coordinates", json::array{f.at.lon, f.at.lat}}}},
          {"properties", json::object{{"id", f.id},
                                      {"category", f.category},
                                      {"name", f.name},
                                      {"capacity", f.capacity}}}});
    out.documents["facilities.geojson"] = json::serialize(json::object{
        {"type", "FeatureCollection"}, {"attribution", kAttribution}, {"features", feats}});
  }
  out.documents["residences.geojson"] = planning::report_geojson(*report);
  auto csv = [&](const char* name, void (*fn)(std::ostream&, const planning::AnalysisReport&)) {
    std::ostringstream s;
    fn(s, *report);
    out.documents[name] = s.str();
  };
  csv("nearest.csv", planning::write_nearest_csv);
  csv("counts.csv", planning::write_counts_csv);
  csv("gaps.csv", planning::write_gaps_csv);
  csv("coverage.csv", planning::write_coverage_csv);
  double households = 0;
  for (const auto& r : site.residences) households += r.households;
  const auto& g = net.graph();
  double bbox[4] = {180, 90, -180, -90};
  for (graph::NodeId v = 0; v < g.node_count(); ++v) {
    auto ll = net.node_lat_lon(v);
    bbox[0] = std::min(bbox[0], ll.lon);
    bbox[1] = std::min(bbox[1], ll.lat);
    bbox[2] = std::max(bbox[2], ll.lon);
    bbox[3] = std::max(bbox[3], ll.lat);
  }
  out.summary_json = json::serialize(json::object{
      {"nodes", g.node_count()},
      {"arcs", g.edge_count()},
      {"residences", site.residences.size()},
      {"households", households},
      {"facilities", site.facilities.size()},
      {"warnings", report->warnings.size()},
      {"unsnapped", input.unsnapped_residences.size() + input.unsnapped_facilities.size()},
      {"gaps", report->gap_count},
      {"bbox", json::array{bbox[0], bbox[1], bbox[2], bbox[3]}}});
  at("write", 1.0);
  return None{std::move(out)};
}

Result<std::vector<GapItem>> parse_gaps_csv(const std::string& text) {
  WEILAI_TRY(auto table, planning::parse_csv(text, "gaps.csv"));
  std::vector<GapItem> out;
  out.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    if (row.fields.size() < 6) return Error::internal("gaps.csv: short row");
    GapItem g;
    g.residence_id = row.fields[0];
    g.level = row.fields[1];
    g.category = row.fields[2];
    double v = 0;
    if (!planning::parse_double(row.fields[3], v)) return Error::internal("gaps.csv: cutoff");
    g.cutoff_min = static_cast<int>(v);
    if (!row.fields[4].empty() && planning::parse_double(row.fields[4], v)) g.nearest_seconds = v;
    if (!planning::parse_double(row.fields[5], g.households))
      return Error::internal("gaps.csv: households");
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace weilai::http::planning_api
