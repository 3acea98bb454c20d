#include "planning/network.hpp"

#include <algorithm>
#include <cmath>

namespace weilai::planning {

Network::Network(graph::GraphFile file)
    : graph_(std::move(file.graph)), meta_(std::move(file.meta)) {
  graph::NodeId n = graph_.node_count();
  if (n > 0) {
    double lat = 0, lon = 0;
    for (graph::NodeId v = 0; v < n; ++v) {
      lat += geo::from_e7(graph_.lat_e7[v]);
      lon += geo::from_e7(graph_.lon_e7[v]);
    }
    proj_ = geo::LocalProjection({lat / n, lon / n});
  }
  std::vector<geo::Segment> segs;
  for (graph::NodeId u = 0; u < n; ++u)
    for (graph::EdgeId e = graph_.begin(u); e < graph_.end(u); ++e) {
      graph::NodeId v = graph_.head[e];
      // One segment per node pair: u<v, or v->u only when there is no u->v... covered by u<v test
      // on either direction's arc.
      graph::NodeId a = std::min(u, v), b = std::max(u, v);
      if (u > v && graph_.find_arc(v, u) != UINT32_MAX) continue;  // already added from v
      seg_.push_back({a, b});
      segs.push_back({proj_.project(node_lat_lon(a)), proj_.project(node_lat_lon(b))});
    }
  index_ = geo::SegmentIndex(std::move(segs));
}

Scenario attach_points(const Network& net, std::span<const geo::LatLon> points,
                       const SnapOptions& opt) {
  const graph::RoadGraph& g = net.graph();
  Scenario sc;
  sc.base_nodes = g.node_count();
  sc.points.resize(points.size());
  struct Hit {
    uint32_t segment;
    double t;
    uint32_t point;
    geo::Point at;
  };
  std::vector<Hit> hits;
  for (uint32_t i = 0; i < points.size(); ++i) {
    if (!geo::valid(points[i])) continue;
    auto h = net.index().nearest(net.projection().project(points[i]), opt.max_snap_m);
    if (!h) continue;
    hits.push_back({h->segment, h->t, i, h->point});
    sc.points[i].snap_m = h->distance_m;
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.segment != b.segment ? a.segment < b.segment
                                  : (a.t != b.t ? a.t < b.t : a.point < b.point);
  });
  graph::NodeId n0 = g.node_count();
  graph::NodeId next = n0;
  // New nodes: for each hit, a split node (n0 + 2k) and a leaf node (n0 + 2k + 1).
  std::vector<int32_t> lat = g.lat_e7, lon = g.lon_e7;
  std::vector<int64_t> osm = g.osm_id;
  size_t extra = hits.size() * 2;
  lat.resize(n0 + extra);
  lon.resize(n0 + extra);
  osm.resize(n0 + extra, 0);
  std::vector<graph::Arc> arcs;
  arcs.reserve(g.edge_count() + hits.size() * 6);
  // Mark split arcs to skip when copying the base graph.
  std::vector<uint8_t> split_arc(g.edge_count(), 0);
  double speed = net.meta().access_speed_kmh > 0 ? net.meta().access_speed_kmh : 4.8;
  for (size_t i = 0; i < hits.size();) {
    size_t j = i;
    while (j < hits.size() && hits[j].segment == hits[i].segment) ++j;
    auto [u, v] = net.segment_nodes(hits[i].segment);
    std::vector<graph::NodeId> split;
    for (size_t k = i; k < j; ++k) {
      graph::NodeId s = next++, leaf = next++;
      split.push_back(s);
      geo::LatLon sp = net.projection().unproject(hits[k].at);
      lat[s] = geo::to_e7(sp.lat);
      lon[s] = geo::to_e7(sp.lon);
      const geo::LatLon& p = points[hits[k].point];
      lat[leaf] = geo::to_e7(p.lat);
      lon[leaf] = geo::to_e7(p.lon);
      Attachment& a = sc.points[hits[k].point];
      a.node = leaf;
      a.snap_ds = graph::travel_time_ds(a.snap_m, speed);
      arcs.push_back({s, leaf, a.snap_ds});
      arcs.push_back({leaf, s, a.snap_ds});
    }
    // Chain u -> s1 -> ... -> sk -> v (if u->v exists) with cumulative rounded times.
    auto chain = [&](graph::NodeId from, graph::NodeId to, bool forward) {
      graph::EdgeId e = g.find_arc(from, to);
      if (e == UINT32_MAX) return;
      for (graph::EdgeId x = g.begin(from); x < g.end(from); ++x)
        if (g.head[x] == to) split_arc[x] = 1;
      graph::Time w = g.weight[e];
      graph::NodeId prev = from;
      graph::Time prev_t = 0;
      size_t count = j - i;
      for (size_t q = 0; q < count; ++q) {
        size_t k = forward ? i + q : j - 1 - q;
        double frac = forward ? hits[k].t : 1.0 - hits[k].t;
        auto t = static_cast<graph::Time>(std::llround(w * frac));
        t = std::clamp(t, prev_t, w);
        graph::NodeId s = split[k - i];
        arcs.push_back({prev, s, t - prev_t});
        prev = s;
        prev_t = t;
      }
      arcs.push_back({prev, to, w - prev_t});
    };
    chain(u, v, true);
    chain(v, u, false);
    i = j;
  }
  lat.resize(next);
  lon.resize(next);
  osm.resize(next);
  for (graph::NodeId u = 0; u < n0; ++u)
    for (graph::EdgeId e = g.begin(u); e < g.end(u); ++e)
      if (!split_arc[e]) arcs.push_back({u, g.head[e], g.weight[e]});
  sc.graph = graph::build_graph(std::move(lat), std::move(lon), std::move(osm), std::move(arcs));
  sc.reverse = graph::transpose(sc.graph);
  sc.reverse_index.emplace(graph::view(sc.reverse));
  return sc;
}

}  // namespace weilai::planning
