// The content-addressed file store every module shares (table `blobs`, migration 0008; it was
// planning_blobs): uploaded datasets, project attachments, photos. Bytes are kept once per SHA-256
// (hex) as a BLOB/BYTEA row; rows that use a file hold its hash (with a foreign key). A file is
// written once and never changed, so readers need no locking.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

// What a stored file is, read from its magic bytes: a declared Content-Type is never trusted.
// Attachments take any of these; photos and camera images only the image kinds.
struct FileType {
  std::string_view content_type;
  std::string_view extension;
  bool is_image = false;
};
// nullopt for anything else (the upload is refused).
std::optional<FileType> file_type_of(std::string_view bytes);

// Stores the bytes under their SHA-256 (hex) unless already there.
Status put_blob(Tx& tx, const std::string& sha256, const std::string& bytes, UnixMillis now);
// not_found when no file has that hash.
Result<std::string> get_blob(Tx& tx, const std::string& sha256);
// Deletes the file unless a row anywhere still uses it (every table referencing blobs is checked:
// planning_datasets, project_attachments; add new referencing tables to kBlobUsers in
// blob_store.cpp). Returns whether it was deleted.
Result<bool> delete_blob_if_unused(Tx& tx, const std::string& sha256);

}  // namespace weilai::storage
