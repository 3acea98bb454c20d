// graph: CSR building, SCC, reordering, searches against a plain reference Dijkstra on random
// graphs, determinism across thread counts, and the binary file (round trip and corruption).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <queue>
#include <random>

#include "graph/chains.hpp"
#include "graph/graph_file.hpp"
#include "graph/radix_heap.hpp"
#include "graph/road_graph.hpp"
#include "graph/search.hpp"

namespace weilai::graph {
namespace {

// Reference: textbook Dijkstra with std::priority_queue, 64-bit distances.
std::vector<uint64_t> reference(const RoadGraph& g,
                                const std::vector<std::pair<NodeId, Time>>& sources) {
  std::vector<uint64_t> d(g.node_count(), UINT64_MAX);
  using Q = std::pair<uint64_t, NodeId>;
  std::priority_queue<Q, std::vector<Q>, std::greater<>> q;
  for (auto [s, t] : sources)
    if (t < d[s]) {
      d[s] = t;
      q.push({t, s});
    }
  while (!q.empty()) {
    auto [dv, v] = q.top();
    q.pop();
    if (dv != d[v]) continue;
    for (EdgeId e = g.begin(v); e < g.end(v); ++e)
      if (dv + g.weight[e] < d[g.head[e]]) {
        d[g.head[e]] = dv + g.weight[e];
        q.push({d[g.head[e]], g.head[e]});
      }
  }
  return d;
}

RoadGraph random_graph(uint32_t n, uint32_t m, uint64_t seed, Time max_w = 300,
                       bool allow_zero = true) {
  std::mt19937_64 rng(seed);
  std::vector<Arc> arcs;
  for (uint32_t i = 0; i < m; ++i) {
    NodeId a = rng() % n, b = rng() % n;
    Time w = static_cast<Time>(rng() % (max_w + 1));
    if (!allow_zero && w == 0) w = 1;
    arcs.push_back({a, b, w});
    if (rng() % 3) arcs.push_back({b, a, w});
  }
  std::vector<int32_t> lat(n), lon(n);
  for (uint32_t v = 0; v < n; ++v) {
    lat[v] = static_cast<int32_t>(rng() % 1000000) + 600000000;
    lon[v] = static_cast<int32_t>(rng() % 1000000) + 240000000;
  }
  return build_graph(std::move(lat), std::move(lon), {}, std::move(arcs));
}

TEST(RoadGraph, BuildDropsLoopsAndKeepsFastestParallelArc) {
  auto g = build_graph({0, 0, 0}, {0, 0, 0}, {},
                       {{0, 1, 5}, {0, 1, 3}, {1, 1, 2}, {2, 0, 7}, {1, 2, 1}});
  ASSERT_EQ(g.node_count(), 3u);
  EXPECT_EQ(g.edge_count(), 3u);
  EXPECT_EQ(g.weight[g.find_arc(0, 1)], 3u);
  EXPECT_EQ(g.find_arc(1, 1), UINT32_MAX);
  auto r = transpose(g);
  EXPECT_EQ(r.weight[r.find_arc(1, 0)], 3u);
  EXPECT_EQ(r.weight[r.find_arc(0, 2)], 7u);
}

TEST(RoadGraph, TravelTime) {
  EXPECT_EQ(travel_time_ds(80, 4.8), 600u);   // 80 m at 80 m/min = 60 s
  EXPECT_EQ(travel_time_ds(0.001, 4.8), 1u);  // never zero for a positive length
  EXPECT_EQ(travel_time_ds(0, 4.8), 0u);
}

TEST(RoadGraph, LargestSccAndReport) {
  // 0<->1<->2 is strongly connected; 3 only reachable from 2; 4,5 a separate pair.
  auto g =
      build_graph(std::vector<int32_t>(6, 0), std::vector<int32_t>(6, 0), {},
                  {{0, 1, 1}, {1, 0, 1}, {1, 2, 1}, {2, 1, 1}, {2, 3, 1}, {4, 5, 1}, {5, 4, 1}});
  ComponentReport rep;
  std::vector<NodeId> map;
  auto s = largest_scc(g, &rep, &map);
  EXPECT_EQ(s.node_count(), 3u);
  EXPECT_EQ(rep.dropped_nodes, 3u);
  EXPECT_EQ(rep.components, 3u);  // {0,1,2}, {3}, {4,5}
  EXPECT_EQ(map[3], kNoNode);
  EXPECT_EQ(s.edge_count(), 4u);
}

TEST(RadixHeap, MatchesPriorityQueue) {
  std::mt19937 rng(1);
  RadixHeap<uint32_t> h;
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> ref;
  uint32_t last = 0;
  for (int step = 0; step < 20000; ++step) {
    if (ref.empty() || rng() % 3) {
      uint32_t k = last + rng() % 1000;
      h.push(k, k);
      ref.push(k);
    } else {
      auto [k, v] = h.pop();
      EXPECT_EQ(k, ref.top());
      EXPECT_EQ(v, k);
      ref.pop();
      last = k;
    }
  }
}

TEST(Search, NearestSourceMatchesReferenceOnRandomGraphs) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    auto g = random_graph(200 + seed * 7, 600 + seed * 20, seed);
    std::mt19937_64 rng(seed * 99);
    std::vector<Source> src;
    for (uint32_t l = 0; l < 5 + seed % 7; ++l)
      src.push_back(
          {static_cast<NodeId>(rng() % g.node_count()), static_cast<Time>(rng() % 50), l});
    Time limit = seed % 2 ? kInfTime - 1 : 700;
    std::vector<Time> dist;
    std::vector<uint32_t> label;
    nearest_source(view(g), src, limit, dist, label);
    // Reference per source, to check both the distance and the lowest-label tie rule.
    std::vector<std::vector<uint64_t>> per;
    for (const auto& s : src) per.push_back(reference(g, {{s.node, s.time}}));
    for (NodeId v = 0; v < g.node_count(); ++v) {
      uint64_t best = UINT64_MAX;
      uint32_t best_l = kNoLabel;
      for (size_t i = 0; i < src.size(); ++i)
        if (per[i][v] < best || (per[i][v] == best && src[i].label < best_l)) {
          best = per[i][v];
          best_l = src[i].label;
        }
      if (best > limit) {
        EXPECT_EQ(dist[v], kInfTime);
        EXPECT_EQ(label[v], kNoLabel);
      } else {
        ASSERT_EQ(dist[v], best) << "seed " << seed << " node " << v;
        ASSERT_EQ(label[v], best_l) << "seed " << seed << " node " << v;
      }
    }
  }
}

