#include "programme/incentives.hpp"

#include <algorithm>

namespace weilai::programme {

bool incentive_payable(std::string_view stage) {
  return stage == "named" || stage == "operating";
}

Result<Fen> pay_incentive(std::string_view stage, Fen owed, Fen paid, Fen amount) {
  if (!incentive_payable(stage)) {
    return Error{ErrorCode::failed_precondition,
                 "support policies are paid only after the project is named (stage is " +
                     std::string(stage) + ")",
                 {}};
  }
  if (amount <= 0) return Error::invalid("a payment must be positive", "/amount_fen");
  WEILAI_TRY(Fen total, add_fen(paid, amount));
  if (total > owed) return Error::invalid("the payment exceeds what is owed", "/amount_fen");
  return total;
}

bool is_talent_tier(std::string_view tier) {
  return std::find(std::begin(kTalentTiers), std::end(kTalentTiers), tier) !=
         std::end(kTalentTiers);
}

}  // namespace weilai::programme
