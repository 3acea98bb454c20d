#include "storage/programme_ops_store.hpp"

#include <algorithm>

namespace weilai::storage {
namespace {
// Appends " AND <col> IN ($a,$b,…)" for a county scope; false when the scope is empty (no rows).
bool scope_clause(std::string& sql, std::vector<Value>& params, const char* col,
                  const std::optional<std::vector<std::int64_t>>& scope) {
  if (!scope) return true;
  if (scope->empty()) return false;
  sql += std::string(" AND ") + col + " IN (";
  for (std::size_t i = 0; i < scope->size(); ++i) {
    params.emplace_back((*scope)[i]);
    sql += (i ? ",$" : "$") + std::to_string(params.size());
  }
  sql += ")";
  return true;
}

Error stale(const char* what) {
  return Error::conflict(std::string("the ") + what + " was changed by someone else; reload it");
}

// After an optimistic UPDATE touched nothing: not_found when the row is gone, else conflict.
template <class Get>
Error missing_or_stale(Get get, const char* what) {
  auto r = get();
  if (!r) return r.error();
  return stale(what);
}

// ---- milestones
constexpr const char* kMilestone =
    "SELECT id, project_id, name, due_on, done_on, version, phase FROM project_milestones ";
MilestoneRow milestone_from(const Row& r) {
  return {r.i64(0), r.i64(1), r.text(2), r.text(3), r.opt_text(4), r.i64(5), r.text(6)};
}

// ---- reports
constexpr const char* kReport =
    "SELECT r.id, r.project_id, r.period, r.status, r.investment_fen, r.satisfaction_pct, "
    "r.progress_json, r.indicators_json, r.problems, r.review_comment, r.created_at, r.updated_at, "
    "r.submitted_at, r.reviewed_at, r.version, p.county_id, p.name FROM monitoring_reports r "
    "JOIN projects p ON p.id = r.project_id ";
ReportRow report_from(const Row& r) {
  ReportRow o;
  o.id = r.i64(0);
  o.project_id = r.i64(1);
  o.period = r.text(2);
  o.status = r.text(3);
  o.investment_fen = r.i64(4);
  o.satisfaction_pct = r.opt_i64(5);
  o.progress_json = r.text(6);
  o.indicators_json = r.text(7);
  o.problems = r.text(8);
  o.review_comment = r.text(9);
  o.created_at = r.i64(10);
  o.updated_at = r.i64(11);
  o.submitted_at = r.opt_i64(12);
  o.reviewed_at = r.opt_i64(13);
  o.version = r.i64(14);
  o.county_id = r.i64(15);
  o.project_name = r.text(16);
  return o;
}

constexpr const char* kFunding =
    "SELECT id, project_id, direction, kind, amount_fen, gross_fen, state_share_bp, note, version "
    "FROM funding_lines ";
FundingLineRow funding_from(const Row& r) {
  return {r.i64(0),     r.i64(1),     r.text(2), r.text(3), r.i64(4),
          r.opt_i64(5), r.opt_i64(6), r.text(7), r.i64(8)};
}

constexpr const char* kIncentive =
    "SELECT id, project_id, policy, owed_fen, paid_fen, version FROM incentives ";
IncentiveRow incentive_from(const Row& r) {
  return {r.i64(0), r.i64(1), r.text(2), r.i64(3), r.i64(4), r.i64(5)};
}

constexpr const char* kApproval =
    "SELECT a.id, a.project_id, a.kind, a.title, a.submitted_on, a.approved_on, a.visits, "
    "a.version, p.county_id, p.name FROM approval_items a JOIN projects p ON p.id = a.project_id ";
ApprovalRow approval_from(const Row& r) {
  ApprovalRow a;
  a.id = r.i64(0);
  a.project_id = r.i64(1);
  a.kind = r.text(2);
  a.title = r.text(3);
  a.submitted_on = r.text(4);
  a.approved_on = r.opt_text(5);
  a.visits = r.i64(6);
  a.version = r.i64(7);
  a.county_id = r.i64(8);
  a.project_name = r.text(9);
  return a;
}

constexpr const char* kMeeting =
    "SELECT id, held_on, title, minutes, version FROM leadership_meetings ";
MeetingRow meeting_from(const Row& r) {
  return {r.i64(0), r.text(1), r.text(2), r.text(3), r.i64(4)};
}

constexpr const char* kAction =
    "SELECT a.id, a.meeting_id, a.decision, a.department, a.deadline, a.status, a.done_on, "
    "a.version, m.title FROM action_items a JOIN leadership_meetings m ON m.id = a.meeting_id ";
ActionItemRow action_from(const Row& r) {
  ActionItemRow a;
  a.id = r.i64(0);
  a.meeting_id = r.i64(1);
  a.decision = r.text(2);
  a.department = r.text(3);
  a.deadline = r.text(4);
  a.status = r.text(5);
  a.done_on = r.opt_text(6);
  a.version = r.i64(7);
  a.meeting_title = r.text(8);
  return a;
}

}  // namespace

// ---------------------------------------------------------------- milestones
Result<std::vector<MilestoneRow>> list_milestones(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(
      Rows rows,
      tx.exec(std::string(kMilestone) + "WHERE project_id = $1 ORDER BY due_on, id", {project_id}));
  std::vector<MilestoneRow> out;
  for (const auto& r : rows.rows) out.push_back(milestone_from(r));
  return out;
}

Result<MilestoneRow> get_milestone(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kMilestone) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no milestone " + std::to_string(id));
  return milestone_from(rows.front());
}

