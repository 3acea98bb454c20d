#include "storage/planning_store.hpp"

#include "storage/blob_store.hpp"

namespace weilai::storage {
namespace {

constexpr const char* kDatasetCols =
    "id, project_id, kind, filename, sha256, size_bytes, summary, created_at, created_by";

DatasetRow dataset_from(const Row& r) {
  DatasetRow d;
  d.id = r.i64(0);
  d.project_id = r.i64(1);
  d.kind = r.text(2);
  d.filename = r.text(3);
  d.sha256 = r.text(4);
  d.size_bytes = r.i64(5);
  d.summary_json = r.text(6);
  d.created_at = r.i64(7);
  d.created_by = r.opt_i64(8);
  return d;
}

constexpr const char* kAnalysisCols =
    "id, project_id, status, progress, stage, params, error, lease_owner, lease_expires_at, "
    "cancel_requested, attempts, summary, created_at, started_at, finished_at, updated_at, "
    "created_by";

AnalysisRow analysis_from(const Row& r) {
  AnalysisRow a;
  a.id = r.i64(0);
  a.project_id = r.i64(1);
  a.status = r.text(2);
  a.progress = r.f64(3);
  a.stage = r.text(4);
  a.params_json = r.text(5);
  a.error = r.opt_text(6);
  a.lease_owner = r.opt_text(7);
  a.lease_expires_at = r.opt_i64(8);
  a.cancel_requested = r.i64(9) != 0;
  a.attempts = r.i64(10);
  a.summary_json = r.opt_text(11);
  a.created_at = r.i64(12);
  a.started_at = r.opt_i64(13);
  a.finished_at = r.opt_i64(14);
  a.updated_at = r.i64(15);
  a.created_by = r.opt_i64(16);
  return a;
}

}  // namespace

Result<DatasetRow> insert_dataset(Tx& tx, const DatasetRow& d) {
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO planning_datasets (project_id, kind, filename, sha256, "
                          "size_bytes, summary, created_at, created_by) "
                          "VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
                          {d.project_id, d.kind, d.filename, d.sha256, d.size_bytes, d.summary_json,
                           d.created_at, d.created_by ? Value(*d.created_by) : kNull}));
  DatasetRow out = d;
  out.id = id;
  return out;
}

Result<std::vector<DatasetRow>> list_datasets(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows r, tx.exec(std::string("SELECT ") + kDatasetCols +
                                 " FROM planning_datasets WHERE project_id = $1 ORDER BY id",
                             {project_id}));
  std::vector<DatasetRow> out;
  for (const auto& row : r.rows) out.push_back(dataset_from(row));
  return out;
}

Result<DatasetRow> get_dataset(Tx& tx, std::int64_t project_id, std::int64_t dataset_id) {
  WEILAI_TRY(Rows r, tx.exec(std::string("SELECT ") + kDatasetCols +
                                 " FROM planning_datasets WHERE id = $1 AND project_id = $2",
                             {dataset_id, project_id}));
  if (r.empty())
    return Error::not_found("no dataset " + std::to_string(dataset_id) + " in this project");
  return dataset_from(r.front());
}

Status delete_dataset(Tx& tx, std::int64_t project_id, std::int64_t dataset_id) {
  WEILAI_TRY(DatasetRow d, get_dataset(tx, project_id, dataset_id));
  WEILAI_TRY(
      Rows refs,
      tx.exec("SELECT count(*) FROM planning_analysis_inputs WHERE dataset_id = $1", {dataset_id}));
  if (refs.front().i64(0) > 0)
    return Error{ErrorCode::failed_precondition,
                 "dataset " + std::to_string(dataset_id) + " is used by " +
                     std::to_string(refs.front().i64(0)) + " analyses",
                 {}};
  WEILAI_TRY(Rows del, tx.exec("DELETE FROM planning_datasets WHERE id = $1", {dataset_id}));
  (void)del;
  // The file goes with its last user, whichever module that is (attachments share the store).
  WEILAI_TRY(bool deleted, delete_blob_if_unused(tx, d.sha256));
  (void)deleted;
  return {};
}

