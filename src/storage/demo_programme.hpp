// Demo data of the programme (issue #5): county action plans whose candidates are the demo's
// reserve-pool projects, and the flagship's site and milestones. Called once by load_demo_data.
#pragma once

#include <map>
#include <string>

#include "storage/database.hpp"

namespace weilai::storage {

Status load_demo_programme(Tx& tx, const std::map<std::string, std::int64_t>& unit_ids,
                           std::int64_t now);

}  // namespace weilai::storage
