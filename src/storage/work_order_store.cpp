#include "storage/work_order_store.hpp"

namespace weilai::storage {
namespace {

constexpr const char* kWorkOrderSelect =
    "SELECT id, community_id, household_id, reporter_account_id, category, description, location, "
    "status, assignee_account_id, satisfaction, return_visit_note, created_at, updated_at, "
    "version, "
    "body, source, quote_cents, quote_note, quote_status, lon, lat, schedule_id, open311_key_id, "
    "contact, return_visit_by FROM work_orders ";

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
  w.body = r.text(14);
  w.source = r.text(15);
  w.quote_cents = r.opt_i64(16);
  w.quote_note = r.text(17);
  w.quote_status = r.text(18);
  w.lon = r.opt_f64(19);
  w.lat = r.opt_f64(20);
  w.schedule_id = r.opt_i64(21);
  w.open311_key_id = r.opt_i64(22);
  w.contact = r.text(23);
  w.return_visit_by = r.opt_i64(24);
  return w;
}
WorkOrderSchedule schedule_from(const Row& r) {
  WorkOrderSchedule s;
  s.id = r.i64(0);
  s.community_id = r.i64(1);
  s.category = r.text(2);
  s.title = r.text(3);
  s.location = r.text(4);
  s.interval_days = r.i64(5);
  s.next_due_at = r.i64(6);
  s.active = r.i64(7) != 0;
  s.created_by = r.i64(8);
  s.created_at = r.i64(9);
  s.updated_at = r.i64(10);
  s.version = r.i64(11);
  return s;
}
constexpr const char* kScheduleSelect =
    "SELECT id, community_id, category, title, location, interval_days, next_due_at, active, "
    "created_by, created_at, updated_at, version FROM work_order_schedules ";

Open311Key key_from(const Row& r) {
  return {r.i64(0), r.text(1), r.i64(2), r.i64(3), r.i64(4), r.opt_i64(5)};
}
constexpr const char* kKeySelect =
    "SELECT id, label, community_id, account_id, created_at, revoked_at FROM open311_keys ";

WorkOrderPhoto photo_from(const Row& r) {
  return {r.i64(0), r.i64(1), r.text(2), r.text(3), r.i64(4), r.opt_i64(5), r.i64(6)};
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
      "description, location, status, created_at, updated_at, version, body, source, lon, lat, "
      "schedule_id, open311_key_id, contact, assignee_account_id) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$8,1,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING id",
      {w.community_id, nullable(w.household_id), w.reporter_account_id, w.category, w.description,
       w.location, w.status, now, w.body, w.source, nullable(w.lon), nullable(w.lat),
       nullable(w.schedule_id), nullable(w.open311_key_id), w.contact,
       nullable(w.assignee_account_id)});
}

Result<WorkOrder> get_work_order(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kWorkOrderSelect) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no work order " + std::to_string(id));
  return from(rows.front());
}

Result<std::vector<WorkOrder>> list_work_orders(Tx& tx, std::optional<std::int64_t> community_id,
                                                std::optional<std::int64_t> reporter, int limit) {
  Result<Rows> rows = community_id
                          ? tx.exec(std::string(kWorkOrderSelect) +
                                        "WHERE community_id = $1 ORDER BY id DESC LIMIT $2",
                                    {*community_id, std::int64_t{limit}})
                          : tx.exec(std::string(kWorkOrderSelect) +
                                        "WHERE reporter_account_id = $1 ORDER BY id DESC LIMIT $2",
                                    {reporter.value_or(0), std::int64_t{limit}});
  if (!rows) return std::move(rows).error();
  std::vector<WorkOrder> out;
  for (const auto& r : rows->rows) out.push_back(from(r));
  return out;
}

Status update_work_order(Tx& tx, const WorkOrder& w, std::int64_t expected_version,
                         std::int64_t now) {
  WEILAI_TRY(
      Rows rows,
      tx.exec("UPDATE work_orders SET status = $3, assignee_account_id = $4, "
              "satisfaction = $5, return_visit_note = $6, updated_at = $7, body = $8, "
              "quote_cents = $9, quote_note = $10, quote_status = $11, "
              "return_visit_by = $12, version = version + 1 WHERE id = $1 AND version = $2",
              {w.id, expected_version, w.status, nullable(w.assignee_account_id),
               nullable(w.satisfaction), w.return_visit_note, now, w.body, nullable(w.quote_cents),
               w.quote_note, w.quote_status, nullable(w.return_visit_by)}));
  if (rows.affected != 1)
    return Error::conflict("work order " + std::to_string(w.id) + " changed meanwhile");
  return {};
}

