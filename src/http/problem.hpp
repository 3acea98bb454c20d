// RFC 9457 problem details: every 4xx/5xx answer of the API is application/problem+json with a
// stable `code`, a `type` URI built from it, an English `detail`, the offending `field` where there
// is one, and the request id. Domain Errors map to statuses in status_for(), the one place that
// decides it. Protocol-level failures found while reading a request (malformed JSON, a bad query
// parameter) are thrown as Problem from http-layer helpers and rendered by the dispatcher.
#pragma once

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

}  // namespace weilai::http
