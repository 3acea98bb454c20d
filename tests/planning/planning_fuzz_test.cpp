// Property/fuzz test for the CSV and input readers: thousands of seeded random and mutated
// inputs through the libFuzzer entry point, plus a round-trip property (write -> parse).
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "planning/csv.hpp"
#include "support/mutate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace weilai::planning {
namespace {

const char* kSeeds[] = {
    "id,category,lon,lat,capacity,name\r\nf1,clinic,120.1,30.2,5,\"A, "
    "\"\"B\"\"\"\r\nf2,park,120.2,30.3,,\n",
    "\xEF\xBB\xBFid,lon,lat,households,area\nr1,120.1,30.2,40,\xE4\xB8\x9C\xE5\x9F\x8E\nr2,1,2,3,"
    "\n",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":"
    "\"Point\","
    "\"coordinates\":[120.1,30.2]},\"properties\":{\"id\":\"a\",\"category\":\"park\","
    "\"households\":3}}]}",
    "a,b\n\"multi\nline\",2\n",
};

std::string mutate(const std::string& s, std::mt19937_64& rng) {
  return weilai::testing::mutate(s, rng, {",\"\r\n\xC4\xE3 9.-e{}[]:", 5, 4, 12, ','});
}

TEST(PlanningFuzz, MutatedAndRandomInputsNeverCrash) {
  std::mt19937_64 rng(4242);
  for (int i = 0; i < 6000; ++i) {
    std::string in = mutate(kSeeds[i % 4], rng);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(in.data()), in.size());
  }
  for (int i = 0; i < 1000; ++i) {
    std::string in(rng() % 64, '\0');
    for (auto& c : in) c = ",\"\r\na1"[rng() % 6];
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(in.data()), in.size());
  }
}

TEST(PlanningFuzz, EscapeThenParseRoundTrips) {
  std::mt19937_64 rng(99);
  for (int i = 0; i < 2000; ++i) {
    size_t cols = 1 + rng() % 4, rows = 1 + rng() % 4;
    std::vector<std::vector<std::string>> table;
    std::ostringstream out;
    for (size_t r = 0; r <= rows; ++r) {
      std::vector<std::string> row;
      for (size_t c = 0; c < cols; ++c) {
        std::string f;
        size_t len = rng() % 6;
        for (size_t k = 0; k < len; ++k) f.push_back(" a,\"\n\r"[rng() % 6]);
        if (f.empty()) f = "x";  // an all-empty single-column row would be a blank line
        row.push_back(f);
        out << (c ? "," : "") << csv_escape(f);
      }
      out << (rng() % 2 ? "\r\n" : "\n");
      table.push_back(row);
    }
    auto t = parse_csv(out.str(), "rt.csv");
    ASSERT_TRUE(t) << t.error().message << "\n" << out.str();
    EXPECT_EQ(t->header, table[0]);
    ASSERT_EQ(t->rows.size(), rows);
    for (size_t r = 0; r < rows; ++r) EXPECT_EQ(t->rows[r].fields, table[r + 1]);
  }
}

}  // namespace
}  // namespace weilai::planning
