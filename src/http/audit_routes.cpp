// The audit log: page through it with filters, and verify its hash chain.
#include <boost/json.hpp>
#include <charconv>

#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "http/views.hpp"
#include "storage/audit_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;

namespace {
// Accepts Unix milliseconds or an ISO 8601 UTC time (2026-11-29, 2026-11-29T10:00:00Z,
// 2026-11-29T10:00:00.000Z).
std::optional<UnixMillis> time_param(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  std::int64_t ms = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), ms);
  if (ec == std::errc{} && p == v->data() + v->size()) return ms;
  std::tm tm{};
  std::string s(*v);
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) end = strptime(s.c_str(), "%Y-%m-%d", &tm);
  if (end && *end == '.') {  // fractional seconds, as browsers write them: ignored
    ++end;
    while (*end >= '0' && *end <= '9') ++end;
  }
  if (!end || (*end != '\0' && std::string_view(end) != "Z")) {
    throw Problem(400, "invalid_query",
                  std::string(name) + " must be an ISO 8601 time or Unix milliseconds",
                  std::string("?") + name);
  }
  return static_cast<UnixMillis>(timegm(&tm)) * 1000;
}
}  // namespace

void add_audit_routes(App& app) {
  auto& r = app.router();

  r.add(
      "GET", "/api/v1/audit",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::audit_read));
        const Page page = page_params(req);
        storage::AuditFilter f;
        f.limit = page.limit;
        f.before_seq = page.after_id;  // newest first: the cursor is the last seq seen
        f.actor_id = query_int(req, "actor_id", 1, std::int64_t{1} << 53);
        f.action = query_string(req, "action", 64);
        f.target_type = query_string(req, "target_type", 64);
        f.target_id = query_string(req, "target_id", 64);
        f.from = time_param(req, "from");
        f.to = time_param(req, "to");
        WEILAI_TRY(auto rows, app.read<std::vector<audit::Record>>(
                                  [&](storage::Tx& tx) { return storage::list_audit(tx, f); }));
        json::array items;
        for (const auto& rec : rows) items.push_back(audit_json(rec));
        return json_response(page_body(
            std::move(items), next_cursor(rows.size(), page, rows.empty() ? 0 : rows.back().seq)));
      },
      {"Audit records, newest first",
       "audit",
       true,
       {"actor_id", "action", "target_type", "target_id", "from", "to", "limit", "cursor"}});

  r.add("GET", "/api/v1/audit/verify",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::audit_read));
          WEILAI_TRY(auto report, storage::verify_audit(app.db()));
          json::object o{{"ok", report.ok}, {"checked", report.checked}};
          if (report.first_broken_seq)
            o["first_broken_seq"] = *report.first_broken_seq;
          else
            o["first_broken_seq"] = nullptr;
          o["reason"] = report.reason;
          return json_response(o);
        },
        {"Verify the audit hash chain", "audit"});
}

}  // namespace weilai::http
