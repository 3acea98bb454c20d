// Dynamic monitoring (动态评价监测, policy 三(九)): a pilot project reports each month or quarter
// on investment completed, construction progress per milestone, indicator values, resident
// satisfaction and problems. A report is editable by the county until submitted, then the DRC
// reviews it (accept, or return it for revision). The overdue rules live here. Pure, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "programme/ops_dates.hpp"

namespace weilai::programme {

enum class Cadence { month, quarter };
const char* to_string(Cadence c);
Result<Cadence> parse_cadence(std::string_view text, const std::string& field = {});

// A reporting period: "2026-03" (a month) or "2026-Q1" (a quarter).
struct Period {
  int year = 0;
  Cadence cadence = Cadence::month;
  int index = 1;  // month 1..12 or quarter 1..4

  std::string text() const;
  Day first_day() const;
  Day last_day() const;
  bool operator==(const Period&) const = default;
};
Result<Period> parse_period(std::string_view text, const std::string& field = {});
// The period (of the cadence) that contains `day`.
Period period_of(Day day, Cadence cadence);
Period previous(const Period& p);

// A report is due by the 10th day after its period ends (the day the month's statistics are
// available); after that an unsubmitted report is overdue.
inline constexpr int kReportGraceDays = 10;
Day report_due(const Period& p);
// The latest period whose report is due by `today` (its due date is before `today`).
Period latest_due_period(Day today, Cadence cadence);

enum class ReportStatus { draft, submitted, reviewed, returned };
const char* to_string(ReportStatus s);
std::optional<ReportStatus> parse_report_status(std::string_view text);
// The county may edit a draft or a returned report; a submitted or reviewed one is frozen.
bool report_editable(ReportStatus s);
// submit: draft|returned → submitted. review/return: submitted → reviewed|returned.
// failed_precondition naming the current status otherwise.
Result<ReportStatus> report_transition(ReportStatus from, std::string_view action);

// Overdue: a project whose latest due period has no submitted (or reviewed) report; the result
// names the missing period, or nothing when the project is up to date.
std::optional<Period> overdue_report(Day today, Cadence cadence,
                                     const std::vector<std::string>& submitted_periods);

// A milestone is overdue when its due date has passed and it is not done.
bool milestone_overdue(Day due, std::optional<Day> done, Day today);

// Which project stages are monitored (implementation under way): plan_filed, construction,
// acceptance.
bool stage_monitored(std::string_view stage);

}  // namespace weilai::programme
