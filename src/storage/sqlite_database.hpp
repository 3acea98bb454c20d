// Private to storage: the SQLite driver's factory (sqlite3 stays inside sqlite_database.cpp).
// Called by open_database for "sqlite:PATH" and "sqlite::memory:".
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

// `path` is a file path (its parent directory is created if missing) or ":memory:" for a
// private in-memory database shared by the pool's connections. Fails with unavailable when the
// file cannot be opened.
Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, const OpenOptions& options);

}  // namespace weilai::storage
