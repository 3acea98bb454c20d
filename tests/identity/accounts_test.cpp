#include "identity/accounts.hpp"

#include <gtest/gtest.h>

#include <random>

namespace weilai::identity {
namespace {

TEST(Validation, Logins) {
  EXPECT_TRUE(validate_login("admin"));
  EXPECT_TRUE(validate_login("wang.wu-2"));
  EXPECT_FALSE(validate_login("ab"));
  EXPECT_FALSE(validate_login("Admin"));
  EXPECT_FALSE(validate_login("1abc"));
  EXPECT_FALSE(validate_login("a b c"));
  EXPECT_FALSE(validate_login("张三"));
  EXPECT_FALSE(validate_login(std::string(33, 'a')));
  EXPECT_EQ(validate_login("x").error().field, "/login");
}

TEST(Validation, DisplayNamesCountCharactersNotBytes) {
  EXPECT_TRUE(validate_display_name("张丽华"));
  EXPECT_TRUE(validate_display_name(std::string(64 * 3, 'a').substr(0, 64)));
  std::string sixty_four_han;
  for (int i = 0; i < 64; ++i) sixty_four_han += "华";
  EXPECT_TRUE(validate_display_name(sixty_four_han));
  EXPECT_FALSE(validate_display_name(sixty_four_han + "华"));
  EXPECT_FALSE(validate_display_name(""));
  EXPECT_FALSE(validate_display_name("tab\there"));
  EXPECT_FALSE(validate_display_name("\xC3\x28"));  // invalid UTF-8
}

TEST(Validation, Phones) {
  EXPECT_TRUE(validate_phone("13812345678"));
  EXPECT_TRUE(validate_phone("+8613812345678"));
  EXPECT_FALSE(validate_phone("12812345678"));
  EXPECT_FALSE(validate_phone("1381234567"));
  EXPECT_FALSE(validate_phone("1381234567a"));
}

TEST(Validation, PasswordStrength) {
  EXPECT_TRUE(validate_password("Brand-New-Pass-42", "liandu"));
  EXPECT_TRUE(validate_password("长城长城长城长城Aa1", "x"));
  EXPECT_EQ(validate_password("Sh0rt!", "x").error().message,
            "password must be at least 10 characters");
  EXPECT_FALSE(validate_password("alllowercaseletters", "x"));
  EXPECT_FALSE(validate_password("Liandu-2026-pass", "liandu"));  // contains the login
  EXPECT_FALSE(validate_password("Password1!", "x"));             // too common
  EXPECT_FALSE(validate_password(std::string(129, 'a') + "A1", "x"));
  EXPECT_EQ(validate_password("x", "x", "new_password").error().field, "/new_password");
}

TEST(Utf8, LengthAgreesWithAnEncoderOnRandomCodePoints) {
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 20);
    for (int i = 0; i < n; ++i) {
      std::uint32_t cp;
      do cp = rng() % 0x110000;
      while (cp >= 0xD800 && cp <= 0xDFFF);
      if (cp < 0x80)
        s += static_cast<char>(cp);
      else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    ASSERT_EQ(utf8_length(s), static_cast<std::size_t>(n));
    // Cutting a multi-byte character in half makes it invalid.
    if (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) {
      EXPECT_FALSE(utf8_length(s.substr(0, s.size() - 1)).has_value() &&
                   *utf8_length(s.substr(0, s.size() - 1)) == static_cast<std::size_t>(n));
    }
  }
  EXPECT_FALSE(utf8_length("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(utf8_length("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(utf8_length("\xF4\x90\x80\x80"));  // past U+10FFFF
}

TEST(SessionPolicy, IdleAndAbsoluteLimits) {
  SessionPolicy p;
  EXPECT_TRUE(p.alive(0, 0, p.idle_timeout_ms - 1));
  EXPECT_FALSE(p.alive(0, 0, p.idle_timeout_ms));
  EXPECT_TRUE(p.alive(0, p.absolute_timeout_ms - 10, p.absolute_timeout_ms - 1));
  EXPECT_FALSE(p.alive(0, p.absolute_timeout_ms - 10, p.absolute_timeout_ms));
}

}  // namespace
}  // namespace weilai::identity
