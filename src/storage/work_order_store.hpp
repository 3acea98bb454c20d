// Rows of "platform + butler" work orders (issue #8): categories with SLA targets, orders and
// their status history. The rules live in community/work_order.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "community/work_order.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

struct WorkOrderCategory {
  std::string code, name_zh, name_en;
  community::SlaTarget target;
};

struct WorkOrderEvent {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> actor_account_id;
  std::string action, to_status, note;
  std::string body = "property";  // who held the order after this event
};

struct WorkOrder {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::optional<std::int64_t> household_id;
  std::int64_t reporter_account_id = 0;
  std::string category, description, location, status;
  std::optional<std::int64_t> assignee_account_id;
  std::optional<std::int64_t> satisfaction;
  std::string return_visit_note;
  std::int64_t created_at = 0, updated_at = 0, version = 1;
  // Second part (migration 0011); defaults keep older callers working.
  std::string body = "property";    // community::WorkOrderBody: property, committee, hotline
  std::string source = "resident";  // resident, preventive, open311, security
  std::optional<std::int64_t> quote_cents;  // a paid repair's price in fen (分)
  std::string quote_note;
  std::string quote_status = "none";  // none, pending, accepted, declined
  std::optional<double> lon, lat;
  std::optional<std::int64_t> schedule_id, open311_key_id, return_visit_by;
  std::string contact;  // an Open311 requester's name/e-mail/phone as given (may be empty)
};

struct WorkOrderSlaTarget {
  std::string category, body;
  community::SlaTarget target;
};

struct WorkOrderPhoto {
  std::int64_t id = 0, work_order_id = 0;
  std::string sha256, content_type;
  std::int64_t size_bytes = 0;
  std::optional<std::int64_t> uploaded_by;
  std::int64_t created_at = 0;
};

struct WorkOrderSchedule {
  std::int64_t id = 0, community_id = 0;
  std::string category, title, location;
  std::int64_t interval_days = 7, next_due_at = 0;
  bool active = true;
  std::int64_t created_by = 0, created_at = 0, updated_at = 0, version = 1;
};

struct Open311Key {
  std::int64_t id = 0;
  std::string label;
  std::int64_t community_id = 0, account_id = 0, created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

Result<std::vector<WorkOrderCategory>> list_work_order_categories(Tx& tx);
Result<WorkOrderCategory> get_work_order_category(Tx& tx, const std::string& code);  // not_found
Result<std::int64_t> insert_work_order(Tx& tx, const WorkOrder& w, std::int64_t now);
Result<WorkOrder> get_work_order(Tx& tx, std::int64_t id);  // not_found
// A community's orders (community_id) or a reporter's (reporter), newest first.
Result<std::vector<WorkOrder>> list_work_orders(Tx& tx, std::optional<std::int64_t> community_id,
                                                std::optional<std::int64_t> reporter, int limit);
// Optimistic: conflict when the version moved.
Status update_work_order(Tx& tx, const WorkOrder& w, std::int64_t expected_version,
                         std::int64_t now);
Status insert_work_order_event(Tx& tx, std::int64_t order_id, std::int64_t at,
                               std::optional<std::int64_t> actor, const std::string& action,
                               const std::string& to_status, const std::string& note);
Result<std::vector<WorkOrderEvent>> work_order_events(Tx& tx, std::int64_t order_id);

// --- Second part (migration 0011). insert_work_order/update_work_order store the new fields
// too; an event records the body holding the order when it is written.
// A community's orders created in [from, to), newest first (Open311 queries, statistics).
Result<std::vector<WorkOrder>> list_work_orders_between(Tx& tx, std::int64_t community_id,
                                                        std::int64_t since, std::int64_t until,
                                                        int limit);
// The target of `body` for a category: the category's own for the property company, the
// work_order_sla_targets row for the others (falling back to the category's).
Result<community::SlaTarget> work_order_sla_target(Tx& tx, const std::string& category,
                                                   const std::string& body);
Result<std::vector<WorkOrderSlaTarget>> list_work_order_sla_targets(Tx& tx);
Status upsert_work_order_category(Tx& tx, const WorkOrderCategory& c);
Status upsert_work_order_sla_target(Tx& tx, const WorkOrderSlaTarget& t);

Result<std::int64_t> insert_work_order_photo(Tx& tx, const WorkOrderPhoto& p);
Result<std::vector<WorkOrderPhoto>> list_work_order_photos(Tx& tx, std::int64_t order_id);
Result<WorkOrderPhoto> get_work_order_photo(Tx& tx, std::int64_t order_id,
                                            std::int64_t photo_id);  // not_found

Result<std::int64_t> insert_work_order_schedule(Tx& tx, const WorkOrderSchedule& s);
Result<WorkOrderSchedule> get_work_order_schedule(Tx& tx, std::int64_t id);  // not_found
Result<std::vector<WorkOrderSchedule>> list_work_order_schedules(Tx& tx, std::int64_t community_id);
// Active schedules of the community due at or before `now`.
Result<std::vector<WorkOrderSchedule>> due_work_order_schedules(Tx& tx, std::int64_t community_id,
                                                                std::int64_t now);
// Optimistic: conflict when the version moved.
Status update_work_order_schedule(Tx& tx, const WorkOrderSchedule& s, std::int64_t expected_version,
                                  std::int64_t now);

Result<std::int64_t> insert_open311_key(Tx& tx, const Open311Key& k, const std::string& key_hash);
Result<std::vector<Open311Key>> list_open311_keys(Tx& tx, std::int64_t community_id);
Result<Open311Key> get_open311_key(Tx& tx, std::int64_t id);  // not_found
// The live (not revoked) key with that hash; unauthenticated when none.
Result<Open311Key> find_open311_key(Tx& tx, const std::string& key_hash);
Status revoke_open311_key(Tx& tx, std::int64_t id, std::int64_t now);

}  // namespace weilai::storage
