#include "storage/evaluation_store.hpp"

#include <algorithm>

#include "storage/evaluation_adapters.hpp"

namespace weilai::storage {
namespace {

constexpr const char* kRulesetCols =
    "SELECT r.id, r.code, r.version_label, r.status, r.provenance, r.name_zh, r.copied_from, "
    "r.created_at, r.updated_at, r.published_at, r.retired_at, r.version, "
    "(SELECT COUNT(*) FROM eval_evaluations e WHERE e.ruleset_id = r.id)";

RulesetRow ruleset_from(const Row& r) {
  RulesetRow x;
  x.id = r.i64(0);
  x.code = r.text(1);
  x.version_label = r.text(2);
  x.status = r.text(3);
  x.provenance = r.text(4);
  x.name_zh = r.text(5);
  x.copied_from = r.opt_i64(6);
  x.created_at = r.i64(7);
  x.updated_at = r.i64(8);
  x.published_at = r.opt_i64(9);
  x.retired_at = r.opt_i64(10);
  x.version = r.i64(11);
  x.evaluations = r.i64(12);
  if (r.values.size() > 13) x.body = r.text(13);
  return x;
}

constexpr const char* kReportedCols =
    "SELECT id, project_id, indicator_code, value_number, value_flag, period, evidence, "
    "attachment_ref, review_status, review_note FROM eval_reported_values ";

evaluation::ReportedValue reported_from(const Row& r) {
  evaluation::ReportedValue v;
  v.id = r.i64(0);
  v.indicator_code = r.text(2);
  v.number = r.opt_f64(3);
  if (!r.is_null(4)) v.flag = r.i64(4) != 0;
  v.period = r.text(5);
  v.evidence = r.text(6);
  v.attachment_ref = r.text(7);
  v.review_status = r.text(8);
  v.review_note = r.text(9);
  return v;
}

constexpr const char* kEvalCols =
    "SELECT e.id, e.project_id, e.ruleset_id, e.ruleset_code, e.ruleset_version, e.as_of, e.score, "
    "e.pass_mark, e.binding_failed, e.no_data, e.verdict, e.created_at";

EvaluationRow evaluation_from(const Row& r) {
  EvaluationRow e;
  e.id = r.i64(0);
  e.project_id = r.i64(1);
  e.ruleset_id = r.i64(2);
  e.ruleset_code = r.text(3);
  e.ruleset_version = r.text(4);
  e.as_of = r.text(5);
  e.score = r.f64(6);
  e.pass_mark = r.f64(7);
  e.binding_failed = r.i64(8);
  e.no_data = r.i64(9);
  e.verdict = r.text(10);
  e.created_at = r.i64(11);
  return e;
}

constexpr const char* kSurveyCols =
    "SELECT s.id, s.project_id, s.title, s.description, s.questions, s.opens_at, s.closes_at, "
    "s.min_group_size, s.created_at, "
    "(SELECT COUNT(*) FROM survey_responses x WHERE x.survey_id = s.id) FROM surveys s ";

SurveyRow survey_from(const Row& r) {
  SurveyRow s;
  s.id = r.i64(0);
  s.project_id = r.i64(1);
  s.title = r.text(2);
  s.description = r.text(3);
  s.questions = r.text(4);
  s.opens_at = r.i64(5);
  s.closes_at = r.i64(6);
  s.min_group_size = r.i64(7);
  s.created_at = r.i64(8);
  s.responses = r.i64(9);
  return s;
}

}  // namespace

Result<std::vector<RulesetRow>> list_rulesets(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kRulesetCols) +
                                " FROM eval_rulesets r ORDER BY r.code, r.id DESC"));
  std::vector<RulesetRow> out;
  for (const auto& r : rows.rows) out.push_back(ruleset_from(r));
  return out;
}

