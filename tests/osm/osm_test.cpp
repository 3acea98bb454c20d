// OSM import: profiles on tiny OPL road networks with hand-checked answers, facilities and
// households from tags, real extracts, and clear errors for bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "geo/lat_lon.hpp"
#include "osm/osm_import.hpp"

namespace weilai::osm {
namespace {

// A street along the equator: nodes every 0.001 deg of longitude (111.195 m apart).
// w1 residential n1-n2-n3; w2 motorway n3-n4; w3 oneway residential n4<-... see each test.
ImportResult import_opl(const std::string& opl, Profile p, bool facilities = false) {
  ImportOptions opt;
  opt.profile.profile = p;
  if (facilities) opt.categories = &CategoryMapping::defaults();
  opt.residences = facilities;
  auto r = import_osm_buffer(opl, "opl", opt);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? std::move(r).value() : ImportResult{};
}

graph::NodeId by_osm(const graph::RoadGraph& g, int64_t id) {
  for (graph::NodeId v = 0; v < g.node_count(); ++v)
    if (g.osm_id[v] == id) return v;
  return graph::kNoNode;
}

graph::Time arc(const graph::RoadGraph& g, int64_t a, int64_t b) {
  auto u = by_osm(g, a), v = by_osm(g, b);
  if (u == graph::kNoNode || v == graph::kNoNode) return graph::kInfTime;
  auto e = g.find_arc(u, v);
  return e == UINT32_MAX ? graph::kInfTime : g.weight[e];
}

const std::string kNodes =
    "n1 v1 x0.000 y0\n"
    "n2 v1 x0.001 y0\n"
    "n3 v1 x0.002 y0\n"
    "n4 v1 x0.003 y0\n"
    "n5 v1 x0.004 y0\n";

TEST(OsmImport, WalkUsesFootwaysNotMotorwaysAndIgnoresOneway) {
  auto r = import_opl(kNodes +
                          "w1 v1 Thighway=residential,oneway=yes Nn1,n2,n3\n"
                          "w2 v1 Thighway=footway Nn3,n4\n"
                          "w3 v1 Thighway=motorway Nn4,n5\n",
                      Profile::walk);
  EXPECT_EQ(r.graph.node_count(), 4u);  // n5 is only on the motorway
  // 111.195 m at 4.8 km/h = 83.396 s -> 834 ds, both ways despite oneway=yes.
  EXPECT_EQ(arc(r.graph, 1, 2), 834u);
  EXPECT_EQ(arc(r.graph, 2, 1), 834u);
  EXPECT_EQ(arc(r.graph, 3, 4), 834u);
  EXPECT_EQ(arc(r.graph, 4, 5), graph::kInfTime);
  EXPECT_EQ(r.meta.profile, "walk");
}

TEST(OsmImport, WalkRespectsFootNoAndAccessPrivate) {
  auto r = import_opl(kNodes +
                          "w1 v1 Thighway=residential Nn1,n2,n3\n"
                          "w2 v1 Thighway=service,access=private Nn3,n4\n"
                          "w3 v1 Thighway=primary,foot=no Nn4,n5\n",
                      Profile::walk);
  EXPECT_EQ(r.graph.node_count(), 3u);
}

TEST(OsmImport, BikeOnewayAndContraflow) {
  // Ring n1->n2->n3->n4->n1 made of oneways; w2 allows cycling against it.
  std::string opl = kNodes +
                    "w1 v1 Thighway=residential,oneway=yes Nn1,n2\n"
                    "w2 v1 Thighway=residential,oneway=yes,oneway:bicycle=no Nn2,n3\n"
                    "w3 v1 Thighway=residential,oneway=yes,cycleway=opposite_lane Nn3,n4\n"
                    "w4 v1 Thighway=residential,oneway=-1 Nn1,n4\n";
  auto r = import_opl(opl, Profile::bike);
  ASSERT_EQ(r.graph.node_count(), 4u);
  // 111.195 m at 15 km/h = 26.687 s -> 267 ds.
  EXPECT_EQ(arc(r.graph, 1, 2), 267u);
  EXPECT_EQ(arc(r.graph, 2, 1), graph::kInfTime);
  EXPECT_EQ(arc(r.graph, 3, 2), 267u);             // oneway:bicycle=no
  EXPECT_EQ(arc(r.graph, 4, 3), 267u);             // cycleway=opposite_lane
  EXPECT_NE(arc(r.graph, 4, 1), graph::kInfTime);  // oneway=-1: against the drawing direction
  EXPECT_EQ(arc(r.graph, 1, 4), graph::kInfTime);
}

TEST(OsmImport, DriveUsesMaxspeedAndClassDefaults) {
  std::string opl = kNodes +
                    "w1 v1 Thighway=primary,maxspeed=50 Nn1,n2\n"
                    "w2 v1 Thighway=residential Nn2,n3\n"
                    "w3 v1 Thighway=footway Nn3,n4\n"
                    "w4 v1 Thighway=residential,motor_vehicle=no Nn2,n5\n";
  auto r = import_opl(opl, Profile::drive);
  EXPECT_EQ(r.graph.node_count(), 3u);
  EXPECT_EQ(arc(r.graph, 1, 2), 80u);   // 111.195 m at 50 km/h = 8.006 s
  EXPECT_EQ(arc(r.graph, 2, 3), 133u);  // residential default 30 km/h: 13.343 s
}

TEST(OsmImport, KeepsLargestComponentAndReportsTheRest) {
  std::string opl = kNodes + "n6 v1 x0.010 y0\nn7 v1 x0.011 y0\n" +
                    "w1 v1 Thighway=residential Nn1,n2,n3\n"
                    "w2 v1 Thighway=residential Nn6,n7\n"
                    "w3 v1 Thighway=residential,oneway=yes Nn3,n4\n";
  ImportOptions opt;
  auto r = import_osm_buffer(opl, "opl", opt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->graph.node_count(), 4u);  // walk: oneway ignored, so n1..n4
  EXPECT_EQ(r->meta.components.dropped_nodes, 2u);
  ASSERT_FALSE(r->warnings.empty());
  EXPECT_NE(r->warnings.back().find("dropped 2 nodes"), std::string::npos);
}

TEST(OsmImport, FacilitiesAndHouseholds) {
  std::string opl =
      "n1 v1 x0.000 y0 Tamenity=kindergarten,name=Sunny,capacity=120\n"
      "n2 v1 x0.001 y0 Thighway=bus_stop\n"
      "n3 v1 x0.002 y0 Tamenity=school,isced:level=2\n"
      "n4 v1 x0.003 y0 Tamenity=school\n"
      "n5 v1 x0.004 y0 Tunknown=tag\n"
      "n10 v1 x0.0100 y0.0100\nn11 v1 x0.0102 y0.0100\nn12 v1 x0.0102 y0.0101\nn13 v1 x0.0100 "
      "y0.0101\n"
      "w1 v1 Thighway=residential Nn1,n2,n3,n4,n5\n"
      "w2 v1 Tbuilding=apartments,building:levels=6 Nn10,n11,n12,n13,n10\n"
      "w3 v1 Tbuilding=yes,amenity=pharmacy Nn10,n11,n12,n10\n";
  auto r = import_opl(opl, Profile::walk, true);
  std::map<std::string, std::string> cat;
  for (const auto& f : r.facilities) cat[f.id] += f.category + ";";
  EXPECT_EQ(cat["n1"], "kindergarten;");
  EXPECT_EQ(cat["n2"], "bus_stop;");
  EXPECT_EQ(cat["n3"], "junior_high;");
  EXPECT_EQ(cat["n4"], "primary_school;");  // untyped school
  EXPECT_EQ(cat.count("n5"), 0u);
  EXPECT_EQ(cat["w3"], "pharmacy;");
  for (const auto& f : r.facilities)
    if (f.id == "n1") {
      EXPECT_EQ(f.capacity, 120);
      EXPECT_EQ(f.name, "Sunny");
    }
  // w2: 0.0002 deg lon x 0.0001 deg lat at the equator = 22.239 m x 11.119 m = 247.27 m2;
  // x 6 levels / 90 m2 per household = 16.5 -> 16 (rounded half away: 16.48).
  ASSERT_EQ(r.residences.size(), 1u);  // w3 is a facility, not housing
  EXPECT_EQ(r.residences[0].id, "w2");
  EXPECT_NEAR(r.residences[0].footprint_m2, 247.27, 0.1);
  EXPECT_EQ(r.residences[0].levels, 6);
  EXPECT_EQ(r.residences[0].households, 16);
}

TEST(OsmImport, CategoryMappingParsing) {
  auto m = CategoryMapping::parse("a amenity=x|y !shop\nb k!=v\n", "t.conf");
  ASSERT_TRUE(m);
  std::map<std::string, const char*> tags{{"amenity", "y"}};
  auto look = [&](const char* k) -> const char* {
    auto it = tags.find(k);
    return it == tags.end() ? nullptr : it->second;
  };
  EXPECT_EQ(m->match(look), (std::vector<std::string>{"a", "b"}));
  tags["shop"] = "z";
  tags["k"] = "v";
  EXPECT_TRUE(m->match(look).empty());
  auto bad = CategoryMapping::parse("ok amenity=x\nBad! x\n", "t.conf");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("t.conf:2"), std::string::npos);
  EXPECT_FALSE(CategoryMapping::parse("a justakey\n", "t.conf"));
  EXPECT_FALSE(CategoryMapping::parse("# nothing\n", "t.conf"));
  EXPECT_GE(CategoryMapping::defaults().categories().size(), 13u);
}

TEST(OsmImport, ShippedCategoryFileEqualsBuiltIn) {
  auto m = CategoryMapping::load(WEILAI_SOURCE_DIR "/data/planning/categories.conf");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->rules().size(), CategoryMapping::defaults().rules().size());
}

