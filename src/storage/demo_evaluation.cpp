#include "storage/demo_evaluation.hpp"

#include <ctime>

#include "evaluation/default_ruleset.hpp"
#include "storage/evaluation_store.hpp"

namespace weilai::storage {
namespace {

std::string iso_date(UnixMillis ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// 灵山未来社区's site data *(demo figures, not surveyed)*: two plots, FAR with the 三(二)
// exclusions, greening with vertical greening converted, and the community facilities of 三(六).
// Facilities counted: 2,600 + 800 + 600 + 400 + 280 = 4,680 m² for 5,260 households
// = 88.97 m²/100 households (≥ 80); the shop does not count.
constexpr const char* kSiteInputs = R"J({
 "tier": "leading",
 "plots": [
  {"name": "A-1 地块", "land_area_m2": 110000, "far_limit": 3.0, "height_limit_m": 80,
   "floor_areas": [
    {"use": "residential", "area_m2": 300000, "label": "住宅"},
    {"use": "commercial", "area_m2": 20000, "label": "商业"},
    {"use": "public_service", "area_m2": 8000, "label": "邻里中心"},
    {"use": "stilt_floor", "area_m2": 6000, "label": "架空层"},
    {"use": "disaster_passage", "area_m2": 1500, "label": "防灾通道"},
    {"use": "sky_garden_balcony_green", "area_m2": 3200, "label": "空中花园阳台绿化"}],
   "buildings": [{"id": "1幢", "height_m": 79}, {"id": "2幢", "height_m": 54}, {"id": "3幢", "height_m": 54}],
   "ground_green_m2": 33000,
   "vertical_greening": [{"label": "邻里中心立体绿化", "area_m2": 4000, "public": true}]},
  {"name": "A-2 地块", "land_area_m2": 110000, "far_limit": 3.2, "height_limit_m": 100,
   "floor_areas": [
    {"use": "residential", "area_m2": 290000, "label": "住宅(含人才公寓)"},
    {"use": "public_service", "area_m2": 40000, "label": "学校、社区服务"},
    {"use": "public_open_space", "area_m2": 5000, "label": "公共开放空间"}],
   "buildings": [{"id": "4幢", "height_m": 96}, {"id": "5幢", "height_m": 60}],
   "ground_green_m2": 30000,
   "vertical_greening": [{"label": "公共连廊绿化", "area_m2": 2000, "public": true},
                         {"label": "私家露台", "area_m2": 1000, "public": false}]}],
 "facilities": [
  {"category": "neighbourhood_centre", "area_m2": 2600, "label": "灵山邻里中心"},
  {"category": "elderly_care", "area_m2": 800, "label": "日间照料中心"},
  {"category": "childcare", "area_m2": 600, "label": "托育中心"},
  {"category": "health_station", "area_m2": 400, "label": "社区卫生服务站"},
  {"category": "community_canteen", "area_m2": 280, "label": "老年食堂"},
  {"category": "retail", "area_m2": 1200, "label": "便利店(不计入)"}]
})J";

struct Reported {
  const char* code;
  double number;
  int flag;  // -1: a number; 0/1: a yes/no value
  const char* evidence;
  const char* review;
};

// Values reported by 莲都区 *(demo figures)*; ED-03 and LC-01 are left unreported on purpose (the
// report shows "no data"), LC-02 misses its threshold.
constexpr Reported kReported[] = {
    {"NB-01", 24, -1, "2026 年邻里文化活动台账(24 场)", "accepted"},
    {"NB-03", 46, -1, "积分平台导出:活跃积分账户户数 / 总户数", "accepted"},
    {"NB-04", 6, -1, "邻里公约文本及活动记录", "pending"},
    {"ED-01", 5.2, -1, "托育机构备案表,托位 120 个", "accepted"},
    {"ED-02", 280, -1, "幼儿园步行距离测算图", "accepted"},
    {"ED-04", 0, 1, "共享书房照片", "pending"},
    {"HE-01", 250, -1, "健身场地位置图", "accepted"},
    {"HE-02", 62, -1, "电子健康档案覆盖统计", "accepted"},
    {"HE-03", 300, -1, "卫生服务站位置图", "accepted"},
    {"HE-04", 14, -1, "时间银行账户统计(模块上线前填报)", "pending"},
    {"EN-01", 1200, -1, "双创空间面积清单", "accepted"},
    {"EN-02", 0, 1, "孵化服务协议", "accepted"},
    {"EN-03", 2286, -1, "人才公寓 2286 套(规划)", "accepted"},
    {"AR-01", 0, 1, "CIM 平台交付记录", "accepted"},
    {"AR-03", 0, 1, "风貌审查意见书", "accepted"},
    {"AR-04", 35, -1, "装配式建筑面积统计", "pending"},
    {"TR-01", 92, -1, "出行圈覆盖测算(规划引擎结果接入前填报)", "pending"},
    {"TR-02", 35, -1, "共享车位统计", "accepted"},
    {"TR-03", 40, -1, "充电桩清单", "accepted"},
    {"TR-04", 0, 1, "智能快递柜点位", "accepted"},
    {"LC-02", 1, -1, "绿色建筑标识证书(一星)", "accepted"},
    {"LC-03", 100, -1, "垃圾分类覆盖统计", "accepted"},
    {"SV-01", 93, -1, "物业工单台账(工单模块上线前填报)", "pending"},
    {"SV-02", 420, -1, "菜市场位置图", "accepted"},
    {"SV-03", 95, -1, "安防设备清单", "accepted"},
    {"GV-01", 0, 1, "未来社区工作委员会成立文件", "accepted"},
    {"GV-03", 0, 1, "浙里未来社区在线接入截图", "accepted"},
    {"GV-04", 2, -1, "2026 年自评报告两份", "accepted"},
};

constexpr const char* kQuestions = R"J([
 {"id": "q1", "type": "rating", "text_zh": "您对灵山未来社区建设的总体满意度", "text_en": "Overall, how satisfied are you with the Lingshan future community?", "satisfaction": true},
 {"id": "q2", "type": "single", "text_zh": "您最常使用的公共服务设施", "text_en": "The public facility you use most",
  "options": [{"id": "a", "zh": "邻里中心", "en": "Neighbourhood centre"}, {"id": "b", "zh": "社区卫生服务站", "en": "Health station"},
              {"id": "c", "zh": "托育中心", "en": "Childcare"}, {"id": "d", "zh": "老年食堂", "en": "Elderly canteen"}]},
 {"id": "q3", "type": "multiple", "text_zh": "您希望优先改进的方面(可多选)", "text_en": "What should improve first (several allowed)",
  "options": [{"id": "parking", "zh": "停车", "en": "Parking"}, {"id": "green", "zh": "绿化", "en": "Greenery"},
              {"id": "care", "zh": "养老服务", "en": "Elderly care"}, {"id": "school", "zh": "教育", "en": "Education"},
              {"id": "safety", "zh": "治安", "en": "Safety"}]},
 {"id": "q4", "type": "text", "text_zh": "其他意见和建议", "text_en": "Other comments", "required": false}
])J";

}  // namespace

