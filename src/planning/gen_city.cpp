#include "planning/gen_city.hpp"

#include <cmath>
#include <string>

namespace weilai::planning {

namespace {

struct SplitMix64 {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }
};

}  // namespace

const std::vector<std::pair<std::string, double>>& synthetic_category_density() {
  static const std::vector<std::pair<std::string, double>> d = {
      {"kindergarten", 6}, {"primary_school", 3},    {"junior_high", 1.5},
      {"clinic", 4},       {"pharmacy", 6},          {"elderly_care", 3},
      {"supermarket", 8},  {"bus_stop", 40},         {"rail_station", 0.5},
      {"park", 5},         {"community_service", 2}, {"waste_recycling", 5},
      {"post_parcel", 5}};
  return d;
}

GeneratedCity generate_city(const GenCityOptions& opt) {
  GeneratedCity city;
  SplitMix64 rng{opt.seed * 0x2545F4914F6CDD1DULL + 12345};
  uint64_t n = std::max<uint64_t>(opt.nodes, 4);
  auto w = static_cast<uint64_t>(std::ceil(std::sqrt(static_cast<double>(n))));
  geo::LocalProjection proj(opt.origin);
  std::vector<int32_t> lat(n), lon(n);
  std::vector<geo::Point> pos(n);
  constexpr uint64_t kArterialEvery = 8;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t x = i % w, y = i / w;
    // Arterial rows/columns stay straight; local nodes are jittered.
    double jx = (x % kArterialEvery == 0) ? 0 : (rng.uniform() - 0.5) * 0.5 * opt.spacing_m;
    double jy = (y % kArterialEvery == 0) ? 0 : (rng.uniform() - 0.5) * 0.5 * opt.spacing_m;
    pos[i] = {x * opt.spacing_m + jx, y * opt.spacing_m + jy};
    geo::LatLon ll = proj.unproject(pos[i]);
    lat[i] = geo::to_e7(ll.lat);
    lon[i] = geo::to_e7(ll.lon);
  }
  std::vector<graph::Arc> arcs;
  arcs.reserve(n * 4 + n / 5);
  auto link = [&](uint64_t a, uint64_t b) {
    double m = geo::distance(pos[a], pos[b]);
    graph::Time t = graph::travel_time_ds(m, opt.walk_kmh);
    arcs.push_back({static_cast<graph::NodeId>(a), static_cast<graph::NodeId>(b), t});
    arcs.push_back({static_cast<graph::NodeId>(b), static_cast<graph::NodeId>(a), t});
  };
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t x = i % w, y = i / w;
    if (x + 1 < w && i + 1 < n) {
      bool arterial = y % kArterialEvery == 0;
      if (arterial || rng.uniform() > 0.12) link(i, i + 1);
    }
    if (i + w < n) {
      bool arterial = x % kArterialEvery == 0;
      if (arterial || rng.uniform() > 0.12) link(i, i + w);
    }
    if (x + 1 < w && i + w + 1 < n && rng.uniform() < 0.04) link(i, i + w + 1);
  }
  auto full = graph::build_graph(std::move(lat), std::move(lon), {}, std::move(arcs));
  graph::ComponentReport rep;
  city.graph = graph::largest_scc(full, &rep);
  city.meta.profile = "walk";
  city.meta.access_speed_kmh = opt.walk_kmh;
  city.meta.components = rep;
  // Facilities and residences sit near random kept nodes, offset up to 40 m.
  auto near_node = [&](double max_off) {
    graph::NodeId v = static_cast<graph::NodeId>(rng.below(city.graph.node_count()));
    geo::LatLon base{geo::from_e7(city.graph.lat_e7[v]), geo::from_e7(city.graph.lon_e7[v])};
    geo::Point p = proj.project(base);
    p.x += (rng.uniform() - 0.5) * 2 * max_off;
    p.y += (rng.uniform() - 0.5) * 2 * max_off;
    geo::LatLon q = proj.unproject(p);
    // Round to 1e-7 degrees so CSV round trips are exact.
    return geo::LatLon{std::round(q.lat * 1e7) / 1e7, std::round(q.lon * 1e7) / 1e7};
  };
  uint64_t fid = 0;
  for (const auto& [cat, per10k] : synthetic_category_density()) {
    auto count = std::max<uint64_t>(
        1, static_cast<uint64_t>(std::llround(per10k * static_cast<double>(n) / 10000.0)));
    for (uint64_t k = 0; k < count; ++k) {
      Facility f;
      f.id = "f" + std::to_string(++fid);
      f.category = cat;
      f.at = near_node(30);
      f.capacity = static_cast<double>(50 + rng.below(200));
      city.facilities.push_back(std::move(f));
    }
  }
  uint64_t rcount = opt.residences ? opt.residences : std::max<uint64_t>(1, n / 5);
  uint64_t district_cells = 32;  // districts of 32x32 grid cells
  for (uint64_t k = 0; k < rcount; ++k) {
    Residence r;
    r.id = "r" + std::to_string(k + 1);
    r.at = near_node(40);
    r.households = static_cast<double>(20 + rng.below(280));
    geo::Point p = proj.project(r.at);
    auto dx = static_cast<int64_t>(std::max(0.0, p.x) / (opt.spacing_m * district_cells));
    auto dy = static_cast<int64_t>(std::max(0.0, p.y) / (opt.spacing_m * district_cells));
    r.area = "D" + std::to_string(dy) + "-" + std::to_string(dx);
    city.residences.push_back(std::move(r));
  }
  return city;
}

}  // namespace weilai::planning
