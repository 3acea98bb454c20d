#include "programme/approvals.hpp"

#include <algorithm>

namespace weilai::programme {

bool is_approval_kind(std::string_view kind) {
  return std::find(std::begin(kApprovalKinds), std::end(kApprovalKinds), kind) !=
         std::end(kApprovalKinds);
}

Status check_approval_dates(Day submitted, std::optional<Day> approved) {
  if (approved && *approved < submitted)
    return Error::invalid("approved before it was submitted", "/approved_on");
  return {};
}

std::int64_t approval_elapsed(Day submitted, std::optional<Day> approved, Day today,
                              const std::set<Day>& holidays) {
  return working_days_between(submitted, approved ? *approved : today, holidays);
}

}  // namespace weilai::programme
