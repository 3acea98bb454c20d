#include "storage/org_store.hpp"

#include <array>

namespace weilai::storage {
namespace {

constexpr std::array<const char*, 5> kKinds{"province", "city", "county", "community", "grid"};
constexpr const char* kOrgColumns = "id, parent_id, kind, code, name_zh, name_en";

OrgUnit unit_from(const Row& r) {
  return {r.i64(0), r.opt_i64(1), r.text(2), r.text(3), r.text(4), r.text(5)};
}

}  // namespace

int org_kind_level(const std::string& kind) {
  for (std::size_t i = 0; i < kKinds.size(); ++i)
    if (kind == kKinds[i]) return static_cast<int>(i);
  return -1;
}

bool valid_org_kind(const std::string& kind) {
  return org_kind_level(kind) >= 0;
}

Result<OrgUnit> get_org_unit(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows,
             tx.exec(std::string("SELECT ") + kOrgColumns + " FROM org_units WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no org unit " + std::to_string(id));
  return unit_from(rows.front());
}

Result<std::vector<std::int64_t>> org_path(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec("WITH RECURSIVE up(id, parent_id, depth) AS ("
                                " SELECT id, parent_id, 0 FROM org_units WHERE id = $1"
                                " UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM org_units o"
                                " JOIN up ON o.id = up.parent_id WHERE up.depth < 16)"
                                " SELECT id FROM up ORDER BY depth",
                                {id}));
  if (rows.empty()) return Error::not_found("no org unit " + std::to_string(id));
  std::vector<std::int64_t> out;
  for (const auto& r : rows.rows) out.push_back(r.i64(0));
  return out;
}

Result<std::vector<OrgUnit>> list_org_units(Tx& tx, std::optional<std::int64_t> parent_id,
                                            const std::optional<std::string>& kind,
                                            std::int64_t after_id, int limit) {
  std::string sql = std::string("SELECT ") + kOrgColumns + " FROM org_units WHERE id > $1";
  std::vector<Value> params{after_id};
  if (parent_id) {
    params.emplace_back(*parent_id);
    sql += " AND parent_id = $" + std::to_string(params.size());
  }
  if (kind) {
    params.emplace_back(*kind);
    sql += " AND kind = $" + std::to_string(params.size());
  }
  params.emplace_back(std::int64_t{limit});
  sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
  WEILAI_TRY(Rows rows, tx.exec(sql, params));
  std::vector<OrgUnit> out;
  for (const auto& r : rows.rows) out.push_back(unit_from(r));
  return out;
}

Result<std::vector<OrgUnit>> all_org_units(Tx& tx) {
  WEILAI_TRY(Rows rows,
             tx.exec(std::string("SELECT ") + kOrgColumns + " FROM org_units ORDER BY id"));
  std::vector<OrgUnit> out;
  for (const auto& r : rows.rows) out.push_back(unit_from(r));
  return out;
}

Result<OrgUnit> insert_org_unit(Tx& tx, const OrgUnit& unit, UnixMillis now) {
  if (!valid_org_kind(unit.kind)) {
    return Error::invalid("kind must be province, city, county, community or grid", "/kind");
  }
  if (unit.parent_id) {
    auto parent = get_org_unit(tx, *unit.parent_id);
    if (!parent) {
      if (parent.error().code == ErrorCode::not_found) {
        return Error::invalid("no org unit " + std::to_string(*unit.parent_id), "/parent_id");
      }
      return std::move(parent).error();
    }
    if (org_kind_level(parent->kind) >= org_kind_level(unit.kind)) {
      return Error::invalid("a " + unit.kind + " cannot be placed under a " + parent->kind,
                            "/kind");
    }
  } else if (unit.kind != "province") {
    return Error::invalid("only a province may have no parent", "/parent_id");
  }
  auto rows = tx.exec(std::string("INSERT INTO org_units (parent_id, kind, code, name_zh, name_en, "
                                  "created_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING ") +
                          kOrgColumns,
                      {unit.parent_id ? Value(*unit.parent_id) : kNull, unit.kind, unit.code,
                       unit.name_zh, unit.name_en, now});
  if (!rows) {
    if (rows.error().code == ErrorCode::already_exists) {
      return Error{ErrorCode::already_exists, "code " + unit.code + " is taken", "/code"};
    }
    return std::move(rows).error();
  }
  return unit_from(rows->front());
}

}  // namespace weilai::storage
