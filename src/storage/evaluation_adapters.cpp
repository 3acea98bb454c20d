#include "storage/evaluation_adapters.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "community/work_order.hpp"
#include "storage/evaluation_store.hpp"
#include "storage/planning_store.hpp"

namespace weilai::storage {
namespace {

constexpr UnixMillis kYearMs = 365LL * 86400 * 1000;

std::string pct_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", v);
  return buf;
}

std::string day(UnixMillis ms) {
  const std::time_t s = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::optional<evaluation::AdapterReading> share(std::int64_t part, std::int64_t whole,
                                                const std::string& what) {
  evaluation::AdapterReading r;
  r.number = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  r.detail = std::to_string(part) + " of " + std::to_string(whole) + " " + what + " = " +
             pct_text(*r.number);
  return r;
}

// The households of the project's community.
Result<std::int64_t> households_of(Tx& tx, std::int64_t project_id) {
  return eligible_households(tx, project_id);
}

// The latest succeeded analysis whose coverage was computed with rules accepted by `want`.
AdapterResult coverage_reading(Tx& tx, std::int64_t project_id, UnixMillis until,
                               bool travel_circles) {
  WEILAI_TRY(auto analyses, list_analyses(tx, project_id));  // newest first
  for (const auto& a : analyses) {
    if (a.status != "succeeded" || !a.finished_at || *a.finished_at > until) continue;
    auto doc_text = get_result(tx, a.id, "coverage.json");
    if (!doc_text) continue;  // an analysis without coverage (older format)
    const auto doc = nlohmann::json::parse(*doc_text, nullptr, false);
    if (!doc.is_object() || !doc.contains("rows") || !doc.at("rows").is_array() ||
        doc.at("rows").empty())
      continue;
    const std::string rules = doc.value("rules", "");
    if ((rules == "travel_circles_5_10_30") != travel_circles) continue;
    const auto& all = doc.at("rows")[0];  // the first row: all residences
    const double households = all.value("households", 0.0);
    if (!all.contains("levels") || !all.at("levels").is_object() || households <= 0 ||
        !doc.contains("levels") || !doc.at("levels").is_array() || doc.at("levels").empty())
      return std::optional<evaluation::AdapterReading>();
    std::string per_level;
    double last = 0;
    for (const auto& name : doc.at("levels")) {
      const auto& l = all.at("levels").value(name.get<std::string>(), nlohmann::json::object());
      const double met = l.value("households", 0.0);
      last = 100.0 * met / households;
      per_level += (per_level.empty() ? "" : ", ") + name.get<std::string>() + " " + pct_text(last);
    }
    evaluation::AdapterReading r;
    r.number = last;  // levels are nested: the last one is met only with every level below it
    char hh[32];
    std::snprintf(hh, sizeof hh, "%.0f", households);
    r.detail = "planning analysis #" + std::to_string(a.id) + " (" + rules + ", " +
               day(*a.finished_at) + "): " + per_level + " of " + hh +
               " households; the value is the share meeting every level";
    return std::optional<evaluation::AdapterReading>(r);
  }
  return std::optional<evaluation::AdapterReading>();
}

}  // namespace

AdapterResult travel_circle_reading(Tx& tx, std::int64_t project_id, UnixMillis until) {
  return coverage_reading(tx, project_id, until, true);
}

AdapterResult life_circle_reading(Tx& tx, std::int64_t project_id, UnixMillis until) {
  return coverage_reading(tx, project_id, until, false);
}

AdapterResult time_bank_reading(Tx& tx, std::int64_t project_id, UnixMillis until) {
  WEILAI_TRY(auto total, households_of(tx, project_id));
  if (total == 0) return std::optional<evaluation::AdapterReading>();
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT COUNT(DISTINCT h.id) FROM projects p "
                     "JOIN timebank_services s ON s.community_id = p.community_id "
                     "JOIN household_members m ON (m.id = s.volunteer_person_id OR "
                     "m.id = s.for_person_id OR (s.volunteer_account_id IS NOT NULL AND "
                     "m.account_id = s.volunteer_account_id)) "
                     "JOIN households h ON h.id = m.household_id AND "
                     "h.community_id = p.community_id "
                     "WHERE p.id = $1 AND s.status = 'confirmed' AND s.confirmed_at > $2 AND "
                     "s.confirmed_at <= $3",
                     {project_id, until - kYearMs, until}));
  return share(
      rows.front().i64(0), total,
      "households took part in a confirmed time-bank service in the 365 days to " + day(until));
}

