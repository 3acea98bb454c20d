// Isochrones: for an origin point and cutoffs, GeoJSON (Multi)Polygons that contain only
// reachable space: every arc reachable within the cutoff (partially reached arcs cut at the
// exact fraction) is buffered by `buffer_m` and unioned (GEOS). Polygons are nested: each
// cutoff's polygon is unioned with the previous one, so the 30-min area contains the 15-min one.
// Thread-safe (each call owns its GEOS context).
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "geo/lat_lon.hpp"
#include "planning/network.hpp"

namespace weilai::planning {

struct IsochroneOptions {
  std::vector<graph::Time> cutoffs;  // ascending deciseconds
  double buffer_m = 25;
  SnapOptions snap;
};

struct Isochrone {
  graph::Time cutoff = 0;
  std::string geometry_geojson;  // a GeoJSON geometry object (Polygon/MultiPolygon), lon/lat
  double area_m2 = 0;
  size_t reachable_nodes = 0;
};

// Errors: invalid_argument if the origin is invalid or farther than snap.max_snap_m from the
// network; internal if GEOS fails.
Result<std::vector<Isochrone>> isochrones(const Network& net, geo::LatLon origin,
                                          const IsochroneOptions& opt);

}  // namespace weilai::planning
