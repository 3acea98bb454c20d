#include "http/community_scope.hpp"

#include <algorithm>
#include <string>

#include "storage/org_store.hpp"

namespace weilai::http {

std::optional<std::int64_t> default_community(const identity::Actor& actor) {
  for (const auto& g : actor.grants)
    if (g.org_unit_kind == "community") return g.org_unit_id;
  return std::nullopt;
}

Result<std::vector<std::int64_t>> community_path(storage::Tx& tx, std::int64_t community_id) {
  WEILAI_TRY(auto unit, storage::get_org_unit(tx, community_id));
  if (unit.kind != "community")
    return Error::invalid("org unit " + std::to_string(community_id) + " is not a community",
                          "/community_id");
  return storage::org_path(tx, community_id);
}

bool member_of(const identity::Actor& actor, std::int64_t household_id) {
  return std::find(actor.household_ids.begin(), actor.household_ids.end(), household_id) !=
         actor.household_ids.end();
}

}  // namespace weilai::http