Result<AnalysisRow> insert_analysis(Tx& tx, std::int64_t project_id, const std::string& params_json,
                                    const std::vector<std::int64_t>& dataset_ids, UnixMillis now,
                                    std::optional<std::int64_t> created_by) {
  WEILAI_TRY(auto id, tx.insert_returning_id(
                          "INSERT INTO planning_analyses (project_id, status, params, created_at, "
                          "updated_at, created_by) VALUES ($1,'queued',$2,$3,$3,$4) RETURNING id",
                          {project_id, params_json, now, created_by ? Value(*created_by) : kNull}));
  for (auto ds : dataset_ids) {
    WEILAI_TRY(Rows r, tx.exec("INSERT INTO planning_analysis_inputs (analysis_id, dataset_id) "
                               "VALUES ($1,$2) ON CONFLICT (analysis_id, dataset_id) DO NOTHING",
                               {id, ds}));
    (void)r;
  }
  return get_analysis(tx, id);
}

Result<std::vector<AnalysisRow>> list_analyses(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows r, tx.exec(std::string("SELECT ") + kAnalysisCols +
                                 " FROM planning_analyses WHERE project_id = $1 ORDER BY id DESC",
                             {project_id}));
  std::vector<AnalysisRow> out;
  for (const auto& row : r.rows) out.push_back(analysis_from(row));
  return out;
}

Result<AnalysisRow> get_analysis(Tx& tx, std::int64_t analysis_id) {
  WEILAI_TRY(Rows r, tx.exec(std::string("SELECT ") + kAnalysisCols +
                                 " FROM planning_analyses WHERE id = $1",
                             {analysis_id}));
  if (r.empty()) return Error::not_found("no analysis " + std::to_string(analysis_id));
  return analysis_from(r.front());
}

Result<std::vector<std::int64_t>> analysis_inputs(Tx& tx, std::int64_t analysis_id) {
  WEILAI_TRY(Rows r, tx.exec("SELECT dataset_id FROM planning_analysis_inputs WHERE analysis_id = "
                             "$1 ORDER BY dataset_id",
                             {analysis_id}));
  std::vector<std::int64_t> out;
  for (const auto& row : r.rows) out.push_back(row.i64(0));
  return out;
}

Result<std::optional<Claim>> claim_analysis(Tx& tx, const std::string& owner, UnixMillis now,
                                            std::int64_t lease_ms) {
  std::string pick =
      "SELECT id, status FROM planning_analyses WHERE status = 'queued' OR (status = 'running' "
      "AND lease_expires_at < $1) ORDER BY id LIMIT 1";
  if (tx.dialect() == Dialect::postgresql) pick += " FOR UPDATE SKIP LOCKED";
  WEILAI_TRY(Rows found, tx.exec(pick, {now}));
  if (found.empty()) return std::optional<Claim>{};
  const std::int64_t id = found.front().i64(0);
  const bool took_over = found.front().text(1) == "running";
  // The WHERE repeats the condition: under READ COMMITTED a row can change between the two
  // statements only if it was not locked, and then the update simply claims nothing.
  WEILAI_TRY(
      Rows upd,
      tx.exec("UPDATE planning_analyses SET status = 'running', stage = 'import', progress = 0, "
              "lease_owner = $2, "
              "lease_expires_at = $3, attempts = attempts + 1, "
              "started_at = COALESCE(started_at, $4), updated_at = $4 "
              "WHERE id = $1 AND (status = 'queued' OR (status = 'running' AND "
              "lease_expires_at < $4))",
              {id, owner, now + lease_ms, now}));
  if (upd.affected != 1) return std::optional<Claim>{};
  WEILAI_TRY(AnalysisRow a, get_analysis(tx, id));
  return std::optional<Claim>{Claim{std::move(a), took_over}};
}

