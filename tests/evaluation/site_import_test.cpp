// Site-data import (CSV, spreadsheet rows, GeoJSON): the flat row model becomes the site inputs the
// calculators read, and every problem names the row and the column.
#include "evaluation/site_import.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace weilai::evaluation {
namespace {

bool has_issue(const SiteImport& r, const std::string& where, const std::string& field) {
  for (const auto& i : r.issues)
    if (i.where == where && i.field == field) return true;
  return false;
}

std::string issues_text(const SiteImport& r) {
  std::string s;
  for (const auto& i : r.issues) s += i.message + "\n";
  return s;
}

const char* kCsv =
    "type,name,plot,land_area_m2,far_limit,height_limit_m,ground_green_m2,height_m,"
    "residential_m2,stilt_floor_m2,building,green_m2,area_m2,category,public,tier,households\n"
    "site,,,,,,,,,,,,,,,leading,400\n"
    "building,1#,A,,,,,54,12000,600,,,,,,,\n"
    "plot,A,,10000,2.5,60,3000,,,,,,,,,,\n"
    "balcony,east,A,,,,,,,,1#,80,,,,,\n"
    "greening,wall,A,,,,,,,,,,500,,no,,\n"
    "facility,邻里中心,,,,,,,,,,,320,neighbourhood_centre,,,\n";

TEST(SiteImport, CsvBuildsPlotsBuildingsBalconiesGreeningFacilities) {
  auto r = import_site_csv(kCsv, "site.csv", SiteInputs{});
  ASSERT_TRUE(r.issues.empty()) << issues_text(r);
  EXPECT_TRUE(r.has_site_row);
  EXPECT_EQ(r.inputs.tier, "leading");
  EXPECT_EQ(r.inputs.households, 400);
  ASSERT_EQ(r.inputs.plots.size(), 1u);  // the building row before its plot row still finds it
  const auto& p = r.inputs.plots[0];
  EXPECT_EQ(p.name, "A");
  EXPECT_DOUBLE_EQ(p.land_area_m2, 10000);
  EXPECT_EQ(p.ground_green_m2, 3000);
  ASSERT_EQ(p.buildings.size(), 1u);
  EXPECT_EQ(p.buildings[0].id, "1#");
  EXPECT_DOUBLE_EQ(p.buildings[0].height_m, 54);
  // Building 1#: residential 12000 + stilt 600; balcony greening 80 is its own item.
  ASSERT_EQ(p.floor_areas.size(), 3u);
  EXPECT_EQ(p.floor_areas[0].use, "residential");
  EXPECT_EQ(p.floor_areas[1].use, "stilt_floor");
  EXPECT_EQ(p.floor_areas[2].use, "sky_garden_balcony_green");
  EXPECT_EQ(p.floor_areas[2].label, "1# east");
  ASSERT_EQ(p.vertical_greening.size(), 1u);
  EXPECT_FALSE(p.vertical_greening[0].is_public);
  ASSERT_EQ(r.inputs.facilities.size(), 1u);
  EXPECT_EQ(r.inputs.facilities[0].category, "neighbourhood_centre");

  // The imported data feeds the FAR calculator: counted 12000 (stilt 600 and balcony green 80
  // excluded) / 10000 = 1.2 ≤ 2.5; height 54 ≤ 60.
  FarInput in{p.land_area_m2, p.floor_areas, p.buildings, p.height_limit_m, p.far_limit, {}};
  auto far = floor_area_ratio(in);
  ASSERT_TRUE(far);
  EXPECT_DOUBLE_EQ(far->far, 1.2);
  EXPECT_DOUBLE_EQ(far->excluded_floor_area_m2, 680);
  EXPECT_TRUE(far->ok());
}

TEST(SiteImport, EveryErrorNamesLineAndColumn) {
  const char* csv =
      "type,name,plot,land_area_m2,far_limit,height_limit_m,height_m,area_m2,category,use\n"
      "plot,A,,-5,2.5,60,,,,\n"         // line 2: land area must be > 0
      "plot,B,,100,abc,60,,,,\n"        // line 3: FAR limit not a number
      "building,1#,C,,,,30,,,\n"        // line 4: no plot C
      "facility,x,,,,,,12,,\n"          // line 5: category missing
      "floor_area,,B,,,,,10,,garage\n"  // line 6: unknown use (plot B was refused: plot error)
      "kiosk,,,,,,,,,\n";               // line 7: unknown type
  auto r = import_site_csv(csv, "site.csv", SiteInputs{});
  EXPECT_TRUE(has_issue(r, "line 2", "land_area_m2")) << issues_text(r);
  EXPECT_TRUE(has_issue(r, "line 3", "far_limit"));
  EXPECT_TRUE(has_issue(r, "line 4", "plot"));
  EXPECT_TRUE(has_issue(r, "line 5", "category"));
  EXPECT_TRUE(has_issue(r, "line 6", "plot"));
  EXPECT_TRUE(has_issue(r, "line 7", "type"));
  for (const auto& i : r.issues) EXPECT_EQ(i.message.rfind(i.where, 0), 0u) << i.message;
}

TEST(SiteImport, ColumnsOfAnotherTypeAndDuplicates) {
  std::vector<SiteRow> rows = {
      {"sheet plots row 2",
       "/rows/0",
       "plots",
       {{"name", "A"}, {"land_area_m2", "100"}, {"far_limit", "2"}, {"height_limit_m", "24"}}},
      {"sheet plots row 3",
       "/rows/1",
       "plots",
       {{"name", "A"}, {"land_area_m2", "100"}, {"far_limit", "2"}, {"height_limit_m", "24"}}},
      {"sheet facilities row 2",
       "/rows/2",
       "facilities",
       {{"category", "elderly_care"}, {"area_m2", "50"}, {"height_m", "9"}}},
  };
  auto r = import_site_rows(rows, SiteInputs{});
  EXPECT_TRUE(has_issue(r, "sheet plots row 3", "name")) << issues_text(r);
  EXPECT_TRUE(has_issue(r, "sheet facilities row 2", "height_m"));
  EXPECT_EQ(r.issues.size(), 2u);
}

TEST(SiteImport, SheetNameGivesTheTypeAndBaseKeepsTier) {
  SiteInputs base;
  base.tier = "leading";
  base.households = 120;
  std::vector<SiteRow> rows = {
      {"sheet facilities row 2",
       "/rows/0",
       "facilities",
       {{"category", "elderly_care"}, {"area_m2", "96"}, {"name", "照料"}}}};
  auto r = import_site_rows(rows, base);
  ASSERT_TRUE(r.issues.empty()) << issues_text(r);
  EXPECT_EQ(r.inputs.tier, "leading");
  EXPECT_EQ(r.inputs.households, 120);
  // 96 m² for 120 households = 80 m² per 100 households: exactly the 三(六) minimum.
  FacilityInput fi;
  fi.facilities = r.inputs.facilities;
  fi.households = 120;
  auto f = facility_area_per_100_households(fi);
  ASSERT_TRUE(f);
  EXPECT_DOUBLE_EQ(f->m2_per_100_households, 80);
  EXPECT_TRUE(f->ok);
}

TEST(SiteImport, GeoJsonFeaturesWithPlotAreaFromGeometry) {
  // A square 0.001° × 0.001° at the equator: 111.195 m × 111.195 m ≈ 12364 m² (R = 6371008.8 m).
  const char* gj = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[0.001,0],[0.001,0.001],[0,0.001],[0,0]]]},
     "properties":{"type":"plot","name":"P1","far_limit":2.0,"height_limit_m":50}},
    {"type":"Feature","geometry":null,
     "properties":{"type":"building","plot":"P1","name":"B","height_m":30,"residential_m2":9000}},
    {"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]},
     "properties":{"type":"facility","category":"health_station","area_m2":"x"}},
    {"type":"Feature","geometry":null,"properties":{"type":"facility","category":{"a":1},"area_m2":3}}]})";
  auto r = import_site_geojson(gj, SiteInputs{});
  EXPECT_TRUE(has_issue(r, "feature 2", "area_m2")) << issues_text(r);
  EXPECT_TRUE(has_issue(r, "feature 3", "category"));
  EXPECT_EQ(r.issues.size(), 2u);
  for (const auto& i : r.issues) {
    if (i.where == "feature 2") {
      EXPECT_EQ(i.pointer, "/content/features/2/properties/area_m2");
    }
  }
  auto area = geojson_area_m2(
      R"({"type":"Polygon","coordinates":[[[0,0],[0.001,0],[0.001,0.001],[0,0.001],[0,0]]]})");
  ASSERT_TRUE(area);
  const double side = 6371008.8 * 3.14159265358979323846 / 180.0 * 0.001;
  EXPECT_NEAR(*area, side * side, 1.0);

  const char* ok = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[0.001,0],[0.001,0.001],[0,0.001],[0,0]]]},
     "properties":{"type":"plot","name":"P1","far_limit":2.0,"height_limit_m":50}}]})";
  auto good = import_site_geojson(ok, SiteInputs{});
  ASSERT_TRUE(good.issues.empty()) << issues_text(good);
  EXPECT_NEAR(good.inputs.plots.at(0).land_area_m2, 12364.0, 1.0);
}

TEST(SiteImport, BadDocuments) {
  EXPECT_TRUE(has_issue(import_site_geojson("[1]", SiteInputs{}), "document", ""));
  EXPECT_TRUE(
      has_issue(import_site_geojson(R"({"type":"Feature"})", SiteInputs{}), "document", "type"));
  auto r = import_site_csv("type,name\nplot,\"A\n", "x.csv", SiteInputs{});
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_NE(r.issues[0].message.find("x.csv:2"), std::string::npos) << r.issues[0].message;
}

}  // namespace
}  // namespace weilai::evaluation
