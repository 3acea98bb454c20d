// http_ceiling_server: the ceiling for bench/http. A minimal Boost.Beast HTTP/1.1 keep-alive server
// that answers every request with the fixed body {"status":"ok"}. Same Beast/Asio as weilai, same
// structure (one io_context run by N I/O threads, a strand per connection, tcp_stream with a
// timeout, flat_buffer, string_body), but no router, no worker pool, no database and no logging:
// whatever weilai measures below this is the cost of its own work.
//
// Usage: http_ceiling_server [--listen HOST:PORT] [--io-threads N] [--body-file FILE]
// --body-file answers the contents of FILE instead (to separate the cost of a larger payload from
// the cost of producing it: run.sh uses a copy of the projects page). Prints "listening on HOST:PORT" once bound (port 0 picks a free port). Stops on SIGINT/SIGTERM.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string g_body = R"({"status":"ok"})";

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(tcp::socket socket) : stream_(std::move(socket)) {}

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  void read() {
    req_ = {};
    stream_.expires_after(std::chrono::seconds(60));
    bhttp::async_read(stream_, buffer_, req_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->close();
                        self->write();
                      });
  }

  void write() {
    res_ = {};
    res_.version(11);
    res_.result(bhttp::status::ok);
    res_.set(bhttp::field::server, "ceiling");
    res_.set(bhttp::field::content_type, "application/json");
    res_.body() = g_body;
    const bool keep = req_.keep_alive();
    res_.keep_alive(keep);
    res_.prepare_payload();
    bhttp::async_write(stream_, res_,
                       [self = shared_from_this(), keep](beast::error_code ec, std::size_t) {
                         if (ec || !keep) return self->close();
                         self->read();
                       });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> req_;
  bhttp::response<bhttp::string_body> res_;
};

void accept(asio::io_context& ioc, tcp::acceptor& acceptor) {
  acceptor.async_accept(asio::make_strand(ioc), [&ioc, &acceptor](beast::error_code ec,
                                                                  tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) std::make_shared<Connection>(std::move(socket))->start();
    accept(ioc, acceptor);
  });
}

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "http_ceiling_server: %s\nusage: http_ceiling_server [--listen HOST:PORT] "
                       "[--io-threads N] [--body-file FILE]\n", why);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  int threads = 2;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--listen" && i + 1 < argc) {
      listen = argv[++i];
    } else if (arg == "--io-threads" && i + 1 < argc) {
      threads = std::atoi(argv[++i]);
      if (threads < 1 || threads > 64) usage("--io-threads must be 1..64");
    } else if (arg == "--body-file" && i + 1 < argc) {
      std::ifstream in(argv[++i], std::ios::binary);
      if (!in) usage("cannot read --body-file");
      g_body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else {
      usage("unknown argument");
    }
  }
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) usage("--listen expects HOST:PORT");

  asio::io_context ioc{threads};
  beast::error_code ec;
  const auto address = asio::ip::make_address(listen.substr(0, colon), ec);
  if (ec) usage("--listen: the host must be an IP address");
  tcp::acceptor acceptor{ioc};
  const tcp::endpoint endpoint{address,
                               static_cast<unsigned short>(std::atoi(listen.c_str() + colon + 1))};
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::fprintf(stderr, "http_ceiling_server: cannot listen on %s: %s\n", listen.c_str(),
                 ec.message().c_str());
    return 1;
  }
  accept(ioc, acceptor);

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { ioc.stop(); });

  std::printf("listening on %s:%u\n", address.to_string().c_str(),
              static_cast<unsigned>(acceptor.local_endpoint().port()));
  std::fflush(stdout);

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
