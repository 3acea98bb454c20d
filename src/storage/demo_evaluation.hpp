// Demo data of the evaluation module: the shipped default ruleset (a reconstruction) published,
// site inputs and reported values for 灵山未来社区, one open satisfaction survey answered by most
// demo households (not the demo resident's), and one evaluation run on them.
#pragma once

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

// Runs inside the demo loader's transaction, after projects and households exist.
Status load_demo_evaluation(Tx& tx, UnixMillis now);

}  // namespace weilai::storage
