// Metrics: request counts by route and status, a latency histogram, requests in flight and the
// database pool, rendered in the Prometheus text exposition format. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "storage/database.hpp"

namespace weilai::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

  void begin() { ++in_flight_; }
  void end(const std::string& route, const std::string& method, int status, double seconds);
  std::string render(const storage::PoolStats& pool) const;
  std::int64_t in_flight() const { return in_flight_.load(); }

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  // Transparent comparators: the per-request lookup compares views and copies the strings only
  // the first time a (route, method, status) is seen.
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t, std::less<>> requests_;
  std::map<std::string, Histogram, std::less<>> latency_;  // by route
  std::atomic<std::int64_t> in_flight_{0};
};

}  // namespace weilai::http