TEST(Search, CountWithinMatchesReferenceAndIsThreadIndependent) {
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    auto g = random_graph(300, 900, seed + 100);
    std::mt19937_64 rng(seed);
    std::vector<Source> src;
    std::vector<int64_t> w;
    for (uint32_t i = 0; i < 40; ++i) {
      src.push_back({static_cast<NodeId>(rng() % g.node_count()), 0, i});
      w.push_back(static_cast<int64_t>(rng() % 100));
    }
    std::vector<Time> cut = {100, 250, 400, 800};
    std::vector<int64_t> ws1, ws3;
    auto c1 = count_within(view(g), src, cut, 1, w, &ws1);
    auto c3 = count_within(view(g), src, cut, 3, w, &ws3);
    EXPECT_EQ(c1, c3);
    EXPECT_EQ(ws1, ws3);
    std::vector<uint32_t> expect(c1.size(), 0);
    std::vector<int64_t> expect_w(c1.size(), 0);
    for (size_t i = 0; i < src.size(); ++i) {
      auto d = reference(g, {{src[i].node, 0}});
      for (NodeId v = 0; v < g.node_count(); ++v)
        for (size_t k = 0; k < cut.size(); ++k)
          if (d[v] <= cut[k]) {
            ++expect[v * cut.size() + k];
            expect_w[v * cut.size() + k] += w[i];
          }
    }
    EXPECT_EQ(c1, expect) << "seed " << seed;
    EXPECT_EQ(ws1, expect_w) << "seed " << seed;
  }
}

TEST(Search, ReorderPreservesDistances) {
  auto g = random_graph(400, 1500, 7, 300, false);
  std::vector<NodeId> map;
  auto h = reorder_hilbert(g, &map);
  auto d0 = reference(g, {{0, 0}});
  auto d1 = one_to_all(view(h), map[0]);
  for (NodeId v = 0; v < g.node_count(); ++v)
    EXPECT_EQ(d0[v] == UINT64_MAX ? kInfTime : d0[v], d1[map[v]]);
}

// Graphs rich in degree-2 chains: random links subdivided by shape nodes, asymmetric weights,
// some one-way links, zero weights, and a ring made only of degree-2 nodes.
RoadGraph chain_graph(uint64_t seed) {
  std::mt19937_64 rng(seed);
  uint32_t junctions = 40 + rng() % 40;
  uint32_t n = junctions;
  std::vector<Arc> arcs;
  auto link = [&](NodeId a, NodeId b, bool oneway) {
    uint32_t shapes = rng() % 6;
    NodeId prev = a;
    for (uint32_t i = 0; i <= shapes; ++i) {
      NodeId cur = i == shapes ? b : n++;
      arcs.push_back({prev, cur, static_cast<Time>(rng() % 200)});
      if (!oneway) arcs.push_back({cur, prev, static_cast<Time>(rng() % 200)});
      prev = cur;
    }
  };
  for (uint32_t i = 0; i < junctions * 2; ++i)
    link(rng() % junctions, rng() % junctions, rng() % 7 == 0);
  NodeId ring0 = n;
  for (uint32_t i = 0; i < 6; ++i, ++n) {
    arcs.push_back({n, i == 5 ? ring0 : n + 1, 5});
    arcs.push_back({i == 5 ? ring0 : n + 1, n, 5});
  }
  return build_graph(std::vector<int32_t>(n, 0), std::vector<int32_t>(n, 0), {}, std::move(arcs));
}

