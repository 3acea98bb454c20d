// A deterministic synthetic city for tests and scale benchmarks: a jittered street grid with
// straight arterials every few blocks (never removed), local streets of which some are removed
// to make irregular blocks, occasional diagonal paths, residences with household counts and
// facilities of every life-circle category. Same options and seed -> byte-identical output on
// any machine (own SplitMix64 generator, no std distributions).
#pragma once

#include <cstdint>
#include <vector>

#include "graph/graph_file.hpp"
#include "planning/inputs.hpp"

namespace weilai::planning {

struct GenCityOptions {
  uint64_t nodes = 10000;
  uint64_t seed = 1;
  uint64_t residences = 0;  // 0: nodes / 5
  double spacing_m = 90;
  double walk_kmh = 4.8;
  geo::LatLon origin{28.45, 119.90};  // south-west corner (Lishui, Zhejiang)
};

struct GeneratedCity {
  graph::RoadGraph graph;
  graph::GraphMeta meta;
  std::vector<Facility> facilities;
  std::vector<Residence> residences;
};

GeneratedCity generate_city(const GenCityOptions& opt);

// The life-circle category names used by the defaults, and gen-city's facilities per 10k nodes.
const std::vector<std::pair<std::string, double>>& synthetic_category_density();

}  // namespace weilai::planning
