#include "http/group_commit.hpp"

#include <memory>

namespace weilai::http {

Status GroupCommit::run(const std::function<Status(storage::Tx&)>& item) {
  Item mine;
  mine.fn = &item;
  std::unique_lock lock(mu_);
  queue_.push_back(&mine);
  while (!mine.done) {
    if (committing_) {
      cv_.wait(lock);
      continue;
    }
    committing_ = true;
    std::vector<Item*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    commit(batch);
    lock.lock();
    ++batches_;
    items_ += batch.size();
    for (Item* i : batch) i->done = true;
    committing_ = false;
    cv_.notify_all();
  }
  lock.unlock();
  if (mine.thrown) std::rethrow_exception(mine.thrown);
  return std::move(mine.status);
}

void GroupCommit::commit(const std::vector<Item*>& batch) {
  Status st;
  try {
    // The body may run more than once (a transient conflict re-runs the transaction): each run
    // starts every item afresh.
    st = db_.run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
      for (Item* i : batch) {
        WEILAI_CHECK(tx.exec_script("SAVEPOINT group_item"));
        i->thrown = nullptr;
        Status s;
        try {
          s = (*i->fn)(tx);
        } catch (...) {
          i->thrown = std::current_exception();
          s = Error::internal("the write threw");
        }
        const bool refused = !s;
        i->status = std::move(s);
        if (refused) WEILAI_CHECK(tx.exec_script("ROLLBACK TO SAVEPOINT group_item"));
        WEILAI_CHECK(tx.exec_script("RELEASE SAVEPOINT group_item"));
      }
      return {};
    });
  } catch (...) {
    st = Error::internal("group commit failed");
  }
  if (!st) {
    for (Item* i : batch) {
      if (i->status) i->status = st;  // nothing of the batch was committed
    }
  }
}

std::uint64_t GroupCommit::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

std::uint64_t GroupCommit::items() const {
  std::lock_guard lock(mu_);
  return items_;
}

}  // namespace weilai::http
