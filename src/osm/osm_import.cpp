#include "osm/osm_import.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/visitor.hpp>
#include <protozero/pbf_reader.hpp>
#include <unordered_map>

#include "geo/lat_lon.hpp"

namespace weilai::osm {

const char* to_string(Profile p) {
  switch (p) {
    case Profile::walk:
      return "walk";
    case Profile::bike:
      return "bike";
    case Profile::drive:
      return "drive";
  }
  return "walk";
}

Result<Profile> parse_profile(std::string_view name) {
  if (name == "walk" || name == "foot" || name == "walking") return Profile::walk;
  if (name == "bike" || name == "bicycle" || name == "cycling") return Profile::bike;
  if (name == "drive" || name == "car" || name == "driving") return Profile::drive;
  return Error::invalid("unknown profile '" + std::string(name) + "' (walk, bike or drive)",
                        "/profile");
}

namespace {

bool is_one_of(const char* v, std::initializer_list<const char*> list) {
  if (!v) return false;
  for (const char* x : list)
    if (std::strcmp(v, x) == 0) return true;
  return false;
}

// How a way may be traversed by a profile: not at all, forward, backward, both; and how fast.
struct WayAccess {
  bool forward = false, backward = false;
  double kmh = 0;
};

double parse_maxspeed(const char* v) {
  if (!v) return 0;
  double x = 0;
  auto [p, ec] = std::from_chars(v, v + std::strlen(v), x);
  if (ec != std::errc() || x <= 0 || x > 200) return 0;
  while (*p == ' ') ++p;
  if (std::strncmp(p, "mph", 3) == 0) x *= 1.609344;
  return x;
}

double drive_class_kmh(const char* hw) {
  struct D {
    const char* k;
    double v;
  };
  static const D defaults[] = {{"motorway", 110},     {"motorway_link", 60},  {"trunk", 90},
                               {"trunk_link", 50},    {"primary", 60},        {"primary_link", 40},
                               {"secondary", 50},     {"secondary_link", 40}, {"tertiary", 40},
                               {"tertiary_link", 30}, {"unclassified", 30},   {"residential", 30},
                               {"living_street", 10}, {"service", 15},        {"road", 30}};
  for (const auto& d : defaults)
    if (std::strcmp(hw, d.k) == 0) return d.v;
  return 0;
}

template <class Tags>
WayAccess way_access(const Tags& tags, const ProfileOptions& opt) {
  WayAccess a;
  const char* hw = tags["highway"];
  if (!hw) return a;
  const char* access = tags["access"];
  bool access_no = is_one_of(access, {"no", "private"});
  const char* oneway = tags["oneway"];
  bool roundabout = is_one_of(tags["junction"], {"roundabout", "circular"});
  bool ow_fwd =
      is_one_of(oneway, {"yes", "1", "true"}) || (roundabout && !is_one_of(oneway, {"no", "-1"}));
  bool ow_bwd = is_one_of(oneway, {"-1", "reverse"});
  if (is_one_of(tags["area"], {"yes"}) && !is_one_of(hw, {"pedestrian", "footway"})) return a;
  switch (opt.profile) {
    case Profile::walk: {
      const char* foot = tags["foot"];
      if (is_one_of(foot, {"no", "private"})) return a;
      bool foot_yes = is_one_of(foot, {"yes", "designated", "permissive", "official"});
      bool ok = is_one_of(
          hw, {"footway",     "path",           "steps",        "pedestrian",   "living_street",
               "residential", "service",        "unclassified", "tertiary",     "tertiary_link",
               "secondary",   "secondary_link", "primary",      "primary_link", "track",
               "cycleway",    "corridor",       "road",         "bridleway",    "crossing",
               "platform"});
      if (is_one_of(hw, {"trunk", "trunk_link"}) && foot_yes) ok = true;
      if (!ok || (access_no && !foot_yes)) return a;
      a.forward = a.backward = true;  // pedestrians ignore oneway
      a.kmh = opt.walk_kmh;
      return a;
    }
    case Profile::bike: {
      const char* bicycle = tags["bicycle"];
      if (is_one_of(bicycle, {"no", "private", "dismount"})) return a;
      bool bike_yes = is_one_of(bicycle, {"yes", "designated", "permissive", "official"});
      bool ok = is_one_of(hw, {"cycleway", "path", "residential", "living_street", "service",
                               "unclassified", "tertiary", "tertiary_link", "secondary",
                               "secondary_link", "primary", "primary_link", "track", "road"});
      if (is_one_of(hw, {"footway", "pedestrian", "trunk", "trunk_link", "bridleway"}) && bike_yes)
        ok = true;
      if (!ok || (access_no && !bike_yes)) return a;
      // Cycling against a oneway is allowed where tagged so (contraflow).
      const char* ow_bike = tags["oneway:bicycle"];
      bool contraflow = is_one_of(ow_bike, {"no"});
      for (const char* k : {"cycleway", "cycleway:left", "cycleway:right", "cycleway:both"}) {
        const char* c = tags[k];
        if (c && std::strncmp(c, "opposite", 8) == 0) contraflow = true;
      }
      if (is_one_of(ow_bike, {"yes", "1"})) {
        ow_fwd = true;
        contraflow = false;
      }
      a.forward = !ow_bwd || contraflow;
      a.backward = !ow_fwd || contraflow;
      a.kmh = opt.bike_kmh;
      return a;
    }
    case Profile::drive: {
      double cls = drive_class_kmh(hw);
      if (cls <= 0) return a;
      const char* mv = tags["motor_vehicle"];
      const char* mc = tags["motorcar"];
      if (is_one_of(mv, {"no", "private"}) || is_one_of(mc, {"no", "private"})) return a;
      bool car_yes = is_one_of(mv, {"yes", "designated", "permissive"}) ||
                     is_one_of(mc, {"yes", "designated", "permissive"});
      if (access_no && !car_yes) return a;
      if (std::strcmp(hw, "motorway") == 0 && !is_one_of(oneway, {"no"})) ow_fwd = true;
      double kmh = parse_maxspeed(tags["maxspeed"]);
      if (kmh <= 0) kmh = cls;
      a.forward = !ow_bwd;
      a.backward = !ow_fwd;
      a.kmh = kmh * opt.drive_factor;
      return a;
    }
  }
  return a;
}

struct PendingWay {
  std::vector<int64_t> refs;
  std::vector<geo::LatLon> locs;  // invalid location = lat NaN
  WayAccess access;
};

class Collector : public osmium::handler::Handler {
 public:
  Collector(const ImportOptions& opt, ImportResult& out) : opt_(opt), out_(out) {}

