// The routed road network as GeoJSON LineStrings for maps: chains of degree-2 nodes are merged
// into one line between junctions (or dead ends), so a street is one feature, not one per arc.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "planning/report.hpp"

namespace weilai::planning {

std::string network_geojson(const graph::RoadGraph& g) {
  using nlohmann::ordered_json;
  const graph::NodeId n = g.node_count();
  // Undirected neighbours (an arc in either direction joins two nodes once).
  std::vector<std::vector<graph::NodeId>> nb(n);
  for (graph::NodeId v = 0; v < n; ++v)
    for (graph::EdgeId e = g.begin(v); e < g.end(v); ++e) {
      graph::NodeId w = g.head[e];
      if (w == v) continue;
      nb[v].push_back(w);
      nb[w].push_back(v);
    }
  for (auto& l : nb) {
    std::sort(l.begin(), l.end());
    l.erase(std::unique(l.begin(), l.end()), l.end());
  }
  auto interior = [&](graph::NodeId v) { return nb[v].size() == 2; };
  // An undirected edge is used once; key it by (min, max).
  std::vector<std::vector<bool>> used(n);
  for (graph::NodeId v = 0; v < n; ++v) used[v].assign(nb[v].size(), false);
  auto mark = [&](graph::NodeId a, graph::NodeId b) {
    auto ia = std::lower_bound(nb[a].begin(), nb[a].end(), b) - nb[a].begin();
    auto ib = std::lower_bound(nb[b].begin(), nb[b].end(), a) - nb[b].begin();
    bool was = used[a][ia];
    used[a][ia] = used[b][ib] = true;
    return was;
  };
  auto coord = [&](graph::NodeId v) {
    return ordered_json::array(
        {std::round(g.lon_e7[v] * 1e-7 * 1e7) / 1e7, std::round(g.lat_e7[v] * 1e-7 * 1e7) / 1e7});
  };
  ordered_json feats = ordered_json::array();
  auto walk = [&](graph::NodeId start, graph::NodeId next) {
    if (mark(start, next)) return;
    ordered_json line = ordered_json::array({coord(start), coord(next)});
    graph::NodeId prev = start, cur = next;
    while (interior(cur) && cur != start) {
      graph::NodeId nxt = nb[cur][0] == prev ? nb[cur][1] : nb[cur][0];
      if (mark(cur, nxt)) break;
      line.push_back(coord(nxt));
      prev = cur;
      cur = nxt;
    }
    feats.push_back({{"type", "Feature"},
                     {"geometry", {{"type", "LineString"}, {"coordinates", line}}},
                     {"properties", ordered_json::object()}});
  };
  for (graph::NodeId v = 0; v < n; ++v)
    if (!interior(v))
      for (graph::NodeId w : nb[v]) walk(v, w);
  // Rings made only of degree-2 nodes.
  for (graph::NodeId v = 0; v < n; ++v)
    if (interior(v))
      for (graph::NodeId w : nb[v]) walk(v, w);
  ordered_json j = {{"type", "FeatureCollection"},
                    {"attribution", "© OpenStreetMap contributors (ODbL) where built from OSM"},
                    {"features", feats}};
  return j.dump() + "\n";
}

}  // namespace weilai::planning
