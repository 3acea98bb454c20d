#include "identity/roles.hpp"

#include <gtest/gtest.h>

namespace weilai::identity {
namespace {

// Org ids of a small tree: 1 province → 2 city → {3 county A, 4 county B}; 3 → 5 community → 6
// grid.
const std::vector<std::int64_t> kGridPath{6, 5, 3, 2, 1};
const std::vector<std::int64_t> kCountyBPath{4, 2, 1};

Actor actor_with(Role role, std::int64_t unit) {
  Actor a;
  a.account_id = 42;
  a.login = "x";
  a.grants = {{1, role, unit}};
  return a;
}

TEST(Authorize, PublicIsUnauthenticatedAndUnknownIsDenied) {
  Actor nobody;
  EXPECT_EQ(authorize(nobody, Action::org_units_read).error().code, ErrorCode::unauthenticated);
  Actor no_grants;
  no_grants.account_id = 1;
  EXPECT_EQ(authorize(no_grants, Action::org_units_read).error().code,
            ErrorCode::permission_denied);
}

TEST(Authorize, GrantsCoverTheirUnitAndEverythingBelow) {
  const auto county_official = actor_with(Role::county_official, 3);
  EXPECT_TRUE(authorize(county_official, Action::projects_read, {kGridPath}));
  EXPECT_FALSE(authorize(county_official, Action::projects_read, {kCountyBPath}));
  const auto drc = actor_with(Role::drc_reviewer, 2);
  EXPECT_TRUE(authorize(drc, Action::projects_read, {kCountyBPath}));
  EXPECT_TRUE(authorize(drc, Action::projects_read, {kGridPath}));
  const auto grid_worker = actor_with(Role::grid_worker, 6);
  EXPECT_TRUE(authorize(grid_worker, Action::households_read, {kGridPath}));
  EXPECT_FALSE(
      authorize(grid_worker, Action::households_read, {{5, 3, 2, 1}}));  // the whole community
}

TEST(Authorize, RolesOnlyDoWhatTheirRoleAllows) {
  const auto resident = actor_with(Role::resident, 5);
  EXPECT_FALSE(authorize(resident, Action::projects_read, {kGridPath}));
  EXPECT_FALSE(authorize(resident, Action::households_read, {kGridPath}));
  EXPECT_FALSE(authorize(resident, Action::accounts_manage));
  const auto admin = actor_with(Role::system_admin, 1);
  EXPECT_TRUE(authorize(admin, Action::accounts_manage));
  EXPECT_TRUE(authorize(admin, Action::audit_read));
  EXPECT_FALSE(authorize(actor_with(Role::drc_reviewer, 2), Action::audit_read));
}

TEST(Authorize, AResidentReachesOnlyTheirOwnHousehold) {
  auto resident = actor_with(Role::resident, 5);
  resident.household_ids = {17};
  Resource own;
  own.household_id = 17;
  Resource other;
  other.household_id = 18;
  EXPECT_TRUE(authorize(resident, Action::households_own, own));
  EXPECT_FALSE(authorize(resident, Action::households_own, other));
  EXPECT_FALSE(authorize(resident, Action::households_own, {}));
}

TEST(Roles, CodesRoundTripAndPermissionsFollowGrants) {
  for (const auto& r : all_roles()) {
    ASSERT_TRUE(parse_role(r.code));
    EXPECT_EQ(*parse_role(r.code), r.role);
    EXPECT_STRNE(r.name_zh, "");
  }
  EXPECT_FALSE(parse_role("emperor"));
  EXPECT_TRUE(role_allows(Role::county_official, Action::projects_read));
  EXPECT_FALSE(role_allows(Role::resident, Action::projects_read));
  EXPECT_FALSE(role_allows(Role::resident, Action::org_units_read));
  EXPECT_TRUE(role_allows(Role::system_admin, Action::audit_read));
  auto perms = permitted_actions(actor_with(Role::county_official, 3));
  EXPECT_NE(std::find(perms.begin(), perms.end(), Action::projects_read), perms.end());
  EXPECT_EQ(std::find(perms.begin(), perms.end(), Action::accounts_manage), perms.end());
}

}  // namespace
}  // namespace weilai::identity
