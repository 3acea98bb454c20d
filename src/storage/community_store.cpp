#include "storage/community_store.hpp"

namespace weilai::storage {
namespace {

constexpr const char* kHouseholdSelect =
    "SELECT h.id, h.community_id, h.grid_id, h.name, c.name_zh, b.name, d.unit, d.room, "
    "d.floor_area_m2 FROM households h JOIN dwellings d ON d.id = h.dwelling_id "
    "JOIN buildings b ON b.id = d.building_id JOIN org_units c ON c.id = h.community_id ";

Household household_from(const Row& r) {
  Household h;
  h.id = r.i64(0);
  h.community_id = r.i64(1);
  h.grid_id = r.opt_i64(2);
  h.name = r.text(3);
  h.community_name_zh = r.text(4);
  h.building = r.text(5);
  h.unit = r.text(6);
  h.room = r.text(7);
  if (!r.is_null(8)) h.floor_area_m2 = r.f64(8);
  return h;
}

Status load_members(Tx& tx, Household& h) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, account_id, person_name, member_role FROM "
                                "household_members WHERE household_id = $1 ORDER BY id",
                                {h.id}));
  for (const auto& r : rows.rows) {
    h.members.push_back({r.i64(0), r.opt_i64(1), r.text(2), r.text(3)});
  }
  return {};
}

}  // namespace

Result<Household> get_household(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kHouseholdSelect) + "WHERE h.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no household " + std::to_string(id));
  Household h = household_from(rows.front());
  WEILAI_CHECK(load_members(tx, h));
  return h;
}

Result<std::vector<Household>> list_households(Tx& tx, std::optional<std::int64_t> unit_id,
                                               std::int64_t after_id, int limit) {
  Result<Rows> rows =
      unit_id ? tx.exec(std::string(kHouseholdSelect) +
                            "WHERE h.id > $1 AND (h.community_id = $2 OR h.grid_id = "
                            "$2) ORDER BY h.id LIMIT $3",
                        {after_id, *unit_id, std::int64_t{limit}})
              : tx.exec(std::string(kHouseholdSelect) + "WHERE h.id > $1 ORDER BY h.id LIMIT $2",
                        {after_id, std::int64_t{limit}});
  if (!rows) return std::move(rows).error();
  std::vector<Household> out;
  for (const auto& r : rows->rows) out.push_back(household_from(r));
  return out;
}

Result<std::vector<Household>> households_of_account(Tx& tx, std::int64_t account_id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kHouseholdSelect) +
                                    "WHERE h.id IN (SELECT household_id FROM household_members "
                                    "WHERE account_id = $1) ORDER BY h.id",
                                {account_id}));
  std::vector<Household> out;
  for (const auto& r : rows.rows) {
    out.push_back(household_from(r));
    WEILAI_CHECK(load_members(tx, out.back()));
  }
  return out;
}

}  // namespace weilai::storage
