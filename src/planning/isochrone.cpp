#include "planning/isochrone.hpp"

#include <geos_c.h>

#include <algorithm>
#include <memory>

#include "graph/search.hpp"

namespace weilai::planning {

namespace {

// RAII for the GEOS reentrant API.
class GeosContext {
 public:
  GeosContext() : h_(GEOS_init_r()) {}
  ~GeosContext() { GEOS_finish_r(h_); }
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
  GEOSContextHandle_t get() const { return h_; }

 private:
  GEOSContextHandle_t h_;
};

struct GeomDeleter {
  GEOSContextHandle_t h;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(h, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct Piece {
  geo::Point a, b;
};

// Buffers every piece on its own and unions them with GEOS's cascaded union: buffering one
// big MultiLineString makes GEOS node thousands of overlapping offset curves at once, which was
// measured ~1000x slower on a city centre.
GeomPtr buffer_union(GEOSContextHandle_t h, const std::vector<Piece>& pieces, double buffer_m) {
  std::vector<GEOSGeometry*> polys;
  polys.reserve(pieces.size());
  for (const auto& p : pieces) {
    GEOSCoordSequence* cs = GEOSCoordSeq_create_r(h, 2, 2);
    GEOSCoordSeq_setXY_r(h, cs, 0, p.a.x, p.a.y);
    GEOSCoordSeq_setXY_r(h, cs, 1, p.b.x, p.b.y);
    GeomPtr line(GEOSGeom_createLineString_r(h, cs), GeomDeleter{h});
    GEOSGeometry* poly = GEOSBuffer_r(h, line.get(), buffer_m, 2);
    if (poly) polys.push_back(poly);
  }
  GeomPtr coll(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, polys.data(),
                                           static_cast<unsigned>(polys.size())),
               GeomDeleter{h});
  return GeomPtr(GEOSUnaryUnion_r(h, coll.get()), GeomDeleter{h});
}

}  // namespace

Result<std::vector<Isochrone>> isochrones(const Network& net, geo::LatLon origin,
                                          const IsochroneOptions& opt) {
  if (!geo::valid(origin))
    return Error::invalid("isochrone origin has invalid coordinates", "/origin");
  if (opt.cutoffs.empty()) return Error::invalid("no cutoffs given", "/cutoffs");
  std::vector<graph::Time> cutoffs = opt.cutoffs;
  std::sort(cutoffs.begin(), cutoffs.end());
  std::vector<geo::LatLon> pts{origin};
  Scenario sc = attach_points(net, pts, opt.snap);
  if (sc.points[0].node == graph::kNoNode)
    return Error::invalid("isochrone origin is farther than " +
                              std::to_string(static_cast<int>(opt.snap.max_snap_m)) +
                              " m from the network",
                          "/origin");
  std::vector<graph::Time> dist(sc.graph.node_count(), graph::kInfTime);
  graph::BoundedSearch search(sc.graph.node_count());
  graph::Source s{sc.points[0].node, 0, 0};
  std::vector<graph::NodeId> reached;
  search.run(graph::view(sc.graph), std::span<const graph::Source>(&s, 1), cutoffs.back(),
             [&](graph::NodeId v, graph::Time d) {
               dist[v] = d;
               reached.push_back(v);
             });
  const auto& proj = net.projection();
  auto pos = [&](graph::NodeId v) {
    return proj.project({geo::from_e7(sc.graph.lat_e7[v]), geo::from_e7(sc.graph.lon_e7[v])});
  };
  GeosContext ctx;
  GEOSContextHandle_t h = ctx.get();
  std::vector<Isochrone> out;
  GeomPtr previous(nullptr, GeomDeleter{h});
  for (graph::Time cut : cutoffs) {
    std::vector<Piece> pieces;
    size_t nodes = 0;
    for (graph::NodeId u : reached) {
      graph::Time du = dist[u];
      if (du > cut) continue;
      ++nodes;
      geo::Point pu = pos(u);
      bool any = false;
      for (graph::EdgeId e = sc.graph.begin(u); e < sc.graph.end(u); ++e) {
        graph::NodeId v = sc.graph.head[e];
        graph::Time w = sc.graph.weight[e];
        geo::Point pv = pos(v);
        double frac = w == 0 ? 1.0 : std::min(1.0, static_cast<double>(cut - du) / w);
        if (frac <= 0) continue;
        // A fully reached two-way segment is drawn once (from its lower-numbered end).
        if (frac == 1.0 && v < u && dist[v] != graph::kInfTime && uint64_t{dist[v]} + w <= cut &&
            sc.graph.find_arc(v, u) != UINT32_MAX)
          continue;
        pieces.push_back({pu, {pu.x + (pv.x - pu.x) * frac, pu.y + (pv.y - pu.y) * frac}});
        any = true;
      }
      if (!any) pieces.push_back({pu, {pu.x + 0.01, pu.y}});
    }
    GeomPtr poly = buffer_union(h, pieces, opt.buffer_m);
    if (!poly) {
      return Error::internal("GEOS buffer failed");
    }
    if (previous) {
      GeomPtr u(GEOSUnion_r(h, poly.get(), previous.get()), GeomDeleter{h});
      if (!u) {
        return Error::internal("GEOS union failed");
      }
      poly = std::move(u);
    }
    Isochrone iso;
    iso.cutoff = cut;
    iso.reachable_nodes = nodes;
    GEOSArea_r(h, poly.get(), &iso.area_m2);
    // Back to lon/lat for output.
    GeomPtr ll(GEOSGeom_transformXY_r(
                   h, poly.get(),
                   [](double* x, double* y, void* data) {
                     auto* p = static_cast<const geo::LocalProjection*>(data);
                     geo::LatLon q = p->unproject({*x, *y});
                     *x = q.lon;
                     *y = q.lat;
                     return 1;
                   },
                   const_cast<geo::LocalProjection*>(&proj)),
               GeomDeleter{h});
    GEOSGeoJSONWriter* writer = GEOSGeoJSONWriter_create_r(h);
    char* json = ll ? GEOSGeoJSONWriter_writeGeometry_r(h, writer, ll.get(), -1) : nullptr;
    GEOSGeoJSONWriter_destroy_r(h, writer);
    if (!json) {
      return Error::internal("GEOS GeoJSON writer failed");
    }
    iso.geometry_geojson = json;
    GEOSFree_r(h, json);
    out.push_back(std::move(iso));
    previous = std::move(poly);
  }
  return out;
}

}  // namespace weilai::planning
