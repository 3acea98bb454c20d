// Request and Response as the handlers see them: plain values, so that only server.cpp includes
// Boost.Beast. The server copies a parsed Beast request into a Request and a Response back out.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weilai::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request target, e.g. "/api/v1/accounts?limit=10"
  std::string path;    // percent-decoded path without the query
  std::multimap<std::string, std::string> query;             // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string client_address;
  std::string request_id;
  std::map<std::string, std::string> path_params;  // filled by the router: "{id}" → "42"

  // The first header of that (lower-case) name.
  std::optional<std::string_view> header(std::string_view name) const;
  // The first query parameter of that name.
  std::optional<std::string_view> query_param(std::string_view name) const;
  // A cookie's value from the Cookie header.
  std::optional<std::string> cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;  // close the connection after sending

  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace weilai::http
