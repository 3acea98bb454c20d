#include "planning/csv.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace weilai::planning {

size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

Result<CsvTable> parse_csv(std::string_view data, const std::string& source) {
  if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  if (size_t bad = find_invalid_utf8(data); bad != std::string_view::npos) {
    int line = 1;
    for (size_t i = 0; i < bad; ++i) line += data[i] == '\n';
    return Error::invalid(source + ":" + std::to_string(line) +
                          ": not valid UTF-8 (GBK/GB18030 or another legacy encoding?); "
                          "save the file as UTF-8");
  }
  CsvTable table;
  std::vector<std::string> fields;
  std::string field;
  int line = 1, record_line = 1;
  size_t i = 0, n = data.size();
  bool any = false;  // the current record has content (distinguishes blank lines)
  auto where = [&](int l) { return source + ":" + std::to_string(l); };
  auto end_record = [&]() -> Status {
    fields.push_back(std::move(field));
    field.clear();
    bool blank = !any && fields.size() == 1 && fields[0].empty();
    if (!blank) {
      if (table.header.empty() && table.rows.empty() && fields.size() > 0 && table.header.empty()) {
        table.header = std::move(fields);
      } else {
        if (fields.size() != table.header.size())
          return Error::invalid(
              where(record_line) + ": expected " + std::to_string(table.header.size()) +
              " fields (as in the header), found " + std::to_string(fields.size()));
        table.rows.push_back({record_line, std::move(fields)});
      }
    }
    fields.clear();
    any = false;
    return {};
  };
  while (i < n) {
    char c = data[i];
    if (c == '"') {
      if (!field.empty()) return Error::invalid(where(line) + ": quote inside an unquoted field");
      any = true;
      ++i;
      int quote_line = line;
      bool closed = false;
      while (i < n) {
        char q = data[i];
        if (q == '"') {
          if (i + 1 < n && data[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (q == '\n') ++line;
        field.push_back(q);
        ++i;
      }
      if (!closed) return Error::invalid(where(quote_line) + ": unterminated quoted field");
      if (i < n && data[i] != ',' && data[i] != '\n' && data[i] != '\r')
        return Error::invalid(where(line) + ": text after a closing quote");
      // Mark that the field came from quotes so an empty quoted field still counts.
      continue;
    }
    if (c == ',') {
      any = true;
      fields.push_back(std::move(field));
      field.clear();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < n && data[i + 1] == '\n') ++i;
      ++i;
      WEILAI_CHECK(end_record());
      ++line;
      record_line = line;
      continue;
    }
    if (c == '\0') return Error::invalid(where(line) + ": NUL byte (binary file?)");
    any = true;
    field.push_back(c);
    ++i;
  }
  if (any || !field.empty() || !fields.empty()) WEILAI_CHECK(end_record());
  if (table.header.empty()) return Error::invalid(source + ": empty CSV (no header)");
  return table;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot open " + path + ": " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error{ErrorCode::unavailable, "read failed: " + path, {}};
  return ss.str();
}

Result<CsvTable> read_csv_file(const std::string& path) {
  WEILAI_TRY(auto text, read_file(path));
  return parse_csv(text, path);
}

std::string csv_escape(std::string_view f) {
  bool quote = f.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!f.empty() && (f.front() == ' ' || f.back() == ' '));
  if (!quote) return std::string(f);
  std::string out = "\"";
  for (char c : f) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace weilai::planning
