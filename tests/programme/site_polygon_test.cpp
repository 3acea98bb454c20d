#include "programme/site_polygon.hpp"

#include <gtest/gtest.h>

namespace weilai::programme {
namespace {

TEST(SitePolygon, AcceptsAValidPolygonAndComputesItsCentroidAndArea) {
  // About 1 km × 1 km near 灵山 (28.47°N): roughly 100 ha.
  auto site = validate_site(
      R"({"type":"Polygon","coordinates":[[[119.90,28.47],[119.91,28.47],[119.91,28.479],[119.90,28.479],[119.90,28.47]]]})");
  ASSERT_TRUE(site) << site.error().message;
  EXPECT_NEAR(site->centroid_lon, 119.905, 1e-9);
  EXPECT_NEAR(site->centroid_lat, 28.4745, 1e-9);
  EXPECT_NEAR(site->area_ha, 97.9, 2.0);
  EXPECT_NE(site->geojson.find("Polygon"), std::string::npos);
}

TEST(SitePolygon, AcceptsAFeature) {
  auto site = validate_site(
      R"({"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}})");
  EXPECT_TRUE(site) << site.error().message;
}

TEST(SitePolygon, RejectsASelfIntersectingBowTieWithGeosReason) {
  auto site =
      validate_site(R"({"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]})");
  ASSERT_FALSE(site);
  EXPECT_EQ(site.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(site.error().field, "/site");
  EXPECT_NE(site.error().message.find("Self-intersection"), std::string::npos)
      << site.error().message;
}

TEST(SitePolygon, RejectsOtherShapesGarbageAndProjectedCoordinates) {
  EXPECT_FALSE(validate_site(R"({"type":"Point","coordinates":[119.9,28.4]})"));
  EXPECT_FALSE(validate_site("not json"));
  EXPECT_FALSE(validate_site(R"({"type":"Polygon","coordinates":[[[0,0],[1,0]]]})"));
  auto projected = validate_site(
      R"({"type":"Polygon","coordinates":[[[500000,3100000],[500100,3100000],[500100,3100100],[500000,3100000]]]})");
  ASSERT_FALSE(projected);
  EXPECT_NE(projected.error().message.find("WGS84"), std::string::npos);
}

}  // namespace
}  // namespace weilai::programme
