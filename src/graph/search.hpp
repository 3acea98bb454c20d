// Shortest-path searches on a GraphView with integer deciseconds: multi-source nearest-source
// labelling, bounded one-to-many searches and within-cutoff counting. All searches are exact
// Dijkstra (radix heap); "reachable" always means time <= cutoff. Results are deterministic and
// independent of the thread count: ties between sources go to the lowest label, and counts are
// integer sums.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "graph/chains.hpp"
#include "graph/radix_heap.hpp"
#include "graph/road_graph.hpp"

namespace weilai::graph {

// A search origin: start at `node` with `time` already spent, carrying `label`.
struct Source {
  NodeId node = 0;
  Time time = 0;
  uint32_t label = 0;
};

inline constexpr uint32_t kNoLabel = UINT32_MAX;

// For every node v: dist[v] = min over sources of (source.time + d(source.node, v)) if that is
// <= limit, else kInfTime; label[v] = the lowest label attaining it (kNoLabel if unreached).
// Sources with node >= node_count are ignored. Single-threaded; O((n + m) log C).
void nearest_source(const GraphView& g, std::span<const Source> sources, Time limit,
                    std::vector<Time>& dist, std::vector<uint32_t>& label);
// Same result, searching only the junction graph of `index` (built from g) and filling chains.
void nearest_source(const ChainIndex& index, std::span<const Source> sources, Time limit,
                    std::vector<Time>& dist, std::vector<uint32_t>& label);

// Reusable workspace for many bounded searches on one graph (one per thread).
class BoundedSearch {
 public:
  explicit BoundedSearch(NodeId node_count) : dist_(node_count, kInfTime) {}
  // Runs Dijkstra from the sources up to `limit` and calls visit(node, time) once per settled
  // node in non-decreasing time order.
  template <class Visit>
  void run(const GraphView& g, std::span<const Source> sources, Time limit, Visit&& visit);
  // Settled distance from the last run (kInfTime if not reached); valid until the next run.
  Time dist(NodeId v) const { return dist_[v]; }

 private:
  void reset() {
    for (NodeId v : touched_) dist_[v] = kInfTime;
    touched_.clear();
    heap_.clear();
  }
  std::vector<Time> dist_;
  std::vector<NodeId> touched_;
  RadixHeap<uint32_t> heap_;
};

template <class Visit>
void BoundedSearch::run(const GraphView& g, std::span<const Source> sources, Time limit,
                        Visit&& visit) {
  reset();
  for (const Source& s : sources) {
    if (s.node >= dist_.size() || s.time > limit) continue;
    if (s.time < dist_[s.node]) {
      if (dist_[s.node] == kInfTime) touched_.push_back(s.node);
      dist_[s.node] = s.time;
      heap_.push(s.time, s.node);
    }
  }
  while (!heap_.empty()) {
    auto [d, v] = heap_.pop();
    if (d != dist_[v]) continue;
    visit(v, d);
    for (EdgeId e = g.first_out[v], end = g.first_out[v + 1]; e < end; ++e) {
      NodeId w = g.head[e];
      uint64_t nd64 = uint64_t{d} + g.weight[e];
      if (nd64 > limit) continue;
      Time nd = static_cast<Time>(nd64);
      if (nd < dist_[w]) {
        if (dist_[w] == kInfTime) touched_.push_back(w);
        dist_[w] = nd;
        heap_.push(nd, w);
      }
    }
  }
}

// Count of sources reaching each node within each cutoff: one bounded search per source up to
// the largest cutoff, spread over `threads` threads. cutoffs must be ascending.
// Returns counts[v * cutoffs.size() + k] = #{sources s : time(s -> v) <= cutoffs[k]}.
// If weights is non-empty (one integer per source), weighted_out receives the sums of weights in
// the same layout. progress (optional) is called with the number of sources done so far.
std::vector<uint32_t> count_within(const GraphView& g, std::span<const Source> sources,
                                   std::span<const Time> cutoffs, unsigned threads,
                                   std::span<const int64_t> weights = {},
                                   std::vector<int64_t>* weighted_out = nullptr,
                                   const std::function<void(size_t)>& progress = {});

// Same result via the chain index (the fast path: ~5x fewer settled nodes on OSM networks).
std::vector<uint32_t> count_within(const ChainIndex& index, std::span<const Source> sources,
                                   std::span<const Time> cutoffs, unsigned threads,
                                   std::span<const int64_t> weights = {},
                                   std::vector<int64_t>* weighted_out = nullptr,
                                   const std::function<void(size_t)>& progress = {});

// Plain single-source Dijkstra to all nodes (no limit): used by tools and tests.
std::vector<Time> one_to_all(const GraphView& g, NodeId source);

}  // namespace weilai::graph
