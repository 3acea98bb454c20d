// The pilot-project lifecycle (PRODUCT.md §2, seed 二 and 三(三)-(五)) as a pure state machine:
// which action moves a project from which stage to which, and which role may take it. No I/O:
// the HTTP layer works out the roles an actor holds *on the project's county* (scope) and the
// store records the result.
//
//   reserve ─submit→ submitted ─drc_pass→ municipal_review ─consent→ municipal_list
//      ↑  ←withdraw─┘   │drc_return                                    │recommend
//   returned ←──────────┘ (county revises, submit again)               ↓
//   provincial_review (expert_review, joint_review, site_check recorded in place)
//      ─provincial_approve→ provincial_list ─file_plan→ plan_filed ─start_construction→
//   construction ─request_acceptance→ acceptance ─accept→ named ─start_operating→ operating
//                     ↑──────reject_acceptance──────┘
//   provincial_return: provincial_review → municipal_list (not selected this round)
//   revoke (取消创建资格): from municipal_list … operating → revoked
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "identity/roles.hpp"

namespace weilai::programme {

enum class Stage {
  reserve,            // 储备库
  submitted,          // 县(市、区)申报, awaiting 市发改委 review
  returned,           // 市发改委退回修改
  municipal_review,   // 市发改委审核通过, awaiting 市政府 consent
  municipal_list,     // 市级创建名单
  provincial_review,  // 推荐至省, provincial review under way
  provincial_list,    // 省级创建名单
  plan_filed,         // 实施方案备案
  construction,       // 建设中
  acceptance,         // 申请验收, acceptance review
  named,              // 命名公布
  operating,          // 运营 (continuous evaluation)
  revoked,            // 取消创建资格
};

enum class Action {
  submit,
  withdraw,
  drc_pass,
  drc_return,
  consent,
  recommend,
  expert_review,
  joint_review,
  site_check,
  provincial_approve,
  provincial_return,
  file_plan,
  start_construction,
  request_acceptance,
  accept,
  reject_acceptance,
  start_operating,
  revoke,
};

std::span<const Stage> all_stages();
std::span<const Action> all_actions();
const char* code(Stage s);
const char* code(Action a);
const char* name_zh(Stage s);
const char* name_zh(Action a);
std::optional<Stage> parse_stage(std::string_view code);
std::optional<Action> parse_action(std::string_view code);

// The roles that may take an action (on a project in the scope of their grant).
std::span<const identity::Role> roles_for(Action a);
// The stage an action leads to from `from`, or nullopt when it cannot be taken there.
std::optional<Stage> target(Stage from, Action a);

// One reviewer's score in a provincial review step (expert online review, joint department
// review, site check).
struct ReviewerScore {
  std::string name;
  double score = 0;  // 0..100
};

// The project's latest evaluation (issue #6), read by the server when the acceptance step is
// taken (never supplied by the client).
struct EvaluationSummary {
  int binding_failed = 0;  // binding (约束性) indicators that failed
  double score = 0;
  double pass_mark = 0;
  std::string verdict;             // the evaluation's own verdict text ("pass" / "fail" / ...)
  std::int64_t evaluation_id = 0;  // which evaluation (0 in unit tests)
  std::string ruleset;             // "<code> <version>" of the indicator system used
  std::string as_of;               // the evaluation's reference date
};
// Failed: a binding indicator failed or the score is below the pass mark.
bool evaluation_failed(const EvaluationSummary& e);

// What the acceptance reviewers put on record when they accept (or reject) a pilot.
struct AcceptanceInput {
  std::string verdict;                // "pass" | "fail"
  std::vector<std::string> evidence;  // references: attachment ids, documents
  // The project's latest evaluation, filled server-side; nullopt = the project was never
  // evaluated (the verdict and evidence are recorded with "no evaluation").
  std::optional<EvaluationSummary> evaluation;
  // Pass although the evaluation failed: only a provincial reviewer, only with a reason, and only
  // when there is a failed evaluation to override (else 422).
  bool provincial_override = false;
  std::string override_reason;
};

struct TransitionRequest {
  Action action = Action::submit;
  std::string comments;
  std::vector<ReviewerScore> reviewers;       // review steps
  std::optional<AcceptanceInput> acceptance;  // accept / reject_acceptance
};

// Facts about the project's history the pure rules need.
struct Context {
  // Provincial review steps recorded since the project last entered provincial_review.
  std::vector<Action> reviews_done;
};

// The whole decision. Errors: permission_denied (403) when none of `roles` may take the action;
// failed_precondition (409) when the stage does not allow it (or a review step is missing);
// invalid_argument (422) when mandatory comments, reviewers or acceptance input are missing or
// wrong. On success, the stage the project moves to.
Result<Stage> decide(Stage from, std::span<const identity::Role> roles,
                     const TransitionRequest& request, const Context& context = {});

// The actions `roles` may take from `from` now (for the buttons in the app).
std::vector<Action> allowed_actions(Stage from, std::span<const identity::Role> roles,
                                    const Context& context = {});

// Actions that record a provincial review step in place.
bool is_review_step(Action a);

// Public visibility (四(四)): municipal list and later (not revoked) are public; the provincial
// list is provincial_list and later; named communities are named / operating.
bool on_municipal_list(Stage s);
bool on_provincial_list(Stage s);
bool is_named(Stage s);

}  // namespace weilai::programme
