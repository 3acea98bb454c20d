// The planning job runner: `weilai serve` starts one per process. Each of its worker threads
// claims the oldest queued analysis (or one whose lease expired because its server died) by
// lease, runs it with planning_compute, and writes the results in one transaction.
//
// While a job runs, a heartbeat thread renews the lease every `heartbeat` (default 1 s), writes
// progress and stage, and reads the cancel flag; the engine polls that flag between and inside
// stages, so a cancelled job stops within about one heartbeat and ends `cancelled`. If the lease
// is lost (another runner took the job over after it expired) the job stops and writes nothing.
// stop() (SIGTERM) makes running jobs stop at the next check and puts them back to `queued`
// (audited as planning.analysis.requeue), so another server, or this one after a restart, runs
// them again from the start. State changes (start/takeover, finish, requeue) are audited as the
// actor "system:planning-runner".
// Orchestration lives here (src/http) because it needs the database; the engine stays DB-free.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"

namespace weilai::http {

struct JobRunnerOptions {
  int workers = 1;                            // jobs run at once in this process
  unsigned engine_threads = 1;                // threads each job's searches use
  std::chrono::milliseconds lease{30'000};    // a job not renewed for this long is taken over
  std::chrono::milliseconds heartbeat{1000};  // lease renewal, progress write, cancel check
  std::chrono::milliseconds poll{1000};       // how often an idle worker looks for work
  std::string owner;                          // lease owner id; default host:pid:random
};

class JobRunner {
 public:
  JobRunner(storage::Database& db, const Clock& clock, JobRunnerOptions options);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void start();  // starts the worker threads
  void stop();   // running jobs go back to queued; joins every thread. Idempotent.

  // Claims and runs one job in the calling thread. true when a job was run (whatever its end),
  // false when none was claimable. For tests and tools.
  Result<bool> run_once();

  const std::string& owner() const { return options_.owner; }

  // Test hook, called in the worker thread as a job enters each stage; it may block (the
  // heartbeat keeps the lease and reads the cancel flag meanwhile). Set before start().
  std::function<void(std::int64_t analysis_id, const std::string& stage)> on_stage;

 private:
  void worker_loop();
  storage::Database& db_;
  const Clock& clock_;
  JobRunnerOptions options_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::thread> workers_;
};

}  // namespace weilai::http
