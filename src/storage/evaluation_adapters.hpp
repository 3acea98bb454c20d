// The evaluation adapters of the modules that exist (docs/EVALUATION.md "Adapters"): readings the
// platform computes from its own records for a project at a date. Each returns nullopt ("no data")
// when the project has nothing to compute from — never a zero standing in for missing data.
//  - travel_circle_coverage / life_circle_coverage: the latest succeeded planning analysis of the
//    project (finished by `until`) run with the 5/10/30-minute travel-circle rules, resp. with the
//    GB 50180 life-circle (or the project's own) rules: % of households meeting every level.
//  - time_bank_participation: % of the community's households with a member in a confirmed
//    time-bank service (volunteer or recipient) in the 365 days up to `until`.
//  - points_activity: % of the community's households with a member awarded points (not revoked)
//    in the 365 days up to `until`.
//  - shared_parking_share: % of the community's parking spaces registered on the platform that
//    have a sharing window (spaces never registered are unknown to the platform).
//  - work_order_sla: % of the community's work orders settled in the 365 days up to `until`
//    (finished, or past their resolution target while open) that met both SLA targets.
// Registered in the adapter registry of evaluation_store.cpp. Read-only; any TxMode.
#pragma once

#include <optional>

#include "core/clock.hpp"
#include "evaluation/evaluate.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

using AdapterResult = Result<std::optional<evaluation::AdapterReading>>;

AdapterResult travel_circle_reading(Tx& tx, std::int64_t project_id, UnixMillis until);
AdapterResult life_circle_reading(Tx& tx, std::int64_t project_id, UnixMillis until);
AdapterResult time_bank_reading(Tx& tx, std::int64_t project_id, UnixMillis until);
AdapterResult points_activity_reading(Tx& tx, std::int64_t project_id, UnixMillis until);
AdapterResult shared_parking_reading(Tx& tx, std::int64_t project_id, UnixMillis until);
AdapterResult work_order_sla_reading(Tx& tx, std::int64_t project_id, UnixMillis until);

}  // namespace weilai::storage