AdapterResult points_activity_reading(Tx& tx, std::int64_t project_id, UnixMillis until) {
  WEILAI_TRY(auto total, households_of(tx, project_id));
  if (total == 0) return std::optional<evaluation::AdapterReading>();
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT COUNT(DISTINCT h.id) FROM projects p "
                     "JOIN households h ON h.community_id = p.community_id "
                     "JOIN household_members m ON m.household_id = h.id "
                     "JOIN point_awards a ON a.person_id = m.id "
                     "WHERE p.id = $1 AND a.revoked_tx_id IS NULL AND a.awarded_at > $2 AND "
                     "a.awarded_at <= $3",
                     {project_id, until - kYearMs, until}));
  return share(rows.front().i64(0), total,
               "households were awarded points in the 365 days to " + day(until));
}

AdapterResult shared_parking_reading(Tx& tx, std::int64_t project_id, UnixMillis until) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM "
                                "parking_windows w WHERE w.slot_id = s.id AND w.created_at <= $2) "
                                "THEN 1 ELSE 0 END), 0) FROM projects p "
                                "JOIN parking_slots s ON s.community_id = p.community_id "
                                "WHERE p.id = $1 AND s.created_at <= $2",
                                {project_id, until}));
  const auto total = rows.front().i64(0);
  if (total == 0) return std::optional<evaluation::AdapterReading>();
  return share(rows.front().i64(1), total,
               "parking spaces registered on the platform have a sharing window");
}

AdapterResult work_order_sla_reading(Tx& tx, std::int64_t project_id, UnixMillis until) {
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT o.id, o.created_at, c.response_minutes, c.resolution_minutes, "
                     "e.at, e.to_status FROM projects p "
                     "JOIN work_orders o ON o.community_id = p.community_id "
                     "JOIN work_order_categories c ON c.code = o.category "
                     "LEFT JOIN work_order_events e ON e.work_order_id = o.id AND e.at <= $2 "
                     "WHERE p.id = $1 AND o.created_at <= $2 ORDER BY o.id, e.at, e.id",
                     {project_id, until}));
  std::int64_t settled = 0, met = 0;
  std::size_t i = 0;
  while (i < rows.rows.size()) {
    const auto id = rows.rows[i].i64(0);
    const auto created = rows.rows[i].i64(1);
    community::SlaTarget target{static_cast<int>(rows.rows[i].i64(2)),
                                static_cast<int>(rows.rows[i].i64(3))};
    std::vector<community::StatusChange> history;
    std::optional<std::int64_t> finished_at;
    for (; i < rows.rows.size() && rows.rows[i].i64(0) == id; ++i) {
      if (rows.rows[i].is_null(4)) continue;
      auto st = community::parse_work_order_status(rows.rows[i].text(5));
      if (!st) continue;
      if (history.empty() && *st != community::WorkOrderStatus::reported)
        history.push_back({created, community::WorkOrderStatus::reported});
      history.push_back({rows.rows[i].i64(4), *st});
      if (*st == community::WorkOrderStatus::finished) finished_at = rows.rows[i].i64(4);
    }
    if (history.empty()) history.push_back({created, community::WorkOrderStatus::reported});
    const auto sla = community::sla_state(history, until, target);
    const bool resolved = sla.resolved_active_ms.has_value();
    // Settled in the window: finished in it, or still open and already past its target.
    const bool in_window = resolved ? finished_at && *finished_at > until - kYearMs
                                    : !sla.resolution_met && created > until - kYearMs;
    if (!in_window) continue;
    ++settled;
    if (resolved && sla.response_met && sla.resolution_met) ++met;
  }
  if (settled == 0) return std::optional<evaluation::AdapterReading>();
  return share(met, settled,
               "work orders settled in the 365 days to " + day(until) +
                   " met both the response and the resolution target");
}

}  // namespace weilai::storage
