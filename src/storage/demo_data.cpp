#include "storage/demo_data.hpp"

#include <map>

#include "storage/audit_store.hpp"
#include "storage/demo_evaluation.hpp"
#include "storage/demo_ledger.hpp"
#include "storage/demo_planning.hpp"
#include "storage/demo_polls.hpp"
#include "storage/demo_programme.hpp"
#include "storage/demo_programme_ops.hpp"
#include "storage/demo_security.hpp"
#include "storage/demo_services.hpp"
#include "storage/identity_store.hpp"
#include "storage/org_store.hpp"

namespace weilai::storage {
namespace {

struct UnitSpec {
  const char* parent;  // code of the parent, nullptr for the province
  const char* kind;
  const char* code;
  const char* name_zh;
  const char* name_en;
};

// County-level adcodes are the official ones (GB/T 2260); communities and grids are demo units.
constexpr UnitSpec kUnits[] = {
    {nullptr, "province", "330000", "浙江省", "Zhejiang Province"},
    {"330000", "city", "331100", "丽水市", "Lishui"},
    {"331100", "county", "331102", "莲都区", "Liandu District"},
    {"331100", "county", "331181", "龙泉市", "Longquan"},
    {"331100", "county", "331121", "青田县", "Qingtian County"},
    {"331100", "county", "331122", "缙云县", "Jinyun County"},
    {"331100", "county", "331123", "遂昌县", "Suichang County"},
    {"331100", "county", "331124", "松阳县", "Songyang County"},
    {"331100", "county", "331125", "云和县", "Yunhe County"},
    {"331100", "county", "331126", "庆元县", "Qingyuan County"},
    {"331100", "county", "331127", "景宁畲族自治县", "Jingning She Autonomous County"},
    {"331100", "county", "331100-ETDZ", "丽水经济技术开发区",
     "Lishui Economic and Technological Development Zone"},
    {"331102", "community", "331102-LS", "灵山社区（示例）", "Lingshan Community (demo)"},
    {"331102-LS", "grid", "331102-LS-G1", "灵山社区第一网格", "Lingshan grid 1"},
    {"331102-LS", "grid", "331102-LS-G2", "灵山社区第二网格", "Lingshan grid 2"},
    {"331181", "community", "331181-JC", "剑池社区（示例）", "Jianchi Community (demo)"},
    {"331181-JC", "grid", "331181-JC-G1", "剑池社区第一网格", "Jianchi grid 1"},
    {"331121", "community", "331121-HC", "鹤城社区（示例）", "Hecheng Community (demo)"},
};

struct AccountSpec {
  const char* login;
  const char* display_name;
  const char* role;
  const char* unit;
};

constexpr AccountSpec kAccounts[] = {
    {"admin", "系统管理员", "system_admin", "330000"},
    {"province", "省发改委评审员", "provincial_reviewer", "330000"},
    {"drc", "市发改委审核员", "drc_reviewer", "331100"},
    {"leader", "市政府领导", "city_leader", "331100"},
    {"liandu", "莲都区未来办", "county_official", "331102"},
    {"longquan", "龙泉市未来办", "county_official", "331181"},
    {"community", "灵山社区管理员", "community_admin", "331102-LS"},
    {"butler", "灵山物业管家", "butler", "331102-LS"},
    {"grid", "灵山网格员", "grid_worker", "331102-LS-G1"},
    {"resident", "张丽华", "resident", "331102-LS"},
};

struct ProjectSpec {
  const char* name;
  const char* county;
  const char* community;  // nullptr when none
  const char* type;
  const char* sub_form;
  const char* stage;
  double land_mu;
  double floor_m2;
  std::int64_t investment_yuan;
  std::int64_t households;
  bool sample;
  double lon, lat;  // WGS84, approximate
  const char* summary;
};

constexpr ProjectSpec kProjects[] = {
    {"灵山未来社区", "331102", "331102-LS", "new_build", "", "construction", 330, 830000,
     6372000000, 5260, false, 119.905, 28.472,
     "浙江省首批未来社区试点（2019年）。规划用地约330亩，总建筑面积约83万平方米，总投资约63."
     "72亿元；"
     "规划5260户：商品房1874户、安置房1100户、人才公寓2286户。阶段为演示设置。"},
    {"【示例】剑池未来社区", "331181", "331181-JC", "renewal", "整合提升", "municipal_list", 120,
     260000, 1800000000, 2100, true, 119.141, 28.074, "示例数据：改造更新类项目，用于演示。"},
    {"【示例】鹤城未来社区", "331121", "331121-HC", "renewal", "拆改结合", "submitted", 95, 210000,
     1250000000, 1600, true, 120.289, 28.139, "示例数据：改造更新类项目，用于演示。"},
    {"【示例】五云未来社区", "331122", nullptr, "renewal", "插花式改修建", "reserve", 80, 150000,
     900000000, 1200, true, 120.091, 28.659, "示例数据：储备库项目。"},
    {"【示例】妙高未来社区", "331123", nullptr, "new_build", "", "provincial_review", 150, 320000,
     2100000000, 2600, true, 119.276, 28.592, "示例数据：省级评审中。"},
    {"【示例】西屏未来社区", "331124", nullptr, "renewal", "全拆重建", "plan_filed", 60, 140000,
     760000000, 980, true, 119.482, 28.449, "示例数据：实施方案已备案。"},
    {"【示例】浮云未来社区", "331125", nullptr, "renewal", "整合提升", "reserve", 45, 90000,
     420000000, 700, true, 119.573, 28.116, "示例数据：储备库项目。"},
    {"【示例】松源未来社区", "331126", nullptr, "renewal", "拆改结合", "acceptance", 70, 130000,
     680000000, 1050, true, 119.062, 27.619, "示例数据：申请验收。"},
    {"【示例】鹤溪未来社区", "331127", nullptr, "new_build", "", "named", 110, 240000, 1500000000,
     1900, true, 119.635, 27.973, "示例数据：已命名。"},
    {"【示例】南明山未来社区", "331100-ETDZ", nullptr, "new_build", "", "reserve", 200, 450000,
     3000000000, 3500, true, 119.870, 28.420, "示例数据：开发区储备项目。"},
};

}  // namespace

Result<DemoReport> load_demo_data(
    Database& db, const Clock& clock, const std::string& password,
    const std::function<Result<std::string>(const std::string&)>& hash_password,
    const std::function<std::string()>& random_password) {
  DemoReport report;
  WEILAI_TRY(Rows existing, db.transact(TxMode::read, [](Tx& tx) {
    return tx.exec("SELECT COUNT(*) FROM accounts");
  }));
  if (existing.front().i64(0) > 0) return report;

  // Hash before the transaction: argon2 is slow and must not hold the write lock.
  std::vector<std::pair<std::string, std::string>> secrets;  // plain, hash
  for (std::size_t i = 0; i < std::size(kAccounts); ++i) {
    std::string plain = password.empty() ? random_password() : password;
    if (!password.empty() && i > 0) {
      secrets.emplace_back(plain, secrets.front().second);
      continue;
    }
    WEILAI_TRY(std::string hash, hash_password(plain));
    secrets.emplace_back(std::move(plain), std::move(hash));
  }

  const UnixMillis now = clock.now_ms();
  WEILAI_CHECK(db.run(TxMode::write, [&](Tx& tx) -> Status {
    WEILAI_TRY(Rows again, tx.exec("SELECT COUNT(*) FROM accounts"));
    if (again.front().i64(0) > 0) return {};  // another server loaded it first
    std::map<std::string, std::int64_t> unit_ids;
    for (const auto& u : kUnits) {
      OrgUnit unit;
      if (u.parent) unit.parent_id = unit_ids.at(u.parent);
      unit.kind = u.kind;
      unit.code = u.code;
      unit.name_zh = u.name_zh;
      unit.name_en = u.name_en;
      WEILAI_TRY(auto created, insert_org_unit(tx, unit, now));
      unit_ids[u.code] = created.id;
    }
    std::map<std::string, std::int64_t> account_ids;
    report.accounts.clear();
    for (std::size_t i = 0; i < std::size(kAccounts); ++i) {
      const auto& a = kAccounts[i];
      identity::Account account;
      account.login = a.login;
      account.display_name = a.display_name;
      WEILAI_TRY(auto created, insert_account(tx, account, secrets[i].second, now));
      account_ids[a.login] = created.id;
      WEILAI_CHECK(
          insert_grant(tx, created.id, *identity::parse_role(a.role), unit_ids.at(a.unit), now));
      report.accounts.push_back({a.login, a.role, a.unit, secrets[i].first});
    }

    // Lingshan: three buildings, households in both grids; the resident heads household 1.
    const std::int64_t lingshan = unit_ids.at("331102-LS");
    const char* surnames[] = {"张", "王", "李", "陈", "刘", "赵",
                              "周", "吴", "徐", "孙", "朱", "胡"};
    int household_no = 0;
    for (int b = 1; b <= 3; ++b) {
      WEILAI_TRY(auto building, tx.insert_returning_id(
                                    "INSERT INTO buildings (community_id, name, lon, lat, floors) "
                                    "VALUES ($1,$2,$3,$4,$5) RETURNING id",
                                    {lingshan, std::to_string(b) + "幢", 119.904 + 0.001 * b,
                                     28.471, std::int64_t{18}}));
      for (int unit = 1; unit <= 2; ++unit) {
        for (int room = 1; room <= 2; ++room) {
          const std::string room_no = std::to_string(room + 1) + "0" + std::to_string(unit);
          WEILAI_TRY(auto dwelling,
                     tx.insert_returning_id(
                         "INSERT INTO dwellings (building_id, unit, room, floor_area_m2) "
                         "VALUES ($1,$2,$3,$4) RETURNING id",
                         {building, std::to_string(unit) + "单元", room_no, 89.5 + 10 * room}));
          const std::string surname = surnames[household_no % std::size(surnames)];
          const std::int64_t grid = unit_ids.at(b <= 2 ? "331102-LS-G1" : "331102-LS-G2");
          WEILAI_TRY(
              auto household,
              tx.insert_returning_id(
                  "INSERT INTO households (dwelling_id, community_id, grid_id, name, created_at) "
                  "VALUES ($1,$2,$3,$4,$5) RETURNING id",
                  {dwelling, lingshan, grid, surname + "家", now}));
          const bool resident_home = household_no == 0;
          WEILAI_CHECK(
              tx.exec("INSERT INTO household_members (household_id, account_id, person_name, "
                      "member_role, birth_year) "
                      "VALUES ($1,$2,$3,'head',$4)",
                      {household, resident_home ? Value(account_ids.at("resident")) : kNull,
                       resident_home ? std::string("张丽华") : surname + "先生",
                       std::int64_t{1960 + household_no}}));
          WEILAI_CHECK(
              tx.exec("INSERT INTO household_members (household_id, account_id, person_name, "
                      "member_role, birth_year) "
                      "VALUES ($1,NULL,$2,'member',$3)",
                      {household, surname + (resident_home ? "建国" : "女士"),
                       std::int64_t{1948 + household_no}}));
          ++household_no;
        }
      }
    }

    for (const auto& p : kProjects) {
      WEILAI_CHECK(
          tx.exec("INSERT INTO projects (name, county_id, community_id, project_type, sub_form, "
                  "stage, land_area_mu, "
                  "floor_area_m2, investment_yuan, households, implementing_entity, summary, "
                  "is_sample, lon, lat, "
                  "created_at, updated_at, version) VALUES "
                  "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$16,1)",
                  {std::string(p.name), unit_ids.at(p.county),
                   p.community ? Value(unit_ids.at(p.community)) : kNull, std::string(p.type),
                   std::string(p.sub_form), std::string(p.stage), p.land_mu, p.floor_m2,
                   p.investment_yuan, p.households, std::string(p.sample ? "示例实施主体" : ""),
                   std::string(p.summary), std::int64_t{p.sample ? 1 : 0}, p.lon, p.lat, now}));
    }

    WEILAI_CHECK(load_demo_ledger(tx, unit_ids, account_ids, now));
    WEILAI_CHECK(load_demo_planning(tx, unit_ids.at("331102"), account_ids.at("liandu"), now));
    WEILAI_CHECK(load_demo_programme(tx, unit_ids, now));  // issue #5: action plans, milestones
    WEILAI_CHECK(load_demo_services(tx, unit_ids, now));   // issue #8: shared parking
    WEILAI_CHECK(load_demo_polls(tx, unit_ids, account_ids, now));     // issue #8: polls
    WEILAI_CHECK(load_demo_security(tx, unit_ids, account_ids, now));  // issue #8: devices
    WEILAI_CHECK(load_demo_programme_ops(tx, now));
    WEILAI_CHECK(load_demo_evaluation(tx, now));

    audit::Draft draft;
    draft.actor_login = "system";
    draft.action = "demo.load";
    draft.target_type = "database";
    draft.target_id = "demo";
    draft.request_id = "startup";
    draft.change_json = "{\"units\":" + std::to_string(std::size(kUnits)) +
                        ",\"accounts\":" + std::to_string(std::size(kAccounts)) +
                        ",\"projects\":" + std::to_string(std::size(kProjects)) + "}";
    WEILAI_CHECK(append_audit(tx, draft, now));
    report.loaded = true;
    return {};
  }));
  return report;
}

}  // namespace weilai::storage
