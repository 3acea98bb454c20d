// Planning subcommands: graph build/export/info, analyze, isochrone, suggest-sites, gen-city.
// Thin wiring only: each command parses options, calls the osm/planning libraries and writes
// files. Expected failures print "error: ..." (naming file and line/feature) and exit 1.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "graph/graph_file.hpp"
#include "osm/osm_import.hpp"
#include "planning/analysis.hpp"
#include "planning/csv.hpp"
#include "planning/gen_city.hpp"
#include "planning/isochrone.hpp"
#include "planning/report.hpp"
#include "planning/site_suggestion.hpp"

namespace weilai::app {

namespace {

using Stopwatch = std::chrono::steady_clock;

[[noreturn]] void exit_with(const Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  throw CLI::RuntimeError(1);
}

template <class T>
T unwrap(Result<T> r) {
  if (!r) exit_with(r.error());
  return std::move(r).value();
}
void unwrap(Status s) {
  if (!s) exit_with(s.error());
}

double ms_since(Stopwatch::time_point t) {
  return std::chrono::duration<double, std::milli>(Stopwatch::now() - t).count();
}

void info(const std::string& s) {
  std::fprintf(stderr, "%s\n", s.c_str());
}

// A progress bar on stderr, drawn only when stderr is a terminal (never into pipes or logs).
class ProgressBar {
 public:
  explicit ProgressBar(std::string label)
      : label_(std::move(label)), tty_(isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() {
    if (tty_ && drawn_) std::fprintf(stderr, "\r\033[K");
  }
  void update(double f) {
    if (!tty_) return;
    int pct = static_cast<int>(f * 100);
    if (pct == last_) return;
    last_ = pct;
    drawn_ = true;
    int filled = pct / 4;
    std::fprintf(stderr, "\r%s [%s%s] %3d%%", label_.c_str(), std::string(filled, '#').c_str(),
                 std::string(25 - filled, ' ').c_str(), pct);
    std::fflush(stderr);
  }

 private:
  std::string label_;
  bool tty_;
  bool drawn_ = false;
  int last_ = -1;
};

std::vector<int> parse_minutes(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, ',')) {
    double v = 0;
    if (!planning::parse_double(part, v) || v <= 0 || v > 1440 || v != std::floor(v))
      exit_with(
          Error::invalid("--cutoffs: '" + part + "' is not a whole number of minutes in 1..1440"));
    out.push_back(static_cast<int>(v));
  }
  if (out.empty()) exit_with(Error::invalid("--cutoffs: empty"));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.flush();
  if (!out) exit_with(Error{ErrorCode::unavailable, "cannot write " + path, {}});
}

planning::Network load_network(const std::string& path) {
  auto t0 = Stopwatch::now();
  auto file = unwrap(graph::load_graph(path));
  double load_ms = ms_since(t0);
  planning::Network net(std::move(file));
  info("graph " + path + ": " + std::to_string(net.graph().node_count()) + " nodes, " +
       std::to_string(net.graph().edge_count()) + " arcs, profile " + net.meta().profile +
       " (load " + std::to_string(static_cast<int>(load_ms)) + " ms, index " +
       std::to_string(static_cast<int>(ms_since(t0) - load_ms)) + " ms)");
  return net;
}

void add_graph_commands(CLI::App& root) {
  auto* g = root.add_subcommand("graph", "Build, export and inspect road graphs");
  g->require_subcommand(1);

  struct BuildOpts {
    std::string osm, profile = "walk", out, categories, facilities_out, residences_out;
    double walk = 4.8, bike = 15, area_per_household = 90;
  };
  auto b = std::make_shared<BuildOpts>();
  auto* build =
      g->add_subcommand("build", "Import OSM (.osm.pbf/.osm/.opl) into a routable graph file");
  build->add_option("--osm", b->osm, "OSM input file")->required();
  build->add_option("--profile", b->profile, "walk | bike | drive")->capture_default_str();
  build->add_option("--out", b->out, "Graph file to write")->required();
  build->add_option("--walk-speed", b->walk, "Walking speed, km/h")->capture_default_str();
  build->add_option("--bike-speed", b->bike, "Cycling speed, km/h")->capture_default_str();
  build->add_option("--categories", b->categories, "Category mapping file (default: built-in)");
  build->add_option("--facilities-out", b->facilities_out, "Also write OSM facilities as CSV");
  build->add_option("--residences-out", b->residences_out,
                    "Also write OSM residential buildings as CSV");
  build->add_option("--area-per-household", b->area_per_household, "Floor area per household, m2")
      ->capture_default_str();
  build->callback([b] {
    auto t0 = Stopwatch::now();
    osm::ImportOptions opt;
    opt.profile.profile = unwrap(osm::parse_profile(b->profile));
    opt.profile.walk_kmh = b->walk;
    opt.profile.bike_kmh = b->bike;
    if (!(b->walk > 0) || !(b->bike > 0)) exit_with(Error::invalid("speeds must be positive"));
    osm::CategoryMapping mapping;
    if (!b->categories.empty()) mapping = unwrap(osm::CategoryMapping::load(b->categories));
    if (!b->facilities_out.empty())
      opt.categories = b->categories.empty() ? &osm::CategoryMapping::defaults() : &mapping;
    opt.residences = !b->residences_out.empty();
    opt.area_per_household_m2 = b->area_per_household;
    auto r = unwrap(osm::import_osm_file(b->osm, opt));
    for (const auto& w : r.warnings) info("warning: " + w);
    unwrap(graph::save_graph(b->out, r.graph, r.meta));
    info("wrote " + b->out + ": " + std::to_string(r.graph.node_count()) + " nodes, " +
         std::to_string(r.graph.edge_count()) + " arcs (" + std::to_string(r.stats.routable_ways) +
         " routable ways; dropped " + std::to_string(r.meta.components.dropped_nodes) +
         " nodes outside the largest strongly connected component) in " +
         std::to_string(static_cast<int>(ms_since(t0))) + " ms");
    if (!b->facilities_out.empty()) {
      std::vector<planning::Facility> fs;
      for (const auto& f : r.facilities)
        fs.push_back({f.id, f.category, {f.lat, f.lon}, f.capacity, f.name});
      std::ofstream out(b->facilities_out, std::ios::binary);
      planning::write_facilities_csv(out, fs);
      if (!out) exit_with(Error{ErrorCode::unavailable, "cannot write " + b->facilities_out, {}});
      info("wrote " + b->facilities_out + ": " + std::to_string(fs.size()) + " facilities");
    }
    if (!b->residences_out.empty()) {
      std::vector<planning::Residence> rs;
      for (const auto& x : r.residences) rs.push_back({x.id, {x.lat, x.lon}, x.households, ""});
      std::ofstream out(b->residences_out, std::ios::binary);
      planning::write_residences_csv(out, rs);
      if (!out) exit_with(Error{ErrorCode::unavailable, "cannot write " + b->residences_out, {}});
      info("wrote " + b->residences_out + ": " + std::to_string(rs.size()) + " residences");
    }
  });

  struct ExportOpts {
    std::string graph, nodes, edges;
  };
  auto e = std::make_shared<ExportOpts>();
  auto* exp = g->add_subcommand(
      "export", "Export a graph as nodes.csv (id,lon,lat) and edges.csv (from,to,seconds)");
  exp->add_option("--graph", e->graph)->required();
  exp->add_option("--nodes", e->nodes)->required();
  exp->add_option("--edges", e->edges)->required();
  exp->callback([e] {
    auto file = unwrap(graph::load_graph(e->graph));
    const auto& gr = file.graph;
    {
      std::ofstream out(e->nodes, std::ios::binary);
      out << "id,lon,lat\n";
      char buf[96];
      for (graph::NodeId v = 0; v < gr.node_count(); ++v) {
        std::snprintf(buf, sizeof buf, "%u,%.7f,%.7f\n", v, gr.lon_e7[v] * 1e-7,
                      gr.lat_e7[v] * 1e-7);
        out << buf;
      }
      if (!out) exit_with(Error{ErrorCode::unavailable, "cannot write " + e->nodes, {}});
    }
    {
      std::ofstream out(e->edges, std::ios::binary);
      out << "from,to,seconds\n";
      for (graph::NodeId v = 0; v < gr.node_count(); ++v)
        for (graph::EdgeId x = gr.begin(v); x < gr.end(v); ++x)
          out << v << ',' << gr.head[x] << ',' << planning::format_seconds(gr.weight[x]) << '\n';
      if (!out) exit_with(Error{ErrorCode::unavailable, "cannot write " + e->edges, {}});
    }
    info("exported " + std::to_string(gr.node_count()) + " nodes, " +
         std::to_string(gr.edge_count()) + " arcs");
  });

  auto info_path = std::make_shared<std::string>();
  auto* inf = g->add_subcommand("info", "Print a graph file's header and size");
  inf->add_option("--graph", *info_path)->required();
  inf->callback([info_path] {
    auto t0 = Stopwatch::now();
    auto file = unwrap(graph::load_graph(*info_path));
    std::printf(
        "profile %s\nnodes %u\narcs %u\naccess_speed_kmh %.2f\ninput_nodes %u\ndropped_nodes %u\n"
        "components %u\nload_ms %.1f\n",
        file.meta.profile.c_str(), file.graph.node_count(), file.graph.edge_count(),
        file.meta.access_speed_kmh, file.meta.components.input_nodes,
        file.meta.components.dropped_nodes, file.meta.components.components, ms_since(t0));
  });
}

void add_analyze(CLI::App& root) {
  struct Opts {
    std::string graph, facilities, residences, rules, out, counts_out, gaps_out, coverage_out,
        cutoffs;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    double max_snap = 500;
    bool no_counts = false, summary = false;
  };
  auto o = std::make_shared<Opts>();
  auto* a = root.add_subcommand("analyze", "Life-circle analysis: nearest, counts, coverage, gaps");
  a->add_option("--graph", o->graph)->required();
  a->add_option("--facilities", o->facilities,
                "CSV id,category,lon,lat[,capacity][,name] or GeoJSON")
      ->required();
  a->add_option("--residences", o->residences, "CSV id,lon,lat,households[,area] or GeoJSON")
      ->required();
  a->add_option("--rules", o->rules, "Rules JSON (default: GB 50180-2018 life circles)");
  a->add_option("--cutoffs", o->cutoffs, "Override the rules' cutoffs, minutes (e.g. 5,10,15,30)");
  a->add_option("--out", o->out, "report.json | report.geojson | nearest.csv")->required();
  a->add_option("--counts-out", o->counts_out,
                "CSV residence_id,category,cutoff_min,count,capacity");
  a->add_option("--gaps-out", o->gaps_out, "CSV of the gap list");
  a->add_option("--coverage-out", o->coverage_out, "CSV of the coverage table");
  a->add_option("--threads", o->threads)->capture_default_str();
  a->add_option("--max-snap", o->max_snap, "Max distance to the network, m")->capture_default_str();
  a->add_flag("--no-counts", o->no_counts, "Skip the within-cutoff counts");
  a->add_flag("--summary", o->summary, "JSON report without per-residence results and gap list");
  a->callback([o] {
    auto t0 = Stopwatch::now();
    planning::Rules rules =
        o->rules.empty() ? planning::default_rules() : unwrap(planning::load_rules(o->rules));
    if (!o->cutoffs.empty()) rules.cutoffs_min = parse_minutes(o->cutoffs);
    auto net = load_network(o->graph);
    auto facilities = unwrap(planning::load_facilities(o->facilities));
    auto residences = unwrap(planning::load_residences(o->residences));
    auto t1 = Stopwatch::now();
    auto in = planning::prepare(net, residences, facilities, {o->max_snap});
    info("attached " + std::to_string(residences.size()) + " residences and " +
         std::to_string(facilities.size()) + " facilities in " +
         std::to_string(static_cast<int>(ms_since(t1))) + " ms");
    auto t2 = Stopwatch::now();
    auto report = [&] {
      ProgressBar bar("analyze");
      bool gap_list = !o->summary || !o->gaps_out.empty();
      return planning::analyze(
          in, rules, net.meta(), !o->no_counts, o->threads, [&](double f) { bar.update(f); },
          gap_list);
    }();
    info("analysis in " + std::to_string(static_cast<int>(ms_since(t2))) + " ms");
    for (const auto& w : report.warnings) info("warning: " + w);
    unwrap(planning::write_report_file(o->out, report, !o->summary));
    auto write_csv = [&](const std::string& path, auto&& fn) {
      if (path.empty()) return;
      std::ofstream out(path, std::ios::binary);
      fn(out, report);
      out.flush();
      if (!out) exit_with(Error{ErrorCode::unavailable, "cannot write " + path, {}});
    };
    if (!o->counts_out.empty() && o->no_counts)
      exit_with(Error::invalid("--counts-out needs counts (drop --no-counts)"));
    write_csv(o->counts_out, planning::write_counts_csv);
    write_csv(o->gaps_out, planning::write_gaps_csv);
    write_csv(o->coverage_out, planning::write_coverage_csv);
    const auto& all = report.coverage.rows[0];
    for (size_t l = 0; l < report.coverage.levels.size(); ++l)
      info("level " + report.coverage.levels[l] + ": " +
           std::to_string(all.households > 0 ? 100.0 * all.level_met[l] / all.households : 0.0) +
           " % of households");
    info("wrote " + o->out + " (" + std::to_string(report.gap_count) + " gaps) in " +
         std::to_string(static_cast<int>(ms_since(t0))) + " ms total");
  });
}

void add_isochrone(CLI::App& root) {
  struct Opts {
    std::string graph, facilities, facility_id, out, cutoffs = "5,10,15,30";
    double lon = 1000, lat = 1000, buffer = 25, max_snap = 500;
  };
  auto o = std::make_shared<Opts>();
  auto* c = root.add_subcommand("isochrone",
                                "Reachable-area polygons (GeoJSON) from a point or a facility");
  c->add_option("--graph", o->graph)->required();
  c->add_option("--lon", o->lon);
  c->add_option("--lat", o->lat);
  c->add_option("--facilities", o->facilities, "Facilities file, with --facility-id");
  c->add_option("--facility-id", o->facility_id);
  c->add_option("--cutoffs", o->cutoffs, "Minutes")->capture_default_str();
  c->add_option("--buffer", o->buffer, "Buffer around reachable streets, m")->capture_default_str();
  c->add_option("--max-snap", o->max_snap)->capture_default_str();
  c->add_option("--out", o->out)->required();
  c->callback([o] {
    geo::LatLon origin{o->lat, o->lon};
    if (!o->facility_id.empty()) {
      if (o->facilities.empty()) exit_with(Error::invalid("--facility-id needs --facilities"));
      auto fs = unwrap(planning::load_facilities(o->facilities));
      auto it = std::find_if(fs.begin(), fs.end(),
                             [&](const planning::Facility& f) { return f.id == o->facility_id; });
      if (it == fs.end())
        exit_with(Error::not_found("facility '" + o->facility_id + "' not in " + o->facilities));
      origin = it->at;
    } else if (!geo::valid(origin)) {
      exit_with(
          Error::invalid("give --lon and --lat (valid WGS84), or --facilities with --facility-id"));
    }
    auto net = load_network(o->graph);
    planning::IsochroneOptions opt;
    for (int m : parse_minutes(o->cutoffs)) opt.cutoffs.push_back(planning::minutes_to_ds(m));
    opt.buffer_m = o->buffer;
    opt.snap.max_snap_m = o->max_snap;
    auto t0 = Stopwatch::now();
    auto isos = unwrap(planning::isochrones(net, origin, opt));
    write_text(o->out, planning::isochrones_geojson(isos, origin));
    info("wrote " + o->out + ": " + std::to_string(isos.size()) + " isochrones in " +
         std::to_string(static_cast<int>(ms_since(t0))) + " ms");
  });
}

void add_suggest(CLI::App& root) {
  struct Opts {
    std::string graph, facilities, residences, category, candidates, bbox, out;
    size_t k = 5, max_candidates = 20000;
    int cutoff = 15;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    double max_snap = 500;
  };
  auto o = std::make_shared<Opts>();
  auto* c = root.add_subcommand("suggest-sites",
                                "Choose k new facility sites covering most uncovered households");
  c->add_option("--graph", o->graph)->required();
  c->add_option("--facilities", o->facilities)->required();
  c->add_option("--residences", o->residences)->required();
  c->add_option("--category", o->category)->required();
  c->add_option("--k", o->k)->capture_default_str();
  c->add_option("--cutoff", o->cutoff, "Minutes")->capture_default_str();
  c->add_option("--candidates", o->candidates, "CSV id,lon,lat");
  c->add_option("--bbox", o->bbox,
                "min_lon,min_lat,max_lon,max_lat: graph nodes inside are candidates");
  c->add_option("--max-candidates", o->max_candidates)->capture_default_str();
  c->add_option("--threads", o->threads)->capture_default_str();
  c->add_option("--max-snap", o->max_snap)->capture_default_str();
  c->add_option("--out", o->out)->required();
  c->callback([o] {
    if (o->cutoff <= 0 || o->cutoff > 1440)
      exit_with(Error::invalid("--cutoff must be 1..1440 minutes"));
    auto net = load_network(o->graph);
    auto facilities = unwrap(planning::load_facilities(o->facilities));
    auto residences = unwrap(planning::load_residences(o->residences));
    std::vector<planning::Candidate> cands;
    if (!o->candidates.empty()) {
      auto t = unwrap(planning::read_csv_file(o->candidates));
      if (t.header.size() < 3 || t.header[0] != "id" || t.header[1] != "lon" ||
          t.header[2] != "lat")
        exit_with(Error::invalid(o->candidates + ":1: expected header id,lon,lat"));
      for (const auto& row : t.rows) {
        planning::Candidate cand{row.fields[0], {}};
        if (!planning::parse_double(row.fields[1], cand.at.lon) ||
            !planning::parse_double(row.fields[2], cand.at.lat) || !geo::valid(cand.at))
          exit_with(
              Error::invalid(o->candidates + ":" + std::to_string(row.line) + ": bad coordinates"));
        cands.push_back(std::move(cand));
      }
    } else if (!o->bbox.empty()) {
      double v[4];
      std::stringstream in(o->bbox);
      std::string part;
      int n = 0;
      while (std::getline(in, part, ',') && n < 4)
        if (!planning::parse_double(part, v[n++]))
          exit_with(Error::invalid("--bbox: bad number '" + part + "'"));
      if (n != 4) exit_with(Error::invalid("--bbox needs min_lon,min_lat,max_lon,max_lat"));
      cands = planning::node_candidates(net, {v[1], v[0]}, {v[3], v[2]}, o->max_candidates);
    } else {
      exit_with(Error::invalid("give --candidates CSV or --bbox"));
    }
    if (cands.empty()) exit_with(Error::invalid("no candidate sites"));
    std::vector<geo::LatLon> extra;
    for (const auto& cand : cands) extra.push_back(cand.at);
    auto t0 = Stopwatch::now();
    auto in = planning::prepare(net, residences, facilities, {o->max_snap}, extra);
    for (const auto& w : in.warnings) info("warning: " + w);
    auto s = unwrap(planning::suggest_sites(in, cands, o->category,
                                            planning::minutes_to_ds(o->cutoff), o->k, o->threads));
    write_text(o->out, planning::suggestion_json(s, cands));
    info("chose " + std::to_string(s.choices.size()) + " of " + std::to_string(cands.size()) +
         " candidates, covering " +
         std::to_string(s.choices.empty() ? 0.0 : s.choices.back().cumulative_households) + " of " +
         std::to_string(s.households_uncovered_before) + " uncovered households, in " +
         std::to_string(static_cast<int>(ms_since(t0))) + " ms");
  });
}

void add_gen_city(CLI::App& root) {
  struct Opts {
    uint64_t nodes = 10000, seed = 1, residences = 0;
    std::string out_dir = ".";
  };
  auto o = std::make_shared<Opts>();
  auto* c = root.add_subcommand(
      "gen-city", "Generate a deterministic synthetic city (graph + facilities + residences)");
  c->add_option("--nodes", o->nodes)->capture_default_str();
  c->add_option("--seed", o->seed)->capture_default_str();
  c->add_option("--residences", o->residences, "Default: nodes / 5");
  c->add_option("--out-dir", o->out_dir, "Writes city.graph, facilities.csv, residences.csv")
      ->capture_default_str();
  c->callback([o] {
    if (o->nodes < 4 || o->nodes > 50'000'000)
      exit_with(Error::invalid("--nodes must be in 4..50000000"));
    auto t0 = Stopwatch::now();
    planning::GenCityOptions opt;
    opt.nodes = o->nodes;
    opt.seed = o->seed;
    opt.residences = o->residences;
    auto city = planning::generate_city(opt);
    std::error_code ec;
    std::filesystem::create_directories(o->out_dir, ec);
    auto dir = std::filesystem::path(o->out_dir);
    unwrap(graph::save_graph((dir / "city.graph").string(), city.graph, city.meta));
    {
      std::ofstream out(dir / "facilities.csv", std::ios::binary);
      planning::write_facilities_csv(out, city.facilities);
      if (!out) exit_with(Error{ErrorCode::unavailable, "cannot write facilities.csv", {}});
    }
    {
      std::ofstream out(dir / "residences.csv", std::ios::binary);
      planning::write_residences_csv(out, city.residences);
      if (!out) exit_with(Error{ErrorCode::unavailable, "cannot write residences.csv", {}});
    }
    info("city: " + std::to_string(city.graph.node_count()) + " nodes, " +
         std::to_string(city.graph.edge_count()) + " arcs, " +
         std::to_string(city.facilities.size()) + " facilities, " +
         std::to_string(city.residences.size()) + " residences -> " + o->out_dir + " in " +
         std::to_string(static_cast<int>(ms_since(t0))) + " ms");
  });
}

}  // namespace

void add_planning_commands(CLI::App& root) {
  add_graph_commands(root);
  add_analyze(root);
  add_isochrone(root);
  add_suggest(root);
  add_gen_city(root);
}

}  // namespace weilai::app
