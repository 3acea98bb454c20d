// Rulesets as data: every file under tests/data/evaluation/rulesets/ is a case. valid-*.json hold
// {"expect": {...}, "ruleset": {...}} and must parse; invalid-*.json hold
// {"error_field": "/json/pointer", "error_contains": "text", "ruleset": {...}} and must be refused
// with exactly that field. Also: the shipped default ruleset parses, thresholds per type and tier,
// and the canonical JSON round-trips.
#include "evaluation/ruleset.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace weilai::evaluation {
namespace {
namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(RulesetCases, EveryFileUnderTestsData) {
  const fs::path dir = fs::path(WEILAI_SOURCE_DIR) / "tests/data/evaluation/rulesets";
  int valid = 0, invalid = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() != ".json") continue;
    const auto doc = nlohmann::json::parse(read(entry.path()));
    const auto text = doc.at("ruleset").dump();
    auto parsed = parse_ruleset(text);
    if (name.starts_with("valid-")) {
      ++valid;
      ASSERT_TRUE(parsed) << name << ": " << parsed.error().message;
      const auto& expect = doc.at("expect");
      EXPECT_EQ(parsed->indicator_count(), expect.at("indicators").get<std::size_t>()) << name;
      EXPECT_EQ(parsed->scenarios.size(), expect.at("scenarios").get<std::size_t>()) << name;
    } else {
      ++invalid;
      ASSERT_FALSE(parsed) << name << " was accepted";
      EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument) << name;
      EXPECT_EQ(parsed.error().field, doc.at("error_field").get<std::string>()) << name;
      EXPECT_NE(parsed.error().message.find(doc.at("error_contains").get<std::string>()),
                std::string::npos)
          << name << ": " << parsed.error().message;
    }
  }
  EXPECT_GE(valid, 1);
  EXPECT_GE(invalid, 15);
}

TEST(Ruleset, NotJsonAndNotAnObject) {
  EXPECT_EQ(parse_ruleset("{").error().field, "");
  EXPECT_FALSE(parse_ruleset("[1]"));
}

TEST(Ruleset, ShippedDefaultParsesAndIsMarkedAReconstruction) {
  auto rs =
      parse_ruleset(read(fs::path(WEILAI_SOURCE_DIR) / "data/indicators/default-ruleset.json"));
  ASSERT_TRUE(rs) << rs.error().field << ": " << rs.error().message;
  EXPECT_EQ(rs->provenance, "reconstruction");
  EXPECT_EQ(rs->scenarios.size(), 9u);  // 邻里 教育 健康 创业 建筑 交通 低碳 服务 治理
  EXPECT_EQ(rs->indicator_count(), 34u);  // the draft's 33 + LC-04 green ratio
  const auto* nb02 = rs->find("NB-02");
  ASSERT_NE(nb02, nullptr);
  EXPECT_EQ(nb02->kind, IndicatorKind::binding);
  EXPECT_EQ(nb02->threshold.value, 80);  // 三(六): 每百户不少于80平方米
  EXPECT_EQ(nb02->source.name, "facility_area_per_100_households");
  EXPECT_EQ(rs->find("GV-02")->source.name, "resident_satisfaction");
}

TEST(Ruleset, ThresholdByProjectTypeAndTier) {
  auto doc = nlohmann::json::parse(
      read(fs::path(WEILAI_SOURCE_DIR) / "tests/data/evaluation/rulesets/valid-minimal.json"));
  auto rs = parse_ruleset(doc.at("ruleset").dump());
  ASSERT_TRUE(rs);
  const auto& ind = *rs->find("NB-02");
  EXPECT_EQ(threshold_for(ind, "new_build", "inclusive").value, 80);  // default
  EXPECT_EQ(threshold_for(ind, "renewal", "inclusive").value, 60);    // by type
  EXPECT_EQ(threshold_for(ind, "new_build", "leading").value, 100);   // by tier
  EXPECT_EQ(threshold_for(ind, "renewal", "leading").value, 90);      // both: most specific
  EXPECT_EQ(describe(Comparison::at_least, ind.threshold), "≥ 80");
  EXPECT_EQ(describe(Comparison::between, rs->find("NB-01")->threshold), "4 – 50");
}

TEST(Ruleset, CanonicalJsonRoundTrips) {
  auto rs =
      parse_ruleset(read(fs::path(WEILAI_SOURCE_DIR) / "data/indicators/default-ruleset.json"));
  ASSERT_TRUE(rs);
  const auto once = to_json(*rs);
  auto again = parse_ruleset(once);
  ASSERT_TRUE(again) << again.error().field << " " << again.error().message;
  EXPECT_EQ(to_json(*again), once);
  EXPECT_EQ(again->find("LC-04")->source.greening_factor, 0.5);
}

}  // namespace
}  // namespace weilai::evaluation
