// The approval green channel (绿色通道, "最多跑一次", policy 三(九)): approval items of a project
// with submitted/approved dates, the number of visits the applicant needed and the working days
// elapsed. Pure, thread-safe.
#pragma once

#include <optional>
#include <set>
#include <string_view>

#include "programme/ops_dates.hpp"

namespace weilai::programme {

inline constexpr std::string_view kApprovalKinds[] = {"land_reserve",     // 土地收储
                                                      "regulatory_plan",  // 控规调整
                                                      "land_transfer",    // 土地出让
                                                      "planning_permit",  // 建设用地/工程规划许可
                                                      "construction_permit",  // 施工许可
                                                      "other"};
bool is_approval_kind(std::string_view kind);

inline constexpr int kMaxVisits = 99;
// "最多跑一次": more than one visit is flagged on the board.
inline bool needs_attention(int visits) {
  return visits > 1;
}

// Validates an item's dates (approved on or after submitted); invalid_argument on /approved_on.
Status check_approval_dates(Day submitted, std::optional<Day> approved);
// Working days elapsed: until approval, or until `today` while still pending.
std::int64_t approval_elapsed(Day submitted, std::optional<Day> approved, Day today,
                              const std::set<Day>& holidays);

}  // namespace weilai::programme
