#include "programme/lifecycle.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace weilai::programme {
namespace {

using identity::Role;

struct StageInfo {
  Stage stage;
  const char* code;
  const char* zh;
};

constexpr std::array<StageInfo, 13> kStages{{
    {Stage::reserve, "reserve", "储备库"},
    {Stage::submitted, "submitted", "已申报"},
    {Stage::returned, "returned", "退回修改"},
    {Stage::municipal_review, "municipal_review", "待市政府同意"},
    {Stage::municipal_list, "municipal_list", "市级创建名单"},
    {Stage::provincial_review, "provincial_review", "省级评审"},
    {Stage::provincial_list, "provincial_list", "省级创建名单"},
    {Stage::plan_filed, "plan_filed", "实施方案备案"},
    {Stage::construction, "construction", "建设中"},
    {Stage::acceptance, "acceptance", "验收中"},
    {Stage::named, "named", "命名公布"},
    {Stage::operating, "operating", "运营中"},
    {Stage::revoked, "revoked", "取消创建资格"},
}};

constexpr Role kCounty[] = {Role::county_official};
constexpr Role kDrc[] = {Role::drc_reviewer};
constexpr Role kLeader[] = {Role::city_leader};
constexpr Role kProvince[] = {Role::provincial_reviewer};
constexpr Role kDrcOrProvince[] = {Role::drc_reviewer, Role::provincial_reviewer};

struct ActionInfo {
  Action action;
  const char* code;
  const char* zh;
  std::span<const Role> roles;
};

const std::array<ActionInfo, 18> kActions{{
    {Action::submit, "submit", "申报", kCounty},
    {Action::withdraw, "withdraw", "撤回申报", kCounty},
    {Action::drc_pass, "drc_pass", "市发改委审核通过", kDrc},
    {Action::drc_return, "drc_return", "退回修改", kDrc},
    {Action::consent, "consent", "市政府同意", kLeader},
    {Action::recommend, "recommend", "推荐至省", kDrc},
    {Action::expert_review, "expert_review", "专家网上评审", kProvince},
    {Action::joint_review, "joint_review", "部门联审", kProvince},
    {Action::site_check, "site_check", "实地核查", kProvince},
    {Action::provincial_approve, "provincial_approve", "列入省级创建名单", kProvince},
    {Action::provincial_return, "provincial_return", "省级未入选", kProvince},
    {Action::file_plan, "file_plan", "实施方案备案", kCounty},
    {Action::start_construction, "start_construction", "开工建设", kCounty},
    {Action::request_acceptance, "request_acceptance", "申请验收", kCounty},
    {Action::accept, "accept", "验收通过并命名", kProvince},
    {Action::reject_acceptance, "reject_acceptance", "验收不通过", kProvince},
    {Action::start_operating, "start_operating", "转入运营", kCounty},
    {Action::revoke, "revoke", "取消创建资格", kDrcOrProvince},
}};

const ActionInfo& info(Action a) {
  return kActions[static_cast<std::size_t>(a)];
}

bool revocable(Stage s) {
  switch (s) {
    case Stage::municipal_list:
    case Stage::provincial_review:
    case Stage::provincial_list:
    case Stage::plan_filed:
    case Stage::construction:
    case Stage::acceptance:
    case Stage::named:
    case Stage::operating:
      return true;
    default:
      return false;
  }
}

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

Status check_input(const TransitionRequest& r, std::span<const identity::Role> roles) {
  switch (r.action) {
    case Action::drc_return:
    case Action::provincial_return:
    case Action::reject_acceptance:
    case Action::revoke:
      if (blank(r.comments))
        return Error::invalid(std::string(code(r.action)) + " needs comments (the reasons)",
                              "/comments");
      break;
    default:
      break;
  }
  if (is_review_step(r.action)) {
    if (r.reviewers.empty())
      return Error::invalid("a review step records its reviewers and their scores", "/reviewers");
    for (std::size_t i = 0; i < r.reviewers.size(); ++i) {
      const auto& rv = r.reviewers[i];
      const std::string at = "/reviewers/" + std::to_string(i);
      if (blank(rv.name)) return Error::invalid("a reviewer needs a name", at + "/name");
      if (!std::isfinite(rv.score) || rv.score < 0 || rv.score > 100)
        return Error::invalid("a score is between 0 and 100", at + "/score");
    }
  }
  if (r.action == Action::accept || r.action == Action::reject_acceptance) {
    if (!r.acceptance)
      return Error::invalid("the acceptance review records its verdict and evidence",
                            "/acceptance");
    const auto& a = *r.acceptance;
    const std::string want = r.action == Action::accept ? "pass" : "fail";
    if (a.verdict != want)
      return Error::invalid(std::string(code(r.action)) + " needs verdict \"" + want + "\"",
                            "/acceptance/verdict");
    if (r.action == Action::accept) {
      if (a.evidence.empty())
        return Error::invalid("acceptance needs evidence", "/acceptance/evidence");
      const bool failed = a.evaluation && evaluation_failed(*a.evaluation);
      if (a.evaluation) {
        const auto& e = *a.evaluation;
        if (e.binding_failed < 0 || !std::isfinite(e.score) || !std::isfinite(e.pass_mark))
          return Error::invalid("the evaluation summary is malformed", "/acceptance/evaluation");
      }
      if (failed && !a.provincial_override)
        return Error{ErrorCode::failed_precondition,
                     "the latest evaluation failed " +
                         std::to_string(a.evaluation->binding_failed) +
                         " binding indicator(s) or scored below the pass mark: only a "
                         "provincial override with a reason can pass it",
                     "/acceptance/provincial_override"};
      if (a.provincial_override) {
        if (std::find(roles.begin(), roles.end(), Role::provincial_reviewer) == roles.end())
          return Error::denied("only a provincial reviewer may override the evaluation");
        if (!failed)
          return Error::invalid(a.evaluation ? "the latest evaluation passed: nothing to override"
                                             : "no evaluation: nothing to override",
                                "/acceptance/provincial_override");
        if (blank(a.override_reason))
          return Error::invalid("a provincial override needs its reason",
                                "/acceptance/override_reason");
      }
    }
  }
  return {};
}

}  // namespace

