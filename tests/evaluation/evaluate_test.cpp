// Evaluations over a small ruleset with hand-worked arithmetic: values, sources, no-data rules,
// points, per-scenario totals, the verdict, and comparing two results.
#include "evaluation/evaluate.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace weilai::evaluation {
namespace {

const char* kRuleset = R"({
 "code":"t","version":"v1","name_zh":"测试","name_en":"test","provenance":"reconstruction","pass_mark":60,
 "scenarios":[
  {"code":"NB","name_zh":"邻里","name_en":"Neighbourhood","indicators":[
   {"code":"NB-02","name_zh":"配套","name_en":"Facilities","kind":"binding","measure":"m²/100hh",
    "unit":"m²/100 households","comparison":">=","threshold":80,
    "overrides":[{"project_type":"renewal","threshold":60}],
    "source":{"type":"computed","calculator":"facility_area_per_100_households"}},
   {"code":"NB-01","name_zh":"文化","name_en":"Culture","kind":"guiding","measure":"events",
    "unit":"events/yr","comparison":">=","threshold":12,"points":4,"source":{"type":"reported"}}]},
  {"code":"AR","name_zh":"建筑","name_en":"Architecture","indicators":[
   {"code":"AR-02","name_zh":"容积率","name_en":"FAR","kind":"guiding","measure":"FAR","unit":"bool",
    "comparison":"bool","threshold":true,"points":6,"source":{"type":"computed","calculator":"far_compliance"}},
   {"code":"LC-04","name_zh":"绿地率","name_en":"Green","kind":"guiding","measure":"ratio","unit":"ratio",
    "comparison":">=","threshold":0.30,"points":5,
    "source":{"type":"computed","calculator":"green_space_ratio","params":{"vertical_greening_factor":0.5}}}]},
  {"code":"GV","name_zh":"治理","name_en":"Governance","indicators":[
   {"code":"GV-02","name_zh":"满意度","name_en":"Satisfaction","kind":"binding","measure":"%","unit":"%",
    "comparison":">=","threshold":80,"source":{"type":"adapter","adapter":"resident_satisfaction"}},
   {"code":"SV-01","name_zh":"工单","name_en":"SLA","kind":"binding","measure":"%","unit":"%",
    "comparison":">=","threshold":90,"source":{"type":"adapter","adapter":"work_order_sla"}}]}]})";

Ruleset ruleset() {
  auto rs = parse_ruleset(kRuleset);
  EXPECT_TRUE(rs) << rs.error().field << " " << rs.error().message;
  return *rs;
}

EvaluationInput full_input() {
  EvaluationInput in;
  in.project = {7, "灵山", "new_build", 1000};
  in.as_of = "2026-06-30";
  SiteInputs site;
  // Facilities: 500 + 400 counted, the shop (retail) not: 900 m² × 100 / 1000 hh = 90 ≥ 80.
  site.facilities = {{"neighbourhood_centre", 500, "邻里中心"},
                     {"elderly_care", 400, "日间照料"},
                     {"retail", 300, "便利店"}};
  // Plot: land 10,000 m²; 24,000 residential + 2,000 stilt floor (excluded) → FAR 2.4 ≤ 2.5;
  // height 60 ≤ 80. Green: 2,500 ground + 0.5 × 1,000 vertical = 3,000 / 10,000 = 0.30.
  Plot p;
  p.name = "A-1";
  p.land_area_m2 = 10000;
  p.far_limit = 2.5;
  p.height_limit_m = 80;
  p.floor_areas = {{"residential", 24000, ""}, {"stilt_floor", 2000, ""}};
  p.buildings = {{"1幢", 60}};
  p.ground_green_m2 = 2500;
  p.vertical_greening = {{"立体绿化", 1000, true}};
  site.plots = {p};
  in.site = site;
  in.reported = {{1, "NB-01", 10.0, std::nullopt, "2026-01-01", "记录", "", "accepted", ""},
                 {2, "NB-01", 14.0, std::nullopt, "2026-05-01", "记录", "file-2", "pending", ""},
                 {3, "NB-01", 30.0, std::nullopt, "2026-09-01", "later", "", "accepted", ""},
                 {4, "SV-01", 95.0, std::nullopt, "2026-03-01", "工单台账", "", "accepted", ""}};
  in.adapters["resident_satisfaction"] = AdapterReading{85.0, std::nullopt, "17 of 20 households"};
  return in;
}

