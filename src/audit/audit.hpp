// The hash-chained audit log (审计日志): every state change appends one record in the same
// transaction as the change. Record n stores SHA-256 of record n-1 (prev_hash) and its own hash
// over prev_hash and all its fields, so editing, deleting or reordering any stored record breaks
// the chain at that record, which verify_chain reports.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace weilai::audit {

inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// What a change reports; the store adds seq, time and the chain hashes.
struct Draft {
  std::optional<std::int64_t> actor_id;  // empty for the system and anonymous callers
  std::string actor_login;               // "system", "anonymous" or the login name
  std::string action;                    // e.g. "account.create"
  std::string target_type;               // e.g. "account"
  std::string target_id;
  std::string request_id;
  std::string change_json;  // the change itself; only its SHA-256 digest is stored
};

struct Record {
  std::int64_t seq = 0;
  UnixMillis at = 0;
  std::optional<std::int64_t> actor_id;
  std::string actor_login;
  std::string action;
  std::string target_type;
  std::string target_id;
  std::string request_id;
  std::string digest;     // SHA-256 of Draft::change_json
  std::string prev_hash;  // hash of record seq-1 (kGenesisHash for seq 1)
  std::string hash;       // record_hash(*this)
};

// SHA-256 over prev_hash and every field of the record except `hash`, each length-prefixed so no
// two different records can serialise alike.
std::string record_hash(const Record& record);

// Fills seq/at/digest/prev_hash/hash of a new record that follows (prev_seq, prev_hash).
Record seal(const Draft& draft, std::int64_t prev_seq, const std::string& prev_hash, UnixMillis at);

struct VerifyReport {
  bool ok = true;
  std::int64_t checked = 0;
  std::optional<std::int64_t> first_broken_seq;
  std::string reason;  // why that record breaks the chain
};

// Walks records in seq order: `next` fills the record and returns true, or returns false at the
// end. Checks that seqs are consecutive from 1, each prev_hash equals the previous hash, and each
// hash is right. Stops at the first broken link.
VerifyReport verify_chain(const std::function<bool(Record&)>& next);

}  // namespace weilai::audit
