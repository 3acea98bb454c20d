// Site suggestion: greedy matches brute force on small instances within the (1-1/e) bound, and
// the first pick is the best single site.
#include <gtest/gtest.h>

#include "planning/gen_city.hpp"
#include "planning/site_suggestion.hpp"
#include "test_support.hpp"

namespace weilai::planning {
namespace {

TEST(SuggestSites, GreedyVersusBruteForce) {
  GenCityOptions opt;
  opt.nodes = 900;
  opt.seed = 3;
  opt.residences = 120;
  auto city = generate_city(opt);
  Network net(graph::GraphFile{city.graph, city.meta});
  auto cands = node_candidates(net, {-90, -180}, {90, 180}, 12);
  ASSERT_GE(cands.size(), 10u);
  std::vector<geo::LatLon> extra;
  for (const auto& c : cands) extra.push_back(c.at);
  auto in = prepare(net, city.residences, city.facilities, {200}, extra);
  graph::Time cutoff = 3000;  // 5 minutes
  size_t k = 3;
  auto s = suggest_sites(in, cands, "rail_station", cutoff, k, 2);
  ASSERT_TRUE(s) << s.error().message;
  auto s1 = suggest_sites(in, cands, "rail_station", cutoff, k, 1);
  ASSERT_EQ(s->choices.size(), s1->choices.size());
  for (size_t i = 0; i < s->choices.size(); ++i)
    EXPECT_EQ(s->choices[i].candidate, s1->choices[i].candidate);
  // Brute force over all k-subsets, using the cover sets computed from a reference search.
  auto nearest = nearest_facilities(in, {"rail_station"}, cutoff, 1);
  std::vector<std::vector<uint32_t>> cover(cands.size());
  for (size_t c = 0; c < cands.size(); ++c) {
    auto d = testing::reference_dijkstra(in.scenario.reverse, in.extra_node(c));
    for (uint32_t r = 0; r < city.residences.size(); ++r)
      if (nearest.at(0, r) > cutoff && d[in.residence_node(r)] <= cutoff) cover[c].push_back(r);
  }
  auto value = [&](const std::vector<size_t>& set) {
    std::vector<bool> hit(city.residences.size(), false);
    double v = 0;
    for (size_t c : set)
      for (uint32_t r : cover[c])
        if (!hit[r]) {
          hit[r] = true;
          v += city.residences[r].households;
        }
    return v;
  };
  double best = 0, best_single = 0;
  size_t n = cands.size();
  for (size_t a = 0; a < n; ++a) {
    best_single = std::max(best_single, value({a}));
    for (size_t b = a + 1; b < n; ++b)
      for (size_t c = b + 1; c < n; ++c) best = std::max(best, value({a, b, c}));
  }
  double greedy = s->choices.empty() ? 0 : s->choices.back().cumulative_households;
  std::vector<size_t> chosen;
  for (const auto& c : s->choices) chosen.push_back(c.candidate);
  EXPECT_DOUBLE_EQ(greedy, value(chosen));
  EXPECT_GE(greedy, (1 - 1 / 2.718281828) * best - 1e-9);
  ASSERT_FALSE(s->choices.empty());
  EXPECT_GT(best, 0);
  EXPECT_DOUBLE_EQ(s->choices[0].gain_households, best_single);
  EXPECT_FALSE(suggest_sites(in, cands, "rail_station", cutoff, 0, 1));
}

}  // namespace
}  // namespace weilai::planning
