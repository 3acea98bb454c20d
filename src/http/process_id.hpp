// The name a `weilai serve` process gives itself in the database's leases (planning jobs, the
// housekeeping round): host, pid and a random part, so a restarted process is a new holder.
#pragma once

#include <string>

namespace weilai::http {

std::string process_lease_holder();

}  // namespace weilai::http
