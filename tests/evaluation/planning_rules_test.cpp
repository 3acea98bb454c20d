// Worked examples of the planning-rule calculators (FAR 容积率, green ratio 绿地率, community
// facility area per 100 households), with the arithmetic in comments; limits exactly at the
// boundary; errors with their field; and property tests on random inputs.
#include "evaluation/planning_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace weilai::evaluation {
namespace {

FarInput worked_far_input() {
  FarInput in;
  in.land_area_m2 = 10'000;
  // The balcony greening is its own item: it is NOT inside the 24,000 m² residential figure.
  in.floor_areas = {
      {"residential", 24'000, "住宅"},
      {"commercial", 3'000, "商业"},
      {"stilt_floor", 1'200, "架空层"},
      {"disaster_passage", 300, "避灾通道"},
      {"sky_garden_balcony_green", 500, "空中花园阳台绿化"},
  };
  in.buildings = {{"A", 79.9}, {"B", 80.0}, {"C", 80.5}};
  in.height_limit_m = 80;
  in.far_limit = 2.7;
  return in;
}

// ---------------------------------------------------------------------------------------------
// FAR

TEST(FloorAreaRatio, WorkedExampleExcludesStiltPassageAndBalconyGreening) {
  // total    = 24,000 + 3,000 + 1,200 + 300 + 500 = 29,000 m²
  // excluded = 1,200 (stilt) + 300 (passage) + 500 (balcony greening) = 2,000 m²
  // counted  = 24,000 + 3,000 = 27,000 m²;  FAR = 27,000 / 10,000 = 2.70 <= 2.70 → passes
  // residential floor area = 24,000 (the 500 m² greening is a separate, excluded item)
  auto r = floor_area_ratio(worked_far_input());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_DOUBLE_EQ(r->total_floor_area_m2, 29'000);
  EXPECT_DOUBLE_EQ(r->counted_floor_area_m2, 27'000);
  EXPECT_DOUBLE_EQ(r->excluded_floor_area_m2, 2'000);
  EXPECT_DOUBLE_EQ(r->residential_floor_area_m2, 24'000);
  EXPECT_DOUBLE_EQ(r->far, 2.7);
  EXPECT_TRUE(r->far_ok);

  // One row per excluded use, in enum order (passage, stilt, balcony greening).
  ASSERT_EQ(r->excluded_by_use.size(), 3u);
  EXPECT_EQ(r->excluded_by_use[0].use, FloorUse::disaster_passage);
  EXPECT_DOUBLE_EQ(r->excluded_by_use[0].area_m2, 300);
  EXPECT_EQ(r->excluded_by_use[1].use, FloorUse::stilt_floor);
  EXPECT_DOUBLE_EQ(r->excluded_by_use[1].area_m2, 1'200);
  EXPECT_EQ(r->excluded_by_use[2].use, FloorUse::sky_garden_balcony_green);
  EXPECT_DOUBLE_EQ(r->excluded_by_use[2].area_m2, 500);
  EXPECT_NE(r->excluded_by_use[2].reason.find("三(二)"), std::string::npos);

  // One row per excluded item, naming its input field.
  ASSERT_EQ(r->excluded.size(), 3u);
  EXPECT_EQ(r->excluded[0].field, "/floor_areas/2");
  EXPECT_EQ(r->excluded[0].label, "架空层");
  EXPECT_EQ(r->excluded[1].field, "/floor_areas/3");
  EXPECT_EQ(r->excluded[2].field, "/floor_areas/4");

  // Heights: 79.9 and 80.0 are within 80 m (<= passes); C at 80.5 m is over.
  EXPECT_DOUBLE_EQ(r->max_height_m, 80.5);
  EXPECT_FALSE(r->height_ok);
  ASSERT_EQ(r->over_height.size(), 1u);
  EXPECT_EQ(r->over_height[0].id, "C");
  EXPECT_FALSE(r->ok());
}

TEST(FloorAreaRatio, OverLimitFailsAndPublicOpenSpaceIsExcluded) {
  // counted = 24,000 + 3,000 + 10 (other) = 27,010 → FAR 2.701 > 2.70 → fails;
  // the 2,000 m² public open space does not count.
  FarInput in = worked_far_input();
  in.buildings = {{"A", 60}};
  in.floor_areas.push_back({"other", 10});
  in.floor_areas.push_back({"public_open_space", 2'000});
  auto r = floor_area_ratio(in);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->counted_floor_area_m2, 27'010);
  EXPECT_DOUBLE_EQ(r->excluded_floor_area_m2, 4'000);
  EXPECT_NEAR(r->far, 2.701, 1e-12);
  EXPECT_FALSE(r->far_ok);
  EXPECT_TRUE(r->height_ok);
  EXPECT_EQ(r->excluded.back().label, "public_open_space");  // no label: the use names it
}

TEST(FloorAreaRatio, BoundaryWithDecimalAmountsPasses) {
  // 100.1 + 100.1 + 99.8 = 300.0 m² on 1,000 m² → FAR 0.30 = limit 0.30. In binary the sum and
  // 0.3 × 1,000 may differ by an ulp; the tolerance lets the exact design pass.
  FarInput in;
  in.land_area_m2 = 1'000;
  in.floor_areas = {{"residential", 100.1}, {"commercial", 100.1}, {"public_service", 99.8}};
  in.height_limit_m = 24;
  in.far_limit = 0.3;
  in.buildings = {{"A", 24.0}};
  auto r = floor_area_ratio(in);
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->far, 0.3, 1e-12);
  EXPECT_TRUE(r->far_ok);
  EXPECT_TRUE(r->height_ok);
  EXPECT_TRUE(r->ok());

  // One hundredth of a m² more (300.01 m², FAR 0.30001) fails.
  in.floor_areas.push_back({"other", 0.01});
  auto over = floor_area_ratio(in);
  ASSERT_TRUE(over);
  EXPECT_FALSE(over->far_ok);
}

TEST(FloorAreaRatio, ProjectRulesMayCountAStiltFloor) {
  // The policy supports (支持) the exclusions; a project that does not take the stilt-floor one
  // counts it: 27,000 + 1,200 = 28,200 → FAR 2.82.
  FarInput in = worked_far_input();
  in.rules.excluded_uses = {FloorUse::disaster_passage, FloorUse::public_open_space,
                            FloorUse::sky_garden_balcony_green};
  auto r = floor_area_ratio(in);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->counted_floor_area_m2, 28'200);
  EXPECT_DOUBLE_EQ(r->far, 2.82);
  EXPECT_FALSE(r->far_ok);
  EXPECT_EQ(r->excluded_by_use.size(), 2u);
}

TEST(FloorAreaRatio, NoItemsNoBuildings) {
  FarInput in;
  in.land_area_m2 = 5'000;
  in.height_limit_m = 30;
  in.far_limit = 1.0;
  auto r = floor_area_ratio(in);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->far, 0.0);
  EXPECT_TRUE(r->ok());
  EXPECT_EQ(r->max_height_m, 0.0);
  EXPECT_TRUE(r->excluded.empty());
}

void expect_invalid(const Error& e, const std::string& field) {
  EXPECT_EQ(e.code, ErrorCode::invalid_argument);
  EXPECT_EQ(e.field, field) << e.message;
  EXPECT_FALSE(e.message.empty());
}

TEST(FloorAreaRatio, Errors) {
  struct Case {
    const char* name;
    void (*edit)(FarInput&);
    const char* field;
  };
  const Case cases[] = {
      {"zero land", [](FarInput& in) { in.land_area_m2 = 0; }, "/land_area_m2"},
      {"negative land", [](FarInput& in) { in.land_area_m2 = -1; }, "/land_area_m2"},
      {"NaN land", [](FarInput& in) { in.land_area_m2 = std::nan(""); }, "/land_area_m2"},
      {"negative amount", [](FarInput& in) { in.floor_areas[1].area_m2 = -0.5; },
       "/floor_areas/1/area_m2"},
      {"infinite amount",
       [](FarInput& in) { in.floor_areas[3].area_m2 = std::numeric_limits<double>::infinity(); },
       "/floor_areas/3/area_m2"},
      {"unknown use", [](FarInput& in) { in.floor_areas[0].use = "basement"; },
       "/floor_areas/0/use"},
      {"use is case-sensitive", [](FarInput& in) { in.floor_areas[2].use = "Stilt_Floor"; },
       "/floor_areas/2/use"},
      {"negative height", [](FarInput& in) { in.buildings[2].height_m = -3; },
       "/buildings/2/height_m"},
      {"zero height limit", [](FarInput& in) { in.height_limit_m = 0; }, "/height_limit_m"},
      {"zero FAR limit", [](FarInput& in) { in.far_limit = 0; }, "/far_limit"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    FarInput in = worked_far_input();
    c.edit(in);
    auto r = floor_area_ratio(in);
    ASSERT_FALSE(r);
    expect_invalid(r.error(), c.field);
  }
}

TEST(FloorUseNames, RoundTrip) {
  for (FloorUse u : {FloorUse::residential, FloorUse::commercial, FloorUse::public_service,
                     FloorUse::disaster_passage, FloorUse::stilt_floor, FloorUse::public_open_space,
                     FloorUse::sky_garden_balcony_green, FloorUse::other}) {
    auto p = parse_floor_use(to_string(u));
    ASSERT_TRUE(p);
    EXPECT_EQ(*p, u);
  }
  EXPECT_FALSE(parse_floor_use(""));
}

// ---------------------------------------------------------------------------------------------
// Green ratio

GreenInput worked_green_input() {
  GreenInput in;
  in.land_area_m2 = 10'000;
  in.ground_green_m2 = 2'500;
  in.vertical = {
      {"roof garden", 800, true}, {"façade", 400, true}, {"private terrace", 300, false}};
  in.rule = {0.5, GreeningCapBasis::ground_green, 0.10};
  in.min_ratio = 0.30;
  return in;
}

TEST(GreenSpaceRatio, WorkedExampleCappedByGroundGreen) {
  // public vertical = 800 + 400 = 1,200 (the 300 m² private terrace does not count)
  // converted = 1,200 × 0.5 = 600;  cap = 10% × 2,500 ground green = 250 → counted 250
  // green = 2,500 + 250 = 2,750 → ratio 0.275 < 0.30 → fails
  auto r = green_space_ratio(worked_green_input());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_DOUBLE_EQ(r->vertical_public_m2, 1'200);
  EXPECT_DOUBLE_EQ(r->vertical_converted_m2, 600);
  ASSERT_TRUE(r->cap_m2);
  EXPECT_DOUBLE_EQ(*r->cap_m2, 250);
  EXPECT_DOUBLE_EQ(r->vertical_counted_m2, 250);
  EXPECT_DOUBLE_EQ(r->green_area_m2, 2'750);
  EXPECT_DOUBLE_EQ(r->ratio, 0.275);
  EXPECT_FALSE(r->ok);
  // Excluded: private 300; factor cut 1,200 − 600 = 600; cap cut 600 − 250 = 350.
  ASSERT_EQ(r->excluded.size(), 3u);
  EXPECT_EQ(r->excluded[0].field, "/vertical/2");
  EXPECT_DOUBLE_EQ(r->excluded[0].area_m2, 300);
  EXPECT_DOUBLE_EQ(r->excluded[1].area_m2, 600);
  EXPECT_DOUBLE_EQ(r->excluded[2].area_m2, 350);
}

TEST(GreenSpaceRatio, CapOnLandAreaAndBoundary) {
  // cap = 10% × 10,000 land = 1,000 ≥ 600 converted → counted 600
  // ground 2,400 + 600 = 3,000 → ratio 0.30 = minimum → passes (>=)
  GreenInput in = worked_green_input();
  in.ground_green_m2 = 2'400;
  in.rule.cap_basis = GreeningCapBasis::land_area;
  auto r = green_space_ratio(in);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(*r->cap_m2, 1'000);
  EXPECT_DOUBLE_EQ(r->vertical_counted_m2, 600);
  EXPECT_DOUBLE_EQ(r->ratio, 0.3);
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(r->excluded.size(), 2u);  // private terrace, factor cut; no cap cut

  // 1 m² less ground green: 2,999 / 10,000 = 0.2999 → fails.
  in.ground_green_m2 = 2'399;
  auto under = green_space_ratio(in);
  ASSERT_TRUE(under);
  EXPECT_FALSE(under->ok);
}

TEST(GreenSpaceRatio, DefaultRuleCountsPublicVerticalGreeningInFull) {
  // factor 1, no cap: 2,500 + 1,200 = 3,700 → 0.37
  GreenInput in = worked_green_input();
  in.rule = {};
  auto r = green_space_ratio(in);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->cap_m2);
  EXPECT_DOUBLE_EQ(r->green_area_m2, 3'700);
  EXPECT_DOUBLE_EQ(r->ratio, 0.37);
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(r->excluded.size(), 1u);  // only the private terrace
}

TEST(GreenSpaceRatio, Errors) {
  struct Case {
    const char* name;
    void (*edit)(GreenInput&);
    const char* field;
  };
  const Case cases[] = {
      {"zero land", [](GreenInput& in) { in.land_area_m2 = 0; }, "/land_area_m2"},
      {"negative ground", [](GreenInput& in) { in.ground_green_m2 = -1; }, "/ground_green_m2"},
      {"ground over land", [](GreenInput& in) { in.ground_green_m2 = 10'001; }, "/ground_green_m2"},
      {"negative vertical", [](GreenInput& in) { in.vertical[1].area_m2 = -2; },
       "/vertical/1/area_m2"},
      {"negative factor", [](GreenInput& in) { in.rule.factor = -0.1; }, "/rule/factor"},
      {"negative cap", [](GreenInput& in) { in.rule.cap_share = -0.1; }, "/rule/cap_share"},
      {"min over 1", [](GreenInput& in) { in.min_ratio = 30; }, "/min_ratio"},
      {"min negative", [](GreenInput& in) { in.min_ratio = -0.1; }, "/min_ratio"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    GreenInput in = worked_green_input();
    c.edit(in);
    auto r = green_space_ratio(in);
    ASSERT_FALSE(r);
    expect_invalid(r.error(), c.field);
  }
}

// ---------------------------------------------------------------------------------------------
// Community facility area per 100 households

FacilityInput worked_facility_input() {
  FacilityInput in;
  in.households = 1'250;
  in.facilities = {
      {"neighbourhood_centre", 600, "邻里中心"},
      {"elderly_care", 200, "居家养老服务站"},
      {"childcare", 150, "托育点"},
      {"retail", 400, "便利店"},
  };
  return in;
}

TEST(FacilityArea, WorkedExampleShortfall) {
  // required = 80 × 1,250 / 100 = 1,000 m²
  // counted  = 600 + 200 + 150 = 950 m² (the 400 m² shop is not a community facility category)
  // per 100 households = 950 × 100 / 1,250 = 76 m² < 80 → fails, shortfall 1,000 − 950 = 50 m²
  auto r = facility_area_per_100_households(worked_facility_input());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_DOUBLE_EQ(r->counted_m2, 950);
  EXPECT_DOUBLE_EQ(r->required_m2, 1'000);
  EXPECT_DOUBLE_EQ(r->m2_per_100_households, 76);
  EXPECT_DOUBLE_EQ(r->shortfall_m2, 50);
  EXPECT_FALSE(r->ok);
  ASSERT_EQ(r->excluded.size(), 1u);
  EXPECT_EQ(r->excluded[0].field, "/facilities/3");
  EXPECT_EQ(r->excluded[0].label, "便利店");
  EXPECT_DOUBLE_EQ(r->excluded[0].area_m2, 400);
}

TEST(FacilityArea, ExactlyEightyPerHundredPasses) {
  // + 50 m² health station → 1,000 m² = required → 80 per 100 households → passes, no shortfall
  FacilityInput in = worked_facility_input();
  in.facilities.push_back({"health_station", 50});
  auto r = facility_area_per_100_households(in);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->m2_per_100_households, 80);
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(r->shortfall_m2, 0.0);
}

TEST(FacilityArea, ConfigurableCategoriesAndMinimum) {
  // Counting retail too: 1,350 m² → 108 per 100 households; with a minimum of 120 the required
  // area is 120 × 1,250 / 100 = 1,500 → shortfall 150.
  FacilityInput in = worked_facility_input();
  in.counted_categories = default_facility_categories();
  in.counted_categories.push_back("retail");
  in.min_m2_per_100_households = 120;
  auto r = facility_area_per_100_households(in);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->counted_m2, 1'350);
  EXPECT_DOUBLE_EQ(r->m2_per_100_households, 108);
  EXPECT_DOUBLE_EQ(r->required_m2, 1'500);
  EXPECT_DOUBLE_EQ(r->shortfall_m2, 150);
  EXPECT_TRUE(r->excluded.empty());
}

TEST(FacilityArea, DefaultCategoriesIncludeNeighbourhoodCentre) {
  const auto& d = default_facility_categories();
  EXPECT_NE(std::find(d.begin(), d.end(), "neighbourhood_centre"), d.end());
  EXPECT_NE(std::find(d.begin(), d.end(), "elderly_care"), d.end());
}

TEST(FacilityArea, Errors) {
  struct Case {
    const char* name;
    void (*edit)(FacilityInput&);
    const char* field;
  };
  const Case cases[] = {
      {"zero households", [](FacilityInput& in) { in.households = 0; }, "/households"},
      {"negative households", [](FacilityInput& in) { in.households = -5; }, "/households"},
      {"negative area", [](FacilityInput& in) { in.facilities[2].area_m2 = -1; },
       "/facilities/2/area_m2"},
      {"empty category", [](FacilityInput& in) { in.facilities[0].category.clear(); },
       "/facilities/0/category"},
      {"negative minimum", [](FacilityInput& in) { in.min_m2_per_100_households = -80; },
       "/min_m2_per_100_households"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    FacilityInput in = worked_facility_input();
    c.edit(in);
    auto r = facility_area_per_100_households(in);
    ASSERT_FALSE(r);
    expect_invalid(r.error(), c.field);
  }
}

// ---------------------------------------------------------------------------------------------
// Properties on random inputs (fixed seed: deterministic)

constexpr FloorUse kAllUses[] = {FloorUse::residential,
                                 FloorUse::commercial,
                                 FloorUse::public_service,
                                 FloorUse::disaster_passage,
                                 FloorUse::stilt_floor,
                                 FloorUse::public_open_space,
                                 FloorUse::sky_garden_balcony_green,
                                 FloorUse::other};
constexpr FloorUse kExcludedUses[] = {FloorUse::disaster_passage, FloorUse::stilt_floor,
                                      FloorUse::public_open_space,
                                      FloorUse::sky_garden_balcony_green};

TEST(PlanningRulesProperty, ExcludedItemsNeverRaiseFarAndPartsAddUp) {
  std::mt19937_64 rng(20240611);
  std::uniform_real_distribution<double> area(0, 20'000);
  std::uniform_int_distribution<int> use(0, 7), excluded_use(0, 3), count(0, 12);
  for (int iter = 0; iter < 2'000; ++iter) {
    FarInput in;
    in.land_area_m2 = 1 + area(rng);
    in.height_limit_m = 100;
    in.far_limit = 2.5;
    const int n = count(rng);
    for (int i = 0; i < n; ++i)
      in.floor_areas.push_back({to_string(kAllUses[use(rng)]), area(rng)});
    auto before = floor_area_ratio(in);
    ASSERT_TRUE(before);
    const double total = before->total_floor_area_m2;
    EXPECT_NEAR(before->counted_floor_area_m2 + before->excluded_floor_area_m2, total,
                1e-9 * std::max(1.0, total));
    double by_use = 0;
    for (const auto& e : before->excluded_by_use) by_use += e.area_m2;
    EXPECT_NEAR(by_use, before->excluded_floor_area_m2, 1e-9 * std::max(1.0, total));
    EXPECT_LE(before->residential_floor_area_m2, before->counted_floor_area_m2 + 1e-9 * total);

    // Insert an excluded item at a random position: FAR and counted area stay exactly the same.
    FarInput more = in;
    std::uniform_int_distribution<size_t> pos(0, more.floor_areas.size());
    more.floor_areas.insert(more.floor_areas.begin() + static_cast<std::ptrdiff_t>(pos(rng)),
                            {to_string(kExcludedUses[excluded_use(rng)]), area(rng)});
    auto after = floor_area_ratio(more);
    ASSERT_TRUE(after);
    EXPECT_LE(after->far, before->far);
    EXPECT_NEAR(after->far, before->far, 1e-9 * std::max(1.0, before->far));
    EXPECT_GE(after->excluded_floor_area_m2, before->excluded_floor_area_m2);
    EXPECT_DOUBLE_EQ(after->residential_floor_area_m2, before->residential_floor_area_m2);
  }
}

TEST(PlanningRulesProperty, GreenAndFacilityInvariants) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0, 1), area(0, 5'000);
  for (int iter = 0; iter < 2'000; ++iter) {
    GreenInput g;
    g.land_area_m2 = 1 + area(rng) * 4;
    g.ground_green_m2 = unit(rng) * g.land_area_m2;
    for (int i = 0; i < 4; ++i) g.vertical.push_back({"v", area(rng), unit(rng) < 0.7});
    g.rule = {unit(rng) * 1.5, static_cast<GreeningCapBasis>(iter % 3), unit(rng) * 0.3};
    g.min_ratio = unit(rng);
    auto r = green_space_ratio(g);
    ASSERT_TRUE(r);
    if (r->cap_m2) {
      EXPECT_LE(r->vertical_counted_m2, *r->cap_m2);
    }
    EXPECT_LE(r->vertical_counted_m2, r->vertical_converted_m2);
    EXPECT_GE(r->ratio, g.ground_green_m2 / g.land_area_m2);
    if (r->ratio >= g.min_ratio + 1e-6) {
      EXPECT_TRUE(r->ok);
    }
    if (r->ratio <= g.min_ratio - 1e-6) {
      EXPECT_FALSE(r->ok);
    }

    FacilityInput f;
    f.households = 1 + static_cast<long long>(unit(rng) * 5'000);
    const auto& cats = default_facility_categories();
    for (int i = 0; i < 6; ++i) {
      const bool counted = unit(rng) < 0.8;
      f.facilities.push_back(
          {counted ? cats[static_cast<size_t>(i) % cats.size()] : "retail", area(rng) / 5});
    }
    auto fr = facility_area_per_100_households(f);
    ASSERT_TRUE(fr);
    EXPECT_NEAR(fr->m2_per_100_households * static_cast<double>(f.households) / 100, fr->counted_m2,
                1e-9 * std::max(1.0, fr->counted_m2));
    EXPECT_GE(fr->shortfall_m2, 0);
    EXPECT_EQ(fr->ok, fr->shortfall_m2 == 0);
    if (!fr->ok) {
      EXPECT_NEAR(fr->counted_m2 + fr->shortfall_m2, fr->required_m2, 1e-6);
    }
  }
}

}  // namespace
}  // namespace weilai::evaluation
