// Rows of the planning API (docs/PLANNING_API.md): uploaded datasets (contents stored once per
// SHA-256 in the shared blobs table), analyses that are also background jobs (claimed by lease), their
// stored result documents.
//
// Job protocol (every step one short write transaction; see src/http/planning_jobs.hpp):
//   claim_analysis   queued, or running with an expired lease → running, lease to `owner`
//   renew_lease      extends the lease, writes progress/stage; answers the cancel flag, or
//                    failed_precondition when the lease was lost (another runner took the job)
//   finish_analysis  running (own lease) → succeeded | failed | cancelled
//   release_analysis running (own lease) → queued (a server stopping mid-job)
// PostgreSQL claims with `FOR UPDATE SKIP LOCKED`, so concurrent runners never wait on each other
// nor take the same row; SQLite's single writer (BEGIN IMMEDIATE) gives the same guarantee.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "storage/blob_store.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

struct DatasetRow {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string kind;  // osm | facilities | residences | rules
  std::string filename;
  std::string sha256;
  std::int64_t size_bytes = 0;
  std::string summary_json = "{}";
  UnixMillis created_at = 0;
  std::optional<std::int64_t> created_by;
};

Result<DatasetRow> insert_dataset(Tx& tx, const DatasetRow& row);
Result<std::vector<DatasetRow>> list_datasets(Tx& tx, std::int64_t project_id);
// not_found when there is no such dataset in that project.
Result<DatasetRow> get_dataset(Tx& tx, std::int64_t project_id, std::int64_t dataset_id);
// failed_precondition when an analysis still reads it. The blob stays while another dataset
// shares it, and is removed with the last one.
Status delete_dataset(Tx& tx, std::int64_t project_id, std::int64_t dataset_id);

struct AnalysisRow {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string status;  // queued | running | succeeded | failed | cancelled
  double progress = 0;
  std::string stage;
  std::string params_json;
  std::optional<std::string> error;
  std::optional<std::string> lease_owner;
  std::optional<UnixMillis> lease_expires_at;
  bool cancel_requested = false;
  std::int64_t attempts = 0;
  std::optional<std::string> summary_json;
  UnixMillis created_at = 0;
  std::optional<UnixMillis> started_at, finished_at;
  UnixMillis updated_at = 0;
  std::optional<std::int64_t> created_by;
};

Result<AnalysisRow> insert_analysis(Tx& tx, std::int64_t project_id, const std::string& params_json,
                                    const std::vector<std::int64_t>& dataset_ids, UnixMillis now,
                                    std::optional<std::int64_t> created_by);
// Newest first.
Result<std::vector<AnalysisRow>> list_analyses(Tx& tx, std::int64_t project_id);
Result<AnalysisRow> get_analysis(Tx& tx, std::int64_t analysis_id);
// Input datasets of an analysis.
Result<std::vector<std::int64_t>> analysis_inputs(Tx& tx, std::int64_t analysis_id);

// The oldest claimable job, now leased to `owner` until now + lease_ms (attempts + 1); nullopt
// when none. `took_over` tells whether it was running under an expired lease.
struct Claim {
  AnalysisRow analysis;
  bool took_over = false;
};
Result<std::optional<Claim>> claim_analysis(Tx& tx, const std::string& owner, UnixMillis now,
                                            std::int64_t lease_ms);
// Extends the lease and records progress; returns the cancel flag. failed_precondition when the
// job is no longer running under this owner's lease.
Result<bool> renew_lease(Tx& tx, std::int64_t analysis_id, const std::string& owner, UnixMillis now,
                         std::int64_t lease_ms, double progress, const std::string& stage);
Status finish_analysis(Tx& tx, std::int64_t analysis_id, const std::string& owner,
                       const std::string& status, const std::optional<std::string>& error,
                       const std::optional<std::string>& summary_json, UnixMillis now);
Status release_analysis(Tx& tx, std::int64_t analysis_id, const std::string& owner, UnixMillis now);
// queued → cancelled at once; running → cancel flag set (the runner ends it). failed_precondition
// for a finished job. Returns the row after the change.
Result<AnalysisRow> request_cancel(Tx& tx, std::int64_t analysis_id, UnixMillis now);

Status put_result(Tx& tx, std::int64_t analysis_id, const std::string& name,
                  const std::string& content);
// not_found when that document was not stored.
Result<std::string> get_result(Tx& tx, std::int64_t analysis_id, const std::string& name);

}  // namespace weilai::storage
