// Work orders, "platform + butler" (平台+管家, issue #8): the pure rules only — the state machine
// of a resident's report through triage, assignment, work, confirmation and return visit, and the
// SLA clock per category (response and resolution targets, paused while waiting on the resident,
// on parts or on another body). No storage, routes or screens use it yet.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace weilai::community {

enum class WorkOrderStatus {
  reported,     // filed by a resident
  triaged,      // categorised by the platform/butler
  assigned,     // given to a butler
  accepted,     // the butler took it (the response target ends here)
  in_progress,  // being worked
  waiting,      // paused: waiting for the resident, parts or another body (SLA clock stops)
  finished,     // the butler says it is done (the resolution target ends here)
  confirmed,    // the resident agrees (closed)
  reopened,     // the resident disagrees; goes back to assignment
};

enum class WorkOrderAction { triage, assign, accept, start, wait, resume, finish, confirm, reopen };

const char* to_string(WorkOrderStatus s);
std::optional<WorkOrderStatus> parse_work_order_status(std::string_view s);
std::optional<WorkOrderAction> parse_work_order_action(std::string_view s);

// The next status, or failed_precondition naming the current status when out of order.
Result<WorkOrderStatus> next_status(WorkOrderStatus current, WorkOrderAction action);
// Whether the SLA clock runs in this status.
bool sla_clock_runs(WorkOrderStatus s);

struct SlaTarget {
  int response_minutes = 60;      // reported → accepted
  int resolution_minutes = 1440;  // reported → finished
};

struct StatusChange {
  std::int64_t at = 0;  // Unix ms
  WorkOrderStatus to = WorkOrderStatus::reported;
};

struct SlaState {
  std::int64_t active_ms = 0;                       // clock time counted so far (pauses excluded)
  std::optional<std::int64_t> responded_active_ms;  // when it first reached accepted
  std::optional<std::int64_t> resolved_active_ms;   // when it last reached finished
  bool response_met = true;                         // so far
  bool resolution_met = true;
  bool paused = false;
};

// The SLA state at `now` from the order's history (first change: reported at filing time).
SlaState sla_state(const std::vector<StatusChange>& history, std::int64_t now,
                   const SlaTarget& target);

}  // namespace weilai::community
