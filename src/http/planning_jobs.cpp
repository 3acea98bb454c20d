#include "http/planning_jobs.hpp"

#include <unistd.h>

#include <boost/json.hpp>

#include "crypto/crypto.hpp"
#include "http/planning_compute.hpp"
#include "http/process_id.hpp"
#include "storage/audit_store.hpp"
#include "storage/planning_store.hpp"

namespace weilai::http {
namespace json = boost::json;
namespace api = planning_api;

namespace {

Status audit_job(storage::Tx& tx, const std::string& action, std::int64_t id,
                 const json::object& change, UnixMillis now) {
  audit::Draft d;
  d.actor_login = "system:planning-runner";
  d.action = action;
  d.target_type = "planning_analysis";
  d.target_id = std::to_string(id);
  d.request_id = "job-" + std::to_string(id);
  d.change_json = json::serialize(change);
  WEILAI_TRY(auto rec, storage::append_audit(tx, d, now));
  (void)rec;
  return {};
}

// What the heartbeat and the engine share about one running job.
struct JobState {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::string stage = "import";
  double progress = 0;
  std::atomic<bool> cancel{false};
  std::atomic<bool> lost{false};
};

}  // namespace

JobRunner::JobRunner(storage::Database& db, const Clock& clock, JobRunnerOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = process_lease_holder();
  options_.workers = std::max(1, options_.workers);
}

JobRunner::~JobRunner() {
  stop();
}

void JobRunner::start() {
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { worker_loop(); });
}

void JobRunner::stop() {
  stopping_ = true;
  cv_.notify_all();
  for (auto& t : workers_)
    if (t.joinable()) t.join();
  workers_.clear();
}

void JobRunner::worker_loop() {
  while (!stopping_) {
    auto ran = run_once();
    if (ran && *ran) continue;
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, options_.poll, [this] { return stopping_.load(); });
  }
}

