// Which community a request of the community platform (parking, polls, security, work orders) is
// about, and who belongs where. One definition: these rules decide what a resident may see.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "identity/roles.hpp"
#include "storage/database.hpp"

namespace weilai::http {

// The community of the actor's first community-level grant (a resident's, butler's or community
// admin's own): what a request means when it names none.
std::optional<std::int64_t> default_community(const identity::Actor& actor);

// The org path (root first) of a community, for authorize(); 422 on /community_id when the unit
// exists but is not a community, 404 when it does not exist.
Result<std::vector<std::int64_t>> community_path(storage::Tx& tx, std::int64_t community_id);

// Whether the actor is a member of the household.
bool member_of(const identity::Actor& actor, std::int64_t household_id);

}  // namespace weilai::http
