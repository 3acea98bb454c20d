// Isochrones: nested polygons that cover reachable streets only.
#include "planning/isochrone.hpp"

#include <geos_c.h>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace weilai::planning {
namespace {

TEST(Isochrone, NestedAndOnlyReachableSpace) {
  osm::ImportOptions opt;
  auto r = osm::import_osm_file(WEILAI_SOURCE_DIR "/data/osm/helsinki.osm.pbf", opt);
  ASSERT_TRUE(r);
  Network net(graph::GraphFile{std::move(r->graph), r->meta});
  IsochroneOptions io;
  io.cutoffs = {1800, 3000, 6000};  // 3, 5, 10 minutes
  io.buffer_m = 20;
  auto isos = isochrones(net, {60.1713198, 24.9414566}, io);
  ASSERT_TRUE(isos) << isos.error().message;
  ASSERT_EQ(isos->size(), 3u);
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSGeoJSONReader* reader = GEOSGeoJSONReader_create_r(h);
  std::vector<GEOSGeometry*> g;
  for (const auto& i : *isos) {
    g.push_back(GEOSGeoJSONReader_readGeometry_r(h, reader, i.geometry_geojson.c_str()));
    ASSERT_NE(g.back(), nullptr);
  }
  for (size_t k = 1; k < g.size(); ++k) {
    EXPECT_GT((*isos)[k].area_m2, (*isos)[k - 1].area_m2);
    GEOSGeometry* diff = GEOSDifference_r(h, g[k - 1], g[k]);
    double a = 0, whole = 0;
    GEOSArea_r(h, diff, &a);
    GEOSArea_r(h, g[k - 1], &whole);
    EXPECT_LT(a, whole * 1e-9) << "inner isochrone not inside outer";
    GEOSGeom_destroy_r(h, diff);
  }
  // 3 minutes of walking (240 m) plus the buffer cannot reach 600 m away.
  GEOSGeometry* far =
      GEOSGeom_createPointFromXY_r(h, 24.9414566 + 0.0108, 60.1713198);  // ~600 m east
  EXPECT_FALSE(GEOSIntersects_r(h, g[0], far));
  GEOSGeometry* origin = GEOSGeom_createPointFromXY_r(h, 24.9414566, 60.1713198);
  double gap = 1;
  GEOSDistance_r(h, g[0], origin, &gap);
  EXPECT_LT(gap, 1e-3);  // degrees: the origin is at (or within metres of) the smallest area
  GEOSGeom_destroy_r(h, far);
  GEOSGeom_destroy_r(h, origin);
  for (auto* x : g) GEOSGeom_destroy_r(h, x);
  GEOSGeoJSONReader_destroy_r(h, reader);
  GEOS_finish_r(h);
  EXPECT_FALSE(isochrones(net, {0, 0}, io));  // far from the network
}

}  // namespace
}  // namespace weilai::planning