Result<bool> JobRunner::run_once() {
  if (stopping_) return false;
  const std::int64_t lease_ms = options_.lease.count();
  const std::string& owner = options_.owner;
  // Claim, audited in the same transaction.
  WEILAI_TRY(
      auto claim,
      db_.transact(
          storage::TxMode::write, [&](storage::Tx& tx) -> Result<std::optional<storage::Claim>> {
            const UnixMillis now = clock_.now_ms();
            WEILAI_TRY(auto c, storage::claim_analysis(tx, owner, now, lease_ms));
            if (c) {
              WEILAI_CHECK(audit_job(
                  tx, c->took_over ? "planning.analysis.takeover" : "planning.analysis.start",
                  c->analysis.id,
                  json::object{
                      {"status", "running"}, {"owner", owner}, {"attempt", c->analysis.attempts}},
                  now));
            }
            return c;
          }));
  if (!claim) return false;
  const std::int64_t id = claim->analysis.id;

  // Everything the job reads, loaded once.
  struct Loaded {
    api::AnalysisParams params;
    api::SiteInputs inputs;
  };
  auto loaded = [&]() -> Result<Loaded> {
    boost::system::error_code ec;
    auto v = json::parse(claim->analysis.params_json, ec);
    if (ec || !v.is_object()) return Error::internal("stored params are not a JSON object");
    WEILAI_TRY(auto params, api::parse_params(v.as_object()));
    return db_.transact(storage::TxMode::read, [&](storage::Tx& tx) -> Result<Loaded> {
      Loaded l;
      l.params = params;
      auto file = [&](std::int64_t ds) -> Result<api::InputFile> {
        WEILAI_TRY(auto row, storage::get_dataset(tx, claim->analysis.project_id, ds));
        WEILAI_TRY(auto bytes, storage::get_blob(tx, row.sha256));
        return api::InputFile{row.filename, std::move(bytes)};
      };
      WEILAI_TRY(l.inputs.osm, file(params.osm_dataset_id));
      if (params.facilities_dataset_id) {
        WEILAI_TRY(l.inputs.facilities, file(*params.facilities_dataset_id));
      }
      if (params.residences_dataset_id) {
        WEILAI_TRY(l.inputs.residences, file(*params.residences_dataset_id));
      }
      if (params.rules_dataset_id) {
        WEILAI_TRY(l.inputs.rules, file(*params.rules_dataset_id));
      }
      return l;
    });
  }();

  JobState state;
  std::thread heartbeat([&] {
    std::unique_lock lock(state.mu);
    while (!state.done) {
      state.cv.wait_for(lock, options_.heartbeat, [&] { return state.done; });
      if (state.done) break;
      const double progress = state.progress;
      const std::string stage = state.stage;
      lock.unlock();
      auto r = db_.transact(storage::TxMode::write, [&](storage::Tx& tx) {
        return storage::renew_lease(tx, id, owner, clock_.now_ms(), lease_ms, progress, stage);
      });
      if (r) {
        if (*r) state.cancel = true;
      } else if (r.error().code == ErrorCode::failed_precondition) {
        state.lost = true;
      }
      lock.lock();
    }
  });

  auto cancelled = [&] { return state.cancel || state.lost || stopping_; };
  std::string hooked;  // the last stage the test hook saw (worker thread only)
  auto on_stage = [&](const std::string& stage, double fraction) {
    const bool changed = stage != hooked;
    hooked = stage;
    {
      std::lock_guard lock(state.mu);
      state.stage = stage;
      state.progress = std::max(state.progress, std::min(1.0, fraction));
    }
    if (changed && this->on_stage) {
      this->on_stage(id, stage);
      // The hook may have blocked for a while (tests): read the cancel flag now rather than at
      // the next heartbeat, so what happened meanwhile takes effect at once.
      auto r = db_.transact(storage::TxMode::write, [&](storage::Tx& tx) {
        return storage::renew_lease(tx, id, owner, clock_.now_ms(), lease_ms, fraction, stage);
      });
      if (r && *r) state.cancel = true;
      if (!r && r.error().code == ErrorCode::failed_precondition) state.lost = true;
    }
  };

  Result<std::optional<api::AnalysisOutput>> outcome = Error::internal("not run");
  if (!loaded) {
    outcome = loaded.error();
  } else {
    try {
      outcome = api::run_analysis(loaded->params, loaded->inputs, on_stage, cancelled,
                                  options_.engine_threads);
    } catch (const std::exception& e) {
      outcome = Error::internal(std::string("analysis failed: ") + e.what());
    }
  }
  {
    std::lock_guard lock(state.mu);
    state.done = true;
  }
  state.cv.notify_all();
  heartbeat.join();

  if (state.lost) return true;  // another runner owns it now; write nothing
  Status st = db_.run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
    const UnixMillis now = clock_.now_ms();
    WEILAI_TRY(auto current, storage::get_analysis(tx, id));
    if (current.status != "running" || current.lease_owner != owner) return {};
    // A cancel that arrived after the engine's last check still wins over a late success.
    if (outcome && *outcome && current.cancel_requested)
      outcome = std::optional<api::AnalysisOutput>{};
    if (outcome && !*outcome) {
      if (stopping_ && !current.cancel_requested && !state.cancel) {
        WEILAI_CHECK(storage::release_analysis(tx, id, owner, now));
        return audit_job(tx, "planning.analysis.requeue", id,
                         json::object{{"status", "queued"}, {"reason", "server stopping"}}, now);
      }
      WEILAI_CHECK(
          storage::finish_analysis(tx, id, owner, "cancelled", std::nullopt, std::nullopt, now));
      return audit_job(tx, "planning.analysis.cancelled", id, json::object{{"status", "cancelled"}},
                       now);
    }
    if (!outcome) {
      WEILAI_CHECK(storage::finish_analysis(tx, id, owner, "failed", outcome.error().message,
                                            std::nullopt, now));
      return audit_job(tx, "planning.analysis.failed", id,
                       json::object{{"status", "failed"}, {"error", outcome.error().message}}, now);
    }
    const auto& out = **outcome;
    for (const auto& [name, content] : out.documents)
      WEILAI_CHECK(storage::put_result(tx, id, name, content));
    WEILAI_CHECK(
        storage::finish_analysis(tx, id, owner, "succeeded", std::nullopt, out.summary_json, now));
    return audit_job(
        tx, "planning.analysis.succeeded", id,
        json::object{{"status", "succeeded"}, {"summary", json::parse(out.summary_json)}}, now);
  });
  if (!st) return st.error();
  return true;
}

}  // namespace weilai::http
