// ChainIndex: the road graph with its degree-2 chains contracted. In OSM-derived walk networks
// ~80 % of nodes are shape points with exactly two neighbours (both directions); searches run on
// the junction graph only (~5x smaller), and chain nodes are filled in afterwards in O(1) per
// chain and cutoff (times along a chain are monotone, so "within T" is a prefix plus a suffix).
// Exactness is preserved: every chain node's time is min(from its a-end, from its b-end, directly
// from a source inside the same chain), which is what Dijkstra on the full graph computes.
// Built once per graph (O(n + m)); immutable afterwards, so shared use is thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/road_graph.hpp"

namespace weilai::graph {

class ChainIndex {
 public:
  explicit ChainIndex(const GraphView& g);

  struct Chain {
    NodeId a = 0, b = 0;  // junction indices of the two ends
    uint32_t first = 0;   // first slot; slots [first, first + len) are the interior nodes a->b
    uint32_t len = 0;
  };

  NodeId node_count() const { return static_cast<NodeId>(junction_of_.size()); }
  NodeId junction_count() const { return static_cast<NodeId>(junction_node_.size()); }
  GraphView junction_graph() const { return view(contracted_); }
  const RoadGraph& contracted() const { return contracted_; }

  NodeId junction_of(NodeId v) const { return junction_of_[v]; }  // kNoNode for chain nodes
  NodeId junction_node(NodeId j) const { return junction_node_[j]; }
  uint32_t chain_of(NodeId v) const { return chain_of_[v]; }  // for chain nodes
  uint32_t slot_of(NodeId v) const { return slot_of_[v]; }
  const std::vector<Chain>& chains() const { return chains_; }
  uint32_t slot_count() const { return static_cast<uint32_t>(slot_node_.size()); }
  NodeId slot_node(uint32_t s) const { return slot_node_[s]; }
  // Times along the chain (saturating): from the a-end to the slot, from the b-end to the slot,
  // from the slot to the a-end, from the slot to the b-end.
  Time from_a(uint32_t s) const { return from_a_[s]; }
  Time from_b(uint32_t s) const { return from_b_[s]; }
  Time to_a(uint32_t s) const { return to_a_[s]; }
  Time to_b(uint32_t s) const { return to_b_[s]; }
  const Time* from_a_data() const { return from_a_.data(); }
  const Time* from_b_data() const { return from_b_.data(); }
  // Chains incident to junction j.
  const uint32_t* incident_begin(NodeId j) const { return incident_.data() + incident_first_[j]; }
  const uint32_t* incident_end(NodeId j) const { return incident_.data() + incident_first_[j + 1]; }

 private:
  bool build(const GraphView& g, std::vector<bool>& forced);
  std::vector<NodeId> junction_of_, junction_node_;
  std::vector<uint32_t> chain_of_, slot_of_;
  std::vector<Chain> chains_;
  std::vector<NodeId> slot_node_;
  std::vector<Time> from_a_, from_b_, to_a_, to_b_;
  std::vector<uint32_t> incident_first_, incident_;
  RoadGraph contracted_;
};

}  // namespace weilai::graph