const IndicatorResult& get(const EvaluationResult& r, const std::string& code) {
  for (const auto& i : r.indicators)
    if (i.code == code) return i;
  throw std::runtime_error("no " + code);
}

TEST(Evaluate, WorkedExamplePasses) {
  auto r = evaluate(ruleset(), full_input());
  EXPECT_DOUBLE_EQ(*get(r, "NB-02").number, 90.0);  // 900 × 100 / 1000
  EXPECT_EQ(get(r, "NB-02").outcome, "met");
  EXPECT_EQ(get(r, "NB-02").threshold_text, "≥ 80");
  // Latest reported on or before 2026-06-30 is #2 (14, pending): the September one is later.
  EXPECT_DOUBLE_EQ(*get(r, "NB-01").number, 14.0);
  EXPECT_EQ(get(r, "NB-01").reported_value_id, 2);
  EXPECT_EQ(get(r, "NB-01").review_status, "pending");
  EXPECT_EQ(get(r, "NB-01").points_earned, 4);
  EXPECT_EQ(*get(r, "AR-02").flag, true);             // FAR 24,000 / 10,000 = 2.4 ≤ 2.5
  EXPECT_NEAR(*get(r, "LC-04").number, 0.30, 1e-12);  // (2,500 + 500) / 10,000
  EXPECT_EQ(get(r, "LC-04").outcome, "met");
  EXPECT_EQ(get(r, "GV-02").source, "adapter");
  // work_order_sla has no module yet: the reported value is used and the note says so.
  EXPECT_EQ(get(r, "SV-01").source, "reported");
  EXPECT_NE(get(r, "SV-01").source_detail.find("not yet provided"), std::string::npos);
  EXPECT_EQ(r.binding_total, 3);
  EXPECT_EQ(r.binding_failed, 0);
  EXPECT_DOUBLE_EQ(r.points_available, 15);  // 4 + 6 + 5
  EXPECT_DOUBLE_EQ(r.score, 100);
  EXPECT_EQ(r.verdict, "pass");
  ASSERT_EQ(r.scenarios.size(), 3u);
  EXPECT_EQ(r.scenarios[0].met, 2);
  EXPECT_DOUBLE_EQ(r.scenarios[0].attainment_pct, 100);
}

TEST(Evaluate, MissingInputsAreNoDataNeverZeroAndFailBinding) {
  auto in = full_input();
  in.site.reset();
  in.reported.clear();
  in.adapters.clear();
  auto r = evaluate(ruleset(), in);
  for (const auto& i : r.indicators) {
    EXPECT_EQ(i.outcome, "no_data") << i.code;
    EXPECT_FALSE(i.number.has_value()) << i.code;
    EXPECT_FALSE(i.flag.has_value()) << i.code;
  }
  EXPECT_EQ(r.no_data, 6);
  EXPECT_EQ(r.binding_failed, 3);  // no data is not shown to be met
  EXPECT_DOUBLE_EQ(r.score, 0);
  EXPECT_EQ(r.verdict, "fail");
  EXPECT_EQ(r.verdict_reasons.size(), 4u);  // three binding + the score
}

TEST(Evaluate, QueriedValuesAreNotUsedAndScoreBelowPassMarkFails) {
  auto in = full_input();
  for (auto& rv : in.reported)
    if (rv.indicator_code == "NB-01") rv.review_status = "queried";
  in.site->plots[0].buildings[0].height_m = 90;  // over 80 m: AR-02 not met
  auto r = evaluate(ruleset(), in);
  EXPECT_EQ(get(r, "NB-01").outcome, "no_data");
  EXPECT_NE(get(r, "NB-01").source_detail.find("queried"), std::string::npos);
  EXPECT_EQ(*get(r, "AR-02").flag, false);
  EXPECT_EQ(get(r, "AR-02").outcome, "not_met");
  // Earned 5 of 15 = 33.33 < 60.
  EXPECT_DOUBLE_EQ(r.score, 33.33);
  EXPECT_EQ(r.binding_failed, 0);
  EXPECT_EQ(r.verdict, "fail");
}

