// The API's conventions through the public surface: health, metrics, the OpenAPI document against
// the route table, problem+json for every kind of bad input, pagination, and Chinese text and SQL
// metacharacters round-tripping untouched.
#include <atomic>
#include <set>
#include <thread>

#include "http/server_fixture.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class ApiBasics : public ServerFixture {};

void expect_problem(const HttpResponse& res, int status, const std::string& code,
                    const std::string& field = {}) {
  EXPECT_EQ(res.status, status) << res.body;
  EXPECT_EQ(res.header("content-type"), "application/problem+json") << res.body;
  auto v = parse(res.body);
  if (!v.is_object()) return;
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("status").as_int64(), status);
  EXPECT_EQ(o.at("code").as_string(), code) << res.body;
  EXPECT_EQ(o.at("type").as_string(), "https://weilai.example/problems/" + code);
  EXPECT_FALSE(o.at("request_id").as_string().empty());
  EXPECT_EQ(o.at("request_id").as_string(), res.header("x-request-id"));
  if (!field.empty()) {
    ASSERT_TRUE(o.contains("field")) << res.body;
    EXPECT_EQ(o.at("field").as_string(), field);
    EXPECT_EQ(o.at("errors").as_array().at(0).at("field").as_string(), field);
  }
}

TEST_P(ApiBasics, HealthReadinessAndMetrics) {
  auto c = client();
  auto health = c.get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(parse(health.body).at("status").as_string(), "ok");
  EXPECT_EQ(c.get("/readyz").status, 200);
  c.get("/api/v1/nothing-here");
  auto metrics = c.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find(
                "weilai_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("status=\"404\""), std::string::npos);
  EXPECT_NE(metrics.body.find(
                "weilai_http_request_duration_seconds_bucket{route=\"/readyz\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("weilai_http_requests_in_flight 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("weilai_db_pool_connections"), std::string::npos);
}

TEST_P(ApiBasics, ReadinessFailsWhenTheDatabaseIsGone) {
  db_->close();
  auto res = client().get("/readyz");
  expect_problem(res, 503, "unavailable");
}