Result<RulesetRow> get_ruleset(Tx& tx, std::int64_t id) {
  WEILAI_TRY(
      Rows rows,
      tx.exec(std::string(kRulesetCols) + ", r.body FROM eval_rulesets r WHERE r.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no ruleset " + std::to_string(id));
  return ruleset_from(rows.front());
}

Result<RulesetRow> insert_ruleset(Tx& tx, const evaluation::Ruleset& rs, const std::string& status,
                                  std::optional<std::int64_t> copied_from, UnixMillis now) {
  WEILAI_TRY(Rows taken,
             tx.exec("SELECT id FROM eval_rulesets WHERE code = $1 AND version_label = $2",
                     {rs.code, rs.version}));
  if (!taken.empty())
    return Error{ErrorCode::already_exists,
                 "ruleset " + rs.code + " already has a version " + rs.version, "/version"};
  WEILAI_TRY(auto id,
             tx.insert_returning_id(
                 "INSERT INTO eval_rulesets (code, version_label, status, provenance, "
                 "name_zh, body, copied_from, created_at, updated_at, published_at) "
                 "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8,$9) RETURNING id",
                 {rs.code, rs.version, status, rs.provenance, rs.name_zh, evaluation::to_json(rs),
                  nullable(copied_from), now, status == "published" ? Value(now) : kNull}));
  return get_ruleset(tx, id);
}

Result<RulesetRow> update_ruleset(Tx& tx, std::int64_t id, std::int64_t version,
                                  const evaluation::Ruleset& rs, UnixMillis now) {
  WEILAI_TRY(auto current, get_ruleset(tx, id));
  if (current.status != "draft")
    return Error{ErrorCode::failed_precondition,
                 "ruleset " + std::to_string(id) + " is " + current.status +
                     ": only drafts change (copy it into a new draft)",
                 ""};
  if (rs.code != current.code || rs.version != current.version_label) {
    WEILAI_TRY(Rows taken,
               tx.exec("SELECT id FROM eval_rulesets WHERE code = $1 AND version_label = $2 AND "
                       "id <> $3",
                       {rs.code, rs.version, id}));
    if (!taken.empty())
      return Error{ErrorCode::already_exists,
                   "ruleset " + rs.code + " already has a version " + rs.version, "/version"};
  }
  WEILAI_TRY(Rows done, tx.exec("UPDATE eval_rulesets SET code = $1, version_label = $2, "
                                "provenance = $3, name_zh = $4, body = $5, updated_at = $6, "
                                "version = version + 1 WHERE id = $7 AND version = $8 AND "
                                "status = 'draft'",
                                {rs.code, rs.version, rs.provenance, rs.name_zh,
                                 evaluation::to_json(rs), now, id, version}));
  if (done.affected == 0) return Error::conflict("the ruleset was changed by someone else");
  return get_ruleset(tx, id);
}

Result<RulesetRow> set_ruleset_status(Tx& tx, std::int64_t id, const std::string& to,
                                      UnixMillis now) {
  WEILAI_TRY(auto current, get_ruleset(tx, id));
  const std::string from = to == "published" ? "draft" : "published";
  if (current.status != from)
    return Error{ErrorCode::failed_precondition,
                 "ruleset " + std::to_string(id) + " is " + current.status + ", not " + from, ""};
  WEILAI_TRY(Rows done,
             tx.exec(std::string("UPDATE eval_rulesets SET status = $1, updated_at = $2, ") +
                         (to == "published" ? "published_at" : "retired_at") +
                         " = $2, version = version + 1 WHERE id = $3 AND status = $4",
                     {to, now, id, from}));
  if (done.affected == 0) return Error::conflict("the ruleset was changed by someone else");
  return get_ruleset(tx, id);
}

Status delete_draft_ruleset(Tx& tx, std::int64_t id) {
  WEILAI_TRY(auto current, get_ruleset(tx, id));
  if (current.status != "draft")
    return Error{ErrorCode::failed_precondition, "only a draft can be deleted", ""};
  WEILAI_CHECK(tx.exec("UPDATE eval_rulesets SET copied_from = NULL WHERE copied_from = $1", {id}));
  WEILAI_CHECK(tx.exec("DELETE FROM eval_rulesets WHERE id = $1 AND status = 'draft'", {id}));
  return {};
}

Result<std::optional<SiteInputsRow>> get_site_inputs(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT project_id, body, updated_at, version FROM "
                                "eval_site_inputs WHERE project_id = $1",
                                {project_id}));
  if (rows.empty()) return std::optional<SiteInputsRow>();
  const auto& r = rows.front();
  return std::optional<SiteInputsRow>(SiteInputsRow{r.i64(0), r.text(1), r.i64(2), r.i64(3)});
}

