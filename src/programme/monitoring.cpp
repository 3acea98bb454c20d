#include "programme/monitoring.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace weilai::programme {
namespace {
bool to_int(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}
}  // namespace

const char* to_string(Cadence c) {
  return c == Cadence::month ? "month" : "quarter";
}

Result<Cadence> parse_cadence(std::string_view t, const std::string& field) {
  if (t == "month") return Cadence::month;
  if (t == "quarter") return Cadence::quarter;
  return Error::invalid("cadence must be month or quarter", field);
}

std::string Period::text() const {
  char buf[16];
  if (cadence == Cadence::month)
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, index);
  else
    std::snprintf(buf, sizeof buf, "%04d-Q%d", year, index);
  return buf;
}

Day Period::first_day() const {
  return days_from_civil(year, cadence == Cadence::month ? index : 3 * index - 2, 1);
}

Day Period::last_day() const {
  const int last_month = cadence == Cadence::month ? index : 3 * index;
  return last_month == 12 ? days_from_civil(year + 1, 1, 1) - 1
                          : days_from_civil(year, last_month + 1, 1) - 1;
}

Result<Period> parse_period(std::string_view t, const std::string& field) {
  auto bad = [&] {
    return Error::invalid("expected a period YYYY-MM or YYYY-Qn, got '" + std::string(t) + "'",
                          field);
  };
  Period p;
  if (t.size() < 7 || t[4] != '-' || !to_int(t.substr(0, 4), p.year)) return bad();
  if (p.year < 2019 || p.year > 2100) return bad();
  if (t.size() == 7 && t[5] == 'Q') {
    p.cadence = Cadence::quarter;
    if (!to_int(t.substr(6, 1), p.index) || p.index < 1 || p.index > 4) return bad();
    return p;
  }
  if (t.size() == 7 && to_int(t.substr(5, 2), p.index) && p.index >= 1 && p.index <= 12) {
    p.cadence = Cadence::month;
    return p;
  }
  return bad();
}

Period period_of(Day day, Cadence cadence) {
  const std::string s = format_date(day);
  int y = 0, m = 0;
  to_int(std::string_view(s).substr(0, 4), y);
  to_int(std::string_view(s).substr(5, 2), m);
  return cadence == Cadence::month ? Period{y, cadence, m} : Period{y, cadence, (m - 1) / 3 + 1};
}

Period previous(const Period& p) {
  if (p.index > 1) return {p.year, p.cadence, p.index - 1};
  return {p.year - 1, p.cadence, p.cadence == Cadence::month ? 12 : 4};
}

Day report_due(const Period& p) {
  return p.last_day() + kReportGraceDays;
}

Period latest_due_period(Day today, Cadence cadence) {
  Period p = previous(period_of(today, cadence));
  while (report_due(p) >= today) p = previous(p);
  return p;
}

const char* to_string(ReportStatus s) {
  switch (s) {
    case ReportStatus::draft:
      return "draft";
    case ReportStatus::submitted:
      return "submitted";
    case ReportStatus::reviewed:
      return "reviewed";
    case ReportStatus::returned:
      return "returned";
  }
  return "draft";
}

std::optional<ReportStatus> parse_report_status(std::string_view t) {
  for (auto s : {ReportStatus::draft, ReportStatus::submitted, ReportStatus::reviewed,
                 ReportStatus::returned})
    if (t == to_string(s)) return s;
  return std::nullopt;
}

bool report_editable(ReportStatus s) {
  return s == ReportStatus::draft || s == ReportStatus::returned;
}

Result<ReportStatus> report_transition(ReportStatus from, std::string_view action) {
  if (action == "submit" && report_editable(from)) return ReportStatus::submitted;
  if (action == "review" && from == ReportStatus::submitted) return ReportStatus::reviewed;
  if (action == "return" && from == ReportStatus::submitted) return ReportStatus::returned;
  if (action != "submit" && action != "review" && action != "return")
    return Error::invalid("action must be submit, review or return", "/action");
  return Error{ErrorCode::failed_precondition,
               "cannot " + std::string(action) + " a report that is " + to_string(from), "/action"};
}

std::optional<Period> overdue_report(Day today, Cadence cadence,
                                     const std::vector<std::string>& submitted) {
  const Period due = latest_due_period(today, cadence);
  if (std::find(submitted.begin(), submitted.end(), due.text()) != submitted.end())
    return std::nullopt;
  return due;
}

bool milestone_overdue(Day due, std::optional<Day> done, Day today) {
  return !done && due < today;
}

bool stage_monitored(std::string_view stage) {
  return stage == "plan_filed" || stage == "construction" || stage == "acceptance";
}

}  // namespace weilai::programme