Status insert_work_order_event(Tx& tx, std::int64_t order_id, std::int64_t at,
                               std::optional<std::int64_t> actor, const std::string& action,
                               const std::string& to_status, const std::string& note) {
  WEILAI_TRY(Rows r, tx.exec("INSERT INTO work_order_events (work_order_id, at, actor_account_id, "
                             "action, to_status, note, body) SELECT $1,$2,$3,$4,$5,$6, body "
                             "FROM work_orders WHERE id = $1",
                             {order_id, at, nullable(actor), action, to_status, note}));
  if (r.affected != 1) return Error::not_found("no work order " + std::to_string(order_id));
  (void)r;
  return {};
}

Result<std::vector<WorkOrderEvent>> work_order_events(Tx& tx, std::int64_t order_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, at, actor_account_id, action, to_status, note, body "
                                "FROM work_order_events WHERE work_order_id = $1 ORDER BY id",
                                {order_id}));
  std::vector<WorkOrderEvent> out;
  for (const auto& r : rows.rows)
    out.push_back({r.i64(0), r.i64(1), r.opt_i64(2), r.text(3), r.text(4), r.text(5), r.text(6)});
  return out;
}

Result<std::vector<WorkOrder>> list_work_orders_between(Tx& tx, std::int64_t community_id,
                                                        std::int64_t since, std::int64_t until,
                                                        int limit) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kWorkOrderSelect) +
                                    "WHERE community_id = $1 AND created_at >= $2 AND "
                                    "created_at < $3 ORDER BY id DESC LIMIT $4",
                                {community_id, since, until, std::int64_t{limit}}));
  std::vector<WorkOrder> out;
  for (const auto& r : rows.rows) out.push_back(from(r));
  return out;
}

Result<community::SlaTarget> work_order_sla_target(Tx& tx, const std::string& category,
                                                   const std::string& body) {
  if (body != "property") {
    WEILAI_TRY(Rows rows, tx.exec("SELECT response_minutes, resolution_minutes FROM "
                                  "work_order_sla_targets WHERE category = $1 AND body = $2",
                                  {category, body}));
    if (!rows.empty())
      return community::SlaTarget{static_cast<int>(rows.front().i64(0)),
                                  static_cast<int>(rows.front().i64(1))};
  }
  WEILAI_TRY(auto c, get_work_order_category(tx, category));
  return c.target;
}

Result<std::vector<WorkOrderSlaTarget>> list_work_order_sla_targets(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT category, body, response_minutes, resolution_minutes "
                                "FROM work_order_sla_targets ORDER BY category, body"));
  std::vector<WorkOrderSlaTarget> out;
  for (const auto& r : rows.rows)
    out.push_back({r.text(0), r.text(1), {static_cast<int>(r.i64(2)), static_cast<int>(r.i64(3))}});
  return out;
}

Status upsert_work_order_category(Tx& tx, const WorkOrderCategory& c) {
  WEILAI_TRY(Rows r,
             tx.exec("INSERT INTO work_order_categories (code, name_zh, name_en, response_minutes, "
                     "resolution_minutes) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (code) DO UPDATE "
                     "SET name_zh = excluded.name_zh, name_en = excluded.name_en, "
                     "response_minutes = excluded.response_minutes, "
                     "resolution_minutes = excluded.resolution_minutes",
                     {c.code, c.name_zh, c.name_en, std::int64_t{c.target.response_minutes},
                      std::int64_t{c.target.resolution_minutes}}));
  (void)r;
  return {};
}

Status upsert_work_order_sla_target(Tx& tx, const WorkOrderSlaTarget& t) {
  WEILAI_TRY(Rows r, tx.exec("INSERT INTO work_order_sla_targets (category, body, "
                             "response_minutes, resolution_minutes) VALUES ($1,$2,$3,$4) "
                             "ON CONFLICT (category, body) DO UPDATE SET response_minutes = "
                             "excluded.response_minutes, resolution_minutes = "
                             "excluded.resolution_minutes",
                             {t.category, t.body, std::int64_t{t.target.response_minutes},
                              std::int64_t{t.target.resolution_minutes}}));
  (void)r;
  return {};
}

Result<std::int64_t> insert_work_order_photo(Tx& tx, const WorkOrderPhoto& p) {
  return tx.insert_returning_id(
      "INSERT INTO work_order_photos (work_order_id, sha256, content_type, size_bytes, "
      "uploaded_by, created_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
      {p.work_order_id, p.sha256, p.content_type, p.size_bytes, nullable(p.uploaded_by),
       p.created_at});
}

