#include "http/problem.hpp"

#include <boost/json.hpp>

namespace weilai::http {

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument:
      return 422;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::already_exists:
      return 409;
    case ErrorCode::failed_precondition:
      return 409;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::permission_denied:
      return 403;
    case ErrorCode::unauthenticated:
      return 401;
    case ErrorCode::resource_exhausted:
      return 429;
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

std::string problem_code_for(ErrorCode code) {
  if (code == ErrorCode::invalid_argument) return "validation_failed";
  if (code == ErrorCode::resource_exhausted) return "too_many_requests";
  return to_string(code);
}

namespace {
const char* title_for(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}
}  // namespace

Response problem_response(int status, const std::string& code, const std::string& detail,
                          const Request& request, const std::string& field) {
  boost::json::object o;
  o["type"] = "https://weilai.example/problems/" + code;
  o["title"] = title_for(status);
  o["status"] = status;
  o["code"] = code;
  o["detail"] = detail;
  if (!field.empty()) {
    o["field"] = field;
    boost::json::array errors;
    errors.push_back(boost::json::object{{"field", field}, {"message", detail}});
    o["errors"] = std::move(errors);
  }
  o["request_id"] = request.request_id;
  o["instance"] = request.path;
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = boost::json::serialize(o);
  return r;
}

Response problem_response(const Error& error, const Request& request) {
  const int status = status_for(error.code);
  // Internal details stay in the log; the caller sees a generic sentence and the request id.
  const std::string detail =
      status >= 500 && error.code != ErrorCode::unavailable ? "internal error" : error.message;
  return problem_response(status, problem_code_for(error.code), detail, request, error.field);
}

Response problem_with_current(
    const Error& error, const Request& request,
    const std::function<std::optional<boost::json::value>()>& read_current) {
  Response res = problem_response(error, request);
  if (auto current = read_current()) {
    auto problem = boost::json::parse(res.body).as_object();
    problem["current"] = std::move(*current);
    res.body = boost::json::serialize(problem);
  }
  return res;
}

}  // namespace weilai::http
