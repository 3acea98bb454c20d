// Rows of the evaluation module (migration 0004): rulesets and their lifecycle (draft → published
// → retired; published bodies never change), site inputs per project, reported indicator values
// and their review, stored evaluations, satisfaction surveys and their per-household responses.
// Also the acceptance hook the programme workflow reads: latest_evaluation_summary().
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "evaluation/evaluate.hpp"
#include "evaluation/survey.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

struct RulesetRow {
  std::int64_t id = 0;
  std::string code, version_label, status, provenance, name_zh;
  std::string body;  // canonical ruleset JSON (list_rulesets leaves it empty)
  std::optional<std::int64_t> copied_from;
  std::int64_t created_at = 0, updated_at = 0;
  std::optional<std::int64_t> published_at, retired_at;
  std::int64_t version = 1;
  std::int64_t evaluations = 0;  // how many evaluations used it
};

Result<std::vector<RulesetRow>> list_rulesets(Tx& tx);
Result<RulesetRow> get_ruleset(Tx& tx, std::int64_t id);  // not_found
// A new draft from a parsed ruleset; already_exists when (code, version) is taken.
Result<RulesetRow> insert_ruleset(Tx& tx, const evaluation::Ruleset& rs, const std::string& status,
                                  std::optional<std::int64_t> copied_from, UnixMillis now);
// Replaces a draft's body; failed_precondition unless draft, conflict when `version` is stale.
Result<RulesetRow> update_ruleset(Tx& tx, std::int64_t id, std::int64_t version,
                                  const evaluation::Ruleset& rs, UnixMillis now);
// draft → published or published → retired; failed_precondition otherwise.
Result<RulesetRow> set_ruleset_status(Tx& tx, std::int64_t id, const std::string& to,
                                      UnixMillis now);
Status delete_draft_ruleset(Tx& tx, std::int64_t id);

struct SiteInputsRow {
  std::int64_t project_id = 0;
  std::string body;
  std::int64_t updated_at = 0;
  std::int64_t version = 0;  // 0: none stored yet
};
Result<std::optional<SiteInputsRow>> get_site_inputs(Tx& tx, std::int64_t project_id);
// Upsert with optimistic concurrency: `expected_version` 0 for the first write.
Result<SiteInputsRow> put_site_inputs(Tx& tx, std::int64_t project_id,
                                      std::int64_t expected_version, const std::string& body,
                                      std::int64_t account_id, UnixMillis now);

Result<std::vector<evaluation::ReportedValue>> list_reported_values(Tx& tx,
                                                                    std::int64_t project_id);
Result<evaluation::ReportedValue> insert_reported_value(Tx& tx, std::int64_t project_id,
                                                        const evaluation::ReportedValue& v,
                                                        std::optional<std::int64_t> account_id,
                                                        UnixMillis now);
// The project the value belongs to (for scoping) with the value.
Result<std::pair<std::int64_t, evaluation::ReportedValue>> get_reported_value(Tx& tx,
                                                                              std::int64_t id);
Result<evaluation::ReportedValue> review_reported_value(Tx& tx, std::int64_t id,
                                                        const std::string& status,
                                                        const std::string& note,
                                                        std::int64_t account_id, UnixMillis now);

struct EvaluationRow {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::int64_t ruleset_id = 0;
  std::string ruleset_code, ruleset_version, as_of;
  double score = 0, pass_mark = 0;
  std::int64_t binding_failed = 0, no_data = 0;
  std::string verdict;
  std::string result;  // JSON (empty in lists)
  std::int64_t created_at = 0;
  std::string project_name;  // filled by league_table
  std::int64_t county_id = 0;
  std::string county_name_zh;
};
Result<EvaluationRow> insert_evaluation(Tx& tx, std::int64_t ruleset_id,
                                        const evaluation::EvaluationResult& result,
                                        std::optional<std::int64_t> account_id, UnixMillis now);
