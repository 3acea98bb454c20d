// Group commit: writes that wait at the same moment share one write transaction, so a durable
// SQLite (synchronous=FULL: one WAL fsync per COMMIT) pays one fsync per batch instead of one per
// write. Each write runs inside its own SAVEPOINT: a refused write (a limit, a cap, a bad request)
// rolls back alone and the others commit. Every caller is answered only after the COMMIT returned,
// so an acknowledged write is durable. No extra thread: the first waiter that finds no batch
// committing becomes the committer (a write alone never waits).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

#include "storage/database.hpp"

namespace weilai::http {

class GroupCommit {
 public:
  explicit GroupCommit(storage::Database& db, std::size_t max_batch = 256)
      : db_(db), max_batch_(max_batch) {}

  // Runs `item` in the next batch; returns its status once the batch committed, or the
  // transaction's error when the COMMIT itself failed. An exception thrown by `item` is rethrown
  // here (in the caller's thread), its savepoint rolled back.
  Status run(const std::function<Status(storage::Tx&)>& item);

  std::uint64_t batches() const;
  std::uint64_t items() const;

 private:
  struct Item {
    const std::function<Status(storage::Tx&)>* fn = nullptr;
    Status status;
    std::exception_ptr thrown;
    bool done = false;
  };
  void commit(const std::vector<Item*>& batch);

  storage::Database& db_;
  const std::size_t max_batch_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item*> queue_;
  bool committing_ = false;
  std::uint64_t batches_ = 0, items_ = 0;
};

}  // namespace weilai::http
