#include "ops/org_import.hpp"

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "audit/audit.hpp"
#include "storage/audit_store.hpp"
#include "storage/org_store.hpp"

namespace weilai::ops {
namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// One CSV record (RFC 4180: quoted fields with "" escapes; no newlines inside fields).
std::optional<std::vector<std::string>> split_csv(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c == '"' && trim(cur).empty()) {
      quoted = was_quoted = true;
      cur.clear();
    } else if (c == ',') {
      out.push_back(was_quoted ? cur : trim(cur));
      cur.clear();
      was_quoted = false;
    } else {
      cur += c;
    }
  }
  if (quoted) return std::nullopt;
  out.push_back(was_quoted ? cur : trim(cur));
  return out;
}

ParsedOrgFile parse_csv(std::string_view text) {
  ParsedOrgFile out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a BOM from spreadsheets
  std::map<std::string, std::size_t> col;
  int lineno = 0;
  std::size_t pos = 0;
  bool header = true;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++lineno;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto fields = split_csv(line);
    if (!fields) {
      out.issues.push_back({lineno, "unterminated quoted field"});
      continue;
    }
    if (header) {
      header = false;
      for (std::size_t i = 0; i < fields->size(); ++i) col[(*fields)[i]] = i;
      for (const char* need : {"code", "name", "kind", "parent"}) {
        if (!col.count(need)) {
          out.issues.push_back({lineno, std::string("the header lacks the column \"") + need +
                                            "\" (expected code,name,kind,parent[,name_en])"});
        }
      }
      for (const auto& [name, i] : col) {
        if (name != "code" && name != "name" && name != "kind" && name != "parent" &&
            name != "name_en") {
          out.issues.push_back({lineno, "unknown column \"" + name + "\""});
        }
      }
      if (!out.issues.empty()) return out;
      continue;
    }
    if (fields->size() != col.size()) {
      out.issues.push_back({lineno, "expected " + std::to_string(col.size()) + " fields, found " +
                                        std::to_string(fields->size())});
      continue;
    }
    OrgRow r;
    r.line = lineno;
    r.code = (*fields)[col["code"]];
    r.name_zh = (*fields)[col["name"]];
    r.kind = (*fields)[col["kind"]];
    r.parent = (*fields)[col["parent"]];
    if (col.count("name_en")) r.name_en = (*fields)[col["name_en"]];
    out.rows.push_back(std::move(r));
  }
  if (header) out.issues.push_back({1, "empty file: expected a header code,name,kind,parent"});
  return out;
}

ParsedOrgFile parse_json(std::string_view text) {
  ParsedOrgFile out;
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    out.issues.push_back({0, std::string("not valid JSON: ") + e.what()});
    return out;
  }
  if (!doc.is_array()) {
    out.issues.push_back({0, "expected a JSON array of org units"});
    return out;
  }
  int index = 0;
  for (const auto& item : doc) {
    ++index;
    if (!item.is_object()) {
      out.issues.push_back({index, "expected an object"});
      continue;
    }
    OrgRow r;
    r.line = index;
    bool bad = false;
    for (const auto& [key, value] : item.items()) {
      std::string* into = key == "code"      ? &r.code
                          : key == "name"    ? &r.name_zh
                          : key == "name_en" ? &r.name_en
                          : key == "kind"    ? &r.kind
                          : key == "parent"  ? &r.parent
                                             : nullptr;
      if (!into) {
        out.issues.push_back({index, "unknown member \"" + key + "\""});
        bad = true;
      } else if (value.is_null() && key == "parent") {
        r.parent.clear();
      } else if (!value.is_string()) {
        out.issues.push_back({index, "\"" + key + "\" must be a string"});
        bad = true;
      } else {
        *into = trim(value.get<std::string>());
      }
    }
    if (!bad) out.rows.push_back(std::move(r));
  }
  return out;
}

