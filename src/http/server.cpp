#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace weilai::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Whether `target` starts with `prefix`, where a "*" segment of the prefix matches any one
// segment of the target.
bool prefix_matches(std::string_view target, std::string_view prefix) {
  std::size_t t = 0, p = 0;
  while (p < prefix.size()) {
    if (prefix[p] == '*' && (p == 0 || prefix[p - 1] == '/')) {
      while (t < target.size() && target[t] != '/' && target[t] != '?') ++t;
      ++p;
      continue;
    }
    if (t >= target.size() || target[t] != prefix[p]) return false;
    ++t;
    ++p;
  }
  return true;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Fills path and query of `request` from its raw target. Returns false when the target is not a
// valid origin-form URL (then the request is answered 400).
bool parse_target(Request& request) {
  auto parsed = boost::urls::parse_origin_form(request.target);
  if (!parsed) return false;
  auto decoded = parsed->path();  // percent-decoded
  request.path.assign(decoded.begin(), decoded.end());
  if (request.path.empty() || request.path.front() != '/') return false;
  for (auto param : parsed->params()) {
    request.query.emplace(std::string(param.key), std::string(param.value));
  }
  return true;
}

}  // namespace

class Session;

struct Server::Impl {
  ServerOptions options;
  RequestHandler handler;
  EarlyResponder early;
  asio::io_context ioc;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::unique_ptr<asio::thread_pool> workers;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> io_threads;
  std::atomic<bool> stopping{false};
  std::atomic<bool> stopped{false};
  std::mutex mu;
  std::condition_variable cv;
  std::set<std::shared_ptr<Session>> sessions;  // open connections
  std::atomic<int> in_flight{0};

  Impl(ServerOptions o, RequestHandler h, EarlyResponder e)
      : options(std::move(o)), handler(std::move(h)), early(std::move(e)) {}

  void do_accept();
  void remove(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(mu);
    sessions.erase(s);
    cv.notify_all();
  }
  void finish_stop();
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) address_ = ep.address().to_string();
  }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(true); });
  }

  // Closes the connection if it is waiting for a request; a busy one closes after its response.
  void close_if_idle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
    });
  }

 private:
  void do_read(bool first) {
    if (server_.stopping) return finish();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    // The route decides the body limit, and the route is known only once the header is read:
    // until then allow the largest (upload) limit, and check Content-Length in on_header.
    parser_->body_limit(std::max(server_.options.body_limit, server_.options.upload_body_limit));
    // The first request of a connection must arrive within the read timeout; later ones within the
    // idle timeout. Either way a silent or trickling client is cut off.
    stream_.expires_after(first ? server_.options.read_timeout : server_.options.idle_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec == bhttp::error::header_limit)
      return refuse(431, "header_too_large", "request headers are too large");
    if (ec == bhttp::error::body_limit)
      return refuse(413, "payload_too_large",
                    "the request body is larger than this server accepts");
    if (ec) return finish();
    busy_ = true;
    const auto target = parser_->get().target();
    std::size_t limit = server_.options.body_limit;
    for (const auto& prefix : server_.options.upload_path_prefixes) {
      if (prefix_matches(std::string_view(target.data(), target.size()), prefix))
        limit = server_.options.upload_body_limit;
    }
    if (auto length = parser_->content_length(); length && *length > limit) {
      return refuse(413, "payload_too_large", "the request body is larger than this route accepts");
    }
    parser_->body_limit(limit);
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return refuse(413, "payload_too_large", "the request body is larger than this route accepts");
    }
    if (ec) return finish();
    auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    auto request = std::make_shared<Request>();
    request->method = std::string(req.method_string());
    request->target = std::string(req.target());
    request->client_address = address_;
    request->headers.reserve(16);
    for (const auto& field : req) {
      request->headers.emplace_back(to_lower(field.name_string()), std::string(field.value()));
    }
    request->body = std::move(req.body());
    if (!parse_target(*request)) {
      return refuse(400, "invalid_target", "the request target is not a valid URL path");
    }
    ++server_.in_flight;
    stream_.expires_never();
    asio::post(*server_.workers, [self = shared_from_this(), request] {
      Response response = self->server_.handler(*request);
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        --self->server_.in_flight;
        self->write(std::move(response));
      });
    });
  }

  void refuse(int status, const char* code, const char* detail) {
    Request request;
    if (parser_) request.target = std::string(parser_->get().target());
    request.client_address = address_;
    keep_alive_ = false;
    Response r = server_.early(status, code, detail, request);
    r.close = true;
    write(std::move(r));
  }

  void write(Response r) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    res->set(bhttp::field::server, "weilai");
    if (!r.content_type.empty()) res->set(bhttp::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res->insert(k, v);
    res->body() = std::move(r.body);
    const bool keep = keep_alive_ && !r.close && !server_.stopping;
    res->keep_alive(keep);
    res->prepare_payload();
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res, keep](beast::error_code ec, std::size_t) {
                         self->busy_ = false;
                         if (ec) return self->finish();
                         if (!keep) return self->linger();
                         self->do_read(false);
                       });
  }

  // Closing a socket with unread input makes the kernel send a reset, which can destroy the
  // answer we just wrote (a 413 sent while the client is still uploading). So stop sending, read
  // and discard what still arrives for a short while, then close.
  void linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    drain_.resize(16 * 1024);
    drain_some(0);
  }

  void drain_some(std::size_t total) {
    stream_.async_read_some(asio::buffer(drain_), [self = shared_from_this(), total](
                                                      beast::error_code ec, std::size_t n) {
      if (ec || total + n > 64 * 1024 * 1024) return self->finish();
      self->drain_some(total + n);
    });
  }

  void finish() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
    server_.remove(shared_from_this());
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string address_;
  bool keep_alive_ = true;
  bool busy_ = false;
  std::vector<char> drain_;
};

