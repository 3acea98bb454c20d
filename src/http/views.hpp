// JSON views of stored records, shared by the route groups so a record looks the same everywhere.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <vector>

#include "audit/audit.hpp"
#include "identity/accounts.hpp"
#include "storage/community_store.hpp"
#include "storage/identity_store.hpp"
#include "storage/org_store.hpp"
#include "storage/project_store.hpp"

namespace weilai::http {

boost::json::object account_json(const identity::Account& a);
boost::json::object grant_json(const storage::GrantRow& g);
boost::json::array grants_json(const std::vector<storage::GrantRow>& grants);
boost::json::object org_unit_json(const storage::OrgUnit& u);
boost::json::object household_json(const storage::Household& h, bool with_members);
boost::json::object project_json(const storage::ProjectRow& p);
boost::json::object audit_json(const audit::Record& r);

}  // namespace weilai::http
