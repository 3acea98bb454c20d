// Health, readiness, metrics, the OpenAPI document and the role catalogue.
#include <boost/json.hpp>

#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"

namespace weilai::http {
namespace json = boost::json;

void add_system_routes(App& app) {
  auto& r = app.router();
  r.add("GET", "/healthz",
        [](Request&) -> Result<Response> {
          return json_response(json::object{{"status", "ok"}});
        },
        {"Liveness: the process answers", "system", false});

  r.add("GET", "/readyz",
        [&app](Request& req) -> Result<Response> {
          if (auto st = app.db().ping(); !st) {
            return problem_response(503, "unavailable", "the database does not answer", req);
          }
          return json_response(json::object{{"status", "ready"}});
        },
        {"Readiness: the database answers", "system", false, {}, "", {503}});

  r.add("GET", "/metrics",
        [&app](Request&) -> Result<Response> {
          Response res;
          res.content_type = "text/plain; version=0.0.4; charset=utf-8";
          res.body = app.metrics().render(app.db().pool_stats());
          return res;
        },
        {"Prometheus metrics", "system", false});

  r.add("GET", "/api/v1/openapi.json",
        [&app](Request&) -> Result<Response> {
          return json_response(app.router().openapi(app.options().version));
        },
        {"This API as an OpenAPI 3.1 document", "system", false});

  r.add("GET", "/api/v1/roles",
        [&app](Request& req) -> Result<Response> {
          WEILAI_CHECK(app.signed_in(req));
          json::array items;
          for (const auto& role : identity::all_roles()) {
            items.push_back(json::object{{"role", role.code},
                                         {"name_zh", role.name_zh},
                                         {"name_en", role.name_en},
                                         {"scope", role.scope}});
          }
          return json_response(items);
        },
        {"The roles a grant can give", "accounts"});
}

}  // namespace weilai::http
