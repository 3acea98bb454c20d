// Private to the storage drivers: the connection pool and the transaction retry loop that the
// SQLite and PostgreSQL drivers share. Not for domain code.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace weilai::storage::detail {

// The outcome of one attempt at running a transaction body.
struct Attempt {
  Status status;
  bool retry = false;  // a transient failure: roll back and run the whole body again
};

// Calls `attempt` until it succeeds, fails for good, or has been retried max_retries times,
// sleeping a short randomized, growing backoff between tries so contenders spread out.
Status run_with_retries(int max_retries, const std::function<Attempt()>& attempt);

// The message of a body that threw: Database::run turns it into ErrorCode::internal.
Error body_exception_error(const char* what);

// Refuses an existing backup file (already_exists) and creates the parent directory.
Status prepare_backup_target(const std::string& path);

// A fixed-capacity pool of connections, opened lazily by `factory`. Thread-safe.
template <class Conn>
class Pool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Conn>>()>;

  // A connection lent to one thread; returns it to the pool (or drops it when marked broken).
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)),
          conn_(std::move(other.conn_)),
          broken_(other.broken_) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->release(std::move(conn_), broken_);
    }
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }
    // The connection is unusable (lost): close it instead of returning it to the pool.
    void mark_broken() { broken_ = true; }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
    bool broken_ = false;
  };

  Pool(int capacity, Factory factory)
      : capacity_(capacity < 1 ? 1 : capacity), factory_(std::move(factory)) {}
  ~Pool() { close(); }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Hands over a connection already opened (e.g. to validate the URL at open time).
  void adopt(std::unique_ptr<Conn> conn) {
    std::lock_guard lock(mu_);
    ++size_;
    idle_.push_back(std::move(conn));
  }

  // Waits for a free connection or opens a new one. Fails with unavailable after close() or
  // when a new connection cannot be opened.
  Result<Lease> acquire() {
    std::unique_lock lock(mu_);
    bool counted_wait = false;
    for (;;) {
      if (closed_) return Error{ErrorCode::unavailable, "database is closed", {}};
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        ++in_use_;
        return Lease(this, std::move(conn));
      }
      if (size_ < capacity_) {
        ++size_;
        ++in_use_;
        lock.unlock();
        auto opened = factory_();
        if (!opened) {
          lock.lock();
          --size_;
          --in_use_;
          cv_.notify_one();
          return std::move(opened).error();
        }
        return Lease(this, std::move(opened).value());
      }
      if (!counted_wait) {
        ++waits_;
        counted_wait = true;
      }
      cv_.wait(lock);
    }
  }

  PoolStats stats() const {
    std::lock_guard lock(mu_);
    return PoolStats{size_, in_use_, waits_};
  }

  // Closes idle connections now and lent ones when they come back; acquire fails afterwards.
  void close() {
    std::vector<std::unique_ptr<Conn>> doomed;
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      doomed.swap(idle_);
      size_ -= static_cast<int>(doomed.size());
    }
    cv_.notify_all();
  }

 private:
  void release(std::unique_ptr<Conn> conn, bool broken) {
    std::unique_ptr<Conn> doomed;
    {
      std::lock_guard lock(mu_);
      --in_use_;
      if (broken || closed_ || !conn) {
        --size_;
        doomed = std::move(conn);
      } else {
        idle_.push_back(std::move(conn));
      }
    }
    cv_.notify_one();
  }

  const int capacity_;
  Factory factory_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
  int size_ = 0;
  int in_use_ = 0;
  std::int64_t waits_ = 0;
  bool closed_ = false;
};

}  // namespace weilai::storage::detail