Result<SiteInputsRow> put_site_inputs(Tx& tx, std::int64_t project_id, std::int64_t expected,
                                      const std::string& body, std::int64_t account_id,
                                      UnixMillis now) {
  if (expected == 0) {
    WEILAI_TRY(Rows done, tx.exec("INSERT INTO eval_site_inputs (project_id, body, updated_at, "
                                  "updated_by, version) VALUES ($1,$2,$3,$4,1) "
                                  "ON CONFLICT (project_id) DO NOTHING",
                                  {project_id, body, now, account_id}));
    if (done.affected == 0)
      return Error::conflict("site inputs already exist: send their current version");
  } else {
    WEILAI_TRY(Rows done, tx.exec("UPDATE eval_site_inputs SET body = $1, updated_at = $2, "
                                  "updated_by = $3, version = version + 1 WHERE project_id = $4 "
                                  "AND version = $5",
                                  {body, now, account_id, project_id, expected}));
    if (done.affected == 0) return Error::conflict("the site inputs were changed by someone else");
  }
  WEILAI_TRY(auto row, get_site_inputs(tx, project_id));
  return *row;
}

Result<std::vector<evaluation::ReportedValue>> list_reported_values(Tx& tx,
                                                                    std::int64_t project_id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kReportedCols) +
                                    "WHERE project_id = $1 ORDER BY indicator_code, period, id",
                                {project_id}));
  std::vector<evaluation::ReportedValue> out;
  for (const auto& r : rows.rows) out.push_back(reported_from(r));
  return out;
}

Result<evaluation::ReportedValue> insert_reported_value(Tx& tx, std::int64_t project_id,
                                                        const evaluation::ReportedValue& v,
                                                        std::optional<std::int64_t> account_id,
                                                        UnixMillis now) {
  WEILAI_TRY(auto id,
             tx.insert_returning_id(
                 "INSERT INTO eval_reported_values (project_id, indicator_code, value_number, "
                 "value_flag, period, evidence, attachment_ref, review_status, reported_by, "
                 "reported_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
                 {project_id, v.indicator_code, v.number ? Value(*v.number) : kNull,
                  v.flag ? Value(std::int64_t{*v.flag ? 1 : 0}) : kNull, v.period, v.evidence,
                  v.attachment_ref, v.review_status, nullable(account_id), now}));
  WEILAI_TRY(auto got, get_reported_value(tx, id));
  return got.second;
}

Result<std::pair<std::int64_t, evaluation::ReportedValue>> get_reported_value(Tx& tx,
                                                                              std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kReportedCols) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no reported value " + std::to_string(id));
  return std::make_pair(rows.front().i64(1), reported_from(rows.front()));
}

Result<evaluation::ReportedValue> review_reported_value(Tx& tx, std::int64_t id,
                                                        const std::string& status,
                                                        const std::string& note,
                                                        std::int64_t account_id, UnixMillis now) {
  WEILAI_CHECK(
      tx.exec("UPDATE eval_reported_values SET review_status = $1, review_note = $2, "
              "reviewed_by = $3, reviewed_at = $4 WHERE id = $5",
              {status, note, account_id, now, id}));
  WEILAI_TRY(auto got, get_reported_value(tx, id));
  return got.second;
}

Result<EvaluationRow> insert_evaluation(Tx& tx, std::int64_t ruleset_id,
                                        const evaluation::EvaluationResult& res,
                                        std::optional<std::int64_t> account_id, UnixMillis now) {
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO eval_evaluations (project_id, ruleset_id, ruleset_code, "
                          "ruleset_version, as_of, score, pass_mark, binding_failed, no_data, "
                          "verdict, result, created_at, created_by) VALUES "
                          "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id",
                          {res.project_id, ruleset_id, res.ruleset_code, res.ruleset_version,
                           res.as_of, res.score, res.pass_mark, std::int64_t{res.binding_failed},
                           std::int64_t{res.no_data}, res.verdict, evaluation::to_json(res), now,
                           nullable(account_id)}));
  return get_evaluation(tx, id);
}

Result<std::vector<EvaluationRow>> list_evaluations(Tx& tx, std::int64_t project_id,
                                                    bool with_result) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kEvalCols) + (with_result ? ", e.result" : "") +
                                    " FROM eval_evaluations e WHERE e.project_id = $1 "
                                    "ORDER BY e.id DESC LIMIT 200",
                                {project_id}));
  std::vector<EvaluationRow> out;
  for (const auto& r : rows.rows) {
    out.push_back(evaluation_from(r));
    if (with_result) out.back().result = r.text(12);
  }
  return out;
}