TEST(Chains, IndexShape) {
  auto g = chain_graph(1);
  ChainIndex idx(view(g));
  EXPECT_LT(idx.junction_count(), g.node_count());
  for (NodeId v = 0; v < g.node_count(); ++v) {
    bool j = idx.junction_of(v) != kNoNode;
    EXPECT_NE(j, idx.chain_of(v) != UINT32_MAX) << v;
  }
}

TEST(Chains, NearestAndCountsEqualPlainSearches) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    auto g = chain_graph(seed);
    ChainIndex idx(view(g));
    std::mt19937_64 rng(seed + 1000);
    std::vector<Source> src;
    for (uint32_t l = 0; l < 3 + seed % 9; ++l)
      src.push_back({static_cast<NodeId>(rng() % g.node_count()), static_cast<Time>(rng() % 3 * 10),
                     static_cast<uint32_t>(rng() % 5)});
    Time limit = seed % 3 ? 900 : kInfTime - 1;
    std::vector<Time> d1, d2;
    std::vector<uint32_t> l1, l2;
    nearest_source(view(g), src, limit, d1, l1);
    nearest_source(idx, src, limit, d2, l2);
    ASSERT_EQ(d1, d2) << "seed " << seed;
    ASSERT_EQ(l1, l2) << "seed " << seed;
    std::vector<Time> cut = {100, 300, 600};
    std::vector<int64_t> w, w1, w2;
    for (size_t i = 0; i < src.size(); ++i) {
      src[i].time = 0;
      w.push_back(static_cast<int64_t>(i * 7 + 1));
    }
    auto c1 = count_within(view(g), src, cut, 1, w, &w1);
    auto c2 = count_within(idx, src, cut, 1 + seed % 3, w, &w2);
    ASSERT_EQ(c1, c2) << "seed " << seed;
    ASSERT_EQ(w1, w2) << "seed " << seed;
  }
}

class GraphFileTest : public ::testing::Test {
 protected:
  std::string path_ = (std::filesystem::temp_directory_path() /
                       ("weilai_graph_test_" + std::to_string(::getpid()) + ".graph"))
                          .string();
  void TearDown() override { std::filesystem::remove(path_); }
};

TEST_F(GraphFileTest, RoundTrip) {
  auto g = random_graph(500, 2000, 3);
  GraphMeta meta{"bike", 15.0, {600, 500, 100, 7}};
  ASSERT_TRUE(save_graph(path_, g, meta));
  auto f = load_graph(path_);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->graph.first_out, g.first_out);
  EXPECT_EQ(f->graph.head, g.head);
  EXPECT_EQ(f->graph.weight, g.weight);
  EXPECT_EQ(f->graph.lat_e7, g.lat_e7);
  EXPECT_EQ(f->meta.profile, "bike");
  EXPECT_EQ(f->meta.components.dropped_nodes, 100u);
}

TEST_F(GraphFileTest, DetectsCorruptionTruncationAndForeignFiles) {
  auto g = random_graph(100, 300, 4);
  ASSERT_TRUE(save_graph(path_, g, {}));
  std::string bytes;
  {
    std::ifstream in(path_, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& b) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << b;
  };
  std::string flipped = bytes;
  flipped[bytes.size() - 5] ^= 0x40;
  write(flipped);
  auto r = load_graph(path_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("checksum"), std::string::npos);
  write(bytes.substr(0, bytes.size() - 10));
  r = load_graph(path_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("truncated"), std::string::npos);
  write("hello");
  EXPECT_FALSE(load_graph(path_));
  write(std::string(200, 'x'));
  EXPECT_NE(load_graph(path_).error().message.find("magic"), std::string::npos);
  std::string v2 = bytes;
  v2[8] = 2;
  write(v2);
  EXPECT_NE(load_graph(path_).error().message.find("version"), std::string::npos);
  EXPECT_EQ(load_graph(path_ + ".missing").error().code, ErrorCode::not_found);
  // Random byte flips anywhere must never crash and never load silently wrong data.
  std::mt19937 rng(5);
  for (int i = 0; i < 200; ++i) {
    std::string m = bytes;
    size_t pos = rng() % m.size();
    m[pos] = static_cast<char>(m[pos] ^ (1 + rng() % 255));
    write(m);
    auto res = load_graph(path_);
    if (pos >= 128) {
      EXPECT_FALSE(res) << "flip at " << pos;
    }
  }
}

}  // namespace
}  // namespace weilai::graph
