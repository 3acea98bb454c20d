// Demo planning data: a clearly marked sample project holding the real OpenStreetMap extract of
// Monaco (data/osm/monaco.osm.pbf, ODbL) — honest about not being Lishui data, for which the
// repository has no extract — and one queued walking analysis (GB 50180 rules, with a site
// suggestion) that the server's job runner processes right after start-up.
#pragma once

#include <cstdint>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

inline constexpr const char* kDemoPlanningProject =
    "【示例】摩纳哥真实路网规划演示（OSM数据，非丽水）";

// Inserts the project in `county_id`; the extract and the analysis only when the file is found
// (WEILAI_DEMO_OSM, else the source tree's data/osm/monaco.osm.pbf, else ./data/osm/...).
Status load_demo_planning(Tx& tx, std::int64_t county_id, std::int64_t created_by, UnixMillis now);

}  // namespace weilai::storage
