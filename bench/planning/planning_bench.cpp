// Google Benchmark timings of the planning engine on the Porto walk graph (or WEILAI_BENCH_GRAPH):
// graph load, nearest facility for all nodes, counts within 5/10/15/30 min and within 800 m
// (10 min), and the 12-category x 4-cutoff coverage table through the public analysis API.
#include <benchmark/benchmark.h>

#include <thread>

#include "bench_common.hpp"
#include "graph/search.hpp"
#include "planning/analysis.hpp"

namespace weilai::bench {
namespace {

const graph::GraphFile& bench_graph() {
  static const graph::GraphFile g = load_bench_graph();
  return g;
}

const graph::RoadGraph& reverse_graph() {
  static const graph::RoadGraph r = graph::transpose(bench_graph().graph);
  return r;
}

const graph::ChainIndex& chain_index() {
  static const graph::ChainIndex idx(graph::view(reverse_graph()));
  return idx;
}

std::vector<graph::Source> facility_sources(size_t count, uint64_t seed) {
  std::vector<graph::Source> src;
  auto nodes = pick_nodes(bench_graph().graph.node_count(), count, seed);
  for (uint32_t i = 0; i < nodes.size(); ++i) src.push_back({nodes[i], 0, i});
  return src;
}

void BM_LoadGraph(benchmark::State& state) {
  for (auto _ : state) {
    auto g = graph::load_graph(bench_graph_path());
    benchmark::DoNotOptimize(g);
  }
  state.counters["nodes"] = bench_graph().graph.node_count();
}
BENCHMARK(BM_LoadGraph)->Unit(benchmark::kMillisecond);

void BM_BuildChainIndex(benchmark::State& state) {
  for (auto _ : state) {
    graph::ChainIndex idx(graph::view(reverse_graph()));
    benchmark::DoNotOptimize(idx.junction_count());
  }
  state.counters["junctions"] = chain_index().junction_count();
}
BENCHMARK(BM_BuildChainIndex)->Unit(benchmark::kMillisecond);

// Nearest of 2,000 facilities for every node: one multi-source search per category (the
// engine's path: junction graph + chain fill-in).
void BM_NearestAllNodes(benchmark::State& state) {
  auto src = facility_sources(2000, 1);
  graph::Time limit =
      state.range(0) == 0 ? graph::kInfTime - 1 : static_cast<graph::Time>(state.range(0));
  std::vector<graph::Time> dist;
  std::vector<uint32_t> label;
  for (auto _ : state) {
    graph::nearest_source(chain_index(), src, limit, dist, label);
    benchmark::DoNotOptimize(dist.data());
  }
}
BENCHMARK(BM_NearestAllNodes)->Arg(0)->Arg(18000)->Unit(benchmark::kMillisecond);

// The same on the full graph (no chain contraction), for reference.
void BM_NearestAllNodesPlain(benchmark::State& state) {
  auto src = facility_sources(2000, 1);
  graph::Time limit =
      state.range(0) == 0 ? graph::kInfTime - 1 : static_cast<graph::Time>(state.range(0));
  std::vector<graph::Time> dist;
  std::vector<uint32_t> label;
  for (auto _ : state) {
    graph::nearest_source(graph::view(reverse_graph()), src, limit, dist, label);
    benchmark::DoNotOptimize(dist.data());
  }
}
BENCHMARK(BM_NearestAllNodesPlain)->Arg(0)->Unit(benchmark::kMillisecond);

// Counts of 2,000 facilities within 5/10/15/30 min for every node, all cutoffs in one pass.
void BM_CountsWithinCutoffs(benchmark::State& state) {
  auto src = facility_sources(2000, 1);
  std::vector<graph::Time> cut = {3000, 6000, 9000, 18000};
  auto threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    auto c = graph::count_within(chain_index(), src, cut, threads);
    benchmark::DoNotOptimize(c.data());
  }
}
BENCHMARK(BM_CountsWithinCutoffs)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Count within 800 m at 80 m/min (10 min), the peers' figure.
void BM_CountWithin800m(benchmark::State& state) {
  auto src = facility_sources(2000, 1);
  std::vector<graph::Time> cut = {6000};
  auto threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    auto c = graph::count_within(chain_index(), src, cut, threads);
    benchmark::DoNotOptimize(c.data());
  }
}
BENCHMARK(BM_CountWithin800m)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Per-facility bounded searches on the full graph (no chain contraction), for reference.
void BM_CountsWithinCutoffsPlain(benchmark::State& state) {
  auto src = facility_sources(2000, 1);
  std::vector<graph::Time> cut = {3000, 6000, 9000, 18000};
  for (auto _ : state) {
    auto c = graph::count_within(graph::view(reverse_graph()), src, cut, 2);
    benchmark::DoNotOptimize(c.data());
  }
}
BENCHMARK(BM_CountsWithinCutoffsPlain)->Unit(benchmark::kMillisecond)->UseRealTime();

// The full coverage table through the public API: 12 categories x 2,000 facilities each and
// 20,000 residences attached by snapping (attachment timed separately).
struct CoverageSetup {
  planning::Network net{bench_graph()};
  std::vector<planning::Residence> rs;
  std::vector<planning::Facility> fs;
  planning::Rules rules;
  CoverageSetup() {
    auto at = [&](graph::NodeId v) { return net.node_lat_lon(v); };
    auto rn = pick_nodes(net.graph().node_count(), 20000, 99);
    for (size_t i = 0; i < rn.size(); ++i)
      rs.push_back({"r" + std::to_string(i), at(rn[i]), 100, ""});
    static const char* cats[] = {"kindergarten", "primary_school",    "junior_high",
                                 "clinic",       "pharmacy",          "elderly_care",
                                 "supermarket",  "bus_stop",          "rail_station",
                                 "park",         "community_service", "waste_recycling"};
    planning::RuleLevel level{"all", 15, {}};
    for (int c = 0; c < 12; ++c) {
      auto fn = pick_nodes(net.graph().node_count(), 2000, 1000 + c);
      for (size_t i = 0; i < fn.size(); ++i)
        fs.push_back({std::string(cats[c]) + std::to_string(i), cats[c], at(fn[i]), 1, ""});
      level.require.push_back(cats[c]);
    }
    rules.levels.push_back(level);
  }
};

CoverageSetup& coverage_setup() {
  static CoverageSetup s;
  return s;
}

void BM_AttachPoints(benchmark::State& state) {
  auto& s = coverage_setup();
  for (auto _ : state) {
    auto in = planning::prepare(s.net, s.rs, s.fs, {500});
    benchmark::DoNotOptimize(in.scenario.graph.head.data());
  }
}
BENCHMARK(BM_AttachPoints)->Unit(benchmark::kMillisecond);

void BM_CoverageTable12x4(benchmark::State& state) {
  auto& s = coverage_setup();
  auto in = planning::prepare(s.net, s.rs, s.fs, {500});
  auto cats = s.rules.categories();
  for (auto _ : state) {
    auto nearest = planning::nearest_facilities(in, cats, s.rules.max_cutoff_ds(), 2);
    auto cov = planning::coverage(in, nearest, s.rules);
    benchmark::DoNotOptimize(cov.rows.data());
  }
}
BENCHMARK(BM_CoverageTable12x4)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace weilai::bench

BENCHMARK_MAIN();
