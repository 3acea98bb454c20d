// file_type_of: the one place uploads are recognised by their bytes.
#include <gtest/gtest.h>

#include <string>

#include "storage/blob_store.hpp"

namespace weilai::storage {
namespace {

TEST(FileType, MagicBytesDecideTheType) {
  using namespace std::string_literals;
  EXPECT_EQ(file_type_of("%PDF-1.7 ...")->content_type, "application/pdf");
  EXPECT_EQ(file_type_of("\x89PNG\r\n\x1a\n rest"s)->content_type, "image/png");
  EXPECT_EQ(file_type_of("\xff\xd8\xff\xe0 jfif"s)->content_type, "image/jpeg");
  EXPECT_EQ(file_type_of("RIFF\x10\0\0\0WEBPVP8 "s)->content_type, "image/webp");
  EXPECT_EQ(file_type_of("PK\x03\x04 xlsx"s)->extension, "zip");
  EXPECT_TRUE(file_type_of("\xff\xd8\xff"s)->is_image);
  EXPECT_FALSE(file_type_of("%PDF-")->is_image);
}

TEST(FileType, TruncatedOrUnknownBytesAreNothing) {
  using namespace std::string_literals;
  for (const auto& bytes : {""s, "%PDF"s, "\x89PNG\r\n\x1a"s, "\xff\xd8"s, "RIFF\0\0\0\0WEB"s,
                            "RIFF\0\0\0\0WAVE"s, "GIF89a"s, "<svg/>"s, "PK\x03"s})
    EXPECT_FALSE(file_type_of(bytes).has_value()) << bytes;
}

}  // namespace
}  // namespace weilai::storage
