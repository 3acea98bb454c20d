#include "bench_common.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace weilai::bench {

std::string bench_graph_path() {
  const char* p = std::getenv("WEILAI_BENCH_GRAPH");
  return p ? p : "build/bench/porto_walk.graph";
}

graph::GraphFile load_bench_graph() {
  auto r = graph::load_graph(bench_graph_path());
  if (!r) {
    std::fprintf(stderr, "error: %s\n(set WEILAI_BENCH_GRAPH or run bench/planning/run.sh)\n",
                 r.error().message.c_str());
    std::exit(2);
  }
  return std::move(r).value();
}

std::vector<graph::NodeId> pick_nodes(graph::NodeId n, size_t count, uint64_t seed) {
  std::vector<graph::NodeId> out;
  std::vector<bool> used(n, false);
  uint64_t s = seed;
  auto next = [&] {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  count = std::min<size_t>(count, n);
  while (out.size() < count) {
    auto v = static_cast<graph::NodeId>(next() % n);
    if (used[v]) continue;
    used[v] = true;
    out.push_back(v);
  }
  return out;
}

}  // namespace weilai::bench
