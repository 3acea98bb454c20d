// Demo data for programme operations (monitoring and money, issue 5); called by load_demo_data
// inside its transaction, after the demo projects exist.
#pragma once

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

Status load_demo_programme_ops(Tx& tx, UnixMillis now);

}  // namespace weilai::storage
