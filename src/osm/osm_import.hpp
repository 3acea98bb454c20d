// OSM import: reads .osm.pbf / .osm / .opl (libosmium; the only module that includes it) into
// a routable CSR graph for one travel profile, plus facilities (tags -> life-circle categories)
// and residences (building footprints -> estimated households).
// The graph keeps every OSM node of a routable way (no degree-2 contraction), so every arc is a
// straight segment: snapping and isochrones need no separate geometry. Only the largest strongly
// connected component is kept; the rest is reported. Nodes are renumbered in Hilbert order.
// Errors (never crashes): corrupt/truncated/empty input and "no routable ways" come back as
// Error::invalid naming the file; per-feature problems are warnings in the result.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "graph/graph_file.hpp"
#include "graph/road_graph.hpp"
#include "osm/category_mapping.hpp"

namespace weilai::osm {

enum class Profile { walk, bike, drive };
const char* to_string(Profile p);
Result<Profile> parse_profile(std::string_view name);

struct ProfileOptions {
  Profile profile = Profile::walk;
  double walk_kmh = 4.8;  // 80 m/min
  double bike_kmh = 15.0;
  // Driving speed = min(maxspeed tag, class default) * drive_factor (urban congestion discount).
  double drive_factor = 1.0;
};

struct ImportOptions {
  ProfileOptions profile;
  const CategoryMapping* categories = nullptr;  // nullptr: no facilities extracted
  bool residences = false;
  double area_per_household_m2 = 90.0;
  int default_levels = 1;
  // building=* values that count as housing.
  std::vector<std::string> residential_buildings = {"residential", "apartments",         "house",
                                                    "detached",    "semidetached_house", "terrace",
                                                    "dormitory",   "bungalow",           "yes"};
};

struct OsmFacility {
  std::string id;  // "n123", "w45"
  std::string category;
  double lat = 0, lon = 0;
  double capacity = 1;  // the `capacity` tag if numeric, else 1
  std::string name;
};

struct OsmResidence {
  std::string id;
  double lat = 0, lon = 0;
  double households = 0;
  double footprint_m2 = 0;
  int levels = 1;
};

struct ImportStats {
  uint64_t nodes_read = 0, ways_read = 0, routable_ways = 0, skipped_segments = 0;
  uint64_t facilities = 0, residences = 0;
};

struct ImportResult {
  graph::RoadGraph graph;
  graph::GraphMeta meta;
  std::vector<OsmFacility> facilities;
  std::vector<OsmResidence> residences;
  std::vector<std::string> warnings;
  ImportStats stats;
};

// format: "" (from the file name), "pbf", "osm", "opl", "osm.bz2"...
Result<ImportResult> import_osm_file(const std::string& path, const ImportOptions& options,
                                     const std::string& format = "");
Result<ImportResult> import_osm_buffer(std::string_view data, const std::string& format,
                                       const ImportOptions& options);

}  // namespace weilai::osm
