// Demo data of smart security (issue #8): three devices in 灵山社区 (smoke sensor, gate, camera)
// and their recent heartbeats and warnings. Called once by load_demo_data.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "storage/database.hpp"

namespace weilai::storage {

Status load_demo_security(Tx& tx, const std::map<std::string, std::int64_t>& unit_ids,
                          const std::map<std::string, std::int64_t>& account_ids, std::int64_t now);

}  // namespace weilai::storage
