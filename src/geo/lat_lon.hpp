// Geographic coordinates (WGS84 degrees), great-circle distances and a local equirectangular
// projection to metres. City-sized areas (tens of km) project with well under 0.1 % error, which
// is far below OSM's own positional noise; the projection is what snapping and buffering use.
#pragma once

#include <cmath>
#include <cstdint>

namespace weilai::geo {

inline constexpr double kEarthRadiusM = 6371008.8;
inline constexpr double kDegToRad = 3.14159265358979323846 / 180.0;

struct LatLon {
  double lat = 0;
  double lon = 0;
};

// True for finite coordinates inside [-90,90] x [-180,180].
inline bool valid(const LatLon& p) {
  return std::isfinite(p.lat) && std::isfinite(p.lon) && p.lat >= -90 && p.lat <= 90 &&
         p.lon >= -180 && p.lon <= 180;
}

// Great-circle (haversine) distance in metres.
double haversine_m(const LatLon& a, const LatLon& b);

// OSM stores coordinates as integers of 1e-7 degrees; the graph keeps them that way.
inline int32_t to_e7(double deg) {
  return static_cast<int32_t>(std::lround(deg * 1e7));
}
inline double from_e7(int32_t e7) {
  return e7 * 1e-7;
}

struct Point {
  double x = 0;  // metres east of the projection origin
  double y = 0;  // metres north
};

// Equirectangular projection around an origin; exact inverse of itself.
class LocalProjection {
 public:
  LocalProjection() = default;
  explicit LocalProjection(LatLon origin)
      : origin_(origin),
        kx_(kEarthRadiusM * kDegToRad * std::cos(origin.lat * kDegToRad)),
        ky_(kEarthRadiusM * kDegToRad) {}
  Point project(const LatLon& p) const {
    return {(p.lon - origin_.lon) * kx_, (p.lat - origin_.lat) * ky_};
  }
  LatLon unproject(const Point& p) const {
    return {origin_.lat + p.y / ky_, origin_.lon + p.x / kx_};
  }
  LatLon origin() const { return origin_; }

 private:
  LatLon origin_;
  double kx_ = kEarthRadiusM * kDegToRad;
  double ky_ = kEarthRadiusM * kDegToRad;
};

// Closest point on segment [a,b] to p: returns the fraction t in [0,1] along a->b.
inline double project_on_segment(const Point& p, const Point& a, const Point& b) {
  double dx = b.x - a.x, dy = b.y - a.y;
  double len2 = dx * dx + dy * dy;
  if (len2 <= 0) return 0;
  double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
  return t < 0 ? 0 : (t > 1 ? 1 : t);
}

inline double distance(const Point& a, const Point& b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

}  // namespace weilai::geo
