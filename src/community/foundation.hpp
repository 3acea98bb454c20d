// Community foundation (社区基金会): a spending proposal needs N approvals from people other than
// its proposer; one rejection closes it; only an approved proposal is paid, once. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace weilai::community {

struct Decision {
  std::int64_t approver = 0;
  bool approve = true;
};

// The proposal's status after `decisions`: "pending", "approved" or "rejected".
std::string proposal_status(const std::vector<Decision>& decisions, int approvals_required);

// permission_denied for self-approval, conflict when the approver already decided or the
// proposal is not pending.
Status check_decision(const std::string& status, std::int64_t proposer, std::int64_t approver,
                      const std::vector<Decision>& decisions);

// failed_precondition unless the proposal is approved (and not paid).
Status check_payable(const std::string& status);

}  // namespace weilai::community
