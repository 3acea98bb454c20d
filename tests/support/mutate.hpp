// Seeded byte-level mutation of a valid input, for the fuzz entry points that also run as ordinary
// ctest cases (GCC has no libFuzzer): the same seed always yields the same inputs.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <string_view>

namespace weilai::testing {

struct MutationOptions {
  std::string_view alphabet;  // characters worth inserting: the format's delimiters and keys
  int max_edits = 6;
  std::size_t max_erase = 8;
  std::size_t max_copy = 16;  // longest run duplicated from elsewhere in the input
  char filler = 'x';          // what an emptied input restarts from
};

// 1..max_edits edits: overwrite, erase, insert from the alphabet, duplicate a run, truncate, or
// flip one bit.
inline std::string mutate(std::string s, std::mt19937_64& rng, const MutationOptions& o) {
  const int edits = 1 + static_cast<int>(rng() % static_cast<unsigned>(o.max_edits));
  for (int e = 0; e < edits; ++e) {
    if (s.empty()) s.push_back(o.filler);
    const std::size_t pos = rng() % s.size();
    switch (rng() % 6) {
      case 0:
        s[pos] = static_cast<char>(rng());
        break;
      case 1:
        s.erase(pos, 1 + rng() % o.max_erase);
        break;
      case 2:
        s.insert(pos, 1, o.alphabet[rng() % o.alphabet.size()]);
        break;
      case 3:
        s.insert(pos, s.substr(rng() % s.size(), rng() % o.max_copy));
        break;
      case 4:
        s.resize(pos);
        break;
      default:
        s[pos] = static_cast<char>(s[pos] ^ (1 << (rng() % 8)));
        break;
    }
  }
  return s;
}

}  // namespace weilai::testing
