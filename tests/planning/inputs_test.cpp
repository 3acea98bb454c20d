// Facility/residence readers (CSV, GeoJSON) and rule files: validation messages.
#include "planning/inputs.hpp"

#include <gtest/gtest.h>

#include "planning/rules.hpp"

namespace weilai::planning {
namespace {

TEST(Inputs, FacilitiesCsv) {
  auto f = parse_facilities_csv(
      "id,category,lon,lat,capacity,name\nf1,clinic,120.1,30.2,5,\"Clinic, "
      "East\"\nf2,park,120.2,30.3,,\n",
      "f.csv");
  ASSERT_TRUE(f) << f.error().message;
  ASSERT_EQ(f->size(), 2u);
  EXPECT_EQ((*f)[0].name, "Clinic, East");
  EXPECT_EQ((*f)[0].capacity, 5);
  EXPECT_EQ((*f)[1].capacity, 1);  // default
  auto minimal = parse_facilities_csv("id,category,lon,lat\nf1,clinic,120.1,30.2\n", "f.csv");
  EXPECT_TRUE(minimal);
}

TEST(Inputs, FacilitiesCsvErrors) {
  auto cols = parse_facilities_csv("id,lon,lat,category\nf1,1,2,x\n", "f.csv");
  ASSERT_FALSE(cols);
  EXPECT_NE(cols.error().message.find("f.csv:1"), std::string::npos);
  auto dup = parse_facilities_csv("id,category,lon,lat\nf1,a,1,2\nf1,a,1,2\n", "f.csv");
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("f.csv:3: duplicate id 'f1'"), std::string::npos);
  auto range = parse_facilities_csv("id,category,lon,lat\nf1,a,200,2\n", "f.csv");
  ASSERT_FALSE(range);
  EXPECT_NE(range.error().message.find("out of range"), std::string::npos);
  EXPECT_FALSE(parse_facilities_csv("id,category,lon,lat\nf1,a,1e,2\n", "f.csv"));
  EXPECT_FALSE(parse_facilities_csv("id,category,lon,lat\nf1,a,nan,2\n", "f.csv"));
  EXPECT_FALSE(parse_facilities_csv("id,category,lon,lat,capacity\nf1,a,1,2,-3\n", "f.csv"));
  EXPECT_FALSE(parse_facilities_csv("id,category,lon,lat\nf1,,1,2\n", "f.csv"));
}

TEST(Inputs, ResidencesCsvAndGbk) {
  auto r = parse_residences_csv(
      "id,lon,lat,households,area\nr1,120.1,30.2,40,\xE4\xB8\x9C\xE5\x9F\x8E\n", "r.csv");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].area, "\xE4\xB8\x9C\xE5\x9F\x8E");
  auto gbk = parse_residences_csv("id,lon,lat,households,area\nr1,120.1,30.2,40,\xB6\xAB\xB3\xC7\n",
                                  "r.csv");
  ASSERT_FALSE(gbk);
  EXPECT_NE(gbk.error().message.find("r.csv:2"), std::string::npos);
  EXPECT_NE(gbk.error().message.find("GBK"), std::string::npos);
  EXPECT_FALSE(parse_residences_csv("id,lon,lat,households\nr1,1,2,-1\n", "r.csv"));
  EXPECT_FALSE(parse_residences_csv("id,lon,lat\nr1,1,2\n", "r.csv"));
}

TEST(Inputs, GeoJson) {
  const char* fc = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","geometry":{"type":"Point","coordinates":[120.1,30.2]},"properties":{"id":"a","category":"park","capacity":"7"}},
    {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]},"properties":{"id":7,"category":"clinic"}}]})";
  auto f = parse_facilities_geojson(fc, "f.geojson");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ((*f)[0].capacity, 7);
  EXPECT_EQ((*f)[1].id, "7");
  EXPECT_NEAR((*f)[1].at.lon, 0.8, 1e-9);  // mean of the ring's 5 positions
  auto r = parse_residences_geojson(fc, "r.geojson");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("feature 0"), std::string::npos);
  EXPECT_FALSE(parse_facilities_geojson("{", "x.geojson"));
  EXPECT_FALSE(parse_facilities_geojson("[]", "x.geojson"));
  EXPECT_FALSE(parse_facilities_geojson(
      R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"id":"a","category":"x"}}]})",
      "x.geojson"));
}

TEST(Rules, DefaultsAndShippedFiles) {
  const Rules& d = default_rules();
  EXPECT_EQ(d.levels.size(), 3u);
  EXPECT_EQ(d.cutoffs_min, (std::vector<int>{5, 10, 15, 30}));
  EXPECT_EQ(d.max_cutoff_ds(), 18000u);
  EXPECT_EQ(d.categories().size(), 13u);
  for (const char* f : {"gb50180_life_circles.json", "travel_circles_5_10_30.json"}) {
    auto r = load_rules(std::string(WEILAI_SOURCE_DIR "/data/planning/") + f);
    ASSERT_TRUE(r) << r.error().message;
  }
}

TEST(Rules, Errors) {
  auto bad = parse_rules(
      R"({"levels":[{"name":"a","cutoff_min":10,"require":["x"]},{"name":"b","cutoff_min":5,"require":["y"]}]})",
      "r.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("/levels/1/cutoff_min"), std::string::npos);
  EXPECT_FALSE(parse_rules("{}", "r.json"));
  EXPECT_FALSE(parse_rules("not json", "r.json"));
  EXPECT_FALSE(parse_rules(R"({"levels":[{"name":"a","cutoff_min":1.5,"require":[]}]})", "r.json"));
  EXPECT_FALSE(parse_rules(
      R"({"cutoffs_min":[0],"levels":[{"name":"a","cutoff_min":1,"require":[]}]})", "r.json"));
}

}  // namespace
}  // namespace weilai::planning
