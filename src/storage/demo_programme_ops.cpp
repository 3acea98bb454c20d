// Demo data for programme operations (issue 5): milestones, monitoring reports, funding,
// incentives, talent awards, approval items, holidays, targets, rewards and a leadership meeting
// for 灵山未来社区 and a few 【示例】 projects, so the boards are not empty. Dates are relative to
// the load time: 灵山 reported every month up to the one before the latest due month, so it shows
// as overdue until the county files that month; one milestone and one action item are overdue.
#include "storage/demo_programme_ops.hpp"

#include <chrono>
#include <cstdio>
#include <map>

#include "storage/audit_store.hpp"

namespace weilai::storage {
namespace {
namespace ch = std::chrono;

std::string iso(ch::sys_days d) {
  const ch::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string month_text(ch::year_month ym) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ym.year()),
                static_cast<unsigned>(ym.month()));
  return buf;
}

}  // namespace

Status load_demo_programme_ops(Tx& tx, UnixMillis now) {
  const auto today = ch::floor<ch::days>(ch::sys_time<ch::milliseconds>(
      ch::milliseconds(now + std::int64_t{8} * 3600 * 1000)));  // China (UTC+8)
  const ch::year_month_day ymd{today};
  const ch::year_month this_month{ymd.year(), ymd.month()};
  // The latest month whose report is due (10 days after its end) before today.
  const ch::year_month latest_due =
      this_month - ch::months(static_cast<unsigned>(ymd.day()) > 10 ? 1 : 2);
  auto day = [&](int offset) { return iso(today + ch::days(offset)); };

  std::map<std::string, std::int64_t> project;
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, name FROM projects"));
  for (const auto& r : rows.rows) project[r.text(1)] = r.i64(0);
  auto pid = [&](const char* name) -> Result<std::int64_t> {
    auto it = project.find(name);
    if (it == project.end()) return Error::internal(std::string("demo project missing: ") + name);
    return it->second;
  };
  WEILAI_TRY(const auto lingshan, pid("灵山未来社区"));
  WEILAI_TRY(const auto xiping, pid("【示例】西屏未来社区"));
  WEILAI_TRY(const auto songyuan, pid("【示例】松源未来社区"));
  WEILAI_TRY(const auto hexi, pid("【示例】鹤溪未来社区"));
  WEILAI_TRY(const auto jianchi, pid("【示例】剑池未来社区"));

  // Milestones (时间节点).
  struct Ms {
    std::int64_t project;
    const char* name;
    std::string due;
    std::optional<std::string> done;
  };
  const Ms milestones[] = {
      {lingshan, "征迁安置完成", "2020-06-30", "2020-06-18"},
      {lingshan, "安置房结顶", day(-200), day(-210)},
      {lingshan, "邻里中心主体完工", day(-30), std::nullopt},
      {lingshan, "整体竣工验收", day(400), std::nullopt},
      {xiping, "实施方案备案", day(-90), day(-95)},
      {xiping, "开工建设", day(-5), std::nullopt},
      {songyuan, "竣工验收申请", day(20), std::nullopt},
  };
  std::vector<std::int64_t> lingshan_ms;
  for (const auto& m : milestones) {
    WEILAI_TRY(auto id,
               tx.insert_returning_id(
                   "INSERT INTO project_milestones (project_id, name, due_on, done_on, "
                   "created_at) VALUES ($1,$2,$3,$4,$5) RETURNING id",
                   {m.project, std::string(m.name), m.due, m.done ? Value(*m.done) : kNull, now}));
    if (m.project == lingshan) lingshan_ms.push_back(id);
  }

  WEILAI_CHECK(
      tx.exec("INSERT INTO project_ops_settings (project_id, cadence, surplus_share_bp, "
              "version) VALUES ($1,'month',2000,1), ($2,'month',1000,1), "
              "($3,'quarter',1500,1)",
              {lingshan, xiping, songyuan}));

  // 灵山: six monthly reports up to the month before the latest due one (reviewed, the last one
  // submitted); the latest due month is missing, so 灵山 shows as overdue.
  const char* problems[] = {"", "雨季施工进度偏慢",      "", "部分安置户选房意见待协调",
                            "", "人才公寓配套招商待推进"};
  for (int i = 6; i >= 1; --i) {
    const int k = 6 - i;  // 0..5, oldest first
    const std::string period = month_text(latest_due - ch::months(i));
    const std::string progress = "[{\"milestone_id\":" + std::to_string(lingshan_ms[2]) +
                                 ",\"percent\":" + std::to_string(40 + 8 * k) +
                                 "},{\"milestone_id\":" + std::to_string(lingshan_ms[3]) +
                                 ",\"percent\":" + std::to_string(20 + 5 * k) + "}]";
    const std::string indicators = "[{\"key\":\"五分钟出行圈覆盖率\",\"value\":\"" +
                                   std::to_string(80 + 2 * k) +
                                   "%\"},{\"key\":\"数字化平台注册户数\",\"value\":\"" +
                                   std::to_string(1200 + 150 * k) + "\"}]";
    WEILAI_CHECK(tx.exec(
        "INSERT INTO monitoring_reports (project_id, period, status, investment_fen, "
        "satisfaction_pct, progress_json, indicators_json, problems, review_comment, created_at, "
        "updated_at, submitted_at, reviewed_at) VALUES "
        "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10,$10,$11)",
        {lingshan, period, std::string(i == 1 ? "submitted" : "reviewed"),
         std::int64_t{(9 + 2 * k) * 1'000'000'000LL / 10}, std::int64_t{86 + k}, progress,
         indicators, std::string(problems[k]), std::string(i == 1 ? "" : "已审阅"), now,
         i == 1 ? kNull : Value(now)}));
  }
  // 西屏: monthly, last filed three months before the latest due one.
  for (int i = 5; i >= 3; --i) {
    WEILAI_CHECK(
        tx.exec("INSERT INTO monitoring_reports (project_id, period, status, investment_fen, "
                "satisfaction_pct, created_at, updated_at, submitted_at) VALUES "
                "($1,$2,'submitted',$3,$4,$5,$5,$5)",
                {xiping, month_text(latest_due - ch::months(i)),
                 std::int64_t{(6 - i) * 150'000'000LL}, std::int64_t{80 + (5 - i)}, now}));
  }

  // Funding of 灵山 (demo figures): sources 64.0 亿元, uses 63.5 亿元, 20 % of the surplus to the
  // community operation fund.
  struct Line {
    std::int64_t project;
    const char* direction;
    const char* kind;
    std::int64_t amount;
    std::optional<std::int64_t> gross, bp;
    const char* note;
  };
  const Line lines[] = {
      {lingshan, "source", "provincial_subsidy", 120'000'000'00, {}, {}, "省未来社区专项补助"},
      {lingshan, "source", "municipal_subsidy", 80'000'000'00, {}, {}, "市级补助"},
      {lingshan, "source", "loan", 3'000'000'000'00, {}, {}, "政策性银行贷款"},
      {lingshan, "source", "social_capital", 2'000'000'000'00, {}, {}, "社会资本"},
      // 15 亿元 gross, 20 % to the state → 12 亿元 returned.
      {lingshan, "source", "land_transfer", 1'200'000'000'00, 1'500'000'000'00, 2000,
       "土地出让收益返还"},
      {lingshan, "use", "demolition_resettlement", 2'500'000'000'00, {}, {}, "征迁安置"},
      {lingshan, "use", "construction", 3'500'000'000'00, {}, {}, "工程建设"},
      {lingshan, "use", "digital", 150'000'000'00, {}, {}, "数字化平台"},
      {lingshan, "use", "infrastructure", 200'000'000'00, {}, {}, "配套设施"},
      {jianchi, "source", "municipal_subsidy", 50'000'000'00, {}, {}, "示例"},
      {jianchi, "use", "construction", 60'000'000'00, {}, {}, "示例"},
  };
  for (const auto& l : lines) {
    WEILAI_CHECK(
        tx.exec("INSERT INTO funding_lines (project_id, direction, kind, amount_fen, "
                "gross_fen, state_share_bp, note, created_at) VALUES "
                "($1,$2,$3,$4,$5,$6,$7,$8)",
                {l.project, std::string(l.direction), std::string(l.kind), l.amount,
                 l.gross ? Value(*l.gross) : kNull, l.bp ? Value(*l.bp) : kNull,
                 std::string(l.note), now}));
  }

  // Incentives: 鹤溪 is named (payable), 灵山 not yet.
  WEILAI_CHECK(
      tx.exec("INSERT INTO incentives (project_id, policy, owed_fen, paid_fen, "
              "created_at) VALUES ($1,'省级试点命名奖补资金',500000000,0,$3), "
              "($2,'试点命名后支持政策兑现',300000000,100000000,$3)",
              {lingshan, hexi, now}));
  WEILAI_CHECK(
      tx.exec("INSERT INTO talent_awards (project_id, person_name, tier, introduced_on, "
              "housing_fen, purchase_discount_fen, rent_relief_fen, created_at) VALUES "
              "($1,'王博士','A','2025-09-01',80000000,0,0,$2), "
              "($1,'陈工程师','C','2026-03-15',0,15000000,0,$2), "
              "($1,'刘设计师','D','2026-06-01',0,0,2400000,$2)",
              {lingshan, now}));

  // Green channel.
  WEILAI_CHECK(tx.exec(
      "INSERT INTO approval_items (project_id, kind, title, submitted_on, approved_on, visits, "
      "created_at) VALUES ($1,'land_reserve','灵山地块土地收储','2019-06-03','2019-06-14',1,$3), "
      "($1,'regulatory_plan','灵山单元控规调整','2019-07-01','2019-08-15',2,$3), "
      "($1,'land_transfer','安置房地块带方案出让','2019-09-02','2019-09-20',1,$3), "
      "($1,'construction_permit','一期施工许可','2020-03-02','2020-03-13',1,$3), "
      "($2,'land_reserve','西屏地块土地收储',$4,NULL,3,$3)",
      {lingshan, xiping, now, day(-20)}));
  // Holidays (2026, demo list; the DRC keeps it current).
  const char* holidays[][2] = {
      {"2026-01-01", "元旦"},   {"2026-02-16", "春节"},   {"2026-02-17", "春节"},
      {"2026-02-18", "春节"},   {"2026-02-19", "春节"},   {"2026-02-20", "春节"},
      {"2026-04-06", "清明节"}, {"2026-05-01", "劳动节"}, {"2026-05-04", "劳动节"},
      {"2026-05-05", "劳动节"}, {"2026-06-19", "端午节"}, {"2026-09-25", "中秋节"},
      {"2026-10-01", "国庆节"}, {"2026-10-02", "国庆节"}, {"2026-10-05", "国庆节"},
      {"2026-10-06", "国庆节"}, {"2026-10-07", "国庆节"}};
  for (const auto& h : holidays)
    WEILAI_CHECK(tx.exec("INSERT INTO holidays (day, name) VALUES ($1,$2)",
                         {std::string(h[0]), std::string(h[1])}));

  // Targets for 2025 set by the DRC (2021 uses the policy's defaults); a reward.
  WEILAI_TRY(Rows counties, tx.exec("SELECT id, code FROM org_units WHERE kind = 'county'"));
  for (const auto& c : counties.rows) {
    WEILAI_CHECK(
        tx.exec("INSERT INTO county_targets (county_id, year, provincial_target, "
                "municipal_target, note, updated_at) VALUES ($1,2025,1,3,'',$2)",
                {c.i64(0), now}));
    if (c.text(1) == "331102")
      WEILAI_CHECK(
          tx.exec("INSERT INTO county_rewards (county_id, year, amount_fen, reason, "
                  "created_at) VALUES ($1,2021,500000000,'灵山未来社区试点成效突出',$2)",
                  {c.i64(0), now}));
  }

  // Leadership group: one meeting with three decisions, one of them overdue.
  WEILAI_TRY(auto meeting,
             tx.insert_returning_id(
                 "INSERT INTO leadership_meetings (held_on, title, minutes, created_at) VALUES "
                 "($1,'市未来社区试点建设工作领导小组例会','听取各县（市、区）试点推进情况汇报；"
                 "研究灵山未来社区控规调整、资金平衡和人才公寓配套事项。',$2) RETURNING id",
                 {day(-45), now}));
  WEILAI_CHECK(tx.exec(
      "INSERT INTO action_items (meeting_id, decision, department, deadline, status, done_on, "
      "created_at) VALUES "
      "($1,'完成灵山单元控规调整报批','natural_resources',$2,'in_progress',NULL,$5), "
      "($1,'拨付市级未来社区补助资金','finance',$3,'open',NULL,$5), "
      "($1,'出台人才公寓租购同权实施细则','talent_office',$4,'done',$4,$5)",
      {meeting, day(-10), day(30), day(-20), now}));

  audit::Draft draft;
  draft.actor_login = "system";
  draft.action = "demo.load_programme_ops";
  draft.target_type = "database";
  draft.target_id = "demo";
  draft.request_id = "startup";
  draft.change_json = "{\"latest_due_month\":\"" + month_text(latest_due) + "\"}";
  WEILAI_CHECK(append_audit(tx, draft, now));
  return {};
}

}  // namespace weilai::storage
