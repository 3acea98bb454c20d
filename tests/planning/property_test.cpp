// Property tests: on generated cities, nearest/counts from the engine equal a plain reference
// Dijkstra run from every residence on the attached graph, for 1 and 2 threads; gen-city is
// deterministic.
#include <gtest/gtest.h>

#include <sstream>

#include "planning/analysis.hpp"
#include "planning/gen_city.hpp"
#include "test_support.hpp"

namespace weilai::planning {
namespace {

TEST(Property, NearestAndCountsEqualReferenceDijkstra) {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    GenCityOptions opt;
    opt.nodes = 600;
    opt.seed = seed;
    opt.residences = 60;
    auto city = generate_city(opt);
    Network net(graph::GraphFile{city.graph, city.meta});
    auto in = prepare(net, city.residences, city.facilities, {200});
    std::vector<std::string> cats = {"bus_stop", "supermarket", "kindergarten"};
    std::vector<graph::Time> cut = {1800, 3600, 6000};
    auto n1 = nearest_facilities(in, cats, 6000, 1);
    auto n2 = nearest_facilities(in, cats, 6000, 2);
    EXPECT_EQ(n1.time, n2.time);
    EXPECT_EQ(n1.facility, n2.facility);
    auto c1 = count_facilities(in, cats, cut, 1);
    auto c2 = count_facilities(in, cats, cut, 2);
    EXPECT_EQ(c1.count, c2.count);
    for (size_t r = 0; r < city.residences.size(); ++r) {
      graph::NodeId src = in.residence_node(r);
      ASSERT_NE(src, graph::kNoNode);
      auto d = testing::reference_dijkstra(in.scenario.graph, src);
      for (size_t c = 0; c < cats.size(); ++c) {
        uint64_t best = UINT64_MAX;
        uint32_t best_f = kNone;
        std::vector<uint32_t> count(cut.size(), 0);
        for (uint32_t f = 0; f < city.facilities.size(); ++f) {
          if (city.facilities[f].category != cats[c] || in.facility_node(f) == graph::kNoNode)
            continue;
          uint64_t t = d[in.facility_node(f)];
          if (t < best) {
            best = t;
            best_f = f;
          }
          for (size_t k = 0; k < cut.size(); ++k) count[k] += t <= cut[k];
        }
        if (best > 6000) {
          EXPECT_EQ(n1.at(c, r), graph::kInfTime);
        } else {
          ASSERT_EQ(n1.at(c, r), best) << "seed " << seed << " residence " << r << " " << cats[c];
          EXPECT_EQ(d[in.facility_node(n1.facility_at(c, r))], best);
          EXPECT_LE(n1.facility_at(c, r), best_f);  // lowest index among ties
        }
        for (size_t k = 0; k < cut.size(); ++k) ASSERT_EQ(c1.count_at(c, r, k), count[k]);
      }
    }
  }
}

TEST(Property, GenCityIsDeterministic) {
  GenCityOptions opt;
  opt.nodes = 2000;
  opt.seed = 11;
  auto a = generate_city(opt), b = generate_city(opt);
  EXPECT_EQ(a.graph.head, b.graph.head);
  EXPECT_EQ(a.graph.weight, b.graph.weight);
  std::ostringstream fa, fb;
  write_facilities_csv(fa, a.facilities);
  write_facilities_csv(fb, b.facilities);
  EXPECT_EQ(fa.str(), fb.str());
  opt.seed = 12;
  auto c = generate_city(opt);
  EXPECT_NE(a.graph.head, c.graph.head);
  EXPECT_GT(a.graph.node_count(), 1800u);
  // Every category appears.
  for (const auto& [cat, d] : synthetic_category_density())
    EXPECT_TRUE(std::any_of(a.facilities.begin(), a.facilities.end(),
                            [&](const Facility& f) { return f.category == cat; }));
  // CSV round trip is exact.
  auto back = parse_facilities_csv(fa.str(), "f.csv");
  ASSERT_TRUE(back);
  EXPECT_EQ((*back)[5].at.lat, a.facilities[5].at.lat);
}

}  // namespace
}  // namespace weilai::planning
