// Hand-checked life-circle analysis on a tiny street along the equator.
//
//   n1 ---- n2 ---- n3 ---- n4 ---- n5        nodes every 0.001 deg lon = 111.195 m
//     r1    p1      f1        r2      f2      arcs: 111.195 m at 80 m/min = 834 ds
//
// r1 (0.0005, 0): mid n1-n2, snap 0.           r2 (0.0035, 0.0001): mid n4-n5, snap 11.12 m = 83 ds
// f1 supermarket at n3; f2 supermarket (0.0045, 0): 55.6 m past n5 = 417 ds; p1 pharmacy at n2.
// r3 is 3 km away: unsnapped, counts as not covered.
//   r1->f1 = 417 + 834 = 1251;  r1->f2 = 417 + 3*834 + 417 = 3336;  r1->p1 = 417
//   r2->f1 = 83 + 417 + 834 = 1334;  r2->f2 = 83 + 417 + 417 = 917;  r2->p1 = 83 + 417 + 2*834 =
//   2168
#include "planning/analysis.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "planning/report.hpp"
#include "test_support.hpp"

namespace weilai::planning {
namespace {

const char* kStreet =
    "n1 v1 x0.000 y0\nn2 v1 x0.001 y0\nn3 v1 x0.002 y0\nn4 v1 x0.003 y0\nn5 v1 x0.004 y0\n"
    "w1 v1 Thighway=residential Nn1,n2,n3,n4,n5\n";

struct Fixture : ::testing::Test {
  Network net = testing::network_from_opl(kStreet);
  std::vector<Residence> rs = {{"r1", {0, 0.0005}, 100, "east"},
                               {"r2", {0.0001, 0.0035}, 50, "west"},
                               {"r3", {0.02, 0.02}, 10, "east"}};
  std::vector<Facility> fs = {{"f1", "supermarket", {0, 0.002}, 3, ""},
                              {"f2", "supermarket", {0, 0.0045}, 4, ""},
                              {"p1", "pharmacy", {0, 0.001}, 1, ""}};
  Rules rules = *parse_rules(R"({"name":"t","cutoffs_min":[2,3],"levels":[
      {"name":"2-min","cutoff_min":2,"require":["supermarket"]},
      {"name":"3-min","cutoff_min":3,"require":["pharmacy"]}]})",
                             "t.json");
  PlanningInput in = prepare(net, rs, fs, {500});
};

TEST_F(Fixture, SnappingAndUnsnapped) {
  EXPECT_EQ(in.unsnapped_residences, std::vector<uint32_t>{2});
  EXPECT_TRUE(in.unsnapped_facilities.empty());
  EXPECT_NEAR(in.scenario.points[1].snap_m, 11.1195, 1e-3);
  EXPECT_EQ(in.scenario.points[1].snap_ds, 83u);
  ASSERT_FALSE(in.warnings.empty());
  EXPECT_NE(in.warnings[0].find("'r3'"), std::string::npos);
}

TEST_F(Fixture, NearestHandChecked) {
  auto t = nearest_facilities(in, {"supermarket", "pharmacy"}, rules.max_cutoff_ds(), 2);
  EXPECT_EQ(t.at(0, 0), 1251u);
  EXPECT_EQ(t.facility_at(0, 0), 0u);
  EXPECT_EQ(t.at(0, 1), 917u);
  EXPECT_EQ(t.facility_at(0, 1), 1u);
  EXPECT_EQ(t.at(1, 0), 417u);
  EXPECT_EQ(t.at(1, 1), graph::kInfTime);  // 2168 > 3 min
  EXPECT_EQ(t.facility_at(1, 1), kNone);
  EXPECT_EQ(t.at(0, 2), graph::kInfTime);
}

TEST_F(Fixture, CountsHandChecked) {
  auto c = count_facilities(in, {"supermarket"}, {1200, 1800}, 2);
  EXPECT_EQ(c.count_at(0, 0, 0), 0u);
  EXPECT_EQ(c.count_at(0, 0, 1), 1u);
  EXPECT_EQ(c.count_at(0, 1, 0), 1u);
  EXPECT_EQ(c.count_at(0, 1, 1), 2u);
  EXPECT_EQ(c.capacity[(0 * 3 + 1) * 2 + 1], 7.0);  // f1 (3) + f2 (4)
}

TEST_F(Fixture, CoverageAndGapsHandChecked) {
  auto t = nearest_facilities(in, {"supermarket", "pharmacy"}, rules.max_cutoff_ds(), 1);
  auto cov = coverage(in, t, rules);
  ASSERT_EQ(cov.rows.size(), 3u);  // all, east, west
  const auto& all = cov.rows[0];
  EXPECT_EQ(all.households, 160);
  EXPECT_EQ(all.covered[0 * 2 + 0], 50);   // supermarket within 2 min: r2
  EXPECT_EQ(all.covered[0 * 2 + 1], 150);  // within 3 min: r1, r2
  EXPECT_EQ(all.covered[1 * 2 + 0], 100);  // pharmacy within 2 min: r1
  EXPECT_EQ(all.level_met[0], 50);
  EXPECT_EQ(all.level_met[1], 0);  // nested: r1 fails level 1, r2 lacks a pharmacy
  EXPECT_EQ(cov.rows[1].area, "east");
  EXPECT_EQ(cov.rows[1].households, 110);
  auto g = gaps(in, t, rules);
  std::vector<std::string> got;
  for (const auto& x : g)
    got.push_back(rules.levels[x.level].name + "/" + rs[x.residence].id + "/" +
                  t.categories[x.category]);
  EXPECT_EQ(got, (std::vector<std::string>{"2-min/r1/supermarket", "2-min/r3/supermarket",
                                           "3-min/r1/supermarket", "3-min/r2/pharmacy",
                                           "3-min/r3/supermarket", "3-min/r3/pharmacy"}));
}

