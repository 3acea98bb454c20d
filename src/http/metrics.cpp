#include "http/metrics.hpp"

#include <sstream>

namespace weilai::http {

void Metrics::end(const std::string& route, const std::string& method, int status, double seconds) {
  --in_flight_;
  std::lock_guard lock(mu_);
  const std::tuple<std::string_view, std::string_view, int> key{route, method, status};
  auto counter = requests_.find(key);
  if (counter == requests_.end())
    counter = requests_.emplace(std::tuple{route, method, status}, 0).first;
  ++counter->second;
  auto hist = latency_.find(std::string_view(route));
  if (hist == latency_.end()) hist = latency_.emplace(route, Histogram{}).first;
  auto& h = hist->second;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

namespace {
// Label values escape backslash, quote and newline.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

std::string Metrics::render(const storage::PoolStats& pool) const {
  std::ostringstream out;
  out << "# HELP weilai_http_requests_total HTTP requests answered, by route pattern, method and "
         "status.\n"
         "# TYPE weilai_http_requests_total counter\n";
  std::lock_guard lock(mu_);
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out << "weilai_http_requests_total{route=\"" << label(route) << "\",method=\"" << method
        << "\",status=\"" << status << "\"} " << n << "\n";
  }
  out << "# HELP weilai_http_request_duration_seconds Time from a complete request to its "
         "response.\n"
         "# TYPE weilai_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "weilai_http_request_duration_seconds_bucket{route=\"" << label(route) << "\",le=\""
          << kBuckets[i] << "\"} " << h.buckets[i] << "\n";
    }
    out << "weilai_http_request_duration_seconds_bucket{route=\"" << label(route)
        << "\",le=\"+Inf\"} " << h.count << "\n";
    out << "weilai_http_request_duration_seconds_sum{route=\"" << label(route) << "\"} " << h.sum
        << "\n";
    out << "weilai_http_request_duration_seconds_count{route=\"" << label(route) << "\"} "
        << h.count << "\n";
  }
  out << "# HELP weilai_http_requests_in_flight Requests being handled now.\n"
         "# TYPE weilai_http_requests_in_flight gauge\n"
         "weilai_http_requests_in_flight "
      << in_flight_.load() << "\n";
  out << "# HELP weilai_db_pool_connections Database connections open.\n"
         "# TYPE weilai_db_pool_connections gauge\n"
         "weilai_db_pool_connections "
      << pool.size << "\n"
      << "# HELP weilai_db_pool_in_use Database connections lent out now.\n"
         "# TYPE weilai_db_pool_in_use gauge\n"
         "weilai_db_pool_in_use "
      << pool.in_use << "\n"
      << "# HELP weilai_db_pool_waits_total Connection requests that had to wait.\n"
         "# TYPE weilai_db_pool_waits_total counter\n"
         "weilai_db_pool_waits_total "
      << pool.waits << "\n";
  return out.str();
}

}  // namespace weilai::http
