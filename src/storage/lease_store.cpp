#include "storage/lease_store.hpp"

namespace weilai::storage {

Result<bool> take_lease(Tx& tx, const std::string& name, const std::string& holder, UnixMillis now,
                        UnixMillis until) {
  WEILAI_TRY(Rows r, tx.exec("INSERT INTO leases (name, holder, expires_at) VALUES ($1,$2,$3) "
                             "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                             "expires_at = excluded.expires_at "
                             "WHERE leases.holder = excluded.holder OR leases.expires_at <= $4 "
                             "RETURNING holder",
                             {name, holder, until, now}));
  return !r.empty();
}

Status release_lease(Tx& tx, const std::string& name, const std::string& holder) {
  WEILAI_TRY(Rows r, tx.exec("DELETE FROM leases WHERE name = $1 AND holder = $2", {name, holder}));
  (void)r;
  return {};
}

}  // namespace weilai::storage
