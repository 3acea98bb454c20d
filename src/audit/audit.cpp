#include "audit/audit.hpp"

#include <string>

#include "crypto/crypto.hpp"

namespace weilai::audit {
namespace {

void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

}  // namespace

std::string record_hash(const Record& r) {
  std::string canonical;
  canonical.reserve(256);
  put(canonical, r.prev_hash);
  put(canonical, std::to_string(r.seq));
  put(canonical, std::to_string(r.at));
  put(canonical, r.actor_id ? std::to_string(*r.actor_id) : std::string("-"));
  put(canonical, r.actor_login);
  put(canonical, r.action);
  put(canonical, r.target_type);
  put(canonical, r.target_id);
  put(canonical, r.request_id);
  put(canonical, r.digest);
  return crypto::sha256_hex(canonical);
}

Record seal(const Draft& draft, std::int64_t prev_seq, const std::string& prev_hash,
            UnixMillis at) {
  Record r;
  r.seq = prev_seq + 1;
  r.at = at;
  r.actor_id = draft.actor_id;
  r.actor_login = draft.actor_login;
  r.action = draft.action;
  r.target_type = draft.target_type;
  r.target_id = draft.target_id;
  r.request_id = draft.request_id;
  r.digest = crypto::sha256_hex(draft.change_json);
  r.prev_hash = prev_hash;
  r.hash = record_hash(r);
  return r;
}

VerifyReport verify_chain(const std::function<bool(Record&)>& next) {
  VerifyReport report;
  std::string expected_prev = kGenesisHash;
  std::int64_t expected_seq = 1;
  Record r;
  while (next(r)) {
    auto broken = [&](std::string reason) {
      report.ok = false;
      report.first_broken_seq = r.seq;
      report.reason = std::move(reason);
      return report;
    };
    if (r.seq != expected_seq) {
      return broken("expected record " + std::to_string(expected_seq) + ", found " +
                    std::to_string(r.seq) + " (a record is missing)");
    }
    if (r.prev_hash != expected_prev) return broken("prev_hash does not match the previous record");
    if (record_hash(r) != r.hash) return broken("hash does not match the record's contents");
    expected_prev = r.hash;
    ++expected_seq;
    ++report.checked;
  }
  return report;
}

}  // namespace weilai::audit
