// CSV reader: RFC 4180 cases, encodings and error messages with line numbers.
#include "planning/csv.hpp"

#include <gtest/gtest.h>

namespace weilai::planning {
namespace {

TEST(Csv, QuotedFieldsCrlfBomAndEmbeddedNewlines) {
  auto t = parse_csv(
      "\xEF\xBB\xBF"
      "a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n\"multi\r\nline\",,3\r\n\r\n",
      "t.csv");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->header, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].fields, (std::vector<std::string>{"1", "x, \"y\"", ""}));
  EXPECT_EQ(t->rows[1].fields, (std::vector<std::string>{"multi\r\nline", "", "3"}));
  EXPECT_EQ(t->rows[0].line, 2);
  EXPECT_EQ(t->rows[1].line, 3);
}

TEST(Csv, NoTrailingNewlineAndBlankLines) {
  auto t = parse_csv("a\n\n1\n\n2", "t.csv");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1].fields[0], "2");
  EXPECT_EQ(t->rows[1].line, 5);
}

TEST(Csv, ErrorsNameFileAndLine) {
  auto wrong = parse_csv("a,b\n1,2\n3\n", "w.csv");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("w.csv:3"), std::string::npos);
  auto open = parse_csv("a\n\"abc\n", "q.csv");
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message.find("q.csv:2: unterminated"), std::string::npos);
  EXPECT_FALSE(parse_csv("a\nx\"y\n", "q.csv"));
  EXPECT_FALSE(parse_csv("a\n\"x\"y\n", "q.csv"));
  EXPECT_FALSE(parse_csv("", "e.csv"));
  EXPECT_FALSE(parse_csv(std::string("a\n\0\n", 4), "n.csv"));
}

TEST(Csv, DetectsGbkAndInvalidUtf8WithLine) {
  // "你好" in GBK is C4 E3 BA C3: not UTF-8.
  auto gbk = parse_csv("id,name\n1,ok\n2,\xC4\xE3\xBA\xC3\n", "gbk.csv");
  ASSERT_FALSE(gbk);
  EXPECT_NE(gbk.error().message.find("gbk.csv:3"), std::string::npos);
  EXPECT_NE(gbk.error().message.find("UTF-8"), std::string::npos);
  EXPECT_EQ(find_invalid_utf8("\xE4\xBD\xA0\xE5\xA5\xBD"), std::string::npos);  // 你好 in UTF-8
  EXPECT_EQ(find_invalid_utf8("\xC0\x80"), 0u);                                 // overlong NUL
  EXPECT_EQ(find_invalid_utf8("a\xED\xA0\x80"), 1u);                            // surrogate
  EXPECT_EQ(find_invalid_utf8("ab\xF4\x90\x80\x80"), 2u);                       // > U+10FFFF
  EXPECT_EQ(find_invalid_utf8("\xE4\xBD"), 0u);                                 // truncated
}

TEST(Csv, Escape) {
  EXPECT_EQ(csv_escape("plain"), "plain");
  EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_escape(" pad"), "\" pad\"");
}

}  // namespace
}  // namespace weilai::planning
