// The binary graph file: a versioned, checksummed dump of a RoadGraph plus the profile it was
// built for. Layout (little-endian): a fixed 128-byte header (magic "WEILAIGR", format version,
// counts, profile, speeds, component report, FNV-1a-64 checksum of the payload), then the arrays
// first_out, head, weight, lat_e7, lon_e7, osm_id back to back. Loading is a handful of fread()s
// straight into the vectors plus one checksum pass, so it is bounded by disk bandwidth.
// This is the graph's own serialisation (no parsing of foreign formats), hence it lives here.
#pragma once

#include <string>

#include "core/result.hpp"
#include "graph/road_graph.hpp"

namespace weilai::graph {

inline constexpr uint32_t kGraphFileVersion = 1;

struct GraphMeta {
  std::string profile = "walk";   // walk | bike | drive | synthetic; at most 15 bytes stored
  double access_speed_kmh = 4.8;  // speed at which snap distances are covered
  ComponentReport components;
};

struct GraphFile {
  RoadGraph graph;
  GraphMeta meta;
};

// Writes atomically-enough (to path, truncating). Errors: unavailable (I/O) / invalid_argument.
Status save_graph(const std::string& path, const RoadGraph& g, const GraphMeta& meta);

// Reads and verifies a graph file. Errors name the file and what is wrong: not_found,
// invalid_argument (bad magic, unsupported version, truncated, checksum mismatch, inconsistent
// arrays).
Result<GraphFile> load_graph(const std::string& path);

// FNV-1a over 64-bit words (tail bytes individually); exposed for tests.
uint64_t checksum64(const void* data, size_t bytes, uint64_t seed);

}  // namespace weilai::graph