Result<MilestoneRow> insert_milestone(Tx& tx, const MilestoneRow& m, std::int64_t now) {
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO project_milestones (project_id, name, due_on, done_on, "
                          "created_at, phase) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
                          {m.project_id, m.name, m.due_on, nullable(m.done_on), now, m.phase}));
  return get_milestone(tx, id);
}

Result<MilestoneRow> update_milestone(Tx& tx, const MilestoneRow& m, std::int64_t version,
                                      const std::optional<std::string>& phase) {
  WEILAI_TRY(Rows r,
             tx.exec("UPDATE project_milestones SET name = $1, due_on = $2, done_on = $3, "
                     "phase = COALESCE($6, phase), version = version + 1 "
                     "WHERE id = $4 AND version = $5",
                     {m.name, m.due_on, nullable(m.done_on), m.id, version, nullable(phase)}));
  if (r.affected == 0)
    return missing_or_stale([&] { return get_milestone(tx, m.id); }, "milestone");
  return get_milestone(tx, m.id);
}

Result<bool> replace_milestones(Tx& tx, std::int64_t project_id,
                                const std::vector<MilestoneRow>& wanted, std::int64_t now) {
  WEILAI_TRY(auto existing, list_milestones(tx, project_id));
  bool changed = false;
  std::vector<std::int64_t> kept;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const auto& w = wanted[i];
    if (w.id == 0) {
      MilestoneRow m = w;
      m.project_id = project_id;
      WEILAI_TRY(auto added, insert_milestone(tx, m, now));
      kept.push_back(added.id);
      changed = true;
      continue;
    }
    auto old = std::find_if(existing.begin(), existing.end(),
                            [&](const MilestoneRow& e) { return e.id == w.id; });
    if (old == existing.end() || std::find(kept.begin(), kept.end(), w.id) != kept.end())
      return Error::invalid("milestone " + std::to_string(w.id) + " is not this project's",
                            "/milestones/" + std::to_string(i) + "/id");
    kept.push_back(w.id);
    if (old->name != w.name || old->due_on != w.due_on || old->done_on != w.done_on ||
        old->phase != w.phase) {
      WEILAI_TRY(auto u, update_milestone(tx, w, old->version, w.phase));
      (void)u;
      changed = true;
    }
  }
  for (const auto& e : existing) {
    if (std::find(kept.begin(), kept.end(), e.id) != kept.end()) continue;
    WEILAI_TRY(Rows gone, tx.exec("DELETE FROM project_milestones WHERE id = $1", {e.id}));
    (void)gone;
    changed = true;
  }
  return changed;
}