bool evaluation_failed(const EvaluationSummary& e) {
  return e.binding_failed > 0 || e.score < e.pass_mark;
}

std::span<const Stage> all_stages() {
  static const auto stages = [] {
    std::array<Stage, kStages.size()> s{};
    for (std::size_t i = 0; i < kStages.size(); ++i) s[i] = kStages[i].stage;
    return s;
  }();
  return stages;
}

std::span<const Action> all_actions() {
  static const auto actions = [] {
    std::array<Action, kActions.size()> a{};
    for (std::size_t i = 0; i < kActions.size(); ++i) a[i] = kActions[i].action;
    return a;
  }();
  return actions;
}

const char* code(Stage s) {
  return kStages[static_cast<std::size_t>(s)].code;
}
const char* code(Action a) {
  return info(a).code;
}
const char* name_zh(Stage s) {
  return kStages[static_cast<std::size_t>(s)].zh;
}
const char* name_zh(Action a) {
  return info(a).zh;
}

std::optional<Stage> parse_stage(std::string_view c) {
  for (const auto& s : kStages)
    if (c == s.code) return s.stage;
  return std::nullopt;
}

std::optional<Action> parse_action(std::string_view c) {
  for (const auto& a : kActions)
    if (c == a.code) return a.action;
  return std::nullopt;
}

std::span<const Role> roles_for(Action a) {
  return info(a).roles;
}

bool is_review_step(Action a) {
  return a == Action::expert_review || a == Action::joint_review || a == Action::site_check;
}

