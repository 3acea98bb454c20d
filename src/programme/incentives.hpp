// Support policies after naming (期权激励, policy 三(九)) and talent incentives (以房引才, 三(五)).
// A support policy is recorded as owed to a project; it becomes payable only once the project is
// named and published (命名公布) or operating, and the paid total never exceeds what is owed.
// Pure, thread-safe.
#pragma once

#include <string_view>

#include "programme/funding.hpp"

namespace weilai::programme {

// named | operating.
bool incentive_payable(std::string_view stage);

// A payment of `amount` against an incentive with `owed` and `paid` so far: the new paid total,
// or failed_precondition when the project is not named yet (checked first), invalid_argument when
// the amount is not positive or would pay more than is owed.
Result<Fen> pay_incentive(std::string_view stage, Fen owed, Fen paid, Fen amount);

// Talent tiers (分层分类): A 顶尖人才, B 领军人才, C 高级人才, D 青年人才.
inline constexpr std::string_view kTalentTiers[] = {"A", "B", "C", "D"};
bool is_talent_tier(std::string_view tier);

}  // namespace weilai::programme