// ---------------------------------------------------------------- settings
Result<OpsSettingsRow> get_ops_settings(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT cadence, surplus_share_bp, version FROM "
                                "project_ops_settings WHERE project_id = $1",
                                {project_id}));
  OpsSettingsRow s;
  s.project_id = project_id;
  if (!rows.empty()) {
    s.cadence = rows.front().text(0);
    s.surplus_share_bp = rows.front().i64(1);
    s.version = rows.front().i64(2);
  }
  return s;
}

Result<OpsSettingsRow> put_ops_settings(Tx& tx, const OpsSettingsRow& s, std::int64_t version) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE project_ops_settings SET cadence = $1, surplus_share_bp = $2, "
                             "version = version + 1 WHERE project_id = $3 AND version = $4",
                             {s.cadence, s.surplus_share_bp, s.project_id, version}));
  if (r.affected == 0) {
    if (version != 1) return stale("settings");
    // Never stored: insert as version 2 (the defaults were version 1). A concurrent first insert
    // makes ON CONFLICT do nothing, which reads as a stale version.
    WEILAI_TRY(Rows ins, tx.exec("INSERT INTO project_ops_settings (project_id, cadence, "
                                 "surplus_share_bp, version) VALUES ($1,$2,$3,2) "
                                 "ON CONFLICT (project_id) DO NOTHING",
                                 {s.project_id, s.cadence, s.surplus_share_bp}));
    if (ins.affected == 0) return stale("settings");
  }
  return get_ops_settings(tx, s.project_id);
}

// ---------------------------------------------------------------- reports
Result<std::vector<ReportRow>> list_reports(Tx& tx, const ReportFilter& f) {
  std::string sql = std::string(kReport) + "WHERE 1 = 1";
  std::vector<Value> params;
  if (f.project_id) {
    params.emplace_back(*f.project_id);
    sql += " AND r.project_id = $" + std::to_string(params.size());
  }
  if (f.county_id) {
    params.emplace_back(*f.county_id);
    sql += " AND p.county_id = $" + std::to_string(params.size());
  }
  if (f.status) {
    params.emplace_back(*f.status);
    sql += " AND r.status = $" + std::to_string(params.size());
  }
  if (!scope_clause(sql, params, "p.county_id", f.county_scope)) return std::vector<ReportRow>{};
  sql += " ORDER BY r.project_id, r.period";
  WEILAI_TRY(Rows rows, tx.exec(sql, params));
  std::vector<ReportRow> out;
  for (const auto& r : rows.rows) out.push_back(report_from(r));
  return out;
}

Result<ReportRow> get_report(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kReport) + "WHERE r.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no report " + std::to_string(id));
  return report_from(rows.front());
}

Result<ReportRow> insert_report(Tx& tx, const ReportRow& r) {
  WEILAI_TRY(Rows rows,
             tx.exec("INSERT INTO monitoring_reports (project_id, period, status, investment_fen, "
                     "satisfaction_pct, progress_json, indicators_json, problems, created_at, "
                     "updated_at) VALUES ($1,$2,'draft',$3,$4,$5,$6,$7,$8,$8) "
                     "ON CONFLICT (project_id, period) DO NOTHING RETURNING id",
                     {r.project_id, r.period, r.investment_fen, nullable(r.satisfaction_pct),
                      r.progress_json, r.indicators_json, r.problems, r.created_at}));
  if (rows.empty())
    return Error{ErrorCode::already_exists, "a report for " + r.period + " already exists",
                 "/period"};
  return get_report(tx, rows.front().i64(0));
}

