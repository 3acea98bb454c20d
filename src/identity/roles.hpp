// Roles, actions and the one authorisation decision every handler asks for.
// A grant is (account, role, org unit) and applies to that unit and every unit below it
// (浙江省 → 丽水市 → counties → communities → grids). Deny unless a grant allows.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace weilai::identity {

enum class Role {
  resident,             // 居民
  grid_worker,          // 网格员
  butler,               // 物业管家
  community_admin,      // 社区管理员 / 运营方
  county_official,      // 县(市、区)政府
  drc_reviewer,         // 市发改委
  city_leader,          // 市政府
  provincial_reviewer,  // 省发改委
  system_admin,         // 系统管理员
};

struct RoleInfo {
  Role role;
  const char* code;
  const char* name_zh;
  const char* name_en;
  const char* scope;  // the org-unit kind a grant of this role is normally made on
};

std::span<const RoleInfo> all_roles();
const RoleInfo& info(Role role);
std::optional<Role> parse_role(std::string_view code);

enum class Action {
  accounts_manage,   // create, edit, disable accounts and their grants
  org_units_read,    // browse the org tree
  org_units_manage,  // add org units
  audit_read,        // page and verify the audit log
  projects_read,     // see pilot projects in scope
  households_read,   // staff: households of a community in scope
  households_own,    // a resident's own household
  // Community ledgers (time bank, points, foundation):
  ledger_own,          // a resident's own household's balances, services, transfers, redemptions
  ledger_proxy,        // staff acting for registered persons in their grid or community (recorded)
  ledger_manage,       // rules, catalogue, settings, relations, reversals, statistics
  points_award,        // award and revoke points
  foundation_manage,   // funds, donations, spending proposals, expenses
  foundation_approve,  // decide on spending proposals (never one's own)
  planning_run,        // upload planning site data, start and cancel analyses (project in scope)
  // Programme (issue #5: project record and lifecycle)
  projects_write,       // create and edit project records and county action plans in scope
  projects_transition,  // take lifecycle steps (which step: programme::decide by role)
  // Community services: shared parking (issue #8)
  parking_use,      // residents: search free slots, book, manage their own bookings
  parking_publish,  // slot owners: a resident for their household's slot, admins for any
  parking_manage,   // community staff: statistics, no-show sweep, gate check-in/out
  // Community services: "platform + butler" work orders (issue #8)
  work_orders_report,  // residents: report a problem, confirm or reopen, see their own
  work_orders_handle,  // butlers and community admins: triage, assign, work, return visit
  work_orders_admin,   // community admins: categories and SLA targets, preventive schedules,
                       // Open311 API keys
  // Community services: collective choice (polls, issue #8)
  polls_take_part,  // residents: propose, support, vote (for their household, or as a proxy)
  polls_manage,     // community admins: create and edit polls, open, close, publish results
  // Community services: smart security (issue #8)
  security_manage,  // community admins: devices and their secrets, privacy settings, purge
  security_handle,  // butlers and community admins: alarm history, patrol dispatch, feedback
  // Programme operations (monitoring and money, issue 5):
  programme_ops_read,    // monitoring, targets, funding, incentives, approvals, leadership
  programme_ops_report,  // county: reports, milestones, funding, approvals, talents of its projects
  programme_ops_review,  // DRC: review reports, targets, rewards, incentives, leadership, holidays
  // Evaluation (#6)
  rulesets_read,             // see indicator rulesets
  rulesets_manage,           // create, edit, publish, retire, copy, import rulesets
  evaluations_read,          // read evaluations, site inputs, reported values, survey results
  evaluations_run,           // run an evaluation
  evaluation_inputs_edit,    // enter site inputs and reported values (own county)
  evaluation_values_review,  // accept or query reported values
  surveys_manage,            // create and close satisfaction surveys, read their results
  surveys_answer,            // answer a survey for one's household
};

// Whether the role may take the action somewhere (scope is authorize()'s business). Thread-safe.
bool role_allows(Role role, Action action);

const char* permission_name(Action action);  // e.g. "accounts.manage" (shown to the web app)
std::span<const Action> all_actions();

struct Grant {
  std::int64_t id = 0;
  Role role = Role::resident;
  std::int64_t org_unit_id = 0;
  std::string org_unit_kind;  // province | city | county | community | grid (never changes)
};

// Who is asking: an authenticated account with its grants, or the anonymous public.
struct Actor {
  std::optional<std::int64_t> account_id;  // empty for the public
  std::string login;
  std::vector<Grant> grants;
  std::vector<std::int64_t> household_ids;  // households the account is a member of

  bool authenticated() const { return account_id.has_value(); }
  bool has_role(Role role) const;
};

// What the action touches. `org_path` lists the resource's org unit and all its ancestors
// (any order); empty means "not tied to a unit" (then only a grant's role matters).
struct Resource {
  std::vector<std::int64_t> org_path;
  std::optional<std::int64_t> household_id;
  std::optional<std::int64_t> owner_account_id;  // e.g. the account record itself
};

// OK, or unauthenticated (no actor) / permission_denied with a reason. Thread-safe, pure.
Status authorize(const Actor& actor, Action action, const Resource& resource = {});

// The actions the actor may take somewhere (for building menus); the server still checks each.
std::vector<Action> permitted_actions(const Actor& actor);

}  // namespace weilai::identity
