// RoadGraph: a directed road network as a compressed sparse row struct of arrays (RoutingKit
// style): the out-arcs of node v are head[first_out[v] .. first_out[v+1]) with travel times in
// integer deciseconds in weight[]. Node coordinates are kept as OSM's 1e-7 degree integers.
// Free functions build, transpose, restrict to the largest strongly connected component and
// renumber for locality. Graphs are plain values: const access is thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace weilai::graph {

using NodeId = uint32_t;
using EdgeId = uint32_t;
using Time = uint32_t;  // deciseconds
inline constexpr NodeId kNoNode = UINT32_MAX;
inline constexpr Time kInfTime = UINT32_MAX;

// Deciseconds for a distance at a speed, rounded to nearest (>= 1 for any positive length so
// that distinct places never collapse to zero travel time).
Time travel_time_ds(double metres, double speed_kmh);

struct Arc {
  NodeId from = 0;
  NodeId to = 0;
  Time weight = 0;
};

struct RoadGraph {
  std::vector<EdgeId> first_out{0};  // node_count()+1 entries
  std::vector<NodeId> head;
  std::vector<Time> weight;
  std::vector<int32_t> lat_e7;  // per node
  std::vector<int32_t> lon_e7;
  std::vector<int64_t> osm_id;  // per node; 0 where the node is synthetic

  NodeId node_count() const { return static_cast<NodeId>(first_out.size() - 1); }
  EdgeId edge_count() const { return static_cast<EdgeId>(head.size()); }
  EdgeId begin(NodeId v) const { return first_out[v]; }
  EdgeId end(NodeId v) const { return first_out[v + 1]; }
  // The arc u->v with the smallest weight, or UINT32_MAX.
  EdgeId find_arc(NodeId u, NodeId v) const;
};

// Lightweight read-only view used by the searches (forward or reverse topology).
struct GraphView {
  std::span<const EdgeId> first_out;
  std::span<const NodeId> head;
  std::span<const Time> weight;
  NodeId node_count() const { return static_cast<NodeId>(first_out.size() - 1); }
};
inline GraphView view(const RoadGraph& g) {
  return {g.first_out, g.head, g.weight};
}

// Builds a graph from arcs (any order). Self-loops are dropped; of parallel arcs the fastest is
// kept. Coordinates/osm ids are taken as given (size = node count; osm_id may be empty).
RoadGraph build_graph(std::vector<int32_t> lat_e7, std::vector<int32_t> lon_e7,
                      std::vector<int64_t> osm_id, std::vector<Arc> arcs);

// The reverse graph (every arc flipped), same node ids; coordinates copied.
RoadGraph transpose(const RoadGraph& g);

struct ComponentReport {
  NodeId input_nodes = 0;
  NodeId kept_nodes = 0;
  NodeId dropped_nodes = 0;
  uint32_t components = 0;  // number of strongly connected components in the input
};

// The largest strongly connected component (ties: the one containing the lowest node id).
// new_id_of (optional) receives, per input node, its id in the result or kNoNode.
RoadGraph largest_scc(const RoadGraph& g, ComponentReport* report,
                      std::vector<NodeId>* new_id_of = nullptr);

// Renumbers nodes along a Hilbert curve over their coordinates so that searches touch nearby
// memory; returns the permuted graph and, optionally, new id per old id.
RoadGraph reorder_hilbert(const RoadGraph& g, std::vector<NodeId>* new_id_of = nullptr);

// Applies a node permutation (new_id_of[old] = new, a bijection).
RoadGraph permute(const RoadGraph& g, const std::vector<NodeId>& new_id_of);

}  // namespace weilai::graph