std::optional<Stage> target(Stage from, Action a) {
  switch (a) {
    case Action::submit:
      if (from == Stage::reserve || from == Stage::returned) return Stage::submitted;
      break;
    case Action::withdraw:
      if (from == Stage::submitted) return Stage::reserve;
      break;
    case Action::drc_pass:
      if (from == Stage::submitted) return Stage::municipal_review;
      break;
    case Action::drc_return:
      if (from == Stage::submitted) return Stage::returned;
      break;
    case Action::consent:
      if (from == Stage::municipal_review) return Stage::municipal_list;
      break;
    case Action::recommend:
      if (from == Stage::municipal_list) return Stage::provincial_review;
      break;
    case Action::expert_review:
    case Action::joint_review:
    case Action::site_check:
      if (from == Stage::provincial_review) return Stage::provincial_review;
      break;
    case Action::provincial_approve:
      if (from == Stage::provincial_review) return Stage::provincial_list;
      break;
    case Action::provincial_return:
      if (from == Stage::provincial_review) return Stage::municipal_list;
      break;
    case Action::file_plan:
      if (from == Stage::provincial_list) return Stage::plan_filed;
      break;
    case Action::start_construction:
      if (from == Stage::plan_filed) return Stage::construction;
      break;
    case Action::request_acceptance:
      if (from == Stage::construction) return Stage::acceptance;
      break;
    case Action::accept:
      if (from == Stage::acceptance) return Stage::named;
      break;
    case Action::reject_acceptance:
      if (from == Stage::acceptance) return Stage::construction;
      break;
    case Action::start_operating:
      if (from == Stage::named) return Stage::operating;
      break;
    case Action::revoke:
      if (revocable(from)) return Stage::revoked;
      break;
  }
  return std::nullopt;
}

Result<Stage> decide(Stage from, std::span<const identity::Role> roles,
                     const TransitionRequest& request, const Context& context) {
  const Action a = request.action;
  const auto allowed = roles_for(a);
  const bool role_ok = std::any_of(roles.begin(), roles.end(), [&](Role r) {
    return std::find(allowed.begin(), allowed.end(), r) != allowed.end();
  });
  if (!role_ok) {
    std::string who;
    for (Role r : allowed) who += (who.empty() ? "" : " or ") + std::string(identity::info(r).code);
    return Error::denied(std::string("only ") + who + " (on this project's county) may " + code(a));
  }
  const auto to = target(from, a);
  if (!to) {
    return Error{ErrorCode::failed_precondition,
                 std::string("a project in stage ") + code(from) + " cannot " + code(a), "/action"};
  }
  if (a == Action::provincial_approve) {
    for (Action step : {Action::expert_review, Action::joint_review, Action::site_check}) {
      if (std::find(context.reviews_done.begin(), context.reviews_done.end(), step) ==
          context.reviews_done.end()) {
        return Error{ErrorCode::failed_precondition,
                     std::string("record the ") + code(step) + " before provincial_approve",
                     "/action"};
      }
    }
  }
  WEILAI_CHECK(check_input(request, roles));
  return *to;
}

std::vector<Action> allowed_actions(Stage from, std::span<const identity::Role> roles,
                                    const Context& context) {
  std::vector<Action> out;
  for (Action a : all_actions()) {
    if (!target(from, a)) continue;
    const auto allowed = roles_for(a);
    if (!std::any_of(roles.begin(), roles.end(), [&](Role r) {
          return std::find(allowed.begin(), allowed.end(), r) != allowed.end();
        }))
      continue;
    if (a == Action::provincial_approve) {
      bool all = true;
      for (Action step : {Action::expert_review, Action::joint_review, Action::site_check})
        all = all && std::find(context.reviews_done.begin(), context.reviews_done.end(), step) !=
                         context.reviews_done.end();
      if (!all) continue;
    }
    out.push_back(a);
  }
  return out;
}

bool on_municipal_list(Stage s) {
  return revocable(s);
}
bool on_provincial_list(Stage s) {
  return s == Stage::provincial_list || s == Stage::plan_filed || s == Stage::construction ||
         s == Stage::acceptance || s == Stage::named || s == Stage::operating;
}
bool is_named(Stage s) {
  return s == Stage::named || s == Stage::operating;
}

}  // namespace weilai::programme
