#include "programme/targets.hpp"

#include <algorithm>
#include <array>

namespace weilai::programme {
namespace {
constexpr std::array<std::string_view, 8> kMunicipalOrLater{
    "municipal_list", "provincial_review", "provincial_list", "plan_filed",
    "construction",   "acceptance",        "named",           "operating"};
}  // namespace

bool counts_as_municipal(std::string_view stage) {
  return std::find(kMunicipalOrLater.begin(), kMunicipalOrLater.end(), stage) !=
         kMunicipalOrLater.end();
}

bool counts_as_provincial(std::string_view stage) {
  // The stages from the provincial list on (the last six of the list above).
  return std::find(kMunicipalOrLater.begin() + 2, kMunicipalOrLater.end(), stage) !=
         kMunicipalOrLater.end();
}

}  // namespace weilai::programme
