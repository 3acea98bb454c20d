// Rows of the programme's operations (issue 5, "Monitoring and money"): milestones, monitoring
// reports, per-project settings, county targets, funding lines, municipal rewards, incentives,
// talent awards, approval items, holidays, leadership meetings and action items. Money is integer
// fen, dates 'YYYY-MM-DD' text. Updates are optimistic: a stale `version` → conflict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace weilai::storage {

struct MilestoneRow {
  std::int64_t id = 0, project_id = 0;
  std::string name, due_on;  // (keep this order: aggregate-initialised)
  std::optional<std::string> done_on;
  std::int64_t version = 1;
  std::string phase;  // 一期, 二期 … ('' when none)
};
Result<std::vector<MilestoneRow>> list_milestones(Tx& tx, std::int64_t project_id);
Result<MilestoneRow> get_milestone(Tx& tx, std::int64_t id);
Result<MilestoneRow> insert_milestone(Tx& tx, const MilestoneRow& m, std::int64_t now);
// `phase` nullopt keeps the stored phase.
Result<MilestoneRow> update_milestone(Tx& tx, const MilestoneRow& m, std::int64_t version,
                                      const std::optional<std::string>& phase = std::nullopt);
// The project record's milestones (时间节点) written as a whole list, the one write path the
// project form uses: rows with an id (must be this project's, else invalid_argument at
// /milestones/i/id) are updated when they differ, rows without one are added, the project's other
// milestones are deleted. Returns whether anything changed.
Result<bool> replace_milestones(Tx& tx, std::int64_t project_id,
                                const std::vector<MilestoneRow>& wanted, std::int64_t now);

struct OpsSettingsRow {
  std::int64_t project_id = 0;
  std::string cadence = "month";
  std::int64_t surplus_share_bp = 0;
  std::int64_t version = 1;  // 1 for the defaults of a project never configured
};
Result<OpsSettingsRow> get_ops_settings(Tx& tx, std::int64_t project_id);
Result<OpsSettingsRow> put_ops_settings(Tx& tx, const OpsSettingsRow& s, std::int64_t version);

struct ReportRow {
  std::int64_t id = 0, project_id = 0;
  std::string period, status = "draft";
  std::int64_t investment_fen = 0;
  std::optional<std::int64_t> satisfaction_pct;
  std::string progress_json = "[]", indicators_json = "[]", problems, review_comment;
  std::int64_t created_at = 0, updated_at = 0;
  std::optional<std::int64_t> submitted_at, reviewed_at;
  std::int64_t version = 1;
  std::int64_t county_id = 0;  // of the project (read only)
  std::string project_name;    // (read only)
};
struct ReportFilter {
  std::optional<std::int64_t> project_id, county_id;
  std::optional<std::vector<std::int64_t>> county_scope;  // nullopt: all
  std::optional<std::string> status;
};
Result<std::vector<ReportRow>> list_reports(Tx& tx, const ReportFilter& f);
Result<ReportRow> get_report(Tx& tx, std::int64_t id);
Result<ReportRow> insert_report(Tx& tx, const ReportRow& r);  // already_exists for the period
// Content fields (investment, satisfaction, progress, indicators, problems).
Result<ReportRow> update_report_content(Tx& tx, const ReportRow& r, std::int64_t version,
                                        std::int64_t now);
Result<ReportRow> update_report_status(Tx& tx, std::int64_t id, const std::string& status,
                                       const std::string& comment, std::int64_t now,
                                       std::int64_t version);

struct TargetRow {
  std::int64_t id = 0, county_id = 0, year = 0, provincial_target = 0, municipal_target = 0;
  std::string note;
  std::int64_t version = 0;  // 0: not stored yet
};
Result<std::vector<TargetRow>> list_targets(Tx& tx);
// Inserts (version must be 0) or updates (version must match).
Result<TargetRow> put_target(Tx& tx, const TargetRow& t, std::int64_t version, std::int64_t now);

struct StageRow {
  std::int64_t project_id, county_id;
  std::string stage;
};
Result<std::vector<StageRow>> project_stages(Tx& tx);
struct CountyRow {
  std::int64_t id;
  std::string name_zh, name_en;
};
Result<std::vector<CountyRow>> list_counties(Tx& tx);

