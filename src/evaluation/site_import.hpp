// Import of a project's site data (docs/EVALUATION.md "Site data"): one flat row model shared by
// CSV files, spreadsheet rows (the browser reads XLSX with exceljs and sends the rows) and GeoJSON
// features (the properties of each feature). Every row has a `type`:
//   site      tier, households
//   plot      name, land_area_m2, far_limit, height_limit_m, ground_green_m2?
//   building  plot, name, height_m, residential_m2?, commercial_m2?, public_service_m2?,
//             disaster_passage_m2?, stilt_floor_m2?, public_open_space_m2?, other_m2?
//   floor_area plot, use, area_m2, label?
//   balcony   plot, building?, name?, green_m2   (the greened part of a sky-garden balcony)
//   greening  plot, name?, area_m2, public?      (vertical greening; public defaults to yes)
//   facility  name?, category, area_m2
// A spreadsheet sheet or CSV without a `type` column takes the type from its sheet/file name
// (plots, buildings, balconies, floor_areas, greening, facilities). Every problem names the row
// (CSV line, sheet row, feature index) and the column; all of them are returned, not the first.
// Pure functions: thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evaluation/evaluate.hpp"

namespace weilai::evaluation {

struct SiteRow {
  std::string where;           // "line 4", "sheet plots row 3", "feature 2"
  std::string pointer_prefix;  // "/rows/3", "/features/2/properties" (problem field prefix)
  std::string default_type;    // from the sheet/file name; "" when none
  std::map<std::string, std::string> values;  // column → cell text (trimmed; "" = empty)
};

struct ImportIssue {
  std::string where;    // as in SiteRow
  std::string field;    // column / property name ("" for the row as a whole)
  std::string pointer;  // JSON pointer into the request
  std::string message;
};

struct SiteImport {
  SiteInputs inputs;
  std::vector<ImportIssue> issues;  // empty: inputs are valid
  int rows = 0;
  bool has_site_row = false;  // a `site` row set tier/households
};

// Rows → site inputs. `base` gives tier/households kept when no `site` row sets them.
SiteImport import_site_rows(const std::vector<SiteRow>& rows, const SiteInputs& base);
// A CSV document (UTF-8; the shared planning CSV reader). `name` is the file name (its stem may
// give the default type). CSV syntax errors are one issue naming the line.
SiteImport import_site_csv(std::string_view csv, const std::string& name, const SiteInputs& base);
// A GeoJSON FeatureCollection; each feature's properties are a row. A plot Polygon/MultiPolygon
// without land_area_m2 gets its area from the geometry (lon/lat degrees, local equirectangular).
SiteImport import_site_geojson(std::string_view text, const SiteInputs& base);

// The area in m² of a GeoJSON Polygon or MultiPolygon geometry given as JSON text (outer rings
// minus holes), nullopt when it is not one.
std::optional<double> geojson_area_m2(std::string_view geometry_json);

}  // namespace weilai::evaluation
