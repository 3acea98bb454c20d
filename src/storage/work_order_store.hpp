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

}  // namespace weilai::storage
