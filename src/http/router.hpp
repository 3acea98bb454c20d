// Router: the route table of the API. Patterns are literal segments and "{name}" parameters
// ("/api/v1/accounts/{id}/grants/{grant_id}"). Each route carries its documentation, from which
// the OpenAPI 3.1 document is generated, so the table and the document cannot drift.
// Thread safety: register everything before serving; dispatch is then read-only and thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace weilai::http {

using Handler = std::function<Result<Response>(Request&)>;

struct RouteDoc {
  std::string summary;             // one line, English
  std::string tag;                 // groups routes in the document ("auth", "accounts", ...)
  bool requires_auth = true;       // false for public routes
  std::vector<std::string> query;  // documented query parameters
  std::string body;                // a one-line description of the JSON body, empty if none
  std::vector<int> statuses;       // the non-200 statuses it answers besides the common ones
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteDoc doc;
};

struct DispatchResult {
  Response response;
  std::string route;  // the matched pattern ("unmatched" when none) for metrics and logs
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteDoc doc);
  // Finds the route, fills request.path_params, runs the handler and turns its Error or a thrown
  // Problem into problem+json. Unknown path → nullopt (the caller may serve a static file);
  // known path but other method → 405 with Allow.
  std::optional<DispatchResult> dispatch(Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }
  boost::json::value openapi(const std::string& version) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace weilai::http
