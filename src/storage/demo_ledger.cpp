#include "storage/demo_ledger.hpp"

#include "storage/ledger_store.hpp"

namespace weilai::storage {
using community::Unit;

namespace {
constexpr std::int64_t kHour = 3600LL * 1000;

Result<std::int64_t> person_named(Tx& tx, std::int64_t community, const std::string& name) {
  WEILAI_TRY(Rows r, tx.exec("SELECT m.id FROM household_members m JOIN households h ON h.id = "
                             "m.household_id WHERE h.community_id = $1 AND m.person_name = $2 "
                             "ORDER BY m.id",
                             {community, name}));
  if (r.empty()) return Error::internal("demo person " + name + " missing");
  return r.front().i64(0);
}

Result<std::int64_t> post_pair(Tx& tx, std::int64_t community, const std::string& kind,
                               const std::string& memo, std::int64_t from, std::int64_t to,
                               Unit unit, std::int64_t amount, std::optional<std::int64_t> actor,
                               const std::string& ref_type, std::optional<std::int64_t> ref_id,
                               UnixMillis at, bool proxy = false) {
  community::Posting p;
  p.kind = kind;
  p.community_id = community;
  p.memo = memo;
  p.actor_id = actor;
  p.ref_type = ref_type;
  p.ref_id = ref_id;
  p.proxy = proxy;
  p.entries = {{from, unit, -amount, std::nullopt}, {to, unit, amount, std::nullopt}};
  return post(tx, p, at);
}
}  // namespace

Status load_demo_ledger(Tx& tx, const std::map<std::string, std::int64_t>& unit_ids,
                        const std::map<std::string, std::int64_t>& account_ids, UnixMillis now) {
  const std::int64_t ls = unit_ids.at("331102-LS");
  const std::int64_t resident = account_ids.at("resident");
  const std::int64_t grid = account_ids.at("grid");
  const std::int64_t admin = account_ids.at("community");
  WEILAI_CHECK(save_policy(tx, ls, community::TimeBankPolicy{}, now));

  WEILAI_TRY(auto lihua, person_named(tx, ls, "张丽华"));
  WEILAI_TRY(auto jianguo, person_named(tx, ls, "张建国"));
  WEILAI_TRY(auto wang, person_named(tx, ls, "王女士"));
  WEILAI_TRY(auto li, person_named(tx, ls, "李女士"));

  // A visit to 王女士 by 张丽华 two days ago, confirmed by the grid worker as proxy.
  const UnixMillis t0 = now - 48 * kHour;
  Service visit;
  visit.community_id = ls;
  visit.kind = "request";
  visit.category = "visit_chat";
  visit.title = "陪王阿姨聊天、读报";
  visit.place = "1幢1单元201";
  visit.window_start = t0;
  visit.window_end = t0 + 2 * kHour;
  visit.for_person_id = wang;
  visit.status = "open";
  visit.created_by = grid;
  visit.proxy_by = grid;
  visit.created_at = t0 - 24 * kHour;
  WEILAI_TRY(visit.id, insert_service(tx, visit));
  WEILAI_TRY(auto reserve, system_account(tx, ls, "reserve", Unit::hour, t0));
  WEILAI_TRY(auto lihua_h, person_account(tx, lihua, ls, Unit::hour, t0));
  WEILAI_TRY(auto jianguo_h, person_account(tx, jianguo, ls, Unit::hour, t0));
  WEILAI_TRY(auto credit,
             post_pair(tx, ls, "service_credit", visit.title, reserve, lihua_h.id, Unit::hour, 60,
                       grid, "timebank_service", visit.id, t0 + 2 * kHour, true));
  visit.volunteer_person_id = lihua;
  visit.volunteer_account_id = resident;
  visit.status = "confirmed";
  visit.check_in_at = t0;
  visit.check_out_at = t0 + kHour;
  visit.minutes = 60;
  visit.confirmed_by = grid;
  visit.confirmed_as = "proxy";
  visit.confirmed_at = t0 + 2 * kHour;
  visit.credit_tx_id = credit;
  WEILAI_CHECK(update_service(tx, visit, "open"));
  // 张丽华 gives half an hour to her father-in-law 张建国 (same household).
  WEILAI_CHECK(post_pair(tx, ls, "transfer", "给爸爸", lihua_h.id, jianguo_h.id, Unit::hour, 30,
                         resident, "person", jianguo, t0 + 3 * kHour));

  // Open requests and an offer.
  Service meal = visit;
  meal.id = 0;
  meal.category = "meal_delivery";
  meal.title = "午餐送餐上门（老年食堂）";
  meal.place = "1幢1单元201";
  meal.window_start = now + 20 * kHour;
  meal.window_end = now + 22 * kHour;
  meal.volunteer_person_id.reset();
  meal.volunteer_account_id.reset();
  meal.status = "open";
  meal.created_at = now;
  WEILAI_CHECK(insert_service(tx, meal));
  Service escort = meal;
  escort.category = "hospital_escort";
  escort.title = "陪同去市中心医院复诊";
  escort.for_person_id = li;
  escort.place = "市中心医院";
  WEILAI_CHECK(insert_service(tx, escort));
  Service offer;
  offer.community_id = ls;
  offer.kind = "offer";
  offer.category = "repair";
  offer.title = "周末帮忙修理小家电";
  offer.place = "社区服务中心";
  offer.window_start = now + 48 * kHour;
  offer.window_end = now + 52 * kHour;
  offer.volunteer_person_id = lihua;
  offer.volunteer_account_id = resident;
  offer.status = "open";
  offer.created_by = resident;
  offer.created_at = now;
  WEILAI_CHECK(insert_service(tx, offer));

  // Points: rules, two awards, a catalogue.
  struct R {
    const char* code;
    const char* act;
    std::int64_t points;
    std::int64_t cap;
    const char* programme;
  };
  const R rules[] = {{"volunteer", "参加志愿服务（每次）", 10, 100, "volunteer"},
                     {"waste_sorting", "垃圾分类定时定点投放", 5, 30, "green"},
                     {"activity", "参加社区活动", 3, 30, "volunteer"},
                     {"proposal_adopted", "建议被社区采纳", 20, 40, "volunteer"}};
  std::map<std::string, PointRule> added;
  for (const auto& r : rules) {
    PointRule rule;
    rule.community_id = ls;
    rule.code = r.code;
    rule.act = r.act;
    rule.points = r.points;
    rule.cap_per_person = r.cap;
    rule.cap_period = "month";
    rule.programme = r.programme;
    rule.budget = std::string(r.programme) == "green" ? 20000 : 50000;
    WEILAI_TRY(added[r.code], add_rule_version(tx, rule, now - 72 * kHour));
    WEILAI_CHECK(ensure_account(tx, community::OwnerKind::system, ls,
                                std::string("programme:") + r.programme, Unit::point, ls,
                                -rule.budget, now - 72 * kHour));
  }
  auto award = [&](std::int64_t person, const std::string& code) -> Status {
    const auto& rule = added.at(code);
    WEILAI_TRY(auto budget, find_account(tx, community::OwnerKind::system, ls,
                                         "programme:" + rule.programme, Unit::point));
    WEILAI_TRY(auto acc, person_account(tx, person, ls, Unit::point, t0));
    WEILAI_TRY(auto txid, post_pair(tx, ls, "award", rule.act, budget->id, acc.id, Unit::point,
                                    rule.points, grid, "point_rule", rule.id, t0));
    PointAward a;
    a.community_id = ls;
    a.rule_id = rule.id;
    a.person_id = person;
    a.points = rule.points;
    a.tx_id = txid;
    WEILAI_CHECK(insert_award(tx, a, "演示", t0));
    return {};
  };
  WEILAI_CHECK(award(lihua, "volunteer"));
  WEILAI_CHECK(award(lihua, "waste_sorting"));
  WEILAI_CHECK(award(jianguo, "activity"));
  const struct {
    const char* name;
    const char* kind;
    std::int64_t points, stock, limit;
  } items[] = {{"爱心理发一次", "service", 10, 50, 2},
               {"环保购物袋", "goods", 5, 100, 5},
               {"共享会议室预约（2小时）", "space", 8, 20, 4}};
  for (const auto& i : items) {
    CatalogueItem item;
    item.community_id = ls;
    item.name = i.name;
    item.kind = i.kind;
    item.points = i.points;
    item.stock = i.stock;
    item.per_person_limit = i.limit;
    WEILAI_CHECK(insert_item(tx, item, now - 72 * kHour));
  }

  // Foundation: a fund, two donations, one paid proposal, one pending.
  Fund fund;
  fund.community_id = ls;
  fund.name = "灵山社区邻里互助基金";
  fund.description = "用于老年食堂、邻里互助和社区自治项目（示例数据）。";
  fund.approvals_required = 2;
  WEILAI_TRY(fund.id, insert_fund(tx, fund, now - 30 * 24 * kHour));
  WEILAI_TRY(auto facc, ensure_account(tx, community::OwnerKind::organisation, fund.id, "fund",
                                       Unit::cny, ls, std::int64_t{0}, now));
  WEILAI_TRY(auto donations, system_account(tx, ls, "donations", Unit::cny, now));
  WEILAI_TRY(auto expenses, system_account(tx, ls, "expenses", Unit::cny, now));
  WEILAI_TRY(auto d1,
             post_pair(tx, ls, "donation", "丽水某物业公司（示例）", donations, facc.id, Unit::cny,
                       5'000'000, admin, "fund", fund.id, now - 20 * 24 * kHour));
  WEILAI_CHECK(insert_donation(tx, fund.id, "丽水某物业公司（示例）", true, 5'000'000, d1,
                               now - 20 * 24 * kHour));
  WEILAI_TRY(auto d2, post_pair(tx, ls, "donation", "居民捐赠", donations, facc.id, Unit::cny,
                                50'000, admin, "fund", fund.id, now - 10 * 24 * kHour));
  WEILAI_CHECK(insert_donation(tx, fund.id, "张先生", false, 50'000, d2, now - 10 * 24 * kHour));
  Proposal paid;
  paid.fund_id = fund.id;
  paid.title = "老年食堂餐具更新";
  paid.purpose = "更换老年食堂餐具和消毒柜";
  paid.payee = "莲都区某厨具商店（示例）";
  paid.amount_fen = 380'000;
  paid.proposer_id = admin;
  WEILAI_TRY(paid.id, insert_proposal(tx, paid, now - 8 * 24 * kHour));
  WEILAI_CHECK(
      insert_decision(tx, paid.id, account_ids.at("butler"), true, "同意", now - 7 * 24 * kHour));
  WEILAI_CHECK(
      insert_decision(tx, paid.id, account_ids.at("admin"), true, "同意", now - 7 * 24 * kHour));
  WEILAI_CHECK(set_proposal_status(tx, paid.id, "pending", "approved"));
  WEILAI_TRY(auto e1,
             post_pair(tx, ls, "expense", paid.title, facc.id, expenses, Unit::cny, paid.amount_fen,
                       admin, "fund_proposal", paid.id, now - 6 * 24 * kHour));
  WEILAI_CHECK(set_proposal_status(tx, paid.id, "approved", "paid"));
  WEILAI_CHECK(insert_expense(tx, paid, "FP-2026-0001", "发票已归档", e1, now - 6 * 24 * kHour));
  Proposal pending;
  pending.fund_id = fund.id;
  pending.title = "楼道照明改造";
  pending.purpose = "3幢楼道声控灯更换";
  pending.payee = "社区物业（示例）";
  pending.amount_fen = 120'000;
  pending.proposer_id = admin;
  WEILAI_CHECK(insert_proposal(tx, pending, now - 24 * kHour));
  return {};
}

}  // namespace weilai::storage
