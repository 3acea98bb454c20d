// The built web app as a browser meets it: MIME types, caching, the SPA fallback, no listing, no
// way out of the web root.
#include "http/server_fixture.hpp"

namespace weilai::testing {
namespace {

class StaticFiles : public ServerFixture {};

TEST_P(StaticFiles, ServesTheAppWithTheRightTypesAndCaching) {
  auto c = client();
  auto index = c.get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("cache-control"), "no-cache");
  EXPECT_NE(index.body.find("fixture"), std::string::npos);
  auto js = c.get("/assets/app-3f2a1b.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(c.get("/sub/style.css").header("content-type"), "text/css; charset=utf-8");
}

TEST_P(StaticFiles, ClientRoutesFallBackToTheAppButMissingAssetsDoNot) {
  auto c = client();
  auto route = c.get("/admin/accounts");
  EXPECT_EQ(route.status, 200);
  EXPECT_NE(route.body.find("fixture"), std::string::npos);
  EXPECT_EQ(c.get("/assets/missing.js").status, 404);
  EXPECT_EQ(c.get("/api/v1/unknown").status, 404);  // the API never falls back to the app
}

TEST_P(StaticFiles, NoDirectoryListingAndNoTraversal) {
  auto c = client();
  auto dir = c.get("/sub");
  EXPECT_EQ(dir.body.find("style.css"), std::string::npos);  // the app, not a listing
  for (const std::string target :
       {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/sub/..%2f..%2f..%2fetc/passwd",
        "/assets/..%5c..%5cetc%5cpasswd", "/%00"}) {
    auto res = c.get(target);
    EXPECT_EQ(res.body.find("root:"), std::string::npos) << target;
    EXPECT_NE(res.status, 500) << target;
  }
  auto raw = c.raw("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(raw.find("root:"), std::string::npos);
}

WEILAI_BOTH_DRIVERS(StaticFiles);

}  // namespace
}  // namespace weilai::testing
