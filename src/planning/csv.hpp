// A small, strict RFC 4180 CSV reader and writer helpers. Reads UTF-8 only: a leading BOM is
// skipped, CRLF/LF/CR line ends are accepted, quoted fields may contain separators, quotes ("")
// and line breaks. Anything that is not valid UTF-8 (typically GBK/GB18030 from Excel on Chinese
// Windows) is rejected with the line number instead of being silently mangled.
// Pure functions: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace weilai::planning {

struct CsvRow {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

// Parses a whole document; the first record is the header. Errors (invalid_argument) name
// `source` and the line: invalid UTF-8, unterminated quote, stray quote inside an unquoted field,
// text after a closing quote, a row with a different number of fields than the header.
Result<CsvTable> parse_csv(std::string_view data, const std::string& source);
Result<CsvTable> read_csv_file(const std::string& path);

// Byte offset of the first invalid UTF-8 sequence, or npos. Overlong forms, surrogates and
// code points above U+10FFFF are invalid.
size_t find_invalid_utf8(std::string_view s);

// Quotes a field if it needs it (separator, quote, CR/LF, leading/trailing space).
std::string csv_escape(std::string_view field);

// Reads a whole file; not_found / unavailable on failure.
Result<std::string> read_file(const std::string& path);

}  // namespace weilai::planning