Result<bool> renew_lease(Tx& tx, std::int64_t analysis_id, const std::string& owner, UnixMillis now,
                         std::int64_t lease_ms, double progress, const std::string& stage) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE planning_analyses SET lease_expires_at = $3, progress = $4, "
                             "stage = $5, updated_at = $6 WHERE id = $1 AND lease_owner = $2 AND "
                             "status = 'running' RETURNING cancel_requested",
                             {analysis_id, owner, now + lease_ms, progress, stage, now}));
  if (r.empty())
    return Error{ErrorCode::failed_precondition,
                 "analysis " + std::to_string(analysis_id) + " is no longer leased to " + owner,
                 {}};
  return r.front().i64(0) != 0;
}

Status finish_analysis(Tx& tx, std::int64_t analysis_id, const std::string& owner,
                       const std::string& status, const std::optional<std::string>& error,
                       const std::optional<std::string>& summary_json, UnixMillis now) {
  WEILAI_TRY(Rows r,
             tx.exec("UPDATE planning_analyses SET status = $3, error = $4, summary = $5, "
                     "progress = CASE WHEN $3 = 'succeeded' THEN 1.0 ELSE progress END, "
                     "lease_owner = NULL, lease_expires_at = NULL, finished_at = $6, "
                     "updated_at = $6 WHERE id = $1 AND lease_owner = $2 AND status = 'running'",
                     {analysis_id, owner, status, nullable(error), nullable(summary_json), now}));
  if (r.affected != 1)
    return Error{ErrorCode::failed_precondition,
                 "analysis " + std::to_string(analysis_id) + " is no longer leased to " + owner,
                 {}};
  return {};
}

Status release_analysis(Tx& tx, std::int64_t analysis_id, const std::string& owner,
                        UnixMillis now) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE planning_analyses SET status = 'queued', lease_owner = NULL, "
                             "lease_expires_at = NULL, progress = 0, stage = '', updated_at = $3 "
                             "WHERE id = $1 AND lease_owner = $2 AND status = 'running'",
                             {analysis_id, owner, now}));
  if (r.affected != 1)
    return Error{ErrorCode::failed_precondition,
                 "analysis " + std::to_string(analysis_id) + " is no longer leased to " + owner,
                 {}};
  return {};
}

Result<AnalysisRow> request_cancel(Tx& tx, std::int64_t analysis_id, UnixMillis now) {
  WEILAI_TRY(AnalysisRow a, get_analysis(tx, analysis_id));
  if (a.status == "queued") {
    WEILAI_TRY(Rows r, tx.exec("UPDATE planning_analyses SET status = 'cancelled', "
                               "cancel_requested = 1, finished_at = $2, updated_at = $2 "
                               "WHERE id = $1 AND status = 'queued'",
                               {analysis_id, now}));
    if (r.affected != 1) return Error{ErrorCode::conflict, "the analysis changed; retry", {}};
  } else if (a.status == "running") {
    WEILAI_TRY(Rows r, tx.exec("UPDATE planning_analyses SET cancel_requested = 1, updated_at = $2 "
                               "WHERE id = $1 AND status = 'running'",
                               {analysis_id, now}));
    if (r.affected != 1) return Error{ErrorCode::conflict, "the analysis changed; retry", {}};
  } else {
    return Error{
        ErrorCode::failed_precondition,
        "the analysis has already " +
            std::string(a.status == "succeeded" ? "succeeded" : "ended (" + a.status + ")"),
        {}};
  }
  return get_analysis(tx, analysis_id);
}

Status put_result(Tx& tx, std::int64_t analysis_id, const std::string& name,
                  const std::string& content) {
  WEILAI_TRY(Rows r, tx.exec("INSERT INTO planning_results (analysis_id, name, content) VALUES "
                             "($1,$2,$3) ON CONFLICT (analysis_id, name) DO UPDATE SET content = "
                             "excluded.content",
                             {analysis_id, name, content}));
  (void)r;
  return {};
}

Result<std::string> get_result(Tx& tx, std::int64_t analysis_id, const std::string& name) {
  WEILAI_TRY(Rows r, tx.exec("SELECT content FROM planning_results WHERE analysis_id = $1 AND "
                             "name = $2",
                             {analysis_id, name}));
  if (r.empty())
    return Error::not_found("analysis " + std::to_string(analysis_id) + " has no " + name);
  return r.front().text(0);
}

}  // namespace weilai::storage
