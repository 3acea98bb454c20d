// Shared by the planning benchmarks: loading the benchmark graph and choosing the same
// deterministic facility nodes that the peer scripts (networkx, pgRouting) use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph_file.hpp"

namespace weilai::bench {

// WEILAI_BENCH_GRAPH or build/bench/porto_walk.graph; exits with a message if missing.
graph::GraphFile load_bench_graph();
std::string bench_graph_path();

// `count` distinct nodes of an n-node graph chosen by a seeded SplitMix64 (stable everywhere).
std::vector<graph::NodeId> pick_nodes(graph::NodeId n, size_t count, uint64_t seed);

}  // namespace weilai::bench