TEST_F(Fixture, ReportsAndCsvFormats) {
  graph::GraphMeta meta;
  auto rep = analyze(in, rules, meta, true, 2);
  std::ostringstream nearest, counts;
  write_nearest_csv(nearest, rep);
  EXPECT_NE(nearest.str().find("r1,supermarket,f1,125.1\n"), std::string::npos);
  EXPECT_NE(nearest.str().find("r2,pharmacy,,\n"), std::string::npos);
  write_counts_csv(counts, rep);
  EXPECT_NE(counts.str().find("r2,supermarket,3,2,7\n"), std::string::npos);
  auto json = report_json(rep);
  EXPECT_NE(json.find("OpenStreetMap"), std::string::npos);
  EXPECT_NE(report_geojson(rep).find("FeatureCollection"), std::string::npos);
  EXPECT_EQ(format_seconds(1251), "125.1");
  EXPECT_EQ(format_seconds(7), "0.7");
}

TEST(Snapping, SameSegmentDirectAndOneway) {
  // Both points on the single n1-n2 arc: they reach each other along it, not via the nodes.
  auto net = testing::network_from_opl(
      "n1 v1 x0 y0\nn2 v1 x0.001 y0\nn3 v1 x0.001 y0.001\n"
      "w1 v1 Thighway=residential Nn1,n2,n3,n1\n");
  std::vector<Residence> rs = {{"r", {0, 0.0002}, 1, ""}};
  std::vector<Facility> fs = {{"f", "x", {0, 0.0003}, 1, ""}};
  auto in = prepare(net, rs, fs, {100});
  auto t = nearest_facilities(in, {"x"}, 100000, 1);
  // 0.0001 deg = 11.1195 m = 83.4 ds; split times are rounded per arc: round(834*0.3) -
  // round(834*0.2).
  EXPECT_EQ(t.at(0, 0), 250u - 167u);
}

}  // namespace
}  // namespace weilai::planning

namespace weilai::planning {
namespace {

TEST_F(Fixture, ControlledRunReportsStagesAndMatchesAnalyze) {
  std::vector<std::string> stages;
  std::vector<double> fractions;
  RunControl control;
  control.progress = [&](const std::string& s, double f) {
    if (stages.empty() || stages.back() != s) stages.push_back(s);
    fractions.push_back(f);
  };
  control.cancelled = [] { return false; };
  auto controlled = analyze_controlled(in, rules, net.meta(), true, 2, control);
  ASSERT_TRUE(controlled.has_value());
  auto plain = analyze(in, rules, net.meta(), true, 2);
  EXPECT_EQ(report_json(*controlled), report_json(plain));
  EXPECT_EQ(stages, (std::vector<std::string>{"nearest", "counts", "coverage", "gaps"}));
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_EQ(fractions.back(), 1.0);
}

TEST_F(Fixture, CancelStopsAtTheNextCheckAndReturnsNothing) {
  // Cancelled from the start: no stage runs.
  RunControl at_once;
  int progress_calls = 0;
  at_once.progress = [&](const std::string&, double) { ++progress_calls; };
  at_once.cancelled = [] { return true; };
  EXPECT_FALSE(analyze_controlled(in, rules, net.meta(), true, 1, at_once).has_value());
  EXPECT_EQ(progress_calls, 0);
  // Cancelled while counting: the run ends without reaching coverage.
  bool cancel = false;
  std::vector<std::string> stages;
  RunControl during;
  during.progress = [&](const std::string& s, double) {
    stages.push_back(s);
    if (s == "counts") cancel = true;
  };
  during.cancelled = [&] { return cancel; };
  EXPECT_FALSE(analyze_controlled(in, rules, net.meta(), true, 1, during).has_value());
  EXPECT_EQ(std::count(stages.begin(), stages.end(), "coverage"), 0);
}

}  // namespace
}  // namespace weilai::planning

namespace weilai::planning {
namespace {

TEST_F(Fixture, NetworkGeojsonMergesChains) {
  // The street n1..n5 is one line of five points, not four arcs.
  auto doc = nlohmann::json::parse(network_geojson(net.graph()));
  ASSERT_EQ(doc["features"].size(), 1u);
  EXPECT_EQ(doc["features"][0]["geometry"]["coordinates"].size(), 5u);
  // A T: the side street joins at n3, which becomes a junction: three lines (n1-n3, n3-n5,
  // n3-n6-n7), every connection drawn once (4 + 2 segments).
  auto t = testing::network_from_opl(std::string(kStreet) +
                                     "n6 v1 x0.002 y0.001\nn7 v1 x0.002 y0.002\n"
                                     "w2 v1 Thighway=residential Nn3,n6,n7\n");
  auto tdoc = nlohmann::json::parse(network_geojson(t.graph()));
  ASSERT_EQ(tdoc["features"].size(), 3u);
  size_t segments = 0;
  for (const auto& f : tdoc["features"]) segments += f["geometry"]["coordinates"].size() - 1;
  EXPECT_EQ(segments, 6u);
}

}  // namespace
}  // namespace weilai::planning
