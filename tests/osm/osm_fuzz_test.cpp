// Property/fuzz test: feeds the OSM fuzz entry point thousands of seeded mutations of valid OPL
// and PBF inputs so that the libFuzzer target also runs in ctest under GCC and ASan.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>

#include "support/mutate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

const char* kSeedOpl =
    "n1 v1 x24.9400 y60.1700 Tamenity=pharmacy,name=A\n"
    "n2 v1 x24.9410 y60.1700\n"
    "n3 v1 x24.9420 y60.1705\n"
    "n4 v1 x24.9420 y60.1710 Thighway=bus_stop\n"
    "w1 v1 Thighway=residential,oneway=yes Nn1,n2,n3\n"
    "w2 v1 Thighway=footway Nn3,n4,n1\n"
    "w3 v1 Tbuilding=apartments,building:levels=4 Nn1,n2,n3,n1\n";

std::string mutate(const std::string& s, std::mt19937_64& rng) {
  return weilai::testing::mutate(s, rng, {"0123456789,=xyNnwvT -\n", 6, 8, 16, 'x'});
}

void run(uint8_t selector, const std::string& body) {
  std::string in(1, static_cast<char>(selector));
  in += body;
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(in.data()), in.size());
}

TEST(OsmFuzz, MutatedOplNeverCrashes) {
  std::mt19937_64 rng(20260401);
  for (int i = 0; i < 1500; ++i) run(static_cast<uint8_t>(rng() % 3), mutate(kSeedOpl, rng));
}

TEST(OsmFuzz, MutatedPbfAndXmlNeverCrash) {
  std::ifstream in(WEILAI_SOURCE_DIR "/data/osm/helsinki.osm.pbf", std::ios::binary);
  std::string pbf(std::istreambuf_iterator<char>(in), {});
  ASSERT_GT(pbf.size(), 1000u);
  // The first blocks only (header + first data blob) keep each case fast.
  std::string head = pbf.substr(0, 40000);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 300; ++i) run(static_cast<uint8_t>(3 + rng() % 3), mutate(head, rng));
  std::string xml =
      "<?xml version='1.0'?><osm version='0.6'><node id='1' lat='60.17' lon='24.94'/>"
      "<node id='2' lat='60.171' lon='24.941'/><way id='1'><nd ref='1'/><nd ref='2'/>"
      "<tag k='highway' v='footway'/></way></osm>";
  for (int i = 0; i < 500; ++i) run(static_cast<uint8_t>(6 + rng() % 3), mutate(xml, rng));
  for (int i = 0; i < 300; ++i) {
    std::string junk(rng() % 200, '\0');
    for (auto& c : junk) c = static_cast<char>(rng());
    run(static_cast<uint8_t>(rng()), junk);
  }
}

}  // namespace
