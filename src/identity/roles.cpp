#include "identity/roles.hpp"

#include <algorithm>
#include <array>

namespace weilai::identity {
namespace {

constexpr std::array<RoleInfo, 9> kRoles{{
    {Role::resident, "resident", "居民", "Resident", "community"},
    {Role::grid_worker, "grid_worker", "网格员", "Grid worker", "grid"},
    {Role::butler, "butler", "物业管家", "Property butler", "community"},
    {Role::community_admin, "community_admin", "社区管理员", "Community admin", "community"},
    {Role::county_official, "county_official", "县(市、区)政府", "County official", "county"},
    {Role::drc_reviewer, "drc_reviewer", "市发改委", "Municipal DRC reviewer", "city"},
    {Role::city_leader, "city_leader", "市政府", "City leader", "city"},
    {Role::provincial_reviewer, "provincial_reviewer", "省发改委", "Provincial reviewer",
     "province"},
    {Role::system_admin, "system_admin", "系统管理员", "System admin", "province"},
}};

constexpr std::array<Action, 37> kActions{
    Action::accounts_manage, Action::org_units_read, Action::org_units_manage, Action::audit_read,
    Action::projects_read, Action::households_read, Action::households_own,
    // Programme (issue #5: project record and lifecycle)
    Action::projects_write, Action::projects_transition,
    // Community services: shared parking (issue #8)
    Action::parking_use, Action::parking_publish, Action::parking_manage,
    // Community services: work orders (issue #8)
    Action::work_orders_report, Action::work_orders_handle, Action::work_orders_admin,
    // Community services: collective choice (polls, issue #8)
    Action::polls_take_part, Action::polls_manage,
    // Community services: smart security (issue #8)
    Action::security_manage, Action::security_handle,
    // Programme operations (issue 5)
    Action::programme_ops_read, Action::programme_ops_report, Action::programme_ops_review,
    // Planning (issue #4: planning API)
    Action::planning_run,
    // Evaluation (#6)
    Action::rulesets_read, Action::rulesets_manage, Action::evaluations_read,
    Action::evaluations_run, Action::evaluation_inputs_edit, Action::evaluation_values_review,
    Action::surveys_manage, Action::surveys_answer,
    // Community ledgers (issue #7)
    Action::ledger_own, Action::ledger_proxy, Action::ledger_manage, Action::points_award,
    Action::foundation_manage, Action::foundation_approve};

// The roles allowed to take each action (within the scope of their grant).
std::vector<Role> allowed_roles(Action action) {
  switch (action) {
    case Action::accounts_manage:
    case Action::org_units_manage:
    case Action::audit_read:
      return {Role::system_admin};
    case Action::org_units_read:  // staff and officials; a resident needs only their household
      return {Role::grid_worker,         Role::butler,       Role::community_admin,
              Role::county_official,     Role::drc_reviewer, Role::city_leader,
              Role::provincial_reviewer, Role::system_admin};
    case Action::projects_read:
      return {Role::county_official, Role::drc_reviewer, Role::city_leader,
              Role::provincial_reviewer, Role::system_admin};
    case Action::households_read:
      return {Role::grid_worker, Role::butler, Role::community_admin, Role::system_admin};
    case Action::households_own:
      return {Role::resident};
    case Action::ledger_own:
      return {Role::resident};
    case Action::ledger_proxy:
      return {Role::grid_worker, Role::community_admin, Role::system_admin};
    case Action::ledger_manage:
    case Action::foundation_manage:
      return {Role::community_admin, Role::system_admin};
    case Action::points_award:
      return {Role::grid_worker, Role::community_admin, Role::system_admin};
    case Action::foundation_approve:
      return {Role::community_admin, Role::butler, Role::system_admin};
    // Programme (issue #5: project record and lifecycle)
    case Action::projects_write:
      return {Role::county_official, Role::drc_reviewer};
    case Action::projects_transition:
      return {Role::county_official, Role::drc_reviewer, Role::city_leader,
              Role::provincial_reviewer};
    // Community services: shared parking (issue #8)
    case Action::parking_use:
      return {Role::resident};
    case Action::parking_publish:
      return {Role::resident, Role::community_admin};
    case Action::parking_manage:
      return {Role::butler, Role::community_admin, Role::system_admin};
    case Action::work_orders_report:
      return {Role::resident};
    case Action::work_orders_handle:
      return {Role::butler, Role::community_admin};
    // Community services: collective choice (polls, issue #8)
    case Action::polls_take_part:
      return {Role::resident};
    case Action::polls_manage:
    case Action::work_orders_admin:
      return {Role::community_admin, Role::system_admin};
    case Action::security_manage:
      return {Role::community_admin, Role::system_admin};
    case Action::security_handle:
      return {Role::butler, Role::community_admin, Role::system_admin};
    case Action::programme_ops_read:
      return {Role::county_official, Role::drc_reviewer, Role::city_leader,
              Role::provincial_reviewer, Role::system_admin};
    case Action::programme_ops_report:
      return {Role::county_official};
    case Action::programme_ops_review:
      return {Role::drc_reviewer};
    case Action::planning_run:  // county officials for their county's projects; DRC; admin
      return {Role::county_official, Role::drc_reviewer, Role::system_admin};
    // Evaluation (#6)
    case Action::rulesets_read:
    case Action::evaluations_read:
      return {Role::county_official, Role::drc_reviewer, Role::city_leader,
              Role::provincial_reviewer, Role::system_admin};
    case Action::rulesets_manage:
      return {Role::drc_reviewer, Role::system_admin};
    case Action::evaluations_run:
    case Action::evaluation_values_review:
      return {Role::drc_reviewer};
    case Action::evaluation_inputs_edit:
      return {Role::county_official};
    case Action::surveys_manage:
      return {Role::community_admin, Role::county_official, Role::drc_reviewer};
    case Action::surveys_answer:
      return {Role::resident};
  }
  return {};
}

bool grant_covers(const Grant& grant, const Resource& resource) {
  if (resource.org_path.empty()) return true;
  return std::find(resource.org_path.begin(), resource.org_path.end(), grant.org_unit_id) !=
         resource.org_path.end();
}

}  // namespace

std::span<const RoleInfo> all_roles() {
  return kRoles;
}

const RoleInfo& info(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r;
  return kRoles[0];
}

std::optional<Role> parse_role(std::string_view code) {
  for (const auto& r : kRoles)
    if (code == r.code) return r.role;
  return std::nullopt;
}

const char* permission_name(Action action) {
  switch (action) {
    case Action::accounts_manage:
      return "accounts.manage";
    case Action::org_units_read:
      return "org_units.read";
    case Action::org_units_manage:
      return "org_units.manage";
    case Action::audit_read:
      return "audit.read";
    case Action::projects_read:
      return "projects.read";
    case Action::households_read:
      return "households.read";
    case Action::households_own:
      return "households.own";
    case Action::ledger_own:
      return "ledger.own";
    case Action::ledger_proxy:
      return "ledger.proxy";
    case Action::ledger_manage:
      return "ledger.manage";
    case Action::points_award:
      return "points.award";
    case Action::foundation_manage:
      return "foundation.manage";
    case Action::foundation_approve:
      return "foundation.approve";
    case Action::projects_write:
      return "projects.write";
    case Action::projects_transition:
      return "projects.transition";
    case Action::parking_use:
      return "parking.use";
    case Action::parking_publish:
      return "parking.publish";
    case Action::parking_manage:
      return "parking.manage";
    case Action::work_orders_report:
      return "work_orders.report";
    case Action::work_orders_handle:
      return "work_orders.handle";
    case Action::work_orders_admin:
      return "work_orders.admin";
    case Action::polls_take_part:
      return "polls.take_part";
    case Action::polls_manage:
      return "polls.manage";
    case Action::security_manage:
      return "security.manage";
    case Action::security_handle:
      return "security.handle";
    case Action::programme_ops_read:
      return "programme_ops.read";
    case Action::programme_ops_report:
      return "programme_ops.report";
    case Action::programme_ops_review:
      return "programme_ops.review";
    case Action::planning_run:
      return "planning.run";
    case Action::rulesets_read:
      return "rulesets.read";
    case Action::rulesets_manage:
      return "rulesets.manage";
    case Action::evaluations_read:
      return "evaluations.read";
    case Action::evaluations_run:
      return "evaluations.run";
    case Action::evaluation_inputs_edit:
      return "evaluation_inputs.edit";
    case Action::evaluation_values_review:
      return "evaluation_values.review";
    case Action::surveys_manage:
      return "surveys.manage";
    case Action::surveys_answer:
      return "surveys.answer";
  }
  return "unknown";
}

std::span<const Action> all_actions() {
  return kActions;
}

bool role_allows(Role role, Action action) {
  // Built once: authorize() runs on every request.
  static const auto table = [] {
    std::array<std::vector<Role>, kActions.size()> t;
    for (Action a : kActions) t[static_cast<std::size_t>(a)] = allowed_roles(a);
    return t;
  }();
  const auto& roles = table[static_cast<std::size_t>(action)];
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Actor::has_role(Role role) const {
  return std::any_of(grants.begin(), grants.end(), [&](const Grant& g) { return g.role == role; });
}

Status authorize(const Actor& actor, Action action, const Resource& resource) {
  if (!actor.authenticated()) {
    return Error{ErrorCode::unauthenticated, "sign in first", {}};
  }
  for (const Grant& grant : actor.grants) {
    if (!role_allows(grant.role, action)) continue;
    if (action == Action::households_own ||
        (action == Action::ledger_own && resource.household_id)) {
      // A resident reaches only the households they belong to, whatever their grant's unit.
      if (resource.household_id && std::find(actor.household_ids.begin(), actor.household_ids.end(),
                                             *resource.household_id) != actor.household_ids.end()) {
        return {};
      }
      continue;
    }
    if (grant_covers(grant, resource)) return {};
  }
  return Error::denied(std::string("your roles do not allow ") + permission_name(action) +
                       (resource.org_path.empty() ? "" : " here"));
}

std::vector<Action> permitted_actions(const Actor& actor) {
  std::vector<Action> out;
  for (Action a : kActions) {
    if (std::any_of(actor.grants.begin(), actor.grants.end(),
                    [&](const Grant& g) { return role_allows(g.role, a); })) {
      out.push_back(a);
    }
  }
  return out;
}

}  // namespace weilai::identity
