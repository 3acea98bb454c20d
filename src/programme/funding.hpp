// Funding balance of a pilot project (资金平衡, policy 三(三)(四)). Money is integer fen (分);
// shares are basis points (1 bp = 0.01 %). Every sum is overflow-checked; no floating point.
// Pure, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace weilai::programme {

using Fen = std::int64_t;
inline constexpr Fen kMaxFen = Fen{1} << 53;  // ≈ 900 万亿元: also exact in a JSON number
inline constexpr int kBasisPoints = 10000;    // 100 %

// Sources 资金来源 and uses 资金使用.
inline constexpr std::string_view kSourceKinds[] = {
    "national_subsidy",    // 国家补助
    "provincial_subsidy",  // 省补助
    "municipal_subsidy",   // 市补助
    "loan",                // 银行贷款
    "social_capital",      // 社会资本
    "land_transfer",       // 土地出让收益返还 (gross revenue minus the state's share)
    "other_source"};
inline constexpr std::string_view kUseKinds[] = {"demolition_resettlement",  // 征迁安置
                                                 "construction",             // 工程建设
                                                 "infrastructure",           // 配套设施
                                                 "digital",                  // 数字化建设
                                                 "operation",                // 运营
                                                 "other_use"};
bool is_source_kind(std::string_view kind);
bool is_use_kind(std::string_view kind);

// Checked arithmetic: invalid_argument when the result leaves ±kMaxFen.
Result<Fen> add_fen(Fen a, Fen b);
// The share `bp` of `amount`, rounded half up to the fen (amount ≥ 0, 0 ≤ bp ≤ 10000).
Result<Fen> share_of(Fen amount, int bp);

// Land-transfer revenue (土地出让收益) returned to a renewal project: the gross revenue minus the
// part paid up to the state (剔除上缴国家部分). The state's part is rounded half up to the fen, so
// the state is never short-changed by rounding.
struct LandTransferReturn {
  Fen gross = 0;
  Fen state_share = 0;
  Fen returned = 0;
};
Result<LandTransferReturn> land_transfer_return(Fen gross, int state_share_bp);

struct FundingLine {
  std::string direction;  // source | use
  std::string kind;
  Fen amount = 0;  // for land_transfer: the returned amount (computed)
};

struct FundingBalance {
  Fen sources = 0;
  Fen uses = 0;
  Fen balance = 0;               // sources − uses (negative: a gap)
  Fen surplus_to_operation = 0;  // max(balance, 0) × surplus share, rounded half up
  Fen surplus_kept = 0;          // max(balance, 0) − surplus_to_operation
};
// `surplus_share_bp`: the share of the construction surplus assigned to the community operation
// fund (建设盈余资金按一定比例纳入社区运营基金).
Result<FundingBalance> funding_balance(std::span<const FundingLine> lines, int surplus_share_bp);

}  // namespace weilai::programme
