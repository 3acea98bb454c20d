#include "storage/demo_programme.hpp"

namespace weilai::storage {
namespace {

struct PlanSpec {
  const char* county;
  const char* title;
  const char* priorities;
  const char* constraints_json;
  const char* phasing;
};

constexpr PlanSpec kPlans[] = {
    {"331122", "【示例】缙云县2026年未来社区建设行动计划", "老旧小区改造与五云街道有机更新优先",
     R"({"traffic_capacity":"县城主干道高峰饱和，新增停车需配建","funding_balance":"以土地出让收入返还和社会资本为主，须项目自平衡","cultural_heritage":"保护仙都历史文化风貌"})",
     "2026年储备、2027年申报、2028年开工"},
    {"331125", "【示例】云和县2026年未来社区建设行动计划", "浮云溪两岸整合提升",
     R"({"traffic_capacity":"沿溪道路狭窄，需分期实施","funding_balance":"争取省级补助，县财政兜底","cultural_heritage":"梯田与木玩产业风貌协调"})",
     "两年两批"},
    {"331100-ETDZ", "【示例】丽水经济技术开发区2026年未来社区建设行动计划", "南明山片区规划新建",
     R"({"traffic_capacity":"依托新建快速路","funding_balance":"土地出让收入扣除国家规定部分后返还项目","cultural_heritage":"无历史文化保护要求"})",
     "一次规划、分期建设"},
};

}  // namespace

Status load_demo_programme(Tx& tx, const std::map<std::string, std::int64_t>& unit_ids,
                           std::int64_t now) {
  for (const auto& p : kPlans) {
    const std::int64_t county = unit_ids.at(p.county);
    WEILAI_TRY(
        std::int64_t plan,
        tx.insert_returning_id(
            "INSERT INTO action_plans (county_id, year, title, priorities, constraints_json, "
            "phasing, created_at, updated_at, version) VALUES ($1,2026,$2,$3,$4,$5,$6,$6,1) "
            "RETURNING id",
            {county, std::string(p.title), std::string(p.priorities),
             std::string(p.constraints_json), std::string(p.phasing), now}));
    // The county's reserve-pool projects are the plan's candidates.
    WEILAI_CHECK(tx.exec(
        "UPDATE projects SET action_plan_id = $1 WHERE county_id = $2 AND stage = 'reserve'",
        {plan, county}));
  }
  // The flagship's milestones (public record: 2019 first batch; dates approximate, for the demo),
  // in the one milestone table (programme ops adds its monitoring milestones there too).
  struct Ms {
    const char* phase;
    const char* name;
    const char* due;
    const char* done;
  };
  const Ms flagship[] = {{"一期", "列入省首批试点", "2019-03-31", "2019-03-31"},
                         {"一期", "实施方案备案", "2019-12-31", "2019-12-31"},
                         {"二期", "主体结构封顶（演示）", "2027-06-30", nullptr}};
  for (const auto& m : flagship) {
    WEILAI_CHECK(tx.exec(
        "INSERT INTO project_milestones (project_id, phase, name, due_on, done_on, created_at) "
        "SELECT id, $1, $2, $3, $4, $5 FROM projects WHERE name = '灵山未来社区'",
        {std::string(m.phase), std::string(m.name), std::string(m.due),
         m.done ? Value(std::string(m.done)) : Value(), now}));
  }
  return {};
}

}  // namespace weilai::storage