Status load_demo_evaluation(Tx& tx, UnixMillis now) {
  WEILAI_TRY(auto rs, evaluation::parse_ruleset(evaluation::default_ruleset_json()));
  WEILAI_TRY(auto ruleset, insert_ruleset(tx, rs, "published", std::nullopt, now));
  WEILAI_TRY(Rows p,
             tx.exec("SELECT id FROM projects WHERE name = $1", {std::string("灵山未来社区")}));
  if (p.empty()) return Error::internal("demo: 灵山未来社区 is missing");
  const std::int64_t project = p.front().i64(0);
  WEILAI_TRY(auto site, evaluation::parse_site_inputs(kSiteInputs));
  WEILAI_CHECK(
      tx.exec("INSERT INTO eval_site_inputs (project_id, body, updated_at, version) "
              "VALUES ($1,$2,$3,1)",
              {project, evaluation::to_json(site), now}));
  const std::string period = iso_date(now - 30LL * 86400 * 1000);
  for (const auto& r : kReported) {
    evaluation::ReportedValue v;
    v.indicator_code = r.code;
    if (r.flag < 0)
      v.number = r.number;
    else
      v.flag = r.flag == 1;
    v.period = period;
    v.evidence = r.evidence;
    v.attachment_ref = std::string("demo/evidence/") + r.code + ".pdf";
    v.review_status = r.review;
    WEILAI_CHECK(insert_reported_value(tx, project, v, std::nullopt, now));
  }

  // One open survey; households 2..11 of 灵山社区 answered (the demo resident's household 1 did
  // not, so the resident can). Ratings: nine of ten 4 or 5 → 90 % satisfied.
  SurveyRow s;
  s.project_id = project;
  s.title = "2026 年灵山未来社区居民满意度调查";
  s.description = "每户一份问卷,由户内任一成员填写;再次提交将替换本户之前的答卷。结果匿名统计。";
  WEILAI_TRY(auto qs, evaluation::parse_questions(kQuestions));
  s.questions = evaluation::questions_json(qs);
  s.opens_at = now - 7LL * 86400 * 1000;
  s.closes_at = now + 60LL * 86400 * 1000;
  s.min_group_size = 5;
  WEILAI_TRY(auto survey, insert_survey(tx, s, std::nullopt, now));
  WEILAI_TRY(Rows hs, tx.exec("SELECT h.id FROM households h JOIN projects p ON p.community_id = "
                              "h.community_id WHERE p.id = $1 ORDER BY h.id",
                              {project}));
  const int ratings[] = {5, 4, 4, 5, 3, 4, 5, 4, 4, 5};
  const char* choice[] = {"a", "a", "b", "d", "a", "c", "a", "b", "d", "a"};
  const char* improve[] = {"parking", "care",   "parking", "school",  "green",
                           "parking", "safety", "care",    "parking", "green"};
  for (std::size_t i = 1; i < hs.size() && i <= 10; ++i) {
    const std::size_t k = i - 1;
    const std::string answers = std::string("{\"q1\":") + std::to_string(ratings[k]) +
                                ",\"q2\":\"" + choice[k] + "\",\"q3\":[\"" + improve[k] + "\"]}";
    WEILAI_TRY(auto canonical, evaluation::validate_answers(qs, answers));
    WEILAI_CHECK(upsert_survey_response(tx, survey.id, hs.rows[i].i64(0), canonical,
                                        now - static_cast<std::int64_t>(i) * 3600 * 1000));
  }

  // One evaluation on the data above, as the DRC would run it.
  evaluation::EvaluationInput in;
  WEILAI_TRY(Rows pr, tx.exec("SELECT name, project_type, households FROM projects WHERE id = $1",
                              {project}));
  in.project = {project, pr.front().text(0), pr.front().text(1), pr.front().opt_i64(2)};
  in.site = site;
  WEILAI_TRY(in.reported, list_reported_values(tx, project));
  WEILAI_TRY(in.adapters, read_adapters(tx, project, now));
  in.as_of = iso_date(now);
  WEILAI_CHECK(insert_evaluation(tx, ruleset.id, evaluation::evaluate(rs, in), std::nullopt, now));
  return {};
}

}  // namespace weilai::storage
