// geo: distances, projection round trips and the segment index against brute force.
#include <gtest/gtest.h>

#include <random>

#include "geo/lat_lon.hpp"
#include "geo/segment_index.hpp"

namespace weilai::geo {
namespace {

TEST(Geo, HaversineKnownDistance) {
  // 0.001 degree of longitude on the equator = R * 0.001 * pi / 180.
  EXPECT_NEAR(haversine_m({0, 0}, {0, 0.001}), 111.1951, 1e-3);
  // Helsinki -> Tallinn is about 80.5 km.
  EXPECT_NEAR(haversine_m({60.1699, 24.9384}, {59.4370, 24.7536}) / 1000, 82.0, 2.0);
}

TEST(Geo, ValidRejectsOutOfRange) {
  EXPECT_TRUE(valid({60, 24}));
  EXPECT_FALSE(valid({91, 0}));
  EXPECT_FALSE(valid({0, 181}));
  EXPECT_FALSE(valid({std::nan(""), 0}));
}

TEST(Geo, ProjectionRoundTripAndScale) {
  LocalProjection p({41.15, -8.61});
  LatLon q{41.16, -8.60};
  Point xy = p.project(q);
  LatLon back = p.unproject(xy);
  EXPECT_NEAR(back.lat, q.lat, 1e-12);
  EXPECT_NEAR(back.lon, q.lon, 1e-12);
  // Within 0.1 % of the great-circle distance at city scale.
  double d = std::hypot(xy.x, xy.y), h = haversine_m({41.15, -8.61}, q);
  EXPECT_NEAR(d / h, 1.0, 1e-3);
}

TEST(SegmentIndex, MatchesBruteForce) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0, 2000);
  std::vector<Segment> segs;
  for (int i = 0; i < 3000; ++i) {
    Point a{u(rng), u(rng)};
    Point b{a.x + u(rng) / 20 - 50, a.y + u(rng) / 20 - 50};
    segs.push_back({a, b});
  }
  SegmentIndex index(segs);
  for (int q = 0; q < 2000; ++q) {
    Point p{u(rng) * 1.2 - 200, u(rng) * 1.2 - 200};
    double max_d = q % 2 ? 30 : 1e9;
    double best = 1e18;
    uint32_t best_i = 0;
    for (uint32_t i = 0; i < segs.size(); ++i) {
      double t = project_on_segment(p, segs[i].a, segs[i].b);
      Point c{segs[i].a.x + (segs[i].b.x - segs[i].a.x) * t,
              segs[i].a.y + (segs[i].b.y - segs[i].a.y) * t};
      double d = distance(p, c);
      if (d < best) {
        best = d;
        best_i = i;
      }
    }
    auto hit = index.nearest(p, max_d);
    if (best > max_d) {
      EXPECT_FALSE(hit.has_value());
      continue;
    }
    ASSERT_TRUE(hit.has_value());
    EXPECT_NEAR(hit->distance_m, best, 1e-9);
    if (hit->distance_m < best - 1e-12) {
      EXPECT_EQ(hit->segment, best_i);
    }
  }
}

TEST(SegmentIndex, EmptyAndNonFinite) {
  SegmentIndex empty;
  EXPECT_FALSE(empty.nearest({0, 0}, 100).has_value());
  SegmentIndex one(std::vector<Segment>{Segment{{0, 0}, {10, 0}}});
  EXPECT_FALSE(one.nearest({std::nan(""), 0}, 100).has_value());
  auto h = one.nearest({5, 3}, 100);
  ASSERT_TRUE(h);
  EXPECT_DOUBLE_EQ(h->t, 0.5);
  EXPECT_DOUBLE_EQ(h->distance_m, 3);
  EXPECT_FALSE(one.nearest({1e12, 1e12}, 100).has_value());
}

}  // namespace
}  // namespace weilai::geo
