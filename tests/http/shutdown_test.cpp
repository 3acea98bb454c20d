// Graceful stop: in-flight requests finish, idle kept-alive connections close, new connections
// are refused; and a slow client cannot hold a connection past the read timeout.
#include <chrono>
#include <future>
#include <thread>

#include "http/server_fixture.hpp"

namespace weilai::testing {
namespace {

class Shutdown : public ServerFixture {
 protected:
  void configure(http::AppOptions&, http::ServerOptions& so) override {
    so.read_timeout = std::chrono::milliseconds(800);
    so.idle_timeout = std::chrono::milliseconds(800);
  }
  void add_routes(http::App& app) override {
    app.router().add("GET", "/test/slow",
                     [](http::Request&) -> Result<http::Response> {
                       std::this_thread::sleep_for(std::chrono::milliseconds(700));
                       http::Response r;
                       r.body = "{\"slow\":true}";
                       return r;
                     },
                     {"test only", "test", false});
  }
};

TEST_P(Shutdown, InFlightRequestsFinishAndIdleConnectionsClose) {
  auto idle = client();
  ASSERT_EQ(idle.get("/healthz").status, 200);  // a kept-alive connection, now idle
  auto slow = std::async(std::launch::async, [&] { return client().get("/test/slow"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto started = std::chrono::steady_clock::now();
  server_->stop();
  auto res = slow.get();
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "{\"slow\":true}");
  server_->wait(false);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_THROW(client().get("/healthz"), std::runtime_error);  // no longer accepting
  server_.reset();
}

TEST_P(Shutdown, ASilentClientIsCutOffAfterTheReadTimeout) {
  auto c = client();
  const auto started = std::chrono::steady_clock::now();
  // Half a request line, then silence: the server must close rather than wait forever.
  auto answer = c.raw("GET /healthz HTTP/1.1\r\nHost: x\r\n");
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(answer.find("200 OK"), std::string::npos);
  EXPECT_LT(waited, std::chrono::seconds(5));
  EXPECT_GE(waited, std::chrono::milliseconds(500));
  EXPECT_EQ(client().get("/healthz").status, 200);
}

WEILAI_BOTH_DRIVERS(Shutdown);

}  // namespace
}  // namespace weilai::testing