  void node(const osmium::Node& n) {
    ++out_.stats.nodes_read;
    if (!opt_.categories || n.tags().empty() || !n.location().valid()) return;
    add_facilities('n', n.id(), n.tags(), {n.location().lat(), n.location().lon()});
  }

  void way(const osmium::Way& w) {
    ++out_.stats.ways_read;
    const auto& tags = w.tags();
    if (tags.empty()) return;
    WayAccess a = way_access(tags, opt_.profile);
    if ((a.forward || a.backward) && a.kmh > 0 && w.nodes().size() >= 2) {
      PendingWay pw;
      pw.access = a;
      for (const auto& nr : w.nodes()) {
        pw.refs.push_back(nr.ref());
        if (nr.location().valid())
          pw.locs.push_back({nr.location().lat(), nr.location().lon()});
        else
          pw.locs.push_back({std::nan(""), std::nan("")});
      }
      ways_.push_back(std::move(pw));
      ++out_.stats.routable_ways;
    }
    bool facility = false;
    if (opt_.categories) {
      if (auto c = centroid(w)) facility = add_facilities('w', w.id(), tags, *c) > 0;
    }
    if (opt_.residences && !facility) add_residence(w);
  }

  std::vector<PendingWay>& ways() { return ways_; }

 private:
  std::optional<geo::LatLon> centroid(const osmium::Way& w) {
    double lat = 0, lon = 0;
    size_t k = 0;
    const auto& nodes = w.nodes();
    size_t count = nodes.size();
    if (count > 1 && nodes.front().ref() == nodes.back().ref()) --count;  // closed ring
    for (size_t i = 0; i < count; ++i) {
      if (!nodes[i].location().valid()) continue;
      lat += nodes[i].location().lat();
      lon += nodes[i].location().lon();
      ++k;
    }
    if (k == 0) return std::nullopt;
    return geo::LatLon{lat / k, lon / k};
  }

  template <class Tags>
  size_t add_facilities(char type, int64_t id, const Tags& tags, geo::LatLon at) {
    auto cats = opt_.categories->match([&](const char* k) { return tags[k]; });
    for (auto& c : cats) {
      OsmFacility f;
      f.id = type + std::to_string(id);
      f.category = std::move(c);
      f.lat = at.lat;
      f.lon = at.lon;
      if (const char* cap = tags["capacity"]) {
        double x = 0;
        auto [p, ec] = std::from_chars(cap, cap + std::strlen(cap), x);
        if (ec == std::errc() && x >= 0 && std::isfinite(x)) f.capacity = x;
      }
      if (const char* nm = tags["name"]) f.name = nm;
      out_.facilities.push_back(std::move(f));
    }
    return cats.size();
  }