Result<std::vector<EvaluationRow>> list_evaluations(Tx& tx, std::int64_t project_id,
                                                    bool with_result = false);
Result<EvaluationRow> get_evaluation(Tx& tx, std::int64_t id);  // with result; not_found
// The latest evaluation of every project (optionally of one county), best first.
Result<std::vector<EvaluationRow>> league_table(Tx& tx, std::optional<std::int64_t> county_id);

// The acceptance hook: what the programme workflow needs of a project's latest evaluation.
struct AcceptanceSummary {
  std::int64_t evaluation_id = 0;
  std::int64_t ruleset_id = 0;
  std::string ruleset_code, ruleset_version, as_of;
  std::int64_t binding_failed = 0;
  double score = 0, pass_mark = 0;
  std::string verdict;  // pass | fail
};
// nullopt when the project was never evaluated.
Result<std::optional<AcceptanceSummary>> latest_evaluation_summary(Tx& tx, std::int64_t project_id);

struct SurveyRow {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string title, description;
  std::string questions;  // canonical JSON array
  std::int64_t opens_at = 0, closes_at = 0;
  std::int64_t min_group_size = 5;
  std::int64_t created_at = 0;
  std::int64_t responses = 0;  // count
};
Result<SurveyRow> insert_survey(Tx& tx, const SurveyRow& s, std::optional<std::int64_t> account_id,
                                UnixMillis now);
Result<SurveyRow> get_survey(Tx& tx, std::int64_t id);  // not_found
Result<std::vector<SurveyRow>> list_surveys(Tx& tx, std::int64_t project_id);
// Surveys of the projects whose community is one of these.
Result<std::vector<SurveyRow>> surveys_for_communities(
    Tx& tx, const std::vector<std::int64_t>& communities);
Status close_survey(Tx& tx, std::int64_t id, UnixMillis now);
// One response per household: a later one replaces the earlier (one atomic upsert). Returns
// whether it replaced an earlier response.
Result<bool> upsert_survey_response(Tx& tx, std::int64_t survey_id, std::int64_t household_id,
                                    const std::string& answers, UnixMillis now);
// Responses with their breakdown group (the household's grid name), without household ids.
Result<std::vector<evaluation::SurveyResponseRow>> survey_responses(Tx& tx, std::int64_t survey_id,
                                                                    UnixMillis until);
Result<std::int64_t> eligible_households(Tx& tx, std::int64_t project_id);
Result<std::optional<std::string>> answered_at(Tx& tx, std::int64_t survey_id,
                                               std::int64_t household_id);

// The satisfaction adapter: the share of households rating 4–5 on the satisfaction question of the
// project's latest survey that opened on or before `until` (responses up to `until`); no data while
// fewer households than the survey's minimum group size have answered it.
Result<std::optional<evaluation::AdapterReading>> satisfaction_reading(Tx& tx,
                                                                       std::int64_t project_id,
                                                                       UnixMillis until);

// Operational-indicator adapters (docs/EVALUATION.md): a module that can compute an indicator's
// value (time-bank participation, points activity, work-order SLA, shared-parking share, poll
// turnout, travel-circle coverage) registers a function under the adapter's name (one of
// evaluation::known_adapters()) at start-up, before the server serves. Until one is registered,
// indicators with that adapter use reported values and say so. resident_satisfaction is registered
// by this module (satisfaction_reading). Registering is not thread-safe with evaluations running.
using AdapterFn = std::function<Result<std::optional<evaluation::AdapterReading>>(
    Tx&, std::int64_t project_id, UnixMillis until)>;
// invalid_argument for a name that is not a known adapter.
Status register_evaluation_adapter(const std::string& name, AdapterFn fn);
// The readings of every registered adapter for a project (the input evaluate() takes).
Result<std::map<std::string, std::optional<evaluation::AdapterReading>>> read_adapters(
    Tx& tx, std::int64_t project_id, UnixMillis until);

}  // namespace weilai::storage