TEST_P(ApiBasics, OpenApiDocumentMatchesTheRouteTable) {
  auto c = client();
  auto res = c.get("/api/v1/openapi.json");
  ASSERT_EQ(res.status, 200);
  auto doc = parse(res.body).as_object();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  std::set<std::pair<std::string, std::string>> documented, registered;
  for (const auto& [path, ops] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : ops.as_object()) {
      std::string m(method);
      for (auto& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      documented.insert({m, std::string(path)});
      EXPECT_FALSE(op.at("summary").as_string().empty()) << path;
      EXPECT_TRUE(op.as_object().contains("responses")) << path;
    }
  }
  for (const auto& route : app_->router().routes())
    registered.insert({route.method, route.pattern});
  EXPECT_EQ(documented, registered);
  // Every documented operation is really served: calling it never yields "no such route".
  const std::string token = login("admin");
  for (const auto& [method, path] : documented) {
    std::string target = path;
    for (auto pos = target.find('{'); pos != std::string::npos; pos = target.find('{')) {
      target.replace(pos, target.find('}', pos) - pos + 1, "1");
    }
    auto r =
        c.request(method, target, method == "GET" || method == "DELETE" ? "" : "{}",
                  {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
    EXPECT_NE(r.status, 405) << method << " " << target;
    if (r.status == 404) {
      EXPECT_EQ(parse(r.body).at("code").as_string(), "not_found") << target;
    }
    EXPECT_LT(r.status, 500) << method << " " << target << " " << r.body;
  }
}

TEST_P(ApiBasics, MalformedAndMistypedInputGetsProblemDetails) {
  auto c = client();
  const std::string token = login("admin");
  auto post = [&](const std::string& body, const std::string& type = "application/json") {
    return c.request("POST", "/api/v1/org-units", body,
                     {{"Authorization", "Bearer " + token}, {"Content-Type", type}});
  };
  expect_problem(post("{\"kind\": "), 400, "malformed_json");
  expect_problem(post("[1,2]"), 400, "malformed_json");
  expect_problem(post(std::string(40, '[') + std::string(40, ']')), 400, "malformed_json");
  expect_problem(post("kind=grid", "application/x-www-form-urlencoded"), 415,
                 "unsupported_media_type");
  const auto parent = std::to_string(unit_id("331102-LS"));
  expect_problem(post(R"({"parent_id":"x","kind":"grid","code":"g","name_zh":"格","name_en":"g"})"),
                 422, "validation_failed", "/parent_id");
  expect_problem(
      post(R"({"parent_id":)" + parent + R"(,"kind":7,"code":"g","name_zh":"格","name_en":"g"})"),
      422, "validation_failed", "/kind");
  expect_problem(post(R"({"parent_id":)" + parent +
                      R"(,"kind":"grid","code":"g","name_zh":"格","name_en":"g","x":1})"),
                 422, "validation_failed", "/x");
  expect_problem(post(R"({"parent_id":)" + parent + R"(,"kind":"grid","code":"g","name_zh":")" +
                      std::string(65 * 3, 'a') + R"(","name_en":"g"})"),
                 422, "validation_failed", "/name_zh");
  expect_problem(post(R"({"parent_id":)" + parent +
                      R"(,"kind":"planet","code":"g","name_zh":"格","name_en":"g"})"),
                 422, "validation_failed", "/kind");
  expect_problem(
      post(R"({"parent_id":1e300,"kind":"grid","code":"g","name_zh":"格","name_en":"g"})"), 422,
      "validation_failed", "/parent_id");
  expect_problem(
      post(R"({"parent_id":99999999,"kind":"grid","code":"g","name_zh":"格","name_en":"g"})"), 422,
      "validation_failed", "/parent_id");
  // Nothing above was written.
  auto list = c.get("/api/v1/org-units?parent_id=" + parent, token);
  EXPECT_EQ(parse(list.body).at("items").as_array().size(), 2u);
}

TEST_P(ApiBasics, ChineseTextAndSqlMetacharactersRoundTrip) {
  auto c = client();
  const std::string token = login("admin");
  const std::string tricky = "第三网格'; DROP TABLE org_units; --\"\\ 😀";
  json::object body{{"parent_id", unit_id("331102-LS")},
                    {"kind", "grid"},
                    {"code", "x'); --"},
                    {"name_zh", tricky},
                    {"name_en", "Grid \"3\""}};
  auto res = c.post_json("/api/v1/org-units", json::serialize(body), token);
  ASSERT_EQ(res.status, 201) << res.body;
  const auto id = parse(res.body).at("id").as_int64();
  auto back = parse(c.get("/api/v1/org-units/" + std::to_string(id), token).body);
  EXPECT_EQ(back.at("name_zh").as_string(), tricky);
  EXPECT_EQ(back.at("code").as_string(), "x'); --");
  EXPECT_EQ(back.at("name_en").as_string(), "Grid \"3\"");
  EXPECT_EQ(c.get("/api/v1/org-units/tree", token).status, 200);  // the table is still there
  // The same code again is a conflict, not a crash.
  auto dup = c.post_json("/api/v1/org-units", json::serialize(body), token);
  expect_problem(dup, 409, "already_exists", "/code");
}

TEST_P(ApiBasics, RoutingErrors) {
  auto c = client();
  const std::string token = login("admin");
  expect_problem(c.get("/api/v1/no-such-thing", token), 404, "not_found");
  auto wrong_method =
      c.request("PUT", "/api/v1/accounts", "", {{"Authorization", "Bearer " + token}});
  expect_problem(wrong_method, 405, "method_not_allowed");
  EXPECT_EQ(wrong_method.header("allow"), "GET, POST");
  expect_problem(c.get("/api/v1/accounts/abc", token), 404, "not_found");
  expect_problem(c.get("/api/v1/accounts/999999", token), 404, "not_found");
  expect_problem(c.get("/api/v1/accounts?limit=0", token), 400, "invalid_query", "?limit");
  expect_problem(c.get("/api/v1/accounts?limit=201", token), 400, "invalid_query", "?limit");
  expect_problem(c.get("/api/v1/accounts?cursor=zzz", token), 400, "invalid_query", "?cursor");
  expect_problem(c.get("/api/v1/projects?stage=flying", token), 422, "validation_failed", "?stage");
}

