// Rows of the org-unit tree (浙江省 → 丽水市 → counties → communities → grids).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

struct OrgUnit {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string kind;  // province | city | county | community | grid
  std::string code;
  std::string name_zh;
  std::string name_en;
};

// The kinds in tree order; a unit's parent must be of an earlier kind.
bool valid_org_kind(const std::string& kind);
int org_kind_level(const std::string& kind);  // province 0 … grid 4; -1 when unknown

Result<OrgUnit> get_org_unit(Tx& tx, std::int64_t id);  // not_found
// The unit and all its ancestors, the unit first (for authorisation).
Result<std::vector<std::int64_t>> org_path(Tx& tx, std::int64_t id);
Result<std::vector<OrgUnit>> list_org_units(Tx& tx, std::optional<std::int64_t> parent_id,
                                            const std::optional<std::string>& kind,
                                            std::int64_t after_id, int limit);
Result<std::vector<OrgUnit>> all_org_units(Tx& tx);
// already_exists for a taken code; invalid_argument when the parent's kind does not fit.
Result<OrgUnit> insert_org_unit(Tx& tx, const OrgUnit& unit, UnixMillis now);

}  // namespace weilai::storage
