// A project's site (用地红线) as GeoJSON, validated with GEOS: a Polygon or MultiPolygon in WGS84
// longitude/latitude, valid in the OGC sense (no self-intersection, closed rings). Invalid input
// is rejected with GEOS's reason.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace weilai::programme {

struct SiteInfo {
  std::string geojson;  // the geometry as GEOS writes it back (normalised GeoJSON)
  double centroid_lon = 0;
  double centroid_lat = 0;
  double area_ha = 0;  // approximate (local equirectangular projection)
};

// Accepts a GeoJSON geometry, a Feature, or a FeatureCollection with exactly one feature.
// Errors are invalid_argument with field "/site".
Result<SiteInfo> validate_site(std::string_view geojson);

inline constexpr double kMuPerHectare = 15.0;  // 1 公顷 = 15 亩

}  // namespace weilai::programme
