// `weilai org import FILE`: org units for a fresh production database (the demo data creates its
// own). The file is CSV (header: code,name,kind,parent[,name_en]) or JSON (an array of objects
// with the same members). Kinds: province, city, county, community, grid; a unit's parent is
// given by code and may be in the file (in any order) or already in the database; only a
// province may have no parent.
//
// All or nothing: every row is validated first and every problem reported with its line (CSV) or
// element (JSON); nothing is written unless all rows are valid. Idempotent: a unit whose code
// already exists with the same name, kind and parent is left alone; the same code with
// different values is a conflict (reported, nothing written). Each created unit appends one
// audit record (action org_unit.import, actor "cli").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"

namespace weilai::ops {

struct OrgRow {
  int line = 0;  // CSV line (1 = header) or JSON array index + 1
  std::string code, name_zh, name_en, kind, parent;
};

struct OrgIssue {
  int line = 0;
  std::string message;
};

struct ParsedOrgFile {
  std::vector<OrgRow> rows;
  std::vector<OrgIssue> issues;  // syntax: unparsable rows, missing columns
};

// `format`: "csv", "json" or "" (guess: JSON when the text starts with '[').
ParsedOrgFile parse_org_file(std::string_view text, const std::string& format = "");

struct OrgImportReport {
  std::int64_t created = 0;
  std::int64_t unchanged = 0;
  std::vector<OrgIssue> issues;  // non-empty: nothing was written
  bool ok() const { return issues.empty(); }
};

// Validates and, when everything is valid and !dry_run, inserts in parent-first order and audits,
// all inside `tx` (the caller commits). Database errors are returned as errors; invalid input is
// reported in issues.
Result<OrgImportReport> import_org_units(storage::Tx& tx, const std::vector<OrgRow>& rows,
                                         UnixMillis now, bool dry_run = false);

}  // namespace weilai::ops
