// Satisfaction surveys: question validation, answers checked against the options, anonymous
// results with the minimum group size, and the satisfaction share (ratings 4–5).
#include "evaluation/survey.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace weilai::evaluation {
namespace {

const char* kQuestions = R"([
 {"id":"q1","type":"rating","text_zh":"满意度","satisfaction":true},
 {"id":"q2","type":"single","text_zh":"设施","options":[{"id":"a","zh":"甲"},{"id":"b","zh":"乙"}]},
 {"id":"q3","type":"multiple","text_zh":"改进","options":[{"id":"x","zh":"X"},{"id":"y","zh":"Y"}]},
 {"id":"q4","type":"text","text_zh":"意见","required":false}])";

std::vector<SurveyQuestion> questions() {
  auto qs = parse_questions(kQuestions);
  EXPECT_TRUE(qs) << qs.error().field << " " << qs.error().message;
  return *qs;
}

TEST(Survey, QuestionsAreValidated) {
  EXPECT_EQ(parse_questions("[]").error().field, "/questions");
  EXPECT_EQ(parse_questions(R"([{"id":"a","type":"essay","text_zh":"x"}])").error().field,
            "/questions/0/type");
  EXPECT_EQ(parse_questions(
                R"([{"id":"a","type":"single","text_zh":"x","options":[{"id":"o","zh":"o"}]}])")
                .error()
                .field,
            "/questions/0/options");
  EXPECT_EQ(parse_questions(R"([{"id":"a","type":"text","text_zh":"x","satisfaction":true}])")
                .error()
                .field,
            "/questions/0/satisfaction");
  EXPECT_EQ(
      parse_questions(
          R"([{"id":"a","type":"rating","text_zh":"x"},{"id":"a","type":"rating","text_zh":"y"}])")
          .error()
          .field,
      "/questions/1/id");
  auto round = parse_questions(questions_json(questions()));
  ASSERT_TRUE(round);
  EXPECT_EQ(round->size(), 4u);
  EXPECT_TRUE(round->at(0).satisfaction);
}

TEST(Survey, AnswersOutsideTheOptionsAreRefused) {
  const auto qs = questions();
  auto field = [&](const char* a) { return validate_answers(qs, a).error().field; };
  EXPECT_EQ(field(R"({"q1":0,"q2":"a","q3":["x"]})"), "/answers/q1");
  EXPECT_EQ(field(R"({"q1":4.5,"q2":"a","q3":["x"]})"), "/answers/q1");
  EXPECT_EQ(field(R"({"q1":4,"q2":"c","q3":["x"]})"), "/answers/q2");
  EXPECT_EQ(field(R"({"q1":4,"q2":"a","q3":["x","x"]})"), "/answers/q3");
  EXPECT_EQ(field(R"({"q1":4,"q2":"a","q3":[]})"), "/answers/q3");
  EXPECT_EQ(field(R"({"q1":4,"q2":"a"})"), "/answers/q3");  // required
  EXPECT_EQ(field(R"({"q1":4,"q2":"a","q3":["x"],"q9":1})"), "/answers/q9");
  EXPECT_EQ(field("[1]"), "/answers");
  auto ok = validate_answers(qs, R"({"q3":["y","x"],"q1":5,"q2":"b"})");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(nlohmann::json::parse(*ok)["q1"], 5);  // q4 optional and absent
}

TEST(Survey, ResultsAreAnonymousAndSmallGroupsSuppressed) {
  const auto qs = questions();
  std::vector<SurveyResponseRow> rows;
  // Grid A: 5 answers (ratings 5,4,4,3,2); grid B: 2 answers (5,1).
  for (int r : {5, 4, 4, 3, 2})
    rows.push_back({R"({"q1":)" + std::to_string(r) + R"(,"q2":"a","q3":["x"],"q4":"好"})", "A"});
  for (int r : {5, 1})
    rows.push_back({R"({"q1":)" + std::to_string(r) + R"(,"q2":"b","q3":["x","y"]})", "B"});
  // Satisfaction: ratings ≥ 4 are 5,4,4,5 = 4 of 7.
  int answered = 0;
  EXPECT_NEAR(*satisfaction_pct(qs, rows, &answered), 400.0 / 7, 1e-9);
  EXPECT_EQ(answered, 7);
  auto res = nlohmann::json::parse(survey_results(qs, rows, 12, 5));
  EXPECT_EQ(res["responses"], 7);
  EXPECT_EQ(res["eligible"], 12);
  EXPECT_EQ(res["groups"].size(), 1u);  // B (2) is below 5
  EXPECT_EQ(res["groups"][0]["group"], "A");
  EXPECT_EQ(res["suppressed_responses"], 2);
  EXPECT_EQ(res["questions"][0]["distribution"], nlohmann::json({1, 1, 1, 2, 2}));
  EXPECT_EQ(res["questions"][1]["options"][1]["count"], 2);  // b
  EXPECT_EQ(res["questions"][2]["options"][0]["count"], 7);  // x
  EXPECT_EQ(res["questions"][3]["texts"].size(), 5u);
  // Below the minimum nothing is shown at all.
  auto few = nlohmann::json::parse(survey_results(qs, rows, 12, 10));
  EXPECT_FALSE(few["shown"]);
  EXPECT_TRUE(few["questions"].empty());
  EXPECT_TRUE(few["satisfaction_pct"].is_null());
  EXPECT_EQ(few["suppressed_responses"], 7);
  // No satisfaction question: no value, never zero.
  EXPECT_FALSE(satisfaction_pct(
      parse_questions(R"([{"id":"t","type":"text","text_zh":"x"}])").value(), rows));
}

}  // namespace
}  // namespace weilai::evaluation
