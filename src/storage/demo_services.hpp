// Demo data of community services (issue #8): shared parking slots in 灵山社区 with weekly
// availability. Called once by load_demo_data.
#pragma once

#include <map>
#include <string>

#include "storage/database.hpp"

namespace weilai::storage {

Status load_demo_services(Tx& tx, const std::map<std::string, std::int64_t>& unit_ids,
                          std::int64_t now);

}  // namespace weilai::storage
