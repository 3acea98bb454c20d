#include "http/ledger_common.hpp"

#include <chrono>
#include <optional>
#include <thread>

#include "crypto/crypto.hpp"
#include "http/group_commit.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "storage/audit_store.hpp"
#include "storage/org_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;

namespace {
constexpr const char* kInFlight = "idempotency key in flight";

Response replay(const storage::StoredAnswer& a) {
  Response res;
  res.status = a.status;
  res.body = a.response;
  res.set_header("Idempotent-Replayed", "true");
  return res;
}
}  // namespace

Result<Response> idempotent_post(
    App& app, const Request& req, const identity::Actor& actor,
    const std::function<Result<json::object>(storage::Tx&, Changes&)>& body, int status) {
  const auto key = req.header("idempotency-key");
  if (!key || key->empty() || key->size() > 128) {
    throw Problem(400, "idempotency_key_required",
                  "postings need an Idempotency-Key header of 1..128 characters",
                  "Idempotency-Key");
  }
  const std::string scope = std::to_string(actor.account_id.value_or(0)) + ":" + std::string(*key);
  const std::string hash = crypto::sha256_hex(req.method + " " + req.path + "\n" + req.body);
  auto answer_stored = [&](const storage::StoredAnswer& a) -> Result<Response> {
    if (a.request_hash != hash) {
      throw Problem(422, "idempotency_key_reused",
                    "this Idempotency-Key was used for a different request", "Idempotency-Key");
    }
    return replay(a);
  };
  for (int attempt = 0; attempt < 200; ++attempt) {
    WEILAI_TRY(auto found, app.read<std::optional<storage::StoredAnswer>>([&](storage::Tx& tx) {
      return storage::find_idempotent(tx, scope);
    }));
    if (found) return answer_stored(*found);
    // On SQLite, App::write's group commit lets concurrent postings share one durable COMMIT.
    auto out = app.write<json::object>(
        req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
          WEILAI_TRY(bool claimed,
                     storage::claim_idempotent(tx, scope, hash, app.clock().now_ms()));
          if (!claimed) return Error::conflict(kInFlight);
          WEILAI_TRY(json::object result, body(tx, ch));
          WEILAI_CHECK(storage::store_idempotent(tx, scope, status, json::serialize(result)));
          return result;
        });
    if (out) return json_response(*out, status);
    if (out.error().code == ErrorCode::conflict && out.error().message == kInFlight) {
      // The same key is being posted by a concurrent request: wait for its answer.
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    return std::move(out).error();
  }
  return Error{
      ErrorCode::unavailable, "the request with this Idempotency-Key is still running", {}};
}

Result<PersonAccess> person_access(storage::Tx& tx, const identity::Actor& actor,
                                   std::int64_t person_id) {
  auto p = storage::get_person(tx, person_id);
  if (!p) {
    if (p.error().code == ErrorCode::not_found)
      return Error{ErrorCode::not_found, p.error().message, "/person_id"};
    return p.error();
  }
  PersonAccess a;
  a.person = std::move(p).value();
  identity::Resource own;
  own.household_id = a.person.household_id;
  if (identity::authorize(actor, Action::ledger_own, own)) {
    a.own = true;
    return a;
  }
  identity::Resource staff;
  WEILAI_TRY(staff.org_path,
             storage::org_path(tx, a.person.grid_id ? *a.person.grid_id : a.person.community_id));
  if (identity::authorize(actor, Action::ledger_proxy, staff)) {
    a.proxy = true;
    return a;
  }
  return Error::denied("you may not act for person " + std::to_string(person_id));
}

Status community_allowed(storage::Tx& tx, const identity::Actor& actor, std::int64_t community_id,
                         std::initializer_list<Action> actions) {
  if (!actor.authenticated()) return Error{ErrorCode::unauthenticated, "sign in first", {}};
  auto path = storage::org_path(tx, community_id);
  if (!path) return Error::not_found("no community " + std::to_string(community_id));
  for (const auto& g : actor.grants) {
    bool role_ok = false;
    for (auto a : actions) role_ok = role_ok || identity::role_allows(g.role, a);
    if (!role_ok) continue;
    if (std::find(path->begin(), path->end(), g.org_unit_id) != path->end()) return {};
    if (g.org_unit_kind == "grid") {
      WEILAI_TRY(auto gpath, storage::org_path(tx, g.org_unit_id));
      if (std::find(gpath.begin(), gpath.end(), community_id) != gpath.end()) return {};
    }
  }
  return Error::denied("your roles do not reach this community");
}

Result<identity::Actor> allowed_any(App& app, const Request& req,
                                    std::initializer_list<Action> actions) {
  WEILAI_TRY(identity::Actor a, app.signed_in(req));
  for (const auto& g : a.grants)
    for (auto act : actions)
      if (identity::role_allows(g.role, act)) return a;
  return Error::denied("your roles do not allow this");
}

json::value value_json(const storage::Value& v) {
  if (std::holds_alternative<std::int64_t>(v)) return std::get<std::int64_t>(v);
  if (std::holds_alternative<double>(v)) {
    const double d = std::get<double>(v);
    // PostgreSQL hands back SUM(bigint) as numeric: keep integers integral.
    if (d == static_cast<double>(static_cast<std::int64_t>(d)) && d < 9e15 && d > -9e15)
      return static_cast<std::int64_t>(d);
    return d;
  }
  if (std::holds_alternative<std::string>(v)) return json::string(std::get<std::string>(v));
  return nullptr;
}

json::object row_json(const storage::Rows& rows, std::size_t i) {
  json::object o;
  const auto& r = rows.rows.at(i);
  for (std::size_t c = 0; c < rows.columns.size(); ++c)
    o[rows.columns[c]] = value_json(r.values[c]);
  return o;
}

json::array rows_json(const storage::Rows& rows) {
  json::array a;
  for (std::size_t i = 0; i < rows.size(); ++i) a.push_back(row_json(rows, i));
  return a;
}

Response csv_response(const storage::Rows& rows, const std::string& filename) {
  auto cell = [](const storage::Value& v) -> std::string {
    std::string s;
    if (std::holds_alternative<std::int64_t>(v)) return std::to_string(std::get<std::int64_t>(v));
    if (std::holds_alternative<double>(v)) {
      auto j = value_json(v);
      return json::serialize(j);
    }
    if (std::holds_alternative<std::string>(v)) s = std::get<std::string>(v);
    // Quote everything textual; a leading =,+,-,@ is neutralised against formula injection.
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s = "'" + s;
    std::string q = "\"";
    for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
  };
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t c = 0; c < rows.columns.size(); ++c) out += (c ? "," : "") + rows.columns[c];
  out += "\r\n";
  for (const auto& r : rows.rows) {
    for (std::size_t c = 0; c < r.values.size(); ++c) out += (c ? "," : "") + cell(r.values[c]);
    out += "\r\n";
  }
  Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.body = std::move(out);
  res.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return res;
}

}  // namespace weilai::http