Result<ReportRow> update_report_content(Tx& tx, const ReportRow& r, std::int64_t version,
                                        std::int64_t now) {
  WEILAI_TRY(Rows res, tx.exec("UPDATE monitoring_reports SET investment_fen = $1, "
                               "satisfaction_pct = $2, progress_json = $3, indicators_json = $4, "
                               "problems = $5, updated_at = $6, version = version + 1 "
                               "WHERE id = $7 AND version = $8",
                               {r.investment_fen, nullable(r.satisfaction_pct), r.progress_json,
                                r.indicators_json, r.problems, now, r.id, version}));
  if (res.affected == 0) return missing_or_stale([&] { return get_report(tx, r.id); }, "report");
  return get_report(tx, r.id);
}

Result<ReportRow> update_report_status(Tx& tx, std::int64_t id, const std::string& status,
                                       const std::string& comment, std::int64_t now,
                                       std::int64_t version) {
  const bool submit = status == "submitted";
  WEILAI_TRY(Rows res,
             tx.exec(submit ? "UPDATE monitoring_reports SET status = $1, review_comment = $2, "
                              "submitted_at = $3, updated_at = $3, version = version + 1 "
                              "WHERE id = $4 AND version = $5"
                            : "UPDATE monitoring_reports SET status = $1, review_comment = $2, "
                              "reviewed_at = $3, updated_at = $3, version = version + 1 "
                              "WHERE id = $4 AND version = $5",
                     {status, comment, now, id, version}));
  if (res.affected == 0) return missing_or_stale([&] { return get_report(tx, id); }, "report");
  return get_report(tx, id);
}

// ---------------------------------------------------------------- targets
Result<std::vector<TargetRow>> list_targets(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, county_id, year, provincial_target, municipal_target, "
                                "note, version FROM county_targets ORDER BY county_id, year"));
  std::vector<TargetRow> out;
  for (const auto& r : rows.rows)
    out.push_back({r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.i64(4), r.text(5), r.i64(6)});
  return out;
}

Result<TargetRow> put_target(Tx& tx, const TargetRow& t, std::int64_t version, std::int64_t now) {
  Rows res;
  if (version == 0) {
    WEILAI_TRY(
        res, tx.exec("INSERT INTO county_targets (county_id, year, provincial_target, "
                     "municipal_target, note, updated_at) VALUES ($1,$2,$3,$4,$5,$6) "
                     "ON CONFLICT (county_id, year) DO NOTHING",
                     {t.county_id, t.year, t.provincial_target, t.municipal_target, t.note, now}));
  } else {
    WEILAI_TRY(res, tx.exec("UPDATE county_targets SET provincial_target = $1, "
                            "municipal_target = $2, note = $3, updated_at = $4, "
                            "version = version + 1 WHERE county_id = $5 AND year = $6 AND "
                            "version = $7",
                            {t.provincial_target, t.municipal_target, t.note, now, t.county_id,
                             t.year, version}));
  }
  if (res.affected == 0) return stale("target");
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, version FROM county_targets WHERE county_id = $1 AND "
                                "year = $2",
                                {t.county_id, t.year}));
  TargetRow out = t;
  out.id = rows.front().i64(0);
  out.version = rows.front().i64(1);
  return out;
}

Result<std::vector<StageRow>> project_stages(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, county_id, stage FROM projects ORDER BY id"));
  std::vector<StageRow> out;
  for (const auto& r : rows.rows) out.push_back({r.i64(0), r.i64(1), r.text(2)});
  return out;
}

Result<std::vector<CountyRow>> list_counties(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, name_zh, name_en FROM org_units WHERE kind = 'county' "
                                "ORDER BY id"));
  std::vector<CountyRow> out;
  for (const auto& r : rows.rows) out.push_back({r.i64(0), r.text(1), r.text(2)});
  return out;
}

// ---------------------------------------------------------------- funding
Result<std::vector<FundingLineRow>> list_funding_lines(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows,
             tx.exec(std::string(kFunding) + "WHERE project_id = $1 ORDER BY direction DESC, id",
                     {project_id}));
  std::vector<FundingLineRow> out;
  for (const auto& r : rows.rows) out.push_back(funding_from(r));
  return out;
}

