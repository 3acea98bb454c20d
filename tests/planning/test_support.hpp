// Helpers for planning tests: networks from OPL text (via the OSM importer) and a reference
// Dijkstra independent of the engine's searches.
#pragma once

#include <gtest/gtest.h>

#include <queue>
#include <string>

#include "osm/osm_import.hpp"
#include "planning/network.hpp"

namespace weilai::planning::testing {

inline Network network_from_opl(const std::string& opl, osm::Profile p = osm::Profile::walk) {
  osm::ImportOptions opt;
  opt.profile.profile = p;
  auto r = osm::import_osm_buffer(opl, "opl", opt);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return Network(graph::GraphFile{std::move(r->graph), r->meta});
}

// Plain Dijkstra with std::priority_queue over 64-bit distances.
inline std::vector<uint64_t> reference_dijkstra(const graph::RoadGraph& g, graph::NodeId s) {
  std::vector<uint64_t> d(g.node_count(), UINT64_MAX);
  using Q = std::pair<uint64_t, graph::NodeId>;
  std::priority_queue<Q, std::vector<Q>, std::greater<>> q;
  d[s] = 0;
  q.push({0, s});
  while (!q.empty()) {
    auto [dv, v] = q.top();
    q.pop();
    if (dv != d[v]) continue;
    for (graph::EdgeId e = g.begin(v); e < g.end(v); ++e)
      if (dv + g.weight[e] < d[g.head[e]]) {
        d[g.head[e]] = dv + g.weight[e];
        q.push({d[g.head[e]], g.head[e]});
      }
  }
  return d;
}

}  // namespace weilai::planning::testing
