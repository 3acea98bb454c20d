// RFC 9457 problem details: every 4xx/5xx answer of the API is application/problem+json with a
// stable `code`, a `type` URI built from it, an English `detail`, the offending `field` where there
// is one, and the request id. Domain Errors map to statuses in status_for(), the one place that
// decides it. Protocol-level failures found while reading a request (malformed JSON, a bad query
// parameter) are thrown as Problem from http-layer helpers and rendered by the dispatcher.
#pragma once

#include <boost/json/fwd.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace weilai::http {

struct Problem : std::runtime_error {
  Problem(int status, std::string code, std::string detail, std::string field = {})
      : std::runtime_error(detail),
        status(status),
        code(std::move(code)),
        detail(std::move(detail)),
        field(std::move(field)) {}
  int status;
  std::string code;
  std::string detail;
  std::string field;
};

int status_for(ErrorCode code);
// The stable problem code for a domain error ("validation_failed" for invalid_argument).
std::string problem_code_for(ErrorCode code);

Response problem_response(int status, const std::string& code, const std::string& detail,
                          const Request& request, const std::string& field = {});
Response problem_response(const Error& error, const Request& request);
// The problem for `error` carrying the record as it is now in `current`, so a form can show what
// changed: the answer to a stale version (409) or a refused transition. `read_current` runs after
// the failed transaction; when it finds nothing the problem goes out without `current`.
Response problem_with_current(
    const Error& error, const Request& request,
    const std::function<std::optional<boost::json::value>()>& read_current);
// The common case: `load` reads the record again (a Result<T>, e.g. through App::read) and
// `to_json` writes it; a record that cannot be read leaves `current` out.
template <class Load, class ToJson>
Response problem_with_current(const Error& error, const Request& request, Load&& load,
                              ToJson&& to_json) {
  return problem_with_current(error, request, [&]() -> std::optional<boost::json::value> {
    auto record = load();
    if (!record) return std::nullopt;
    return boost::json::value(to_json(*record));
  });
}

}  // namespace weilai::http
