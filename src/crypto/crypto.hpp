// crypto: the few primitives Weilai needs, all from libsodium (whose headers stay in crypto.cpp):
// SHA-256 digests for the audit chain and content addressing, argon2id password hashes, and
// random session tokens. Every function is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace weilai::crypto {

// Lower-case hex SHA-256 of the bytes (64 characters).
std::string sha256_hex(std::string_view bytes);

// An argon2id hash string (libsodium's "$argon2id$v=19$m=...") with the interactive cost limits
// (about 80 ms on this machine class). Fails with resource_exhausted when memory runs out.
Result<std::string> hash_password(std::string_view password);

// True when `password` matches `hash`; false for a mismatch or a malformed hash.
bool verify_password(std::string_view hash, std::string_view password);

// `bytes` random bytes from the OS CSPRNG, as URL-safe base64 without padding.
std::string random_token(std::size_t bytes = 32);

// HMAC-SHA256 of `message` under `key` (any length), as lower-case hex (64 characters).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// Decodes standard base64 (with or without padding; no whitespace). invalid_argument when it is
// not base64.
Result<std::string> base64_decode(std::string_view text);

// Comparison whose time does not depend on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace weilai::crypto
