// A small blocking HTTP/1.1 client for tests (Boost.Beast underneath, kept out of test files).
// One Client holds one keep-alive connection and reconnects when the server closes it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace weilai::testing {

struct HttpResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& name) const;  // "" when absent
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port, std::string host = "127.0.0.1");
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;

  // Throws std::runtime_error on a network failure (tests treat it as a failure).
  HttpResponse request(const std::string& method, const std::string& target,
                       const std::string& body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {});
  HttpResponse get(const std::string& target, const std::string& token = {});
  HttpResponse post_json(const std::string& target, const std::string& json,
                         const std::string& token = {});
  HttpResponse send_json(const std::string& method, const std::string& target,
                         const std::string& json, const std::string& token = {});
  // Sends raw bytes on a fresh connection and returns what the server answered (or "" on close).
  std::string raw(const std::string& bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace weilai::testing