Result<std::vector<WorkOrderPhoto>> list_work_order_photos(Tx& tx, std::int64_t order_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, work_order_id, sha256, content_type, size_bytes, "
                                "uploaded_by, created_at FROM work_order_photos WHERE "
                                "work_order_id = $1 ORDER BY id",
                                {order_id}));
  std::vector<WorkOrderPhoto> out;
  for (const auto& r : rows.rows) out.push_back(photo_from(r));
  return out;
}

Result<WorkOrderPhoto> get_work_order_photo(Tx& tx, std::int64_t order_id, std::int64_t photo_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, work_order_id, sha256, content_type, size_bytes, "
                                "uploaded_by, created_at FROM work_order_photos WHERE "
                                "work_order_id = $1 AND id = $2",
                                {order_id, photo_id}));
  if (rows.empty()) return Error::not_found("no photo " + std::to_string(photo_id));
  return photo_from(rows.front());
}

Result<std::int64_t> insert_work_order_schedule(Tx& tx, const WorkOrderSchedule& s) {
  return tx.insert_returning_id(
      "INSERT INTO work_order_schedules (community_id, category, title, location, interval_days, "
      "next_due_at, active, created_by, created_at, updated_at, version) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$9,$9,1) RETURNING id",
      {s.community_id, s.category, s.title, s.location, s.interval_days, s.next_due_at,
       std::int64_t{s.active ? 1 : 0}, s.created_by, s.created_at});
}

Result<WorkOrderSchedule> get_work_order_schedule(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kScheduleSelect) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no schedule " + std::to_string(id));
  return schedule_from(rows.front());
}

Result<std::vector<WorkOrderSchedule>> list_work_order_schedules(Tx& tx,
                                                                 std::int64_t community_id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kScheduleSelect) +
                                    "WHERE community_id = $1 ORDER BY next_due_at, id",
                                {community_id}));
  std::vector<WorkOrderSchedule> out;
  for (const auto& r : rows.rows) out.push_back(schedule_from(r));
  return out;
}

Result<std::vector<WorkOrderSchedule>> due_work_order_schedules(Tx& tx, std::int64_t community_id,
                                                                std::int64_t now) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kScheduleSelect) +
                                    "WHERE community_id = $1 AND active = 1 AND next_due_at <= $2 "
                                    "ORDER BY id",
                                {community_id, now}));
  std::vector<WorkOrderSchedule> out;
  for (const auto& r : rows.rows) out.push_back(schedule_from(r));
  return out;
}

Status update_work_order_schedule(Tx& tx, const WorkOrderSchedule& s, std::int64_t expected_version,
                                  std::int64_t now) {
  WEILAI_TRY(Rows rows,
             tx.exec("UPDATE work_order_schedules SET title = $3, location = $4, "
                     "interval_days = $5, next_due_at = $6, active = $7, updated_at = $8, "
                     "version = version + 1 WHERE id = $1 AND version = $2",
                     {s.id, expected_version, s.title, s.location, s.interval_days, s.next_due_at,
                      std::int64_t{s.active ? 1 : 0}, now}));
  if (rows.affected != 1)
    return Error::conflict("schedule " + std::to_string(s.id) + " changed meanwhile");
  return {};
}

Result<std::int64_t> insert_open311_key(Tx& tx, const Open311Key& k, const std::string& key_hash) {
  return tx.insert_returning_id(
      "INSERT INTO open311_keys (key_hash, label, community_id, account_id, created_at) VALUES "
      "($1,$2,$3,$4,$5) RETURNING id",
      {key_hash, k.label, k.community_id, k.account_id, k.created_at});
}

Result<std::vector<Open311Key>> list_open311_keys(Tx& tx, std::int64_t community_id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kKeySelect) + "WHERE community_id = $1 ORDER BY id",
                                {community_id}));
  std::vector<Open311Key> out;
  for (const auto& r : rows.rows) out.push_back(key_from(r));
  return out;
}

Result<Open311Key> get_open311_key(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kKeySelect) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no API key " + std::to_string(id));
  return key_from(rows.front());
}

Result<Open311Key> find_open311_key(Tx& tx, const std::string& key_hash) {
  WEILAI_TRY(
      Rows rows,
      tx.exec(std::string(kKeySelect) + "WHERE key_hash = $1 AND revoked_at IS NULL", {key_hash}));
  if (rows.empty())
    return Error{ErrorCode::unauthenticated, "api_key was not provided or is invalid", {}};
  return key_from(rows.front());
}

Status revoke_open311_key(Tx& tx, std::int64_t id, std::int64_t now) {
  WEILAI_TRY(Rows rows, tx.exec("UPDATE open311_keys SET revoked_at = $2 WHERE id = $1 AND "
                                "revoked_at IS NULL",
                                {id, now}));
  if (rows.affected != 1) return Error::not_found("no live API key " + std::to_string(id));
  return {};
}

}  // namespace weilai::storage