struct FundingLineRow {
  std::int64_t id = 0, project_id = 0;
  std::string direction, kind;
  std::int64_t amount_fen = 0;
  std::optional<std::int64_t> gross_fen, state_share_bp;
  std::string note;
  std::int64_t version = 1;
};
Result<std::vector<FundingLineRow>> list_funding_lines(Tx& tx, std::int64_t project_id);
Result<FundingLineRow> get_funding_line(Tx& tx, std::int64_t id);
Result<FundingLineRow> insert_funding_line(Tx& tx, const FundingLineRow& l, std::int64_t now);
Result<FundingLineRow> update_funding_line(Tx& tx, const FundingLineRow& l, std::int64_t version);
Status delete_funding_line(Tx& tx, std::int64_t id, std::int64_t version);

struct RewardRow {
  std::int64_t id = 0, county_id = 0, year = 0, amount_fen = 0;
  std::string reason, county_name_zh, county_name_en;
};
Result<std::vector<RewardRow>> list_rewards(Tx& tx);
Result<RewardRow> insert_reward(Tx& tx, const RewardRow& r, std::int64_t now);

struct IncentiveRow {
  std::int64_t id = 0, project_id = 0;
  std::string policy;
  std::int64_t owed_fen = 0, paid_fen = 0, version = 1;
};
Result<std::vector<IncentiveRow>> list_incentives(Tx& tx, std::int64_t project_id);
Result<IncentiveRow> get_incentive(Tx& tx, std::int64_t id);
Result<IncentiveRow> insert_incentive(Tx& tx, const IncentiveRow& i, std::int64_t now);
Result<IncentiveRow> set_incentive_paid(Tx& tx, std::int64_t id, std::int64_t paid_fen,
                                        std::int64_t version);

struct TalentAwardRow {
  std::int64_t id = 0, project_id = 0;
  std::string person_name, tier, introduced_on;
  std::int64_t housing_fen = 0, purchase_discount_fen = 0, rent_relief_fen = 0;
};
Result<std::vector<TalentAwardRow>> list_talent_awards(Tx& tx, std::int64_t project_id);
Result<TalentAwardRow> insert_talent_award(Tx& tx, const TalentAwardRow& a, std::int64_t now);

struct ApprovalRow {
  std::int64_t id = 0, project_id = 0;
  std::string kind, title, submitted_on;
  std::optional<std::string> approved_on;
  std::int64_t visits = 1, version = 1;
  std::int64_t county_id = 0;  // read only
  std::string project_name;    // read only
};
// project_id nullopt: every project in the county scope (nullopt scope: all).
Result<std::vector<ApprovalRow>> list_approvals(
    Tx& tx, std::optional<std::int64_t> project_id,
    const std::optional<std::vector<std::int64_t>>& county_scope);
Result<ApprovalRow> get_approval(Tx& tx, std::int64_t id);
Result<ApprovalRow> insert_approval(Tx& tx, const ApprovalRow& a, std::int64_t now);
Result<ApprovalRow> update_approval(Tx& tx, const ApprovalRow& a, std::int64_t version);

struct HolidayRow {
  std::string day, name;
};
Result<std::vector<HolidayRow>> list_holidays(Tx& tx);
Status put_holiday(Tx& tx, const HolidayRow& h);
Status delete_holiday(Tx& tx, const std::string& day);  // not_found

struct MeetingRow {
  std::int64_t id = 0;
  std::string held_on, title, minutes;
  std::int64_t version = 1;
};
Result<std::vector<MeetingRow>> list_meetings(Tx& tx);
Result<MeetingRow> get_meeting(Tx& tx, std::int64_t id);
Result<MeetingRow> insert_meeting(Tx& tx, const MeetingRow& m, std::int64_t now);
Result<MeetingRow> update_meeting(Tx& tx, const MeetingRow& m, std::int64_t version);

struct ActionItemRow {
  std::int64_t id = 0, meeting_id = 0;
  std::string decision, department, deadline, status = "open";
  std::optional<std::string> done_on;
  std::int64_t version = 1;
  std::string meeting_title;  // read only
};
Result<std::vector<ActionItemRow>> list_action_items(Tx& tx, std::optional<std::int64_t> meeting);
Result<ActionItemRow> get_action_item(Tx& tx, std::int64_t id);
Result<ActionItemRow> insert_action_item(Tx& tx, const ActionItemRow& a, std::int64_t now);
Result<ActionItemRow> update_action_item(Tx& tx, const ActionItemRow& a, std::int64_t version);

}  // namespace weilai::storage
