#include "graph/road_graph.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace weilai::graph {

Time travel_time_ds(double metres, double speed_kmh) {
  if (!(metres > 0) || !(speed_kmh > 0)) return 0;
  double ds = metres / (speed_kmh / 3.6) * 10.0;
  if (ds >= 4e9) return 4000000000u;
  return std::max<Time>(1, static_cast<Time>(std::llround(ds)));
}

EdgeId RoadGraph::find_arc(NodeId u, NodeId v) const {
  EdgeId best = UINT32_MAX;
  for (EdgeId e = begin(u); e < end(u); ++e)
    if (head[e] == v && (best == UINT32_MAX || weight[e] < weight[best])) best = e;
  return best;
}

RoadGraph build_graph(std::vector<int32_t> lat_e7, std::vector<int32_t> lon_e7,
                      std::vector<int64_t> osm_id, std::vector<Arc> arcs) {
  RoadGraph g;
  NodeId n = static_cast<NodeId>(lat_e7.size());
  std::erase_if(arcs, [](const Arc& a) { return a.from == a.to; });
  std::sort(arcs.begin(), arcs.end(), [](const Arc& a, const Arc& b) {
    return a.from != b.from ? a.from < b.from : (a.to != b.to ? a.to < b.to : a.weight < b.weight);
  });
  arcs.erase(
      std::unique(arcs.begin(), arcs.end(),
                  [](const Arc& a, const Arc& b) { return a.from == b.from && a.to == b.to; }),
      arcs.end());
  g.first_out.assign(static_cast<size_t>(n) + 1, 0);
  g.head.resize(arcs.size());
  g.weight.resize(arcs.size());
  for (size_t i = 0; i < arcs.size(); ++i) {
    ++g.first_out[arcs[i].from + 1];
    g.head[i] = arcs[i].to;
    g.weight[i] = arcs[i].weight;
  }
  for (NodeId v = 0; v < n; ++v) g.first_out[v + 1] += g.first_out[v];
  g.lat_e7 = std::move(lat_e7);
  g.lon_e7 = std::move(lon_e7);
  g.osm_id = std::move(osm_id);
  if (g.osm_id.size() != n) g.osm_id.assign(n, 0);
  return g;
}

RoadGraph transpose(const RoadGraph& g) {
  RoadGraph r;
  NodeId n = g.node_count();
  r.first_out.assign(static_cast<size_t>(n) + 1, 0);
  for (NodeId h : g.head) ++r.first_out[h + 1];
  for (NodeId v = 0; v < n; ++v) r.first_out[v + 1] += r.first_out[v];
  r.head.resize(g.head.size());
  r.weight.resize(g.weight.size());
  std::vector<EdgeId> pos(r.first_out.begin(), r.first_out.end() - 1);
  // Iterating tails in order keeps each reverse adjacency list sorted by tail.
  for (NodeId u = 0; u < n; ++u)
    for (EdgeId e = g.begin(u); e < g.end(u); ++e) {
      EdgeId p = pos[g.head[e]]++;
      r.head[p] = u;
      r.weight[p] = g.weight[e];
    }
  r.lat_e7 = g.lat_e7;
  r.lon_e7 = g.lon_e7;
  r.osm_id = g.osm_id;
  return r;
}

namespace {

// Iterative Tarjan; returns component id per node and the component count.
uint32_t tarjan(const RoadGraph& g, std::vector<uint32_t>& comp) {
  NodeId n = g.node_count();
  std::vector<uint32_t> index(n, UINT32_MAX), low(n, 0);
  std::vector<NodeId> stack;
  std::vector<bool> on_stack(n, false);
  comp.assign(n, UINT32_MAX);
  uint32_t next_index = 0, comps = 0;
  struct Frame {
    NodeId v;
    EdgeId e;
  };
  std::vector<Frame> call;
  for (NodeId root = 0; root < n; ++root) {
    if (index[root] != UINT32_MAX) continue;
    call.push_back({root, g.begin(root)});
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!call.empty()) {
      Frame& f = call.back();
      if (f.e < g.end(f.v)) {
        NodeId w = g.head[f.e++];
        if (index[w] == UINT32_MAX) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          on_stack[w] = true;
          call.push_back({w, g.begin(w)});
        } else if (on_stack[w]) {
          low[f.v] = std::min(low[f.v], index[w]);
        }
        continue;
      }
      NodeId v = f.v;
      call.pop_back();
      if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
      if (low[v] == index[v]) {
        NodeId w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp[w] = comps;
        } while (w != v);
        ++comps;
      }
    }
  }
  return comps;
}

}  // namespace

