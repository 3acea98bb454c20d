// Server: an HTTP/1.1 server on Boost.Beast. A fixed pool of I/O threads reads and writes; every
// request is handed to a separate worker pool for the handler (database work, argon2), so a slow
// handler never blocks I/O. Keep-alive, limits on header and body size (a larger body limit for
// upload routes), read and idle timeouts, and a graceful stop: no new connections, in-flight
// requests finish (up to a grace period), idle connections close.
// Thread safety: start/stop/wait may be called from any thread; the handler runs concurrently on
// the worker threads and must be thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace weilai::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests)
  int io_threads = 2;
  int worker_threads = 8;
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 8 * 1024 * 1024;
  std::size_t upload_body_limit = 256 * 1024 * 1024;
  // Requests whose target starts with one of these get upload_body_limit; a "*" segment matches
  // any one path segment ("/api/v1/projects/*/planning/datasets").
  std::vector<std::string> upload_path_prefixes;
  std::chrono::milliseconds read_timeout{30000};  // to receive one whole request
  std::chrono::milliseconds idle_timeout{60000};  // between requests on a kept-alive connection
  std::chrono::milliseconds shutdown_grace{10000};
};

// Called on a worker thread for every complete request; must not throw.
using RequestHandler = std::function<Response(Request&)>;
// Called on an I/O thread for a request the server itself refuses (413, 431); may decorate it.
using EarlyResponder = std::function<Response(int status, const std::string& code,
                                              const std::string& detail, Request&)>;

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler, EarlyResponder early);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads. Returns the bound port, or unavailable when it cannot bind.
  Result<std::uint16_t> start();
  // Begins a graceful stop; returns at once. Safe to call more than once and from a signal thread.
  void stop();
  // Blocks until the server has stopped (after stop(), or after SIGINT/SIGTERM when
  // stop_on_signals is true).
  void wait(bool stop_on_signals);
  int connections_open() const;

  struct Impl;  // defined in server.cpp; public only so the connection class there can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace weilai::http