void Server::Impl::do_accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) return;
      spdlog::warn("accept failed: {}", ec.message());
    } else if (!stopping) {
      auto session = std::make_shared<Session>(std::move(socket), *this);
      {
        std::lock_guard lock(mu);
        sessions.insert(session);
      }
      session->start();
    }
    if (!stopping) do_accept();
  });
}

void Server::Impl::finish_stop() {
  // Wait for in-flight requests (bounded by the grace period), then stop the threads.
  std::unique_lock lock(mu);
  cv.wait_for(lock, options.shutdown_grace, [&] { return sessions.empty(); });
  lock.unlock();
  work.reset();
  ioc.stop();
  for (auto& t : io_threads)
    if (t.joinable()) t.join();
  workers->join();
  stopped = true;
}

Server::Server(ServerOptions options, RequestHandler handler, EarlyResponder early)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(early))) {}

Server::~Server() {
  stop();
  if (!impl_->stopped && !impl_->io_threads.empty()) impl_->finish_stop();
}

Result<std::uint16_t> Server::start() {
  auto& im = *impl_;
  beast::error_code ec;
  auto address = asio::ip::make_address(im.options.address, ec);
  if (ec)
    return Error::invalid("listen address is not an IP address: " + im.options.address, "--listen");
  tcp::endpoint endpoint{address, im.options.port};
  im.acceptor.open(endpoint.protocol(), ec);
  if (!ec) im.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) im.acceptor.bind(endpoint, ec);
  if (!ec) im.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error{ErrorCode::unavailable,
                 "cannot listen on " + im.options.address + ":" + std::to_string(im.options.port) +
                     ": " + ec.message(),
                 {}};
  }
  const auto port = im.acceptor.local_endpoint().port();
  im.workers =
      std::make_unique<asio::thread_pool>(static_cast<std::size_t>(im.options.worker_threads));
  im.work.emplace(im.ioc.get_executor());
  im.do_accept();
  for (int i = 0; i < im.options.io_threads; ++i)
    im.io_threads.emplace_back([&im] { im.ioc.run(); });
  return port;
}

void Server::stop() {
  auto& im = *impl_;
  if (im.stopping.exchange(true)) return;
  asio::post(im.ioc, [&im] {
    beast::error_code ec;
    im.acceptor.close(ec);
    std::lock_guard lock(im.mu);
    for (const auto& s : im.sessions) s->close_if_idle();
    im.cv.notify_all();
  });
}

void Server::wait(bool stop_on_signals) {
  auto& im = *impl_;
  if (stop_on_signals) {
    asio::signal_set signals(im.ioc, SIGINT, SIGTERM);
    signals.async_wait([this](beast::error_code ec, int sig) {
      if (ec) return;
      spdlog::info("signal {} received: stopping gracefully", sig);
      stop();
    });
    {
      std::unique_lock lock(im.mu);
      im.cv.wait(lock, [&] { return im.stopping.load(); });
    }
    signals.cancel();
  } else {
    std::unique_lock lock(im.mu);
    im.cv.wait(lock, [&] { return im.stopping.load(); });
  }
  if (!im.stopped) im.finish_stop();
}

int Server::connections_open() const {
  std::lock_guard lock(impl_->mu);
  return static_cast<int>(impl_->sessions.size());
}

}  // namespace weilai::http