RoadGraph permute(const RoadGraph& g, const std::vector<NodeId>& new_id_of) {
  NodeId n = g.node_count();
  std::vector<int32_t> lat(n), lon(n);
  std::vector<int64_t> osm(n);
  std::vector<Arc> arcs;
  arcs.reserve(g.edge_count());
  for (NodeId v = 0; v < n; ++v) {
    NodeId nv = new_id_of[v];
    lat[nv] = g.lat_e7[v];
    lon[nv] = g.lon_e7[v];
    osm[nv] = g.osm_id[v];
    for (EdgeId e = g.begin(v); e < g.end(v); ++e)
      arcs.push_back({nv, new_id_of[g.head[e]], g.weight[e]});
  }
  return build_graph(std::move(lat), std::move(lon), std::move(osm), std::move(arcs));
}

RoadGraph largest_scc(const RoadGraph& g, ComponentReport* report, std::vector<NodeId>* new_id_of) {
  NodeId n = g.node_count();
  std::vector<uint32_t> comp;
  uint32_t comps = tarjan(g, comp);
  std::vector<NodeId> size(comps, 0);
  std::vector<NodeId> lowest(comps, UINT32_MAX);
  for (NodeId v = 0; v < n; ++v) {
    ++size[comp[v]];
    lowest[comp[v]] = std::min(lowest[comp[v]], v);
  }
  uint32_t best = 0;
  for (uint32_t c = 1; c < comps; ++c)
    if (size[c] > size[best] || (size[c] == size[best] && lowest[c] < lowest[best])) best = c;
  std::vector<NodeId> map(n, kNoNode);
  NodeId kept = 0;
  for (NodeId v = 0; v < n; ++v)
    if (comps > 0 && comp[v] == best) map[v] = kept++;
  std::vector<int32_t> lat(kept), lon(kept);
  std::vector<int64_t> osm(kept);
  std::vector<Arc> arcs;
  for (NodeId v = 0; v < n; ++v) {
    if (map[v] == kNoNode) continue;
    lat[map[v]] = g.lat_e7[v];
    lon[map[v]] = g.lon_e7[v];
    osm[map[v]] = g.osm_id[v];
    for (EdgeId e = g.begin(v); e < g.end(v); ++e)
      if (map[g.head[e]] != kNoNode) arcs.push_back({map[v], map[g.head[e]], g.weight[e]});
  }
  if (report) *report = {n, kept, n - kept, comps};
  if (new_id_of) *new_id_of = std::move(map);
  return build_graph(std::move(lat), std::move(lon), std::move(osm), std::move(arcs));
}

namespace {
// Hilbert index of (x,y) in a 2^16 x 2^16 grid.
uint64_t hilbert(uint32_t x, uint32_t y) {
  uint64_t d = 0;
  for (uint32_t s = 1u << 15; s > 0; s >>= 1) {
    uint32_t rx = (x & s) > 0, ry = (y & s) > 0;
    d += static_cast<uint64_t>(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}
}  // namespace

RoadGraph reorder_hilbert(const RoadGraph& g, std::vector<NodeId>* new_id_of) {
  NodeId n = g.node_count();
  if (n == 0) return g;
  auto [lat_min, lat_max] = std::minmax_element(g.lat_e7.begin(), g.lat_e7.end());
  auto [lon_min, lon_max] = std::minmax_element(g.lon_e7.begin(), g.lon_e7.end());
  double sx = 65535.0 / std::max<double>(1, static_cast<double>(*lon_max) - *lon_min);
  double sy = 65535.0 / std::max<double>(1, static_cast<double>(*lat_max) - *lat_min);
  std::vector<std::pair<uint64_t, NodeId>> keys(n);
  for (NodeId v = 0; v < n; ++v) {
    auto x = static_cast<uint32_t>((static_cast<double>(g.lon_e7[v]) - *lon_min) * sx);
    auto y = static_cast<uint32_t>((static_cast<double>(g.lat_e7[v]) - *lat_min) * sy);
    keys[v] = {hilbert(x, y), v};
  }
  std::sort(keys.begin(), keys.end());
  std::vector<NodeId> map(n);
  for (NodeId i = 0; i < n; ++i) map[keys[i].second] = i;
  RoadGraph out = permute(g, map);
  if (new_id_of) *new_id_of = std::move(map);
  return out;
}

}  // namespace weilai::graph