  void add_residence(const osmium::Way& w) {
    const char* b = w.tags()["building"];
    if (!b) return;
    if (std::none_of(opt_.residential_buildings.begin(), opt_.residential_buildings.end(),
                     [&](const std::string& x) { return x == b; }))
      return;
    const auto& nodes = w.nodes();
    if (nodes.size() < 4 || nodes.front().ref() != nodes.back().ref()) return;
    auto c = centroid(w);
    if (!c) return;
    geo::LocalProjection proj(*c);
    double area2 = 0;
    for (size_t i = 0; i + 1 < nodes.size(); ++i) {
      if (!nodes[i].location().valid() || !nodes[i + 1].location().valid()) return;
      auto p = proj.project({nodes[i].location().lat(), nodes[i].location().lon()});
      auto q = proj.project({nodes[i + 1].location().lat(), nodes[i + 1].location().lon()});
      area2 += p.x * q.y - q.x * p.y;
    }
    double area = std::abs(area2) / 2;
    int levels = opt_.default_levels;
    if (const char* l = w.tags()["building:levels"]) {
      int x = 0;
      auto [p, ec] = std::from_chars(l, l + std::strlen(l), x);
      if (ec == std::errc() && x > 0 && x < 200) levels = x;
    }
    OsmResidence r;
    r.id = "w" + std::to_string(w.id());
    r.lat = c->lat;
    r.lon = c->lon;
    r.footprint_m2 = area;
    r.levels = levels;
    r.households = std::max(1.0, std::round(area * levels / opt_.area_per_household_m2));
    out_.residences.push_back(std::move(r));
  }