TEST(Evaluate, ThresholdPerProjectTypeAndBoundary) {
  auto in = full_input();
  in.project.project_type = "renewal";                        // threshold 60
  in.site->facilities = {{"neighbourhood_centre", 600, ""}};  // 600 × 100 / 1000 = 60: at the limit
  auto r = evaluate(ruleset(), in);
  EXPECT_EQ(get(r, "NB-02").threshold_text, "≥ 60");
  EXPECT_EQ(get(r, "NB-02").outcome, "met");
  in.project.project_type = "new_build";  // threshold 80
  r = evaluate(ruleset(), in);
  EXPECT_EQ(get(r, "NB-02").outcome, "not_met");
  EXPECT_EQ(r.verdict, "fail");
}

TEST(Evaluate, CompareNamesWhatChangedAndWhy) {
  auto rs = ruleset();
  auto a = to_json(evaluate(rs, full_input()));
  auto rs2 = rs;
  rs2.version = "v2";
  rs2.scenarios[0].indicators[0].threshold.value = 95;  // NB-02 now fails at 90
  auto in = full_input();
  in.adapters["resident_satisfaction"] = AdapterReading{88.0, std::nullopt, "x"};
  auto b = to_json(evaluate(rs2, in));
  auto diff = compare_json(a, b);
  ASSERT_TRUE(diff);
  auto d = nlohmann::json::parse(*diff);
  EXPECT_EQ(d["before"]["verdict"], "pass");
  EXPECT_EQ(d["after"]["verdict"], "fail");
  ASSERT_EQ(d["changes"].size(), 2u);
  EXPECT_EQ(d["changes"][0]["code"], "NB-02");
  EXPECT_EQ(d["changes"][0]["reasons"][0], "threshold changed");
  EXPECT_EQ(d["changes"][0]["outcome_after"], "not_met");
  EXPECT_EQ(d["changes"][1]["code"], "GV-02");
  EXPECT_EQ(d["changes"][1]["reasons"][0], "value changed");
  EXPECT_FALSE(compare_json("{}", b));
}

TEST(SiteInputs, ParseNamesTheBadField) {
  EXPECT_EQ(parse_site_inputs(
                R"({"plots":[{"name":"A","land_area_m2":0,"far_limit":2,"height_limit_m":80}]})")
                .error()
                .field,
            "/plots/0/land_area_m2");
  EXPECT_EQ(parse_site_inputs(R"({"facilities":[{"category":"x","area_m2":"5"}]})").error().field,
            "/facilities/0/area_m2");
  EXPECT_EQ(
      parse_site_inputs(
          R"({"plots":[{"name":"A","land_area_m2":5,"far_limit":2,"height_limit_m":80,"floor_areas":[{"use":"hotel","area_m2":1}]}]})")
          .error()
          .field,
      "/plots/0/floor_areas/0/use");
  EXPECT_EQ(parse_site_inputs(R"({"tier":"gold"})").error().field, "/tier");
  auto ok = parse_site_inputs(to_json(full_input().site.value()));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->plots[0].floor_areas.size(), 2u);
}

}  // namespace
}  // namespace weilai::evaluation

namespace weilai::evaluation {
namespace {

// A module that exists but has no data for the project: the reported value (with evidence) stands
// in and the note says why; the platform's reading wins when there is one; resident satisfaction
// never falls back (the final measure comes from the residents' own answers).
TEST(Evaluate, ProvidedAdapterWithoutDataFallsBackToReportedExceptSatisfaction) {
  auto in = full_input();
  in.adapters["work_order_sla"] = std::nullopt;
  in.adapters["resident_satisfaction"] = std::nullopt;
  in.reported.push_back({5, "GV-02", 90.0, std::nullopt, "2026-03-01", "x", "", "accepted", ""});
  auto r = evaluate(ruleset(), in);
  EXPECT_EQ(get(r, "SV-01").source, "reported");
  EXPECT_DOUBLE_EQ(*get(r, "SV-01").number, 95.0);
  EXPECT_NE(get(r, "SV-01").source_detail.find("no data in the platform"), std::string::npos);
  EXPECT_EQ(get(r, "GV-02").outcome, "no_data");
  EXPECT_EQ(get(r, "GV-02").source, "adapter");

  in.adapters["work_order_sla"] = AdapterReading{80.0, std::nullopt, "8 of 10 orders"};
  r = evaluate(ruleset(), in);
  EXPECT_EQ(get(r, "SV-01").source, "adapter");
  EXPECT_DOUBLE_EQ(*get(r, "SV-01").number, 80.0);  // 80 < 90: the platform's figure decides
  EXPECT_EQ(get(r, "SV-01").outcome, "not_met");
}

}  // namespace
}  // namespace weilai::evaluation