bool valid_code(const std::string& c) {
  if (c.empty() || c.size() > 32) return false;
  for (unsigned char ch : c) {
    if (!(std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.')) return false;
  }
  return true;
}

}  // namespace

ParsedOrgFile parse_org_file(std::string_view text, const std::string& format) {
  std::string f = format;
  if (f.empty()) {
    const auto first = text.find_first_not_of(" \t\r\n");
    f = first != std::string_view::npos && text[first] == '[' ? "json" : "csv";
  }
  return f == "json" ? parse_json(text) : parse_csv(text);
}

Result<OrgImportReport> import_org_units(storage::Tx& tx, const std::vector<OrgRow>& rows,
                                         UnixMillis now, bool dry_run) {
  OrgImportReport report;
  auto issue = [&](const OrgRow& r, std::string m) { report.issues.push_back({r.line, m}); };

  // What the database holds already, by code.
  WEILAI_TRY(auto existing_units, storage::all_org_units(tx));
  std::map<std::string, storage::OrgUnit> existing;
  std::map<std::int64_t, std::string> code_of;
  for (auto& u : existing_units) {
    code_of[u.id] = u.code;
    existing[u.code] = u;
  }

  std::map<std::string, const OrgRow*> in_file;
  for (const auto& r : rows) {
    if (!valid_code(r.code)) {
      issue(r, "code \"" + r.code +
                   "\" must be 1-32 letters, digits, '-', '_' or '.' (e.g. the 6-digit adcode)");
      continue;
    }
    if (auto [it, fresh] = in_file.emplace(r.code, &r); !fresh) {
      issue(r, "code " + r.code + " appears twice (first on line " +
                   std::to_string(it->second->line) + ")");
    }
    if (r.name_zh.empty()) issue(r, "name is empty");
    if (r.name_zh.size() > 200 || r.name_en.size() > 200) issue(r, "name is longer than 200 bytes");
    if (!storage::valid_org_kind(r.kind)) {
      issue(r, "kind \"" + r.kind + "\" must be province, city, county, community or grid");
    }
    if (r.parent == r.code) issue(r, "a unit cannot be its own parent");
  }
  if (!report.issues.empty()) return report;

  // Parents and kinds, following each row up to a unit in the database or a province.
  auto kind_of = [&](const std::string& code) -> std::string {
    if (auto f = in_file.find(code); f != in_file.end()) return f->second->kind;
    if (auto e = existing.find(code); e != existing.end()) return e->second.kind;
    return {};
  };
  for (const auto& r : rows) {
    if (r.parent.empty()) {
      if (r.kind != "province") issue(r, "only a province may have no parent");
      continue;
    }
    const std::string pk = kind_of(r.parent);
    if (pk.empty()) {
      issue(r, "parent " + r.parent + " is neither in the file nor in the database");
    } else if (storage::org_kind_level(pk) >= storage::org_kind_level(r.kind)) {
      issue(r, "a " + r.kind + " cannot be placed under " + r.parent + " (a " + pk + ")");
    }
  }
  // Idempotence: an existing code must match exactly.
  for (const auto& r : rows) {
    auto e = existing.find(r.code);
    if (e == existing.end()) continue;
    const auto& u = e->second;
    const std::string parent = u.parent_id ? code_of[*u.parent_id] : "";
    std::vector<std::string> diffs;
    if (u.name_zh != r.name_zh) diffs.push_back("name \"" + u.name_zh + "\"");
    if (!r.name_en.empty() && u.name_en != r.name_en)
      diffs.push_back("name_en \"" + u.name_en + "\"");
    if (u.kind != r.kind) diffs.push_back("kind " + u.kind);
    if (parent != r.parent) diffs.push_back("parent " + (parent.empty() ? "(none)" : parent));
    if (!diffs.empty()) {
      std::string m = "code " + r.code + " already exists with different values:";
      for (const auto& d : diffs) m += " " + d;
      issue(r, m);
    }
  }
  if (!report.issues.empty()) return report;

  // Insert parents first: repeat passes until every new row's parent has an id.
  std::map<std::string, std::int64_t> id_of;
  for (const auto& [code, u] : existing) id_of[code] = u.id;
  std::vector<const OrgRow*> pending;
  for (const auto& r : rows) {
    if (existing.count(r.code)) {
      ++report.unchanged;
    } else {
      pending.push_back(&r);
    }
  }
  std::int64_t fake_id = -1;  // dry run: stand-in ids
  while (!pending.empty()) {
    std::vector<const OrgRow*> later;
    for (const OrgRow* r : pending) {
      std::optional<std::int64_t> parent_id;
      if (!r->parent.empty()) {
        auto p = id_of.find(r->parent);
        if (p == id_of.end()) {
          later.push_back(r);
          continue;
        }
        parent_id = p->second;
      }
      if (dry_run) {
        id_of[r->code] = fake_id--;
        ++report.created;
        continue;
      }
      storage::OrgUnit unit;
      unit.parent_id = parent_id;
      unit.kind = r->kind;
      unit.code = r->code;
      unit.name_zh = r->name_zh;
      unit.name_en = r->name_en;
      WEILAI_TRY(auto created, storage::insert_org_unit(tx, unit, now));
      id_of[r->code] = created.id;
      ++report.created;
      nlohmann::json change = {{"code", r->code},       {"name_zh", r->name_zh},
                               {"name_en", r->name_en}, {"kind", r->kind},
                               {"parent", r->parent},   {"source_line", r->line}};
      audit::Draft d;
      d.actor_login = "cli";
      d.action = "org_unit.import";
      d.target_type = "org_unit";
      d.target_id = std::to_string(created.id);
      d.request_id = "cli";
      d.change_json = change.dump();
      WEILAI_CHECK(storage::append_audit(tx, d, now));
    }
    if (later.size() == pending.size()) {
      // Validation above makes this unreachable, but never loop forever.
      for (const OrgRow* r : later) issue(*r, "parent " + r->parent + " cannot be resolved");
      return report;
    }
    pending = std::move(later);
  }
  return report;
}

}  // namespace weilai::ops
