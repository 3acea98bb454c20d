// Rows of buildings, dwellings (楼栋-单元-房号), households and their members.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace weilai::storage {

struct HouseholdMember {
  std::int64_t id = 0;
  std::optional<std::int64_t> account_id;
  std::string person_name;
  std::string member_role;  // head 户主 | member | tenant | proxy
};

struct Household {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::optional<std::int64_t> grid_id;
  std::string name;
  std::string community_name_zh;
  std::string building;
  std::string unit;
  std::string room;
  std::optional<double> floor_area_m2;
  std::vector<HouseholdMember> members;  // filled by get_household and households_of_account
};

Result<Household> get_household(Tx& tx, std::int64_t id);  // with members; not_found
// Households of a community or of a grid (`unit_id` of either kind; empty: all), by id.
Result<std::vector<Household>> list_households(Tx& tx, std::optional<std::int64_t> unit_id,
                                               std::int64_t after_id, int limit);
Result<std::vector<Household>> households_of_account(Tx& tx, std::int64_t account_id);

}  // namespace weilai::storage
