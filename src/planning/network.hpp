// Network: a loaded road graph with its snapping index; Scenario: that graph with a set of points
// (facilities, residences, candidate sites, isochrone origins) attached.
// Attaching snaps each point to the nearest point on the nearest routable segment (not merely
// the nearest node), splits the segment there (both directions, travel time shared
// proportionally and rounded so the parts sum exactly to the original arc), and hangs the point
// on a leaf node joined by an access arc that costs the snap distance at the profile's access
// speed. Every point is thus an ordinary graph node, so all analyses are plain node searches and
// two points on the same segment reach each other directly along it.
// Points farther than max_snap_m are not attached (node = kNoNode) and are reported.
// Networks and scenarios are immutable once built: const use is thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "geo/lat_lon.hpp"
#include "geo/segment_index.hpp"
#include "graph/chains.hpp"
#include "graph/graph_file.hpp"
#include "graph/road_graph.hpp"

namespace weilai::planning {

class Network {
 public:
  explicit Network(graph::GraphFile file);
  const graph::RoadGraph& graph() const { return graph_; }
  const graph::GraphMeta& meta() const { return meta_; }
  const geo::LocalProjection& projection() const { return proj_; }
  const geo::SegmentIndex& index() const { return index_; }
  // The two nodes of indexed segment i (u < v; at least one direction is an arc).
  std::pair<graph::NodeId, graph::NodeId> segment_nodes(uint32_t i) const { return seg_[i]; }
  geo::LatLon node_lat_lon(graph::NodeId v) const {
    return {geo::from_e7(graph_.lat_e7[v]), geo::from_e7(graph_.lon_e7[v])};
  }

 private:
  graph::RoadGraph graph_;
  graph::GraphMeta meta_;
  geo::LocalProjection proj_;
  geo::SegmentIndex index_;
  std::vector<std::pair<graph::NodeId, graph::NodeId>> seg_;
};

struct Attachment {
  graph::NodeId node = graph::kNoNode;  // the point's leaf node; kNoNode if not snapped
  double snap_m = 0;                    // distance from the point to the network
  graph::Time snap_ds = 0;              // access time (included in every search result)
};

struct Scenario {
  graph::RoadGraph graph;    // base nodes keep their ids; split and leaf nodes follow
  graph::RoadGraph reverse;  // transpose of graph (searches "to" points)
  std::optional<graph::ChainIndex> reverse_index;  // chain contraction of `reverse`
  std::vector<Attachment> points;
  graph::NodeId base_nodes = 0;
};

struct SnapOptions {
  double max_snap_m = 500;
};

// Builds the scenario. Thread-safe with respect to the network.
Scenario attach_points(const Network& net, std::span<const geo::LatLon> points,
                       const SnapOptions& opt);

}  // namespace weilai::planning