Result<EvaluationRow> get_evaluation(Tx& tx, std::int64_t id) {
  WEILAI_TRY(
      Rows rows,
      tx.exec(std::string(kEvalCols) + ", e.result FROM eval_evaluations e WHERE e.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no evaluation " + std::to_string(id));
  auto e = evaluation_from(rows.front());
  e.result = rows.front().text(12);
  return e;
}

Result<std::vector<EvaluationRow>> league_table(Tx& tx, std::optional<std::int64_t> county_id) {
  std::string sql = std::string(kEvalCols) +
                    ", p.name, p.county_id, c.name_zh FROM eval_evaluations e "
                    "JOIN projects p ON p.id = e.project_id JOIN org_units c ON c.id = p.county_id "
                    "WHERE e.id = (SELECT MAX(x.id) FROM eval_evaluations x WHERE x.project_id = "
                    "e.project_id)";
  std::vector<Value> params;
  if (county_id) {
    params.emplace_back(*county_id);
    sql += " AND p.county_id = $1";
  }
  sql += " ORDER BY e.binding_failed, e.score DESC, e.id";
  WEILAI_TRY(Rows rows, tx.exec(sql, params));
  std::vector<EvaluationRow> out;
  for (const auto& r : rows.rows) {
    auto e = evaluation_from(r);
    e.project_name = r.text(12);
    e.county_id = r.i64(13);
    e.county_name_zh = r.text(14);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::optional<AcceptanceSummary>> latest_evaluation_summary(Tx& tx,
                                                                   std::int64_t project_id) {
  WEILAI_TRY(Rows rows,
             tx.exec(std::string(kEvalCols) + " FROM eval_evaluations e WHERE e.project_id = $1 "
                                              "ORDER BY e.id DESC LIMIT 1",
                     {project_id}));
  if (rows.empty()) return std::optional<AcceptanceSummary>();
  const auto e = evaluation_from(rows.front());
  AcceptanceSummary s;
  s.evaluation_id = e.id;
  s.ruleset_id = e.ruleset_id;
  s.ruleset_code = e.ruleset_code;
  s.ruleset_version = e.ruleset_version;
  s.as_of = e.as_of;
  s.binding_failed = e.binding_failed;
  s.score = e.score;
  s.pass_mark = e.pass_mark;
  s.verdict = e.verdict;
  return std::optional<AcceptanceSummary>(s);
}

Result<SurveyRow> insert_survey(Tx& tx, const SurveyRow& s, std::optional<std::int64_t> account_id,
                                UnixMillis now) {
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO surveys (project_id, title, description, questions, "
                          "opens_at, closes_at, min_group_size, created_at, created_by) VALUES "
                          "($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
                          {s.project_id, s.title, s.description, s.questions, s.opens_at,
                           s.closes_at, s.min_group_size, now, nullable(account_id)}));
  return get_survey(tx, id);
}

Result<SurveyRow> get_survey(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kSurveyCols) + "WHERE s.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no survey " + std::to_string(id));
  return survey_from(rows.front());
}

Result<std::vector<SurveyRow>> list_surveys(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows,
             tx.exec(std::string(kSurveyCols) + "WHERE s.project_id = $1 ORDER BY s.id DESC",
                     {project_id}));
  std::vector<SurveyRow> out;
  for (const auto& r : rows.rows) out.push_back(survey_from(r));
  return out;
}

Result<std::vector<SurveyRow>> surveys_for_communities(Tx& tx,
                                                       const std::vector<std::int64_t>& units) {
  std::vector<SurveyRow> out;
  for (auto unit : units) {
    WEILAI_TRY(Rows rows,
               tx.exec(std::string(kSurveyCols) + "JOIN projects p ON p.id = s.project_id "
                                                  "WHERE p.community_id = $1 ORDER BY s.id DESC",
                       {unit}));
    for (const auto& r : rows.rows) out.push_back(survey_from(r));
  }
  return out;
}

Status close_survey(Tx& tx, std::int64_t id, UnixMillis now) {
  WEILAI_TRY(Rows done, tx.exec("UPDATE surveys SET closes_at = $1, version = version + 1 "
                                "WHERE id = $2 AND closes_at > $1",
                                {now, id}));
  if (done.affected == 0)
    return Error{ErrorCode::failed_precondition, "the survey is already closed", ""};
  return {};
}