Result<FundingLineRow> get_funding_line(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kFunding) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no funding line " + std::to_string(id));
  return funding_from(rows.front());
}

Result<FundingLineRow> insert_funding_line(Tx& tx, const FundingLineRow& l, std::int64_t now) {
  WEILAI_TRY(auto id,
             tx.insert_returning_id(
                 "INSERT INTO funding_lines (project_id, direction, kind, amount_fen, gross_fen, "
                 "state_share_bp, note, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
                 {l.project_id, l.direction, l.kind, l.amount_fen, nullable(l.gross_fen),
                  nullable(l.state_share_bp), l.note, now}));
  return get_funding_line(tx, id);
}

Result<FundingLineRow> update_funding_line(Tx& tx, const FundingLineRow& l, std::int64_t version) {
  WEILAI_TRY(Rows res,
             tx.exec("UPDATE funding_lines SET direction = $1, kind = $2, amount_fen = $3, "
                     "gross_fen = $4, state_share_bp = $5, note = $6, "
                     "version = version + 1 WHERE id = $7 AND version = $8",
                     {l.direction, l.kind, l.amount_fen, nullable(l.gross_fen),
                      nullable(l.state_share_bp), l.note, l.id, version}));
  if (res.affected == 0)
    return missing_or_stale([&] { return get_funding_line(tx, l.id); }, "funding line");
  return get_funding_line(tx, l.id);
}

Status delete_funding_line(Tx& tx, std::int64_t id, std::int64_t version) {
  WEILAI_TRY(Rows res,
             tx.exec("DELETE FROM funding_lines WHERE id = $1 AND version = $2", {id, version}));
  if (res.affected == 0)
    return missing_or_stale([&] { return get_funding_line(tx, id); }, "funding line");
  return {};
}

// ---------------------------------------------------------------- rewards
Result<std::vector<RewardRow>> list_rewards(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT r.id, r.county_id, r.year, r.amount_fen, r.reason, "
                                "c.name_zh, c.name_en FROM county_rewards r JOIN org_units c ON "
                                "c.id = r.county_id ORDER BY r.year DESC, r.id"));
  std::vector<RewardRow> out;
  for (const auto& r : rows.rows)
    out.push_back({r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.text(4), r.text(5), r.text(6)});
  return out;
}

Result<RewardRow> insert_reward(Tx& tx, const RewardRow& r, std::int64_t now) {
  WEILAI_TRY(Rows c, tx.exec("SELECT name_zh, name_en FROM org_units WHERE id = $1 AND "
                             "kind = 'county'",
                             {r.county_id}));
  if (c.empty()) return Error::invalid("no county " + std::to_string(r.county_id), "/county_id");
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO county_rewards (county_id, year, amount_fen, reason, "
                          "created_at) VALUES ($1,$2,$3,$4,$5) RETURNING id",
                          {r.county_id, r.year, r.amount_fen, r.reason, now}));
  RewardRow out = r;
  out.id = id;
  out.county_name_zh = c.front().text(0);
  out.county_name_en = c.front().text(1);
  return out;
}

// ---------------------------------------------------------------- incentives
Result<std::vector<IncentiveRow>> list_incentives(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows,
             tx.exec(std::string(kIncentive) + "WHERE project_id = $1 ORDER BY id", {project_id}));
  std::vector<IncentiveRow> out;
  for (const auto& r : rows.rows) out.push_back(incentive_from(r));
  return out;
}

Result<IncentiveRow> get_incentive(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kIncentive) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no incentive " + std::to_string(id));
  return incentive_from(rows.front());
}

Result<IncentiveRow> insert_incentive(Tx& tx, const IncentiveRow& i, std::int64_t now) {
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO incentives (project_id, policy, owed_fen, paid_fen, "
                          "created_at) VALUES ($1,$2,$3,0,$4) RETURNING id",
                          {i.project_id, i.policy, i.owed_fen, now}));
  return get_incentive(tx, id);
}

