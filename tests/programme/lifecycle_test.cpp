// The lifecycle table: EVERY (stage, action, role) combination, allowed or forbidden, against a
// list written out here independently of the implementation.
#include "programme/lifecycle.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

namespace weilai::programme {
namespace {

using identity::Role;
using S = Stage;
using A = Action;
using R = Role;

struct Allowed {
  Stage from;
  Action action;
  Role role;
  Stage to;
};

// The specification (PRODUCT.md §2, issue #5). Anything absent is forbidden.
const std::vector<Allowed>& spec() {
  static const std::vector<Allowed> rows = [] {
    std::vector<Allowed> v{
        {S::reserve, A::submit, R::county_official, S::submitted},
        {S::returned, A::submit, R::county_official, S::submitted},
        {S::submitted, A::withdraw, R::county_official, S::reserve},
        {S::submitted, A::drc_pass, R::drc_reviewer, S::municipal_review},
        {S::submitted, A::drc_return, R::drc_reviewer, S::returned},
        {S::municipal_review, A::consent, R::city_leader, S::municipal_list},
        {S::municipal_list, A::recommend, R::drc_reviewer, S::provincial_review},
        {S::provincial_review, A::expert_review, R::provincial_reviewer, S::provincial_review},
        {S::provincial_review, A::joint_review, R::provincial_reviewer, S::provincial_review},
        {S::provincial_review, A::site_check, R::provincial_reviewer, S::provincial_review},
        {S::provincial_review, A::provincial_approve, R::provincial_reviewer, S::provincial_list},
        {S::provincial_review, A::provincial_return, R::provincial_reviewer, S::municipal_list},
        {S::provincial_list, A::file_plan, R::county_official, S::plan_filed},
        {S::plan_filed, A::start_construction, R::county_official, S::construction},
        {S::construction, A::request_acceptance, R::county_official, S::acceptance},
        {S::acceptance, A::accept, R::provincial_reviewer, S::named},
        {S::acceptance, A::reject_acceptance, R::provincial_reviewer, S::construction},
        {S::named, A::start_operating, R::county_official, S::operating},
    };
    for (Stage s : {S::municipal_list, S::provincial_review, S::provincial_list, S::plan_filed,
                    S::construction, S::acceptance, S::named, S::operating}) {
      v.push_back({s, A::revoke, R::drc_reviewer, S::revoked});
      v.push_back({s, A::revoke, R::provincial_reviewer, S::revoked});
    }
    return v;
  }();
  return rows;
}

// A request that satisfies every input rule of its action.
TransitionRequest complete(Action a) {
  TransitionRequest r;
  r.action = a;
  r.comments = "意见：材料齐全";
  r.reviewers = {{"张专家", 86}, {"李专家", 90}};
  if (a == A::accept) r.acceptance = AcceptanceInput{"pass", {"验收报告.pdf"}, {}, false, ""};
  if (a == A::reject_acceptance) r.acceptance = AcceptanceInput{"fail", {}, {}, false, ""};
  return r;
}

const Context kAllReviews{{A::expert_review, A::joint_review, A::site_check}};

TEST(Lifecycle, EveryStageActionRoleCombination) {
  std::map<std::tuple<Stage, Action, Role>, Stage> allowed;
  for (const auto& a : spec()) allowed[{a.from, a.action, a.role}] = a.to;
  // The roles that may take each action somewhere, from the spec.
  std::map<Action, std::set<Role>> action_roles;
  for (const auto& a : spec()) action_roles[a.action].insert(a.role);

  int ok = 0, denied = 0, wrong_stage = 0;
  for (Stage s : all_stages()) {
    for (Action act : all_actions()) {
      for (const auto& ri : identity::all_roles()) {
        const Role role = ri.role;
        const Role roles[] = {role};
        auto got = decide(s, roles, complete(act), kAllReviews);
        const auto key = std::make_tuple(s, act, role);
        const std::string what = std::string(code(s)) + " × " + code(act) + " × " + ri.code;
        if (auto it = allowed.find(key); it != allowed.end()) {
          ASSERT_TRUE(got.has_value()) << what << ": " << got.error().message;
          EXPECT_EQ(*got, it->second) << what;
          ++ok;
        } else {
          ASSERT_FALSE(got.has_value()) << what << " must be forbidden";
          if (action_roles[act].count(role)) {
            EXPECT_EQ(got.error().code, ErrorCode::failed_precondition) << what;  // 409
            ++wrong_stage;
          } else {
            EXPECT_EQ(got.error().code, ErrorCode::permission_denied) << what;  // 403
            ++denied;
          }
          EXPECT_FALSE(got.error().message.empty());
        }
        // The buttons agree with the decision.
        auto offered = allowed_actions(s, roles, kAllReviews);
        EXPECT_EQ(std::find(offered.begin(), offered.end(), act) != offered.end(), got.has_value())
            << what;
      }
    }
  }
  const int total =
      static_cast<int>(all_stages().size() * all_actions().size() * identity::all_roles().size());
  EXPECT_EQ(ok, static_cast<int>(spec().size()));
  EXPECT_EQ(ok + denied + wrong_stage, total);
  EXPECT_EQ(total, 13 * 18 * 9);
}

TEST(Lifecycle, NoRolesMeansDeniedEvenWhereTheStageAllows) {
  // An official out of the project's county holds no role on it.
  auto got = decide(S::reserve, {}, complete(A::submit));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::permission_denied);
}

TEST(Lifecycle, MandatoryComments) {
  for (Action a : {A::drc_return, A::provincial_return, A::revoke}) {
    auto r = complete(a);
    r.comments = "  \n";
    const Stage from = a == A::drc_return ? S::submitted : S::provincial_review;
    const Role roles[] = {a == A::drc_return ? R::drc_reviewer : R::provincial_reviewer};
    auto got = decide(from, roles, r);
    ASSERT_FALSE(got) << code(a);
    EXPECT_EQ(got.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(got.error().field, "/comments");
  }
}

TEST(Lifecycle, ReviewStepsNeedReviewersWithScores) {
  const Role roles[] = {R::provincial_reviewer};
  auto r = complete(A::expert_review);
  r.reviewers.clear();
  EXPECT_EQ(decide(S::provincial_review, roles, r).error().field, "/reviewers");
  r.reviewers = {{"王", 101}};
  EXPECT_EQ(decide(S::provincial_review, roles, r).error().field, "/reviewers/0/score");
  r.reviewers = {{"王", 80}, {" ", 80}};
  EXPECT_EQ(decide(S::provincial_review, roles, r).error().field, "/reviewers/1/name");
  r.reviewers = {{"王", 80}};
  EXPECT_TRUE(decide(S::provincial_review, roles, r));
}

TEST(Lifecycle, ProvincialApprovalNeedsAllThreeReviewSteps) {
  const Role roles[] = {R::provincial_reviewer};
  Context ctx;
  for (Action step : {A::expert_review, A::joint_review}) {
    ctx.reviews_done.push_back(step);
    auto got = decide(S::provincial_review, roles, complete(A::provincial_approve), ctx);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, ErrorCode::failed_precondition);
    auto offered = allowed_actions(S::provincial_review, roles, ctx);
    EXPECT_EQ(std::count(offered.begin(), offered.end(), A::provincial_approve), 0);
  }
  ctx.reviews_done.push_back(A::site_check);
  EXPECT_EQ(*decide(S::provincial_review, roles, complete(A::provincial_approve), ctx),
            S::provincial_list);
}

TEST(Lifecycle, AcceptanceTakesAnEvaluationSummary) {
  const Role roles[] = {R::provincial_reviewer};
  auto r = complete(A::accept);
  r.acceptance->evidence.clear();
  EXPECT_EQ(decide(S::acceptance, roles, r).error().field, "/acceptance/evidence");
  r = complete(A::accept);
  r.acceptance->verdict = "fail";
  EXPECT_EQ(decide(S::acceptance, roles, r).error().field, "/acceptance/verdict");
  r = complete(A::accept);
  r.acceptance.reset();
  EXPECT_EQ(decide(S::acceptance, roles, r).error().field, "/acceptance");

  // A passing evaluation passes.
  r = complete(A::accept);
  r.acceptance->evaluation = EvaluationSummary{0, 88, 80, "pass"};
  EXPECT_EQ(*decide(S::acceptance, roles, r), S::named);
  // A failed binding indicator: refused without an override, 422 without its reason.
  r.acceptance->evaluation = EvaluationSummary{1, 88, 80, "fail"};
  auto got = decide(S::acceptance, roles, r);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(got.error().field, "/acceptance/provincial_override");
  r.acceptance->provincial_override = true;
  EXPECT_EQ(decide(S::acceptance, roles, r).error().field, "/acceptance/override_reason");
  r.acceptance->override_reason = "该指标因不可抗力延期，省级同意";
  EXPECT_EQ(*decide(S::acceptance, roles, r), S::named);
  // Below the pass mark counts the same as a failed binding indicator.
  r.acceptance->evaluation = EvaluationSummary{0, 70, 80, "fail"};
  r.acceptance->provincial_override = false;
  EXPECT_FALSE(decide(S::acceptance, roles, r));
  // Rejecting needs the "fail" verdict and reasons.
  auto rej0 = complete(A::reject_acceptance);
  EXPECT_EQ(*decide(S::acceptance, roles, rej0), S::construction);
  auto rej = complete(A::reject_acceptance);
  rej.acceptance->verdict = "pass";
  EXPECT_EQ(decide(S::acceptance, roles, rej).error().field, "/acceptance/verdict");
}

// Issue #6's rule: acceptance cannot pass with a failed binding indicator unless a provincial
// reviewer overrides it with a reason.
TEST(Lifecycle, AcceptancePassesWhenEveryBindingIndicatorIsMet) {
  const Role roles[] = {R::provincial_reviewer};
  auto r = complete(A::accept);
  r.acceptance->evaluation =
      EvaluationSummary{0, 91.5, 80, "pass", 7, "lishui-2021 1", "2026-11-01"};
  EXPECT_EQ(*decide(S::acceptance, roles, r), S::named);
  EXPECT_FALSE(evaluation_failed(*r.acceptance->evaluation));
  // No evaluation at all: the verdict and evidence alone decide (recorded as "no evaluation").
  r.acceptance->evaluation.reset();
  EXPECT_EQ(*decide(S::acceptance, roles, r), S::named);
}

TEST(Lifecycle, AcceptanceRefusedOnAFailedBindingIndicator) {
  const Role roles[] = {R::provincial_reviewer};
  auto r = complete(A::accept);
  r.acceptance->evaluation = EvaluationSummary{2, 95, 80, "fail", 9, "", ""};
  EXPECT_TRUE(evaluation_failed(*r.acceptance->evaluation));
  auto got = decide(S::acceptance, roles, r);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(got.error().field, "/acceptance/provincial_override");
  EXPECT_NE(got.error().message.find("2 binding"), std::string::npos);
}

TEST(Lifecycle, AcceptancePassesWithAProvincialOverrideAndItsReason) {
  const Role roles[] = {R::provincial_reviewer};
  auto r = complete(A::accept);
  r.acceptance->evaluation = EvaluationSummary{1, 85, 80, "fail", 9, "", ""};
  r.acceptance->provincial_override = true;
  r.acceptance->override_reason = "消防通道指标已整改，现场复核通过";
  EXPECT_EQ(*decide(S::acceptance, roles, r), S::named);
}

TEST(Lifecycle, OverrideRefusedForOtherRolesAndWithoutReason) {
  auto r = complete(A::accept);
  r.acceptance->evaluation = EvaluationSummary{1, 85, 80, "fail", 9, "", ""};
  r.acceptance->provincial_override = true;
  r.acceptance->override_reason = "  ";
  const Role province[] = {R::provincial_reviewer};
  auto got = decide(S::acceptance, province, r);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(got.error().field, "/acceptance/override_reason");
  r.acceptance->override_reason = "理由";
  for (R role : {R::county_official, R::drc_reviewer, R::city_leader, R::system_admin,
                 R::community_admin, R::resident}) {
    const Role one[] = {role};
    auto denied = decide(S::acceptance, one, r);
    ASSERT_FALSE(denied) << identity::info(role).code;
    EXPECT_EQ(denied.error().code, ErrorCode::permission_denied) << identity::info(role).code;
  }
  // Nothing to override: a passing evaluation, or none at all.
  r.acceptance->evaluation = EvaluationSummary{0, 85, 80, "pass", 9, "", ""};
  EXPECT_EQ(decide(S::acceptance, province, r).error().field, "/acceptance/provincial_override");
  r.acceptance->evaluation.reset();
  EXPECT_EQ(decide(S::acceptance, province, r).error().code, ErrorCode::invalid_argument);
}

TEST(Lifecycle, CodesRoundTripAndPublicVisibility) {
  for (Stage s : all_stages()) EXPECT_EQ(parse_stage(code(s)), s);
  for (Action a : all_actions()) EXPECT_EQ(parse_action(code(a)), a);
  EXPECT_FALSE(parse_stage("draft"));
  EXPECT_FALSE(parse_action("approve_everything"));
  // Nothing before the municipal list, and nothing revoked, is public.
  for (Stage s : {S::reserve, S::submitted, S::returned, S::municipal_review, S::revoked}) {
    EXPECT_FALSE(on_municipal_list(s)) << code(s);
    EXPECT_FALSE(on_provincial_list(s)) << code(s);
    EXPECT_FALSE(is_named(s)) << code(s);
  }
  EXPECT_TRUE(on_municipal_list(S::municipal_list));
  EXPECT_FALSE(on_provincial_list(S::provincial_review));
  EXPECT_TRUE(on_provincial_list(S::provincial_list));
  EXPECT_TRUE(is_named(S::operating));
  EXPECT_FALSE(is_named(S::acceptance));
}

}  // namespace
}  // namespace weilai::programme