TEST(OsmImport, RealExtracts) {
  ImportOptions opt;
  opt.categories = &CategoryMapping::defaults();
  opt.residences = true;
  auto h = import_osm_file(WEILAI_SOURCE_DIR "/data/osm/helsinki.osm.pbf", opt);
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_GT(h->graph.node_count(), 5000u);
  EXPECT_GT(h->facilities.size(), 100u);
  auto m = import_osm_file(WEILAI_SOURCE_DIR "/data/osm/monaco.osm.pbf", opt);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_GT(m->graph.node_count(), 10000u);
  EXPECT_GT(m->residences.size(), 1000u);
  opt.profile.profile = Profile::drive;
  auto d = import_osm_file(WEILAI_SOURCE_DIR "/data/osm/monaco.osm.pbf", opt);
  ASSERT_TRUE(d);
  EXPECT_LT(d->graph.node_count(), m->graph.node_count());
}

class OsmErrors : public ::testing::Test {
 protected:
  std::string dir_ =
      (std::filesystem::temp_directory_path() / ("weilai_osm_" + std::to_string(::getpid())))
          .string();
  void SetUp() override { std::filesystem::create_directories(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& bytes) {
    std::string p = dir_ + "/" + name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
};

TEST_F(OsmErrors, ClearMessagesNamingTheFile) {
  ImportOptions opt;
  auto missing = import_osm_file(dir_ + "/nope.osm.pbf", opt);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  auto empty = import_osm_file(write("empty.osm.pbf", ""), opt);
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("empty.osm.pbf"), std::string::npos);
  std::ifstream in(WEILAI_SOURCE_DIR "/data/osm/helsinki.osm.pbf", std::ios::binary);
  std::string pbf(std::istreambuf_iterator<char>(in), {});
  auto truncated = import_osm_file(write("trunc.osm.pbf", pbf.substr(0, pbf.size() / 2)), opt);
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("trunc.osm.pbf"), std::string::npos);
  auto garbage = import_osm_file(write("garbage.osm.pbf", std::string(5000, 'Z')), opt);
  ASSERT_FALSE(garbage);
  auto no_roads =
      import_osm_buffer("n1 v1 x1 y1 Tamenity=bench\nw1 v1 Tbuilding=yes Nn1\n", "opl", opt);
  ASSERT_FALSE(no_roads);
  EXPECT_NE(no_roads.error().message.find("no routable ways"), std::string::npos);
  auto bad_opl = import_osm_buffer("this is not OPL at all\n", "opl", opt);
  ASSERT_FALSE(bad_opl);
  EXPECT_FALSE(parse_profile("hovercraft"));
}

TEST_F(OsmErrors, MissingNodesAreSkippedWithAWarning) {
  ImportOptions opt;
  auto r = import_osm_buffer(kNodes + "w1 v1 Thighway=residential Nn1,n2,n3,n99\n", "opl", opt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->graph.node_count(), 3u);
  EXPECT_EQ(r->stats.skipped_segments, 1u);
}

}  // namespace
}  // namespace weilai::osm