TEST_P(ApiBasics, OversizedRequestsAreRefused) {
  auto c = client();
  const std::string token = login("admin");
  auto big =
      c.request("POST", "/api/v1/org-units", std::string(9 * 1024 * 1024, 'x'),
                {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  expect_problem(big, 413, "payload_too_large");
  auto headers =
      c.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_NE(headers.find("HTTP/1.1 431"), std::string::npos) << headers.substr(0, 200);
  auto garbage = c.raw("NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(garbage.find("HTTP/1.1 5"), std::string::npos);
  EXPECT_EQ(client().get("/healthz").status, 200);  // and the server is still fine
}

TEST_P(ApiBasics, CursorPaginationVisitsEveryRowOnce) {
  auto c = client();
  const std::string token = login("admin");
  std::set<std::int64_t> seen;
  std::string cursor;
  int pages = 0;
  for (;;) {
    auto res =
        c.get("/api/v1/org-units?limit=4" + (cursor.empty() ? "" : "&cursor=" + cursor), token);
    ASSERT_EQ(res.status, 200) << res.body;
    auto page = parse(res.body).as_object();
    for (const auto& item : page.at("items").as_array()) {
      EXPECT_TRUE(seen.insert(item.at("id").as_int64()).second);
    }
    ++pages;
    if (page.at("next_cursor").is_null()) break;
    cursor = std::string(page.at("next_cursor").as_string());
    ASSERT_LT(pages, 50);
  }
  EXPECT_EQ(seen.size(), 18u);  // the demo org tree
  EXPECT_EQ(pages, 5);
}

TEST_P(ApiBasics, RequestIdsAreKeptOrMade) {
  auto c = client();
  auto mine = c.request("GET", "/healthz", "", {{"X-Request-Id", "trace-abc.123"}});
  EXPECT_EQ(mine.header("x-request-id"), "trace-abc.123");
  auto bad = c.request("GET", "/healthz", "", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_NE(bad.header("x-request-id"), "bad id with spaces");
  EXPECT_FALSE(bad.header("x-request-id").empty());
}

TEST_P(ApiBasics, StaleVersionsAreConflictsAndConcurrentEditsNeverLoseOne) {
  auto c = client();
  const std::string token = login("admin");
  const std::string path = "/api/v1/accounts/" + std::to_string(account_id("grid"));
  const auto version = parse(c.get(path, token).body).at("version").as_int64();
  // Eight editors read the same version and save at once: exactly one wins.
  std::vector<std::thread> editors;
  std::atomic<int> won{0}, conflicts{0};
  for (int i = 0; i < 8; ++i) {
    editors.emplace_back([&, i] {
      auto mine = client();
      auto r =
          mine.send_json("PATCH", path,
                         json::serialize(json::object{{"display_name", "编辑" + std::to_string(i)},
                                                      {"version", version}}),
                         token);
      if (r.status == 200) ++won;
      if (r.status == 409) {
        ++conflicts;
        auto body = parse(r.body);
        EXPECT_EQ(body.at("code").as_string(), "conflict");
        EXPECT_GT(body.at("current").at("version").as_int64(), version);
      }
    });
  }
  for (auto& e : editors) e.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
  const auto after = parse(c.get(path, token).body);
  EXPECT_EQ(after.at("version").as_int64(), version + 1);
  EXPECT_EQ(std::string(after.at("display_name").as_string()).substr(0, 6), "编辑");
}

WEILAI_BOTH_DRIVERS(ApiBasics);

}  // namespace
}  // namespace weilai::testing
