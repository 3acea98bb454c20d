// Work orders, "platform + butler" (平台+管家, issue #8): the pure rules only — the state machine
// of a resident's report through triage, assignment, work, confirmation and return visit, and the
// SLA clock per category (response and resolution targets, paused while waiting on the resident,
// on parts or on another body). Transfers between the bodies that handle orders (the property
// company, the community committee 居委会, an external hotline), each with its own SLA clock; paid
// repairs with a quote the resident accepts or declines; preventive schedules.
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
  quoted,       // a paid repair: waiting for the resident to accept the quote (clock stops)
  closed,       // ended without the repair (the resident declined the quote)
};

enum class WorkOrderAction {
  triage,
  assign,
  accept,
  start,
  wait,
  resume,
  finish,
  confirm,
  reopen,
  transfer,       // to another body: back to triaged there (that body's SLA clock starts)
  quote,          // a paid repair: the butler quotes a price
  accept_quote,   // the resident accepts: work goes on
  decline_quote,  // the resident declines: the order is closed
};

// Who holds an order. Each body's SLA clock counts only while it holds the order.
enum class WorkOrderBody { property, committee, hotline };

const char* to_string(WorkOrderAction a);
const char* to_string(WorkOrderBody b);
std::optional<WorkOrderBody> parse_work_order_body(std::string_view s);
// Steps the reporting resident takes (confirm, reopen, accept_quote, decline_quote); every other
// step is the handlers'.
bool is_resident_step(WorkOrderAction a);
// Whether the status is final (confirmed, closed): a return visit may follow.
bool is_final(WorkOrderStatus s);

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
  WorkOrderBody body = WorkOrderBody::property;  // who holds the order from then on
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

// One body's own clock: counts only while `body` holds the order; responded at its first
// acceptance, resolved at its last finish. `held` says whether it holds the order now, `ever`
// whether it ever held it.
struct BodySla {
  SlaState state;
  bool held = false;
  bool ever = false;
};
BodySla sla_state_for(const std::vector<StatusChange>& history, std::int64_t now,
                      const SlaTarget& target, WorkOrderBody body);

// Preventive maintenance: the due times in (after, until] of a schedule that is due every
// `interval_days` from `next_due_at`; the caller creates one order per schedule run (missed
// periods are not back-filled) and stores the next due time returned here (> until).
std::int64_t next_due_after(std::int64_t next_due_at, int interval_days, std::int64_t until);

}  // namespace weilai::community
