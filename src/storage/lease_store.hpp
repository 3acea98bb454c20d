// Named leases (table `leases`, migration 0015): at most one holder at a time runs a
// cluster-wide job. A lease is a row; taking it is one atomic upsert, so two servers asking at
// the same moment cannot both win on either database.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

// Takes or renews the lease `name` for `holder` until `until`: true when the caller holds it now
// (it was free, expired at `now`, or already the caller's), false when another holder's lease runs.
Result<bool> take_lease(Tx& tx, const std::string& name, const std::string& holder, UnixMillis now,
                        UnixMillis until);

// Gives the lease up if `holder` has it, so another may take it at once (a clean shutdown).
Status release_lease(Tx& tx, const std::string& name, const std::string& holder);

}  // namespace weilai::storage
