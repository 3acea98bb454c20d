#include "geo/lat_lon.hpp"

#include <algorithm>

namespace weilai::geo {

double haversine_m(const LatLon& a, const LatLon& b) {
  double dlat = (b.lat - a.lat) * kDegToRad, dlon = (b.lon - a.lon) * kDegToRad;
  double s = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.lat * kDegToRad) *
                                                           std::cos(b.lat * kDegToRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(s)));
}

}  // namespace weilai::geo
