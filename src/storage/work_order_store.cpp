#include "storage/work_order_store.hpp"

namespace weilai::storage {
namespace {

constexpr const char* kSelect =
    "SELECT id, community_id, household_id, reporter_account_id, category, description, location, "
    "status, assignee_account_id, satisfaction, return_visit_note, created_at, updated_at, version "
    "FROM work_orders ";

WorkOrder from(const Row& r) {
  WorkOrder w;
  w.id = r.i64(0);
  w.community_id = r.i64(1);
  w.household_id = r.opt_i64(2);
  w.reporter_account_id = r.i64(3);
  w.category = r.text(4);
  w.description = r.text(5);
  w.location = r.text(6);
  w.status = r.text(7);
  w.assignee_account_id = r.opt_i64(8);
  w.satisfaction = r.opt_i64(9);
  w.return_visit_note = r.text(10);
  w.created_at = r.i64(11);
  w.updated_at = r.i64(12);
  w.version = r.i64(13);
  return w;
}

Value opt(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : kNull;
}

}  // namespace

Result<std::vector<WorkOrderCategory>> list_work_order_categories(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT code, name_zh, name_en, response_minutes, "
                                "resolution_minutes FROM work_order_categories ORDER BY code"));
  std::vector<WorkOrderCategory> out;
  for (const auto& r : rows.rows)
    out.push_back({r.text(0),
                   r.text(1),
                   r.text(2),
                   {static_cast<int>(r.i64(3)), static_cast<int>(r.i64(4))}});
  return out;
}

Result<WorkOrderCategory> get_work_order_category(Tx& tx, const std::string& code) {
  WEILAI_TRY(auto all, list_work_order_categories(tx));
  for (auto& c : all)
    if (c.code == code) return c;
  return Error::not_found("no work order category " + code);
}

Result<std::int64_t> insert_work_order(Tx& tx, const WorkOrder& w, std::int64_t now) {
  return tx.insert_returning_id(
      "INSERT INTO work_orders (community_id, household_id, reporter_account_id, category, "
      "description, location, status, created_at, updated_at, version) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$8,1) RETURNING id",
      {w.community_id, opt(w.household_id), w.reporter_account_id, w.category, w.description,
       w.location, w.status, now});
}

Result<WorkOrder> get_work_order(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kSelect) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no work order " + std::to_string(id));
  return from(rows.front());
}

Result<std::vector<WorkOrder>> list_work_orders(Tx& tx, std::optional<std::int64_t> community_id,
                                                std::optional<std::int64_t> reporter, int limit) {
  Result<Rows> rows =
      community_id
          ? tx.exec(std::string(kSelect) + "WHERE community_id = $1 ORDER BY id DESC LIMIT $2",
                    {*community_id, std::int64_t{limit}})
          : tx.exec(
                std::string(kSelect) + "WHERE reporter_account_id = $1 ORDER BY id DESC LIMIT $2",
                {reporter.value_or(0), std::int64_t{limit}});
  if (!rows) return std::move(rows).error();
  std::vector<WorkOrder> out;
  for (const auto& r : rows->rows) out.push_back(from(r));
  return out;
}

Status update_work_order(Tx& tx, const WorkOrder& w, std::int64_t expected_version,
                         std::int64_t now) {
  WEILAI_TRY(Rows rows, tx.exec("UPDATE work_orders SET status = $3, assignee_account_id = $4, "
                                "satisfaction = $5, return_visit_note = $6, updated_at = $7, "
                                "version = version + 1 WHERE id = $1 AND version = $2",
                                {w.id, expected_version, w.status, opt(w.assignee_account_id),
                                 opt(w.satisfaction), w.return_visit_note, now}));
  if (rows.affected != 1)
    return Error::conflict("work order " + std::to_string(w.id) + " changed meanwhile");
  return {};
}

Status insert_work_order_event(Tx& tx, std::int64_t order_id, std::int64_t at,
                               std::optional<std::int64_t> actor, const std::string& action,
                               const std::string& to_status, const std::string& note) {
  WEILAI_TRY(Rows r, tx.exec("INSERT INTO work_order_events (work_order_id, at, actor_account_id, "
                             "action, to_status, note) VALUES ($1,$2,$3,$4,$5,$6)",
                             {order_id, at, opt(actor), action, to_status, note}));
  (void)r;
  return {};
}

Result<std::vector<WorkOrderEvent>> work_order_events(Tx& tx, std::int64_t order_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, at, actor_account_id, action, to_status, note FROM "
                                "work_order_events WHERE work_order_id = $1 ORDER BY id",
                                {order_id}));
  std::vector<WorkOrderEvent> out;
  for (const auto& r : rows.rows)
    out.push_back({r.i64(0), r.i64(1), r.opt_i64(2), r.text(3), r.text(4), r.text(5)});
  return out;
}

}  // namespace weilai::storage
