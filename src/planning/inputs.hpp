// Planning inputs: facilities (category, position, capacity) and residences (position,
// households, community/area), read from CSV or GeoJSON and validated. Every problem names the
// file and the line (CSV) or feature index (GeoJSON). Pure functions: thread-safe.
//   facilities CSV: id,category,lon,lat[,capacity][,name]
//   residences CSV: id,lon,lat,households[,area]
//   GeoJSON: a FeatureCollection of Point (or Polygon: centroid of the outer ring) features with
//   properties id, category, capacity, name / households, area.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "geo/lat_lon.hpp"

namespace weilai::planning {

struct Facility {
  std::string id;
  std::string category;
  geo::LatLon at;
  double capacity = 1;
  std::string name;
};

struct Residence {
  std::string id;
  geo::LatLon at;
  double households = 0;
  std::string area;  // community / area name; empty = unassigned
};

// Format from the extension (.csv, .geojson/.json); content is sniffed when unclear.
Result<std::vector<Facility>> load_facilities(const std::string& path);
Result<std::vector<Residence>> load_residences(const std::string& path);
Result<std::vector<Facility>> parse_facilities_csv(std::string_view text,
                                                   const std::string& source);
Result<std::vector<Residence>> parse_residences_csv(std::string_view text,
                                                    const std::string& source);
Result<std::vector<Facility>> parse_facilities_geojson(std::string_view text,
                                                       const std::string& source);
Result<std::vector<Residence>> parse_residences_geojson(std::string_view text,
                                                        const std::string& source);

// Strict number parsing (whole field, finite). Used by the readers; exposed for tests.
bool parse_double(std::string_view s, double& out);

}  // namespace weilai::planning

namespace weilai::planning {
// Writers for the same CSV formats (coordinates with 7 decimals, as OSM stores them).
void write_facilities_csv(std::ostream& out, const std::vector<Facility>& facilities);
void write_residences_csv(std::ostream& out, const std::vector<Residence>& residences);
}  // namespace weilai::planning
