#include "storage/demo_services.hpp"

#include "storage/parking_store.hpp"

namespace weilai::storage {
namespace {

struct DemoWindow {
  const char* rrule;
  const char* start;
  const char* end;
};

struct DemoSlot {
  const char* code;
  int household_no;  // 0-based index of the 灵山 household owning it; -1: an organisation
  const char* owner_name;
  const char* location;
  double lon, lat;
  std::vector<DemoWindow> windows;
  std::int64_t points_per_hour = 0;  // > 0: priced in points (积分, through the ledger)
};

}  // namespace

Status load_demo_services(Tx& tx, const std::map<std::string, std::int64_t>& unit_ids,
                          std::int64_t now) {
  const std::int64_t lingshan = unit_ids.at("331102-LS");
  WEILAI_TRY(Rows households, tx.exec("SELECT h.id, h.name, h.dwelling_id FROM households h "
                                      "WHERE h.community_id = $1 ORDER BY h.id",
                                      {lingshan}));
  const std::vector<DemoSlot> slots{
      // The resident's own household shares its slot at weekends.
      {"LS-P01",
       0,
       "",
       "1幢地下车库 B1-017",
       119.905,
       28.4712,
       {{"FREQ=WEEKLY;BYDAY=SA,SU", "09:00", "18:00"}}},
      // A commuter household shares its slot on working days.
      {"LS-P02",
       1,
       "",
       "1幢地下车库 B1-021",
       119.9052,
       28.4711,
       {{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "08:00", "18:00"}}},
      // The school shares its staff car park outside school hours.
      {"LS-S01",
       -1,
       "灵山小学",
       "灵山小学教工停车场 1 号",
       119.9071,
       28.4725,
       {{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "18:30", "24:00"},
        {"FREQ=WEEKLY;BYDAY=SA,SU", "07:00", "22:00"}},
       2},  // 2 积分 an hour, credited to the community's `parking` points account
      // The service centre's visitor bay, shared all day every day.
      {"LS-C01",
       -1,
       "灵山社区党群服务中心",
       "党群服务中心访客车位 3 号",
       119.9046,
       28.4708,
       {{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00"}}},
      // Registered but not (yet) shared.
      {"LS-P03", 4, "", "2幢地面车位 G-05", 119.9061, 28.4714, {}},
  };
  for (const auto& d : slots) {
    ParkingSlot s;
    s.community_id = lingshan;
    s.code = d.code;
    s.location = d.location;
    s.lon = d.lon;
    s.lat = d.lat;
    if (d.points_per_hour > 0) {
      s.price_kind = "points";
      s.price_per_hour = d.points_per_hour;
    }
    if (d.household_no >= 0) {
      const auto& row = households.rows.at(static_cast<std::size_t>(d.household_no));
      s.owner_kind = "household";
      s.owner_household_id = row.i64(0);
      s.owner_name = row.text(1);
      s.dwelling_id = row.i64(2);
    } else {
      s.owner_kind = "organisation";
      s.owner_name = d.owner_name;
    }
    WEILAI_TRY(auto id, insert_parking_slot(tx, s, now));
    for (const auto& w : d.windows) {
      ParkingWindow pw;
      WEILAI_TRY(pw.window, community::make_window(w.rrule, w.start, w.end, {}));
      WEILAI_CHECK(insert_parking_window(tx, id, pw, now));
    }
  }
  return {};
}

}  // namespace weilai::storage
