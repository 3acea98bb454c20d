// Private to storage: the PostgreSQL driver's factory (pqxx stays inside postgres_database.cpp).
// Called by open_database for "postgresql://..." and "postgres://...".
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

// Connects once to validate the URL; fails with unavailable when the server cannot be reached.
Result<std::unique_ptr<Database>> open_postgres(const std::string& url, const OpenOptions& options);

// The URL without its password (user:secret@host → user@host, ?password=... dropped).
std::string redact_url(std::string_view url);

}  // namespace weilai::storage
