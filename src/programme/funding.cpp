#include "programme/funding.hpp"

#include <algorithm>

namespace weilai::programme {

bool is_source_kind(std::string_view kind) {
  return std::find(std::begin(kSourceKinds), std::end(kSourceKinds), kind) !=
         std::end(kSourceKinds);
}
bool is_use_kind(std::string_view kind) {
  return std::find(std::begin(kUseKinds), std::end(kUseKinds), kind) != std::end(kUseKinds);
}

Result<Fen> add_fen(Fen a, Fen b) {
  if (a > kMaxFen || a < -kMaxFen || b > kMaxFen || b < -kMaxFen)
    return Error::invalid("amount out of range");
  const Fen s = a + b;  // |s| ≤ 2^54: no int64 overflow
  if (s > kMaxFen || s < -kMaxFen) return Error::invalid("amount out of range");
  return s;
}

Result<Fen> share_of(Fen amount, int bp) {
  if (amount < 0 || amount > kMaxFen) return Error::invalid("amount out of range");
  if (bp < 0 || bp > kBasisPoints) return Error::invalid("share must be 0..10000 basis points");
  // amount × bp can reach 2^67, so split amount = q × 10000 + r: the share is q × bp (exact)
  // plus r × bp / 10000 rounded half up (r × bp < 10^8).
  const Fen q = amount / kBasisPoints, r = amount % kBasisPoints;
  return q * bp + (r * bp + kBasisPoints / 2) / kBasisPoints;
}

Result<LandTransferReturn> land_transfer_return(Fen gross, int state_share_bp) {
  WEILAI_TRY(Fen state, share_of(gross, state_share_bp));
  return LandTransferReturn{gross, state, gross - state};
}

Result<FundingBalance> funding_balance(std::span<const FundingLine> lines, int surplus_share_bp) {
  FundingBalance b;
  for (const auto& l : lines) {
    if (l.amount < 0) return Error::invalid("a funding amount is negative");
    if (l.direction == "source") {
      WEILAI_TRY(b.sources, add_fen(b.sources, l.amount));
    } else {
      WEILAI_TRY(b.uses, add_fen(b.uses, l.amount));
    }
  }
  b.balance = b.sources - b.uses;  // both within ±2^53: cannot overflow int64
  const Fen surplus = std::max<Fen>(b.balance, 0);
  WEILAI_TRY(b.surplus_to_operation, share_of(surplus, surplus_share_bp));
  b.surplus_kept = surplus - b.surplus_to_operation;
  return b;
}

}  // namespace weilai::programme
