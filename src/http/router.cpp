#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <set>

#include "http/problem.hpp"

namespace weilai::http {
namespace json = boost::json;

namespace {
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool match(const Route& route, const std::vector<std::string>& parts,
           std::map<std::string, std::string>* params) {
  if (route.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& s = route.segments[i];
    if (is_param(s)) {
      if (parts[i].empty()) return false;
      if (params) (*params)[s.substr(1, s.size() - 2)] = parts[i];
    } else if (s != parts[i]) {
      return false;
    }
  }
  return true;
}
}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, RouteDoc doc) {
  Route r;
  r.segments = split_path(pattern);
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.handler = std::move(handler);
  r.doc = std::move(doc);
  routes_.push_back(std::move(r));
}

std::optional<DispatchResult> Router::dispatch(Request& request) const {
  const auto parts = split_path(request.path);
  std::string allow;
  // Literal segments win over parameters: "/org-units/tree" before "/org-units/{id}".
  const Route* best = nullptr;
  int best_literals = -1;
  for (const auto& route : routes_) {
    if (!match(route, parts, nullptr)) continue;
    if (route.method != request.method) {
      if (allow.find(route.method) == std::string::npos) {
        allow += allow.empty() ? route.method : ", " + route.method;
      }
      continue;
    }
    int literals = 0;
    for (const auto& s : route.segments) literals += is_param(s) ? 0 : 1;
    if (literals > best_literals) {
      best = &route;
      best_literals = literals;
    }
  }
  if (!best) {
    if (allow.empty()) return std::nullopt;
    DispatchResult out{problem_response(405, "method_not_allowed",
                                        "this resource does not accept " + request.method, request),
                       "unmatched"};
    out.response.set_header("Allow", allow);
    return out;
  }
  match(*best, parts, &request.path_params);
  DispatchResult out{{}, best->pattern};
  try {
    Result<Response> r = best->handler(request);
    if (r) {
      out.response = std::move(r).value();
    } else {
      if (r.error().code == ErrorCode::internal) {
        spdlog::error("request {} {} {}: {}", request.request_id, request.method, request.path,
                      r.error().message);
      }
      out.response = problem_response(r.error(), request);
    }
  } catch (const Problem& p) {
    out.response = problem_response(p.status, p.code, p.detail, request, p.field);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} threw: {}", request.request_id, request.method, request.path,
                  e.what());
    out.response = problem_response(500, "internal", "internal error", request);
  }
  return out;
}

json::value Router::openapi(const std::string& version) const {
  json::object paths;
  std::set<std::string> tags;
  for (const auto& route : routes_) {
    json::object op;
    op["summary"] = route.doc.summary;
    op["operationId"] = route.method + " " + route.pattern;
    if (!route.doc.tag.empty()) {
      op["tags"] = json::array{json::value(route.doc.tag)};
      tags.insert(route.doc.tag);
    }
    json::array params;
    for (const auto& s : route.segments) {
      if (!is_param(s)) continue;
      params.push_back(json::object{{"name", s.substr(1, s.size() - 2)},
                                    {"in", "path"},
                                    {"required", true},
                                    {"schema", json::object{{"type", "string"}}}});
    }
    for (const auto& q : route.doc.query) {
      params.push_back(json::object{{"name", q},
                                    {"in", "query"},
                                    {"required", false},
                                    {"schema", json::object{{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = std::move(params);
    if (!route.doc.body.empty()) {
      op["requestBody"] = json::object{
          {"required", true},
          {"description", route.doc.body},
          {"content", json::object{{"application/json",
                                    json::object{{"schema", json::object{{"type", "object"}}}}}}}};
    }
    json::object responses;
    responses["200"] = json::object{{"description", "OK"}};
    auto problem_ref = json::object{{"$ref", "#/components/responses/Problem"}};
    for (int s : route.doc.statuses) responses[std::to_string(s)] = problem_ref;
    if (route.doc.requires_auth) {
      responses["401"] = problem_ref;
      responses["403"] = problem_ref;
      op["security"] = json::array{json::object{{"bearer", json::array{}}},
                                   json::object{{"cookie", json::array{}}}};
    } else {
      op["security"] = json::array{};
    }
    op["responses"] = std::move(responses);
    std::string method = route.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto& entry = paths[route.pattern];
    if (!entry.is_object()) entry = json::object{};
    entry.as_object()[method] = std::move(op);
  }
  json::array tag_list;
  for (const auto& t : tags) tag_list.push_back(json::object{{"name", t}});
  json::object problem_schema{
      {"type", "object"},
      {"required", json::array{"type", "title", "status", "code", "request_id"}},
      {"properties", json::object{{"type", json::object{{"type", "string"}}},
                                  {"title", json::object{{"type", "string"}}},
                                  {"status", json::object{{"type", "integer"}}},
                                  {"code", json::object{{"type", "string"}}},
                                  {"detail", json::object{{"type", "string"}}},
                                  {"field", json::object{{"type", "string"}}},
                                  {"request_id", json::object{{"type", "string"}}}}}};
  return json::object{
      {"openapi", "3.1.0"},
      {"info", json::object{{"title", "Weilai 未来社区 API"}, {"version", version}}},
      {"tags", std::move(tag_list)},
      {"paths", std::move(paths)},
      {"components",
       json::object{
           {"securitySchemes",
            json::object{
                {"bearer", json::object{{"type", "http"}, {"scheme", "bearer"}}},
                {"cookie",
                 json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "weilai_session"}}}}},
           {"schemas", json::object{{"Problem", problem_schema}}},
           {"responses",
            json::object{
                {"Problem",
                 json::object{
                     {"description", "RFC 9457 problem details"},
                     {"content",
                      json::object{
                          {"application/problem+json",
                           json::object{
                               {"schema",
                                json::object{{"$ref", "#/components/schemas/Problem"}}}}}}}}}}}}}};
}

}  // namespace weilai::http
