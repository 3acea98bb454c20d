// Writes the engine's exact answers for the peer comparison: for every node of the bench graph,
// the time (deciseconds) to the nearest of the 2,000 seeded facility nodes and the number of
// facilities within a cutoff (default 6000 ds = 800 m at 80 m/min). Also writes the facility
// node list so the Python/SQL peers use the very same sources. Prints its own timings.
//   planning_compare GRAPH OUT_DIR [COUNT=2000] [CUTOFF_DS=6000]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "bench_common.hpp"
#include "graph/search.hpp"

int main(int argc, char** argv) {
  using namespace weilai;
  if (argc < 3) {
    std::fprintf(stderr, "usage: planning_compare GRAPH OUT_DIR [COUNT] [CUTOFF_DS]\n");
    return 2;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto file = graph::load_graph(argv[1]);
  if (!file) {
    std::fprintf(stderr, "error: %s\n", file.error().message.c_str());
    return 1;
  }
  double load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::string out = argv[2];
  size_t count = argc > 3 ? std::stoul(argv[3]) : 2000;
  graph::Time cutoff = argc > 4 ? static_cast<graph::Time>(std::stoul(argv[4])) : 6000;
  const auto& g = file->graph;
  auto rev = graph::transpose(g);
  auto tc = std::chrono::steady_clock::now();
  graph::ChainIndex idx(graph::view(rev));
  double index_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - tc).count();
  auto nodes = bench::pick_nodes(g.node_count(), count, 1);
  std::vector<graph::Source> src;
  for (uint32_t i = 0; i < nodes.size(); ++i) src.push_back({nodes[i], 0, i});
  auto t1 = std::chrono::steady_clock::now();
  std::vector<graph::Time> dist;
  std::vector<uint32_t> label;
  graph::nearest_source(idx, src, graph::kInfTime - 1, dist, label);
  auto t2 = std::chrono::steady_clock::now();
  std::vector<graph::Time> cut{cutoff};
  auto counts = graph::count_within(idx, src, cut, 2);
  auto t3 = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  {
    std::ofstream f(out + "/facility_nodes.txt");
    for (auto v : nodes) f << v << '\n';
  }
  {
    std::ofstream f(out + "/weilai_results.csv");
    f << "node,nearest_ds,count\n";
    for (graph::NodeId v = 0; v < g.node_count(); ++v)
      f << v << ',' << (dist[v] == graph::kInfTime ? std::string() : std::to_string(dist[v])) << ','
        << counts[v] << '\n';
  }
  std::printf("weilai index_ms %.1f\n", index_ms);
  std::printf("weilai load_ms %.1f\nweilai nearest_ms %.1f\nweilai count_ms %.1f\n", load_ms,
              ms(t1, t2), ms(t2, t3));
  return 0;
}
