#include "programme/leadership.hpp"

namespace weilai::programme {

const Department* find_department(std::string_view code) {
  for (const auto& d : kDepartments)
    if (d.code == code) return &d;
  return nullptr;
}

const char* to_string(ActionStatus s) {
  switch (s) {
    case ActionStatus::open:
      return "open";
    case ActionStatus::in_progress:
      return "in_progress";
    case ActionStatus::done:
      return "done";
  }
  return "open";
}

std::optional<ActionStatus> parse_action_status(std::string_view t) {
  for (auto s : {ActionStatus::open, ActionStatus::in_progress, ActionStatus::done})
    if (t == to_string(s)) return s;
  return std::nullopt;
}

bool action_overdue(ActionStatus status, Day deadline, Day today) {
  return status != ActionStatus::done && deadline < today;
}

}  // namespace weilai::programme
