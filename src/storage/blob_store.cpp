#include "storage/blob_store.hpp"

namespace weilai::storage {

std::optional<FileType> file_type_of(std::string_view b) {
  auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic;
  };
  if (starts("%PDF-")) return FileType{"application/pdf", "pdf", false};
  if (starts("\x89PNG\r\n\x1a\n")) return FileType{"image/png", "png", true};
  if (starts("\xff\xd8\xff")) return FileType{"image/jpeg", "jpg", true};
  if (starts("RIFF") && starts("WEBP", 8)) return FileType{"image/webp", "webp", true};
  if (starts("PK\x03\x04")) return FileType{"application/zip", "zip", false};  // docx, xlsx
  return std::nullopt;
}

Status put_blob(Tx& tx, const std::string& sha256, const std::string& bytes, UnixMillis now) {
  WEILAI_TRY(Rows r, tx.exec("INSERT INTO blobs (sha256, size_bytes, content, created_at) "
                             "VALUES ($1,$2,$3,$4) ON CONFLICT (sha256) DO NOTHING",
                             {sha256, static_cast<std::int64_t>(bytes.size()), Blob{bytes}, now}));
  (void)r;
  return {};
}

Result<std::string> get_blob(Tx& tx, const std::string& sha256) {
  WEILAI_TRY(Rows r, tx.exec("SELECT content FROM blobs WHERE sha256 = $1", {sha256}));
  if (r.empty()) return Error::not_found("no stored file " + sha256);
  return r.front().blob(0);
}

namespace {
// Every table and column that holds the hash of a stored file. A new one must be listed here, or
// its files could be deleted while still in use.
struct BlobUser {
  const char* table;
  const char* column;
};
constexpr BlobUser kBlobUsers[] = {{"planning_datasets", "sha256"},
                                   {"project_attachments", "sha256"},
                                   {"work_order_photos", "sha256"},
                                   {"security_events", "image_sha256"}};
}  // namespace

Result<bool> delete_blob_if_unused(Tx& tx, const std::string& sha256) {
  for (const auto& user : kBlobUsers) {
    WEILAI_TRY(Rows used, tx.exec(std::string("SELECT count(*) FROM ") + user.table + " WHERE " +
                                      user.column + " = $1",
                                  {sha256}));
    if (used.front().i64(0) > 0) return false;
  }
  WEILAI_TRY(Rows gone, tx.exec("DELETE FROM blobs WHERE sha256 = $1", {sha256}));
  return gone.affected > 0;
}

}  // namespace weilai::storage