Result<IncentiveRow> set_incentive_paid(Tx& tx, std::int64_t id, std::int64_t paid_fen,
                                        std::int64_t version) {
  WEILAI_TRY(Rows res, tx.exec("UPDATE incentives SET paid_fen = $1, version = version + 1 "
                               "WHERE id = $2 AND version = $3",
                               {paid_fen, id, version}));
  if (res.affected == 0)
    return missing_or_stale([&] { return get_incentive(tx, id); }, "incentive");
  return get_incentive(tx, id);
}

Result<std::vector<TalentAwardRow>> list_talent_awards(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT id, project_id, person_name, tier, introduced_on, housing_fen, "
                     "purchase_discount_fen, rent_relief_fen FROM talent_awards WHERE "
                     "project_id = $1 ORDER BY introduced_on, id",
                     {project_id}));
  std::vector<TalentAwardRow> out;
  for (const auto& r : rows.rows)
    out.push_back(
        {r.i64(0), r.i64(1), r.text(2), r.text(3), r.text(4), r.i64(5), r.i64(6), r.i64(7)});
  return out;
}

Result<TalentAwardRow> insert_talent_award(Tx& tx, const TalentAwardRow& a, std::int64_t now) {
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO talent_awards (project_id, person_name, tier, "
                          "introduced_on, housing_fen, purchase_discount_fen, rent_relief_fen, "
                          "created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
                          {a.project_id, a.person_name, a.tier, a.introduced_on, a.housing_fen,
                           a.purchase_discount_fen, a.rent_relief_fen, now}));
  TalentAwardRow out = a;
  out.id = id;
  return out;
}

// ---------------------------------------------------------------- approvals
Result<std::vector<ApprovalRow>> list_approvals(
    Tx& tx, std::optional<std::int64_t> project_id,
    const std::optional<std::vector<std::int64_t>>& county_scope) {
  std::string sql = std::string(kApproval) + "WHERE 1 = 1";
  std::vector<Value> params;
  if (project_id) {
    params.emplace_back(*project_id);
    sql += " AND a.project_id = $1";
  }
  if (!scope_clause(sql, params, "p.county_id", county_scope)) return std::vector<ApprovalRow>{};
  sql += " ORDER BY a.project_id, a.submitted_on, a.id";
  WEILAI_TRY(Rows rows, tx.exec(sql, params));
  std::vector<ApprovalRow> out;
  for (const auto& r : rows.rows) out.push_back(approval_from(r));
  return out;
}

Result<ApprovalRow> get_approval(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kApproval) + "WHERE a.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no approval item " + std::to_string(id));
  return approval_from(rows.front());
}

Result<ApprovalRow> insert_approval(Tx& tx, const ApprovalRow& a, std::int64_t now) {
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO approval_items (project_id, kind, title, submitted_on, "
                          "approved_on, visits, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7) "
                          "RETURNING id",
                          {a.project_id, a.kind, a.title, a.submitted_on, nullable(a.approved_on),
                           a.visits, now}));
  return get_approval(tx, id);
}

Result<ApprovalRow> update_approval(Tx& tx, const ApprovalRow& a, std::int64_t version) {
  WEILAI_TRY(
      Rows res,
      tx.exec("UPDATE approval_items SET kind = $1, title = $2, submitted_on = $3, "
              "approved_on = $4, visits = $5, version = version + 1 "
              "WHERE id = $6 AND version = $7",
              {a.kind, a.title, a.submitted_on, nullable(a.approved_on), a.visits, a.id, version}));
  if (res.affected == 0)
    return missing_or_stale([&] { return get_approval(tx, a.id); }, "approval item");
  return get_approval(tx, a.id);
}

