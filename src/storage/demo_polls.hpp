// Demo data of collective choice (polls, issue #8) in 灵山社区: a published budget poll with its
// result and decision, an open single-choice poll, and a resident's proposal gathering support.
// Called once by load_demo_data.
#pragma once

#include <map>
#include <string>

#include "storage/database.hpp"

namespace weilai::storage {

Status load_demo_polls(Tx& tx, const std::map<std::string, std::int64_t>& unit_ids,
                       const std::map<std::string, std::int64_t>& account_ids, std::int64_t now);

}  // namespace weilai::storage
