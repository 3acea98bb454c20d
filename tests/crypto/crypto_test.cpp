#include "crypto/crypto.hpp"

#include <gtest/gtest.h>

#include <set>

namespace weilai::crypto {
namespace {

TEST(Crypto, Sha256KnownAnswers) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, HmacSha256KnownAnswerAndBase64) {
  // RFC 4231, test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_NE(hmac_sha256_hex("Jefe", "what do ya want for nothing!"),
            hmac_sha256_hex("Jefe", "what do ya want for nothing?"));
  EXPECT_EQ(*base64_decode("aGVsbG8="), "hello");
  EXPECT_EQ(*base64_decode("aGVsbG8"), "hello");
  EXPECT_FALSE(base64_decode("a*b="));
  EXPECT_FALSE(base64_decode("aGVsbG8=x"));
}

TEST(Crypto, PasswordsHashWithArgon2idAndVerify) {
  auto hash = hash_password("Correct-Horse-9");
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(*hash, "Correct-Horse-9"));
  EXPECT_FALSE(verify_password(*hash, "Correct-Horse-8"));
  EXPECT_FALSE(verify_password("not a hash", "Correct-Horse-9"));
  EXPECT_NE(*hash, *hash_password("Correct-Horse-9"));  // salted
}

TEST(Crypto, TokensAreRandomAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto t = random_token(32);
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace weilai::crypto
