// libFuzzer entry point for the OSM reader (OPL text and PBF bytes). Build with clang
// -fsanitize=fuzzer to fuzz for real; under GCC the property test in osm_fuzz_test.cpp drives it
// with seeded mutations. Contract: any input yields a graph or an Error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "osm/osm_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weilai::osm;
  if (size == 0) return 0;
  ImportOptions opt;
  opt.categories = &CategoryMapping::defaults();
  opt.residences = true;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  // The first byte picks the format and profile so one corpus covers all paths.
  static const char* formats[] = {"opl", "pbf", "osm"};
  opt.profile.profile = static_cast<Profile>(data[0] % 3);
  auto r = import_osm_buffer(text, formats[(data[0] / 3) % 3], opt);
  if (r) {
    // Invariants of any successful import.
    const auto& g = r->graph;
    if (g.first_out.size() != g.lat_e7.size() + 1) __builtin_trap();
    for (auto h : g.head)
      if (h >= g.node_count()) __builtin_trap();
  }
  return 0;
}
