// Resident satisfaction surveys (二(一): 居民满意度是最终标准): questions (rating 1–5, single
// choice, multiple choice, text), answers checked against them, and anonymous results: counts per
// option, rating distributions and means, with breakdowns (per grid) shown only for groups of at
// least the survey's minimum size. The satisfaction indicator reads the share of households rating
// 4 or 5 on the question marked `satisfaction`. Pure and thread-safe; JSON in and out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace weilai::evaluation {

struct SurveyOption {
  std::string id, zh, en;
};

struct SurveyQuestion {
  std::string id;
  std::string type;  // rating | single | multiple | text
  std::string text_zh, text_en;
  std::vector<SurveyOption> options;  // single / multiple only
  bool required = true;
  bool satisfaction = false;  // rating only: feeds the satisfaction indicator
};

// Errors: invalid_argument naming the field ("/questions/1/options").
Result<std::vector<SurveyQuestion>> parse_questions(std::string_view json_array_text);
std::string questions_json(const std::vector<SurveyQuestion>& questions);

// Validates a response {"q1": 4, "q2": "a", "q3": ["a","b"], "q4": "text"} against the questions
// and returns its canonical JSON. Errors name the question ("/answers/q2"): an option that does
// not exist, a rating outside 1..5, a missing required answer, an unknown question.
Result<std::string> validate_answers(const std::vector<SurveyQuestion>& questions,
                                     std::string_view answers_json);

struct SurveyResponseRow {
  std::string answers_json;  // canonical, from validate_answers
  std::string group;         // breakdown key (grid name); never a household or account
};

// The aggregated results as JSON: {"responses": n, "eligible": m, "questions": [...],
// "groups": [...] (only groups with >= min_group_size responses; smaller ones merged into
// "suppressed"), "satisfaction_pct": x | null}. Text answers are listed without any identity, and
// only when responses >= min_group_size.
std::string survey_results(const std::vector<SurveyQuestion>& questions,
                           const std::vector<SurveyResponseRow>& responses, long long eligible,
                           int min_group_size);

// Share (0..100) of responses rating 4 or 5 on the satisfaction question; nullopt when there is
// no such question or no answer to it.
std::optional<double> satisfaction_pct(const std::vector<SurveyQuestion>& questions,
                                       const std::vector<SurveyResponseRow>& responses,
                                       int* answered = nullptr);

}  // namespace weilai::evaluation