  const ImportOptions& opt_;
  ImportResult& out_;
  std::vector<PendingWay> ways_;
};

Status finish(ImportResult& out, std::vector<PendingWay>& ways, const ImportOptions& opt,
              const std::string& name) {
  // Graph nodes = distinct OSM nodes on routable ways that have a location.
  std::vector<int64_t> ids;
  for (const auto& w : ways)
    for (size_t i = 0; i < w.refs.size(); ++i)
      if (!std::isnan(w.locs[i].lat)) ids.push_back(w.refs[i]);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty())
    return Error::invalid(name + ": no routable ways for profile '" +
                          to_string(opt.profile.profile) + "'");
  auto index_of = [&](int64_t id) {
    return static_cast<graph::NodeId>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
  };
  std::vector<int32_t> lat(ids.size()), lon(ids.size());
  std::vector<graph::Arc> arcs;
  for (const auto& w : ways) {
    for (size_t i = 0; i + 1 < w.refs.size(); ++i) {
      if (std::isnan(w.locs[i].lat) || std::isnan(w.locs[i + 1].lat)) {
        ++out.stats.skipped_segments;
        continue;
      }
      graph::NodeId a = index_of(w.refs[i]), b = index_of(w.refs[i + 1]);
      lat[a] = geo::to_e7(w.locs[i].lat);
      lon[a] = geo::to_e7(w.locs[i].lon);
      lat[b] = geo::to_e7(w.locs[i + 1].lat);
      lon[b] = geo::to_e7(w.locs[i + 1].lon);
      double m = geo::haversine_m(w.locs[i], w.locs[i + 1]);
      graph::Time t = graph::travel_time_ds(m, w.access.kmh);
      if (t == 0) t = 1;  // coincident nodes: keep the graph connected but never free
      if (w.access.forward) arcs.push_back({a, b, t});
      if (w.access.backward) arcs.push_back({b, a, t});
    }
  }
  if (out.stats.skipped_segments > 0)
    out.warnings.push_back(std::to_string(out.stats.skipped_segments) +
                           " way segments skipped: their nodes are missing from the extract");
  if (arcs.empty())
    return Error::invalid(name + ": no routable ways for profile '" +
                          to_string(opt.profile.profile) + "'");
  auto full = graph::build_graph(std::move(lat), std::move(lon), ids, std::move(arcs));
  graph::ComponentReport rep;
  auto scc = graph::largest_scc(full, &rep);
  out.graph = graph::reorder_hilbert(scc);
  out.meta.profile = to_string(opt.profile.profile);
  out.meta.access_speed_kmh =
      opt.profile.profile == Profile::bike ? opt.profile.bike_kmh : opt.profile.walk_kmh;
  out.meta.components = rep;
  if (rep.dropped_nodes > 0)
    out.warnings.push_back(
        "kept the largest strongly connected component: " + std::to_string(rep.kept_nodes) +
        " of " + std::to_string(rep.input_nodes) + " nodes; dropped " +
        std::to_string(rep.dropped_nodes) + " nodes in " + std::to_string(rep.components - 1) +
        " smaller components");
  out.stats.facilities = out.facilities.size();
  out.stats.residences = out.residences.size();
  return {};
}

// Walks the PBF blob framing (4-byte length, BlobHeader, blob) and checks every BlobHeader has a
// non-empty type and a datasize inside the input. libosmium 2.19 compares the type with
// strncmp(expected, data(), size()) which is undefined for an empty type (found by libFuzzer +
// UBSan), and truncation is reported more clearly here. `read(offset, n, out)` fills out or
// returns false at end of input.
template <class Read>
Status validate_pbf_framing(uint64_t total, Read&& read, const std::string& name) {
  uint64_t off = 0;
  int blob = 0;
  std::string header;
  while (off < total) {
    unsigned char len_bytes[4];
    std::string tmp;
    if (total - off < 4 || !read(off, 4, tmp))
      return Error::invalid(name + ": truncated PBF (blob " + std::to_string(blob) + ")");
    std::memcpy(len_bytes, tmp.data(), 4);
    uint32_t len = (uint32_t{len_bytes[0]} << 24) | (uint32_t{len_bytes[1]} << 16) |
                   (uint32_t{len_bytes[2]} << 8) | len_bytes[3];
    off += 4;
    if (len == 0 || len > 64 * 1024 || total - off < len || !read(off, len, header))
      return Error::invalid(name + ": corrupt or truncated PBF blob header (blob " + std::to_string(blob) + ")");
    off += len;
    std::string type;
    int64_t datasize = -1;
    try {
      protozero::pbf_reader pr{header.data(), header.size()};
      while (pr.next()) {
        if (pr.tag() == 1 && pr.wire_type() == protozero::pbf_wire_type::length_delimited)
          type = pr.get_string();
        else if (pr.tag() == 3 && pr.wire_type() == protozero::pbf_wire_type::varint)
          datasize = pr.get_int32();
        else
          pr.skip();
      }
    } catch (const std::exception& e) {
      return Error::invalid(name + ": corrupt PBF blob header (blob " + std::to_string(blob) + "): " + e.what());
    }
    if (type.empty() || datasize <= 0 || static_cast<uint64_t>(datasize) > total - off)
      return Error::invalid(name + ": corrupt or truncated PBF (blob " + std::to_string(blob) + ")");
    off += static_cast<uint64_t>(datasize);
    ++blob;
  }
  return {};
}

bool is_pbf(const std::string& name, const std::string& format) {
  if (!format.empty()) return format == "pbf";
  return name.size() >= 4 && name.compare(name.size() - 4, 4, ".pbf") == 0;
}

Result<ImportResult> run_import(osmium::io::File file, const ImportOptions& opt,
                                const std::string& name) {
  ImportResult out;
  std::vector<PendingWay> ways;
  try {
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations(index);
    locations.ignore_errors();
    Collector collector(opt, out);
    osmium::io::Reader reader(file, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
    osmium::apply(reader, locations, collector);
    reader.close();
    ways = std::move(collector.ways());
  } catch (const std::exception& e) {
    return Error::invalid(name + ": cannot read OSM data: " + e.what());
  }
  if (out.stats.nodes_read == 0 && out.stats.ways_read == 0)
    return Error::invalid(name + ": empty OSM file (no nodes or ways)");
  WEILAI_CHECK(finish(out, ways, opt, name));
  return out;
}

}  // namespace

Result<ImportResult> import_osm_file(const std::string& path, const ImportOptions& options,
                                     const std::string& format) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Error::not_found("OSM file not found: " + path);
  uint64_t size = std::filesystem::file_size(path, ec);
  if (size == 0) return Error::invalid(path + ": empty file");
  if (is_pbf(path, format)) {
    std::ifstream in(path, std::ios::binary);
    WEILAI_CHECK(validate_pbf_framing(
        size,
        [&](uint64_t off, uint32_t n, std::string& out) {
          out.resize(n);
          in.seekg(static_cast<std::streamoff>(off));
          return static_cast<bool>(in.read(out.data(), n));
        },
        path));
  }
  try {
    return run_import(osmium::io::File(path, format), options, path);
  } catch (const std::exception& e) {
    return Error::invalid(path + ": " + e.what());
  }
}

Result<ImportResult> import_osm_buffer(std::string_view data, const std::string& format,
                                       const ImportOptions& options) {
  if (data.empty()) return Error::invalid("<buffer>: empty input");
  if (format == "pbf")
    WEILAI_CHECK(validate_pbf_framing(
        data.size(),
        [&](uint64_t off, uint32_t n, std::string& out) {
          out.assign(data.substr(off, n));
          return true;
        },
        "<buffer>"));
  try {
    return run_import(osmium::io::File(data.data(), data.size(), format), options, "<buffer>");
  } catch (const std::exception& e) {
    return Error::invalid(std::string("<buffer>: ") + e.what());
  }
}

}  // namespace weilai::osm
