#include "storage/demo_polls.hpp"

#include <random>

#include "storage/poll_store.hpp"

namespace weilai::storage {
namespace cp = community;
namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;

// Demo ballots get random ids like real ones (the server draws them from the OS CSPRNG); the
// demo households have no accounts, so their paper ballots are entered by the community admin.
std::string random_id(std::mt19937_64& rng) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 24; ++i) out += hex[rng() % 16];
  return out;
}

Status cast(Tx& tx, std::mt19937_64& rng, std::int64_t poll, std::int64_t household,
            std::int64_t cast_by, const cp::Ballot& choices) {
  WEILAI_CHECK(insert_participation(
      tx, poll, {"h" + std::to_string(household), household, std::nullopt, cast_by, false}));
  return insert_ballot(tx, poll, random_id(rng), choices);
}

}  // namespace

Status load_demo_polls(Tx& tx, const std::map<std::string, std::int64_t>& unit_ids,
                       const std::map<std::string, std::int64_t>& account_ids, std::int64_t now) {
  const std::int64_t lingshan = unit_ids.at("331102-LS");
  const std::int64_t admin = account_ids.at("community");
  const std::int64_t resident = account_ids.at("resident");
  WEILAI_TRY(auto households, community_poll_households(tx, lingshan));
  std::mt19937_64 rng(std::random_device{}());

  // 1. Published: choosing next year's services under a 200,000 yuan budget (knapsack).
  PollRow budget;
  budget.community_id = lingshan;
  budget.title = "2026 年社区配套服务选择（20 万元）";
  budget.description =
      "在 20 万元预算内勾选您希望开设的服务；按“得票最多且不超预算”的组合确定（背包法）。";
  budget.spec.kind = cp::PollKind::budget;
  budget.spec.options = {{"老年助餐点", 120000},
                         {"四点半课堂（儿童托管）", 80000},
                         {"社区健身角", 60000},
                         {"电动车充电棚", 50000}};
  budget.spec.budget = 200000;
  budget.spec.quorum_pct = 50;
  budget.phase = cp::PollPhase::proposal;
  budget.proposed_by = admin;
  WEILAI_TRY(budget.id, insert_poll(tx, budget, now - 30 * kDay));
  // Eight of the twelve households voted (ballots within the budget).
  const std::vector<cp::Ballot> ballots{{0, 1},    {0, 1},    {0, 1}, {0, 1},
                                        {1, 2, 3}, {1, 2, 3}, {0, 3}, {2, 3}};
  for (std::size_t i = 0; i < ballots.size(); ++i)
    WEILAI_CHECK(cast(tx, rng, budget.id, households.at(i + 2).id, admin, ballots[i]));
  budget.phase = cp::PollPhase::published;
  budget.voting_opened_at = now - 28 * kDay;
  budget.closed_at = now - 14 * kDay;
  budget.published_at = now - 12 * kDay;
  budget.eligible_households = count_eligible(budget, households);
  budget.decision =
      "按投票结果实施四点半课堂、社区健身角、电动车充电棚（合计 19 万元）；老年助餐点另行申请"
      "居家养老专项资金。";
  WEILAI_CHECK(update_poll_phase(tx, budget, 1, now - 12 * kDay));

  // 2. Open: opening hours of the waste sorting point (single choice, results hidden).
  PollRow hours;
  hours.community_id = lingshan;
  hours.title = "垃圾分类投放点开放时间";
  hours.description = "请选择您家最方便的定时定点投放时段，结果在投票结束后公布。";
  hours.spec.kind = cp::PollKind::single;
  hours.spec.options = {
      {"7:00–9:00 与 18:00–20:00"}, {"6:30–8:30 与 17:30–21:00"}, {"全天开放（智能投放箱）"}};
  hours.spec.quorum_pct = 50;
  hours.phase = cp::PollPhase::proposal;
  hours.proposed_by = admin;
  hours.closes_at = now + 10 * kDay;
  WEILAI_TRY(hours.id, insert_poll(tx, hours, now - 3 * kDay));
  const std::vector<cp::Ballot> votes{{1}, {2}, {1}, {0}};
  for (std::size_t i = 0; i < votes.size(); ++i)
    WEILAI_CHECK(cast(tx, rng, hours.id, households.at(i + 3).id, admin, votes[i]));
  hours.phase = cp::PollPhase::voting;
  hours.voting_opened_at = now - 2 * kDay;
  WEILAI_CHECK(update_poll_phase(tx, hours, 1, now - 2 * kDay));

  // 3. A resident's proposal (household 2) with one more supporter: it needs a third.
  PollRow tools;
  tools.community_id = lingshan;
  tools.title = "增设邻里共享工具屋";
  tools.description = "在 2 幢架空层设共享工具屋（电钻、梯子、推车），由志愿者管理。";
  tools.spec.kind = cp::PollKind::single;
  tools.spec.options = {{"赞成"}, {"反对"}};
  tools.phase = cp::PollPhase::proposal;
  tools.support_threshold = cp::kDefaultSupportThreshold;
  tools.proposed_by = resident;
  tools.proposer_household_id = households.at(1).id;
  WEILAI_TRY(tools.id, insert_poll(tx, tools, now - kDay));
  WEILAI_CHECK(insert_poll_support(tx, tools.id, households.at(1).id, admin, now - kDay));
  WEILAI_CHECK(insert_poll_support(tx, tools.id, households.at(2).id, admin, now - kDay));
  return {};
}

}  // namespace weilai::storage
