#include "community/work_order.hpp"

#include <string>

namespace weilai::community {
namespace {
constexpr std::int64_t kMinute = 60'000;
using S = WorkOrderStatus;
using A = WorkOrderAction;
using B = WorkOrderBody;
constexpr S kAll[] = {S::reported,    S::triaged, S::assigned, S::accepted,
                      S::in_progress, S::waiting, S::finished, S::confirmed,
                      S::reopened,    S::quoted,  S::closed};
constexpr std::pair<std::string_view, A> kActionNames[] = {{"triage", A::triage},
                                                           {"assign", A::assign},
                                                           {"accept", A::accept},
                                                           {"start", A::start},
                                                           {"wait", A::wait},
                                                           {"resume", A::resume},
                                                           {"finish", A::finish},
                                                           {"confirm", A::confirm},
                                                           {"reopen", A::reopen},
                                                           {"transfer", A::transfer},
                                                           {"quote", A::quote},
                                                           {"accept_quote", A::accept_quote},
                                                           {"decline_quote", A::decline_quote}};
}  // namespace

const char* to_string(WorkOrderAction a) {
  for (const auto& [name, x] : kActionNames)
    if (x == a) return name.data();
  return "triage";
}

const char* to_string(WorkOrderBody b) {
  switch (b) {
    case B::property:
      return "property";
    case B::committee:
      return "committee";
    case B::hotline:
      return "hotline";
  }
  return "property";
}

std::optional<WorkOrderBody> parse_work_order_body(std::string_view s) {
  for (auto b : {B::property, B::committee, B::hotline})
    if (s == to_string(b)) return b;
  return std::nullopt;
}

bool is_resident_step(WorkOrderAction a) {
  return a == A::confirm || a == A::reopen || a == A::accept_quote || a == A::decline_quote;
}

bool is_final(WorkOrderStatus s) {
  return s == S::confirmed || s == S::closed;
}

const char* to_string(WorkOrderStatus s) {
  switch (s) {
    case S::reported:
      return "reported";
    case S::triaged:
      return "triaged";
    case S::assigned:
      return "assigned";
    case S::accepted:
      return "accepted";
    case S::in_progress:
      return "in_progress";
    case S::waiting:
      return "waiting";
    case S::finished:
      return "finished";
    case S::confirmed:
      return "confirmed";
    case S::reopened:
      return "reopened";
    case S::quoted:
      return "quoted";
    case S::closed:
      return "closed";
  }
  return "reported";
}

std::optional<WorkOrderStatus> parse_work_order_status(std::string_view s) {
  for (auto st : kAll)
    if (s == to_string(st)) return st;
  return std::nullopt;
}

std::optional<WorkOrderAction> parse_work_order_action(std::string_view s) {
  for (const auto& [name, a] : kActionNames)
    if (s == name) return a;
  return std::nullopt;
}

Result<WorkOrderStatus> next_status(WorkOrderStatus c, WorkOrderAction a) {
  switch (a) {
    case A::triage:
      if (c == S::reported) return S::triaged;
      break;
    case A::assign:  // also re-assignment before the butler accepted, and after a reopen
      if (c == S::triaged || c == S::assigned || c == S::reopened) return S::assigned;
      break;
    case A::accept:
      if (c == S::assigned) return S::accepted;
      break;
    case A::start:
      if (c == S::accepted) return S::in_progress;
      break;
    case A::wait:
      if (c == S::accepted || c == S::in_progress) return S::waiting;
      break;
    case A::resume:
      if (c == S::waiting) return S::in_progress;
      break;
    case A::finish:
      if (c == S::in_progress) return S::finished;
      break;
    case A::confirm:
      if (c == S::finished) return S::confirmed;
      break;
    case A::reopen:
      if (c == S::finished) return S::reopened;
      break;
    case A::transfer:  // any open order not waiting on the resident's answer or confirmation
      if (c == S::reported || c == S::triaged || c == S::assigned || c == S::accepted ||
          c == S::in_progress || c == S::waiting || c == S::reopened)
        return S::triaged;
      break;
    case A::quote:
      if (c == S::accepted || c == S::in_progress) return S::quoted;
      break;
    case A::accept_quote:
      if (c == S::quoted) return S::in_progress;
      break;
    case A::decline_quote:
      if (c == S::quoted) return S::closed;
      break;
  }
  return Error{ErrorCode::failed_precondition,
               std::string("a work order that is ") + to_string(c) + " cannot take that step",
               {}};
}

bool sla_clock_runs(WorkOrderStatus s) {
  return s != S::waiting && s != S::finished && s != S::confirmed && s != S::quoted &&
         s != S::closed;
}

SlaState sla_state(const std::vector<StatusChange>& history, std::int64_t now,
                   const SlaTarget& target) {
  SlaState st;
  if (history.empty()) return st;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const auto& h = history[i];
    if (h.to == S::accepted && !st.responded_active_ms) st.responded_active_ms = st.active_ms;
    if (h.to == S::finished) st.resolved_active_ms = st.active_ms;
    if (h.to == S::reopened) st.resolved_active_ms.reset();
    const std::int64_t until = i + 1 < history.size() ? history[i + 1].at : now;
    if (sla_clock_runs(h.to) && until > h.at) st.active_ms += until - h.at;
  }
  st.paused = !sla_clock_runs(history.back().to);
  const auto response_ms = target.response_minutes * kMinute;
  const auto resolution_ms = target.resolution_minutes * kMinute;
  st.response_met =
      st.responded_active_ms ? *st.responded_active_ms <= response_ms : st.active_ms <= response_ms;
  st.resolution_met = st.resolved_active_ms ? *st.resolved_active_ms <= resolution_ms
                                            : st.active_ms <= resolution_ms;
  return st;
}

BodySla sla_state_for(const std::vector<StatusChange>& history, std::int64_t now,
                      const SlaTarget& target, WorkOrderBody body) {
  BodySla out;
  auto& st = out.state;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const auto& h = history[i];
    if (h.body != body) continue;
    out.ever = true;
    if (h.to == S::accepted && !st.responded_active_ms) st.responded_active_ms = st.active_ms;
    if (h.to == S::finished) st.resolved_active_ms = st.active_ms;
    if (h.to == S::reopened) st.resolved_active_ms.reset();
    const std::int64_t until = i + 1 < history.size() ? history[i + 1].at : now;
    if (sla_clock_runs(h.to) && until > h.at) st.active_ms += until - h.at;
  }
  out.held = !history.empty() && history.back().body == body;
  st.paused = !out.held || !sla_clock_runs(history.back().to);
  const auto response_ms = target.response_minutes * kMinute;
  const auto resolution_ms = target.resolution_minutes * kMinute;
  st.response_met =
      st.responded_active_ms ? *st.responded_active_ms <= response_ms : st.active_ms <= response_ms;
  st.resolution_met = st.resolved_active_ms ? *st.resolved_active_ms <= resolution_ms
                                            : st.active_ms <= resolution_ms;
  return out;
}

std::int64_t next_due_after(std::int64_t next_due_at, int interval_days, std::int64_t until) {
  const std::int64_t step = std::int64_t{interval_days} * 24 * 60 * kMinute;
  if (step <= 0) return until + 1;
  if (next_due_at > until) return next_due_at;
  return next_due_at + ((until - next_due_at) / step + 1) * step;
}

}  // namespace weilai::community
