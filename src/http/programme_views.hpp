// Programme views shared with project_routes.cpp: a project as its detail page needs it (with the
// lifecycle actions the caller may take now).
#pragma once

#include <boost/json/object.hpp>

#include "identity/roles.hpp"
#include "storage/database.hpp"
#include "storage/programme_ops_store.hpp"
#include "storage/project_store.hpp"

namespace weilai::http {

// project_json plus `allowed_actions` (codes the caller may take now, given their roles on the
// project's county and the review steps recorded) and `stage_name_zh`.
Result<boost::json::object> project_detail_json(storage::Tx& tx, const identity::Actor& actor,
                                                const storage::ProjectRow& p,
                                                const std::vector<std::int64_t>& org_path);

// A milestone (时间节点) as both the project record and programme ops show it; `today` is the day
// in China (programme::china_today) for the overdue flag.
boost::json::object milestone_json(const storage::MilestoneRow& m, std::int64_t today);

}  // namespace weilai::http