Result<bool> upsert_survey_response(Tx& tx, std::int64_t survey_id, std::int64_t household_id,
                                    const std::string& answers, UnixMillis now) {
  WEILAI_TRY(Rows rows,
             tx.exec("INSERT INTO survey_responses (survey_id, household_id, answers, "
                     "submitted_at, revisions) VALUES ($1,$2,$3,$4,1) "
                     "ON CONFLICT (survey_id, household_id) DO UPDATE SET answers = "
                     "excluded.answers, submitted_at = excluded.submitted_at, revisions = "
                     "survey_responses.revisions + 1 RETURNING revisions",
                     {survey_id, household_id, answers, now}));
  return rows.front().i64(0) > 1;
}

Result<std::vector<evaluation::SurveyResponseRow>> survey_responses(Tx& tx, std::int64_t survey_id,
                                                                    UnixMillis until) {
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT r.answers, COALESCE(g.name_zh, '') FROM survey_responses r "
                     "JOIN households h ON h.id = r.household_id "
                     "LEFT JOIN org_units g ON g.id = h.grid_id "
                     "WHERE r.survey_id = $1 AND r.submitted_at <= $2 ORDER BY r.answers",
                     {survey_id, until}));
  std::vector<evaluation::SurveyResponseRow> out;
  for (const auto& r : rows.rows) out.push_back({r.text(0), r.text(1)});
  return out;
}

Result<std::int64_t> eligible_households(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT COUNT(h.id) FROM projects p JOIN households h ON "
                                "h.community_id = p.community_id WHERE p.id = $1",
                                {project_id}));
  return rows.front().i64(0);
}

Result<std::optional<std::string>> answered_at(Tx& tx, std::int64_t survey_id,
                                               std::int64_t household_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT answers FROM survey_responses WHERE survey_id = $1 AND "
                                "household_id = $2",
                                {survey_id, household_id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows.front().text(0));
}

Result<std::optional<evaluation::AdapterReading>> satisfaction_reading(Tx& tx,
                                                                       std::int64_t project_id,
                                                                       UnixMillis until) {
  WEILAI_TRY(Rows rows,
             tx.exec(std::string(kSurveyCols) + "WHERE s.project_id = $1 AND s.opens_at <= $2 "
                                                "ORDER BY s.opens_at DESC, s.id DESC",
                     {project_id, until}));
  for (const auto& r : rows.rows) {
    auto s = survey_from(r);
    auto qs = evaluation::parse_questions(s.questions);
    if (!qs) continue;
    if (std::none_of(qs->begin(), qs->end(), [](const auto& q) { return q.satisfaction; }))
      continue;
    WEILAI_TRY(auto responses, survey_responses(tx, s.id, until));
    int answered = 0;
    auto pct = evaluation::satisfaction_pct(*qs, responses, &answered);
    // Below the survey's minimum group size the results stay hidden, and so does the indicator.
    if (!pct || answered < s.min_group_size) return std::optional<evaluation::AdapterReading>();
    evaluation::AdapterReading reading;
    reading.number = *pct;
    reading.detail = "survey #" + std::to_string(s.id) + " " + s.title + ": " +
                     std::to_string(answered) + " households answered, share rating 4–5";
    return std::optional<evaluation::AdapterReading>(reading);
  }
  return std::optional<evaluation::AdapterReading>();
}

namespace {
std::map<std::string, AdapterFn>& adapters() {
  static std::map<std::string, AdapterFn> registry{
      {"resident_satisfaction",
       [](Tx& tx, std::int64_t project, UnixMillis until) {
         return satisfaction_reading(tx, project, until);
       }},
      // The modules that exist (evaluation_adapters.hpp); poll_turnout waits for the polls module.
      {"travel_circle_coverage", travel_circle_reading},
      {"life_circle_coverage", life_circle_reading},
      {"time_bank_participation", time_bank_reading},
      {"points_activity", points_activity_reading},
      {"shared_parking_share", shared_parking_reading},
      {"work_order_sla", work_order_sla_reading}};
  return registry;
}
}  // namespace

Status register_evaluation_adapter(const std::string& name, AdapterFn fn) {
  const auto& known = evaluation::known_adapters();
  if (std::find(known.begin(), known.end(), name) == known.end())
    return Error::invalid("unknown adapter " + name, "/adapter");
  adapters()[name] = std::move(fn);
  return {};
}

Result<std::map<std::string, std::optional<evaluation::AdapterReading>>> read_adapters(
    Tx& tx, std::int64_t project_id, UnixMillis until) {
  std::map<std::string, std::optional<evaluation::AdapterReading>> out;
  for (const auto& [name, fn] : adapters()) {
    WEILAI_TRY(out[name], fn(tx, project_id, until));
  }
  return out;
}

}  // namespace weilai::storage
