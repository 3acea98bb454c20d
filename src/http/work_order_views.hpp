// Work-order JSON and SLA state shared by the work-order routes and the Open311 endpoints.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <vector>

#include "community/work_order.hpp"
#include "storage/database.hpp"
#include "storage/work_order_store.hpp"

namespace weilai::http {

struct OrderSla {
  community::SlaTarget target;  // of the body holding the order now
  community::SlaState state;    // that body's own clock
};

// The status history with the body holding the order after each change.
std::vector<community::StatusChange> order_history(const std::vector<storage::WorkOrderEvent>& ev);
Result<OrderSla> order_sla(storage::Tx& tx, const storage::WorkOrder& w, std::int64_t now);
// The order as the API shows it; `detail` adds history, photos, every body's clock and contact.
boost::json::object order_json(storage::Tx& tx, const storage::WorkOrder& w, std::int64_t now,
                               bool detail);

}  // namespace weilai::http