// ---------------------------------------------------------------- holidays
Result<std::vector<HolidayRow>> list_holidays(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT day, name FROM holidays ORDER BY day"));
  std::vector<HolidayRow> out;
  for (const auto& r : rows.rows) out.push_back({r.text(0), r.text(1)});
  return out;
}

Status put_holiday(Tx& tx, const HolidayRow& h) {
  WEILAI_CHECK(
      tx.exec("INSERT INTO holidays (day, name) VALUES ($1,$2) ON CONFLICT (day) DO "
              "UPDATE SET name = excluded.name",
              {h.day, h.name}));
  return {};
}

Status delete_holiday(Tx& tx, const std::string& day) {
  WEILAI_TRY(Rows res, tx.exec("DELETE FROM holidays WHERE day = $1", {day}));
  if (res.affected == 0) return Error::not_found("no holiday on " + day);
  return {};
}

// ---------------------------------------------------------------- leadership
Result<std::vector<MeetingRow>> list_meetings(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kMeeting) + "ORDER BY held_on DESC, id DESC"));
  std::vector<MeetingRow> out;
  for (const auto& r : rows.rows) out.push_back(meeting_from(r));
  return out;
}

Result<MeetingRow> get_meeting(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kMeeting) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no meeting " + std::to_string(id));
  return meeting_from(rows.front());
}

Result<MeetingRow> insert_meeting(Tx& tx, const MeetingRow& m, std::int64_t now) {
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO leadership_meetings (held_on, title, minutes, created_at) "
                          "VALUES ($1,$2,$3,$4) RETURNING id",
                          {m.held_on, m.title, m.minutes, now}));
  return get_meeting(tx, id);
}

Result<MeetingRow> update_meeting(Tx& tx, const MeetingRow& m, std::int64_t version) {
  WEILAI_TRY(Rows res, tx.exec("UPDATE leadership_meetings SET held_on = $1, title = $2, "
                               "minutes = $3, version = version + 1 WHERE id = $4 AND version = $5",
                               {m.held_on, m.title, m.minutes, m.id, version}));
  if (res.affected == 0) return missing_or_stale([&] { return get_meeting(tx, m.id); }, "meeting");
  return get_meeting(tx, m.id);
}

Result<std::vector<ActionItemRow>> list_action_items(Tx& tx, std::optional<std::int64_t> meeting) {
  Rows rows;
  if (meeting) {
    WEILAI_TRY(rows, tx.exec(std::string(kAction) + "WHERE a.meeting_id = $1 ORDER BY a.deadline, "
                                                    "a.id",
                             {*meeting}));
  } else {
    WEILAI_TRY(rows, tx.exec(std::string(kAction) + "ORDER BY a.deadline, a.id"));
  }
  std::vector<ActionItemRow> out;
  for (const auto& r : rows.rows) out.push_back(action_from(r));
  return out;
}

Result<ActionItemRow> get_action_item(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kAction) + "WHERE a.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no action item " + std::to_string(id));
  return action_from(rows.front());
}

Result<ActionItemRow> insert_action_item(Tx& tx, const ActionItemRow& a, std::int64_t now) {
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO action_items (meeting_id, decision, department, deadline, "
                          "status, done_on, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
                          {a.meeting_id, a.decision, a.department, a.deadline, a.status,
                           nullable(a.done_on), now}));
  return get_action_item(tx, id);
}

Result<ActionItemRow> update_action_item(Tx& tx, const ActionItemRow& a, std::int64_t version) {
  WEILAI_TRY(Rows res, tx.exec("UPDATE action_items SET decision = $1, department = $2, "
                               "deadline = $3, status = $4, done_on = $5, version = version + 1 "
                               "WHERE id = $6 AND version = $7",
                               {a.decision, a.department, a.deadline, a.status, nullable(a.done_on),
                                a.id, version}));
  if (res.affected == 0)
    return missing_or_stale([&] { return get_action_item(tx, a.id); }, "action item");
  return get_action_item(tx, a.id);
}

}  // namespace weilai::storage
