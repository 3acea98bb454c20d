#include "community/foundation.hpp"

namespace weilai::community {

std::string proposal_status(const std::vector<Decision>& decisions, int approvals_required) {
  int approvals = 0;
  for (const auto& d : decisions) {
    if (!d.approve) return "rejected";
    ++approvals;
  }
  return approvals >= approvals_required ? "approved" : "pending";
}

Status check_decision(const std::string& status, std::int64_t proposer, std::int64_t approver,
                      const std::vector<Decision>& decisions) {
  if (proposer == approver) return Error::denied("a proposer cannot approve their own proposal");
  if (status != "pending") return Error::conflict("the proposal is " + status + ", not pending");
  for (const auto& d : decisions)
    if (d.approver == approver) return Error::conflict("you have already decided on this proposal");
  return {};
}

Status check_payable(const std::string& status) {
  if (status == "approved") return {};
  return Error{ErrorCode::failed_precondition,
               "only an approved proposal can be paid (it is " + status + ")", "/proposal"};
}

}  // namespace weilai::community
