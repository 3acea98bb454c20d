// libFuzzer entry point for the CSV and planning input readers. Build with clang
// -fsanitize=fuzzer to fuzz for real; under GCC planning_fuzz_test.cpp drives it with seeded
// mutations. Contract: any bytes give a table or an Error, never a crash, and a successful parse
// satisfies the format's invariants.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "planning/csv.hpp"
#include "planning/inputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weilai::planning;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = parse_csv(text, "fuzz.csv");
  if (t) {
    for (const auto& row : t->rows) {
      if (row.fields.size() != t->header.size()) __builtin_trap();
      if (row.line < 1) __builtin_trap();
      for (const auto& f : row.fields)
        if (find_invalid_utf8(f) != std::string_view::npos) __builtin_trap();
    }
  }
  auto f = parse_facilities_csv(text, "fuzz.csv");
  if (f)
    for (const auto& x : *f)
      if (!weilai::geo::valid(x.at) || x.id.empty() || x.capacity < 0) __builtin_trap();
  auto r = parse_residences_csv(text, "fuzz.csv");
  if (r)
    for (const auto& x : *r)
      if (!weilai::geo::valid(x.at) || x.households < 0) __builtin_trap();
  (void)parse_facilities_geojson(text, "fuzz.geojson");
  (void)parse_residences_geojson(text, "fuzz.geojson");
  return 0;
}
