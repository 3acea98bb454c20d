// Demo data of the community ledgers for 灵山社区: time-bank history (a confirmed service, a
// transfer inside a family), open requests and offers, point rules, awards and a catalogue, and a
// foundation fund with donations, one paid and one pending proposal. Called by load_demo_data in
// its transaction.
#pragma once

#include <map>
#include <string>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

Status load_demo_ledger(Tx& tx, const std::map<std::string, std::int64_t>& unit_ids,
                        const std::map<std::string, std::int64_t>& account_ids, UnixMillis now);

}  // namespace weilai::storage
