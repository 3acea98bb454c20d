#include "identity/accounts.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace weilai::identity {

std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return std::nullopt;
    }
    i += len;
    ++count;
  }
  return count;
}

Status validate_login(std::string_view login) {
  if (login.size() < 3 || login.size() > 32) {
    return Error::invalid("login must be 3 to 32 characters", "/login");
  }
  if (!std::islower(static_cast<unsigned char>(login[0]))) {
    return Error::invalid("login must start with a lower-case letter", "/login");
  }
  for (char c : login) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::islower(u) || std::isdigit(u) || c == '_' || c == '.' || c == '-')) {
      return Error::invalid("login may contain only a-z, 0-9, '_', '.' and '-'", "/login");
    }
  }
  return {};
}

Status validate_display_name(std::string_view name) {
  auto len = utf8_length(name);
  if (!len) return Error::invalid("display name is not valid UTF-8", "/display_name");
  if (*len < 1 || *len > 64) {
    return Error::invalid("display name must be 1 to 64 characters", "/display_name");
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return Error::invalid("display name may not contain control characters", "/display_name");
    }
  }
  return {};
}

Status validate_phone(std::string_view phone) {
  std::string_view p = phone;
  if (p.starts_with("+86")) p.remove_prefix(3);
  const bool ok = p.size() == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9' &&
                  std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!ok) return Error::invalid("phone must be an 11-digit mobile number", "/phone");
  return {};
}

Status validate_password(std::string_view password, std::string_view login,
                         std::string_view field_name) {
  const std::string field = "/" + std::string(field_name);
  auto len = utf8_length(password);
  if (!len) return Error::invalid("password is not valid UTF-8", field);
  if (*len < 10) return Error::invalid("password must be at least 10 characters", field);
  if (*len > 128) return Error::invalid("password must be at most 128 characters", field);
  bool lower = false, upper = false, digit = false, other = false;
  for (char c : password) {
    const auto u = static_cast<unsigned char>(c);
    if (std::islower(u))
      lower = true;
    else if (std::isupper(u))
      upper = true;
    else if (std::isdigit(u))
      digit = true;
    else
      other = true;
  }
  if (lower + upper + digit + other < 3) {
    return Error::invalid(
        "password needs three of: lower-case letters, upper-case letters, digits, other characters",
        field);
  }
  std::string lowered(password);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!login.empty() && lowered.find(login) != std::string::npos) {
    return Error::invalid("password must not contain the login name", field);
  }
  static constexpr std::array<std::string_view, 8> kCommon{
      "password1!",  "qwerty123!", "1qaz2wsx3e", "p@ssw0rd12",
      "admin12345!", "abc123456!", "passw0rd!!", "welcome123"};
  if (std::find(kCommon.begin(), kCommon.end(), lowered) != kCommon.end()) {
    return Error::invalid("password is too common", field);
  }
  return {};
}

}  // namespace weilai::identity
