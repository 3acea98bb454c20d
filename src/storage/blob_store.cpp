#include "storage/blob_store.hpp"

namespace weilai::storage {

Status put_blob(Tx& tx, const std::string& sha256, const std::string& bytes, UnixMillis now) {
  WEILAI_TRY(Rows r, tx.exec("INSERT INTO planning_blobs (sha256, size_bytes, content, created_at) "
                             "VALUES ($1,$2,$3,$4) ON CONFLICT (sha256) DO NOTHING",
                             {sha256, static_cast<std::int64_t>(bytes.size()), Blob{bytes}, now}));
  (void)r;
  return {};
}

Result<std::string> get_blob(Tx& tx, const std::string& sha256) {
  WEILAI_TRY(Rows r, tx.exec("SELECT content FROM planning_blobs WHERE sha256 = $1", {sha256}));
  if (r.empty()) return Error::not_found("no stored file " + sha256);
  return r.front().blob(0);
}

}  // namespace weilai::storage
