#include "programme/site_polygon.hpp"

#include <geos_c.h>

#include <cmath>
#include <functional>
#include <memory>
#include <numbers>

namespace weilai::programme {
namespace {

// GEOS reentrant API: a context per call (cheap), its error messages captured instead of printed.
class Geos {
 public:
  Geos() : h_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(h_, &Geos::on_error, &error_);
    GEOSContext_setNoticeMessageHandler_r(h_, &Geos::on_notice, nullptr);
  }
  ~Geos() { GEOS_finish_r(h_); }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;
  GEOSContextHandle_t get() const { return h_; }
  const std::string& error() const { return error_; }

 private:
  static void on_error(const char* message, void* user) {
    *static_cast<std::string*>(user) = message ? message : "";
  }
  static void on_notice(const char*, void*) {}
  GEOSContextHandle_t h_;
  std::string error_;
};

}  // namespace

Result<SiteInfo> validate_site(std::string_view geojson) {
  if (geojson.size() > 1'000'000) return Error::invalid("the site polygon is too large", "/site");
  Geos g;
  auto h = g.get();
  std::unique_ptr<GEOSGeoJSONReader, std::function<void(GEOSGeoJSONReader*)>> reader(
      GEOSGeoJSONReader_create_r(h),
      [h](GEOSGeoJSONReader* r) { GEOSGeoJSONReader_destroy_r(h, r); });
  const std::string text(geojson);
  std::unique_ptr<GEOSGeometry, std::function<void(GEOSGeometry*)>> geom(
      GEOSGeoJSONReader_readGeometry_r(h, reader.get(), text.c_str()), [h](GEOSGeometry* p) {
        if (p) GEOSGeom_destroy_r(h, p);
      });
  if (!geom) {
    return Error::invalid("the site is not readable GeoJSON: " +
                              (g.error().empty() ? std::string("parse error") : g.error()),
                          "/site");
  }
  // A FeatureCollection of one feature reads as a collection of one geometry.
  const GEOSGeometry* shape = geom.get();
  if (GEOSGeomTypeId_r(h, shape) == GEOS_GEOMETRYCOLLECTION &&
      GEOSGetNumGeometries_r(h, shape) == 1)
    shape = GEOSGetGeometryN_r(h, shape, 0);
  const int type = GEOSGeomTypeId_r(h, shape);
  if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
    return Error::invalid("the site must be a Polygon or MultiPolygon", "/site");
  if (GEOSisEmpty_r(h, shape) == 1) return Error::invalid("the site polygon is empty", "/site");
  double minx = 0, miny = 0, maxx = 0, maxy = 0;
  if (GEOSGeom_getXMin_r(h, shape, &minx) != 1 || GEOSGeom_getYMin_r(h, shape, &miny) != 1 ||
      GEOSGeom_getXMax_r(h, shape, &maxx) != 1 || GEOSGeom_getYMax_r(h, shape, &maxy) != 1)
    return Error::invalid("the site polygon has no extent", "/site");
  if (minx < -180 || maxx > 180 || miny < -90 || maxy > 90)
    return Error::invalid("site coordinates must be WGS84 longitude/latitude", "/site");
  const char valid = GEOSisValid_r(h, shape);
  if (valid != 1) {
    // The reason is GEOS-allocated: free it with GEOSFree_r, never free().
    char* reason = GEOSisValidReason_r(h, shape);
    std::string why = reason ? reason : "invalid geometry";
    if (reason) GEOSFree_r(h, reason);
    return Error::invalid("the site polygon is invalid: " + why, "/site");
  }
  SiteInfo out;
  std::unique_ptr<GEOSGeometry, std::function<void(GEOSGeometry*)>> c(GEOSGetCentroid_r(h, shape),
                                                                      [h](GEOSGeometry* p) {
                                                                        if (p)
                                                                          GEOSGeom_destroy_r(h, p);
                                                                      });
  if (!c || GEOSGeomGetX_r(h, c.get(), &out.centroid_lon) != 1 ||
      GEOSGeomGetY_r(h, c.get(), &out.centroid_lat) != 1)
    return Error::invalid("the site polygon has no centroid", "/site");
  double area_deg2 = 0;
  GEOSArea_r(h, shape, &area_deg2);
  const double m_per_deg = 111'320.0;
  out.area_ha = area_deg2 * m_per_deg * m_per_deg *
                std::cos(out.centroid_lat * std::numbers::pi / 180.0) / 10'000.0;
  std::unique_ptr<GEOSGeoJSONWriter, std::function<void(GEOSGeoJSONWriter*)>> writer(
      GEOSGeoJSONWriter_create_r(h),
      [h](GEOSGeoJSONWriter* w) { GEOSGeoJSONWriter_destroy_r(h, w); });
  char* written = GEOSGeoJSONWriter_writeGeometry_r(h, writer.get(), shape, -1);
  if (!written) return Error::internal("GEOS could not write the site back");
  out.geojson = written;
  GEOSFree_r(h, written);
  return out;
}

}  // namespace weilai::programme
