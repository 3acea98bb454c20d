#include "core/result.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/clock.hpp"

namespace weilai {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return Error::invalid("must be positive", "/v");
  return v;
}

Result<int> doubled(int v) {
  WEILAI_TRY(int x, parse_positive(v));
  return x * 2;
}

Status check(int v) {
  WEILAI_CHECK(parse_positive(v));
  return {};
}

TEST(Result, CarriesValueOrError) {
  auto ok = parse_positive(3);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 3);
  auto bad = parse_positive(-1);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(bad.error().field, "/v");
  EXPECT_EQ(bad.value_or(7), 7);
}

TEST(Result, TryPropagates) {
  EXPECT_EQ(*doubled(4), 8);
  EXPECT_EQ(doubled(0).error().message, "must be positive");
  EXPECT_TRUE(check(1));
  EXPECT_FALSE(check(0));
}

TEST(Result, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  ASSERT_TRUE(r);
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 5);
}

TEST(Clock, FormatsIso8601) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(1764436409123), "2025-11-29T17:13:29.123Z");
  ManualClock c(1000);
  c.advance_ms(500);
  EXPECT_EQ(c.now_ms(), 1500);
}

}  // namespace
}  // namespace weilai
