// The targets board (工作目标, policy 一(三)): per county and year, how many provincial and
// municipal pilots are targeted and how many exist. By the end of 2021 each county should have
// at least one provincial pilot and several municipal pilots; later targets are set by the DRC.
// Pure, thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace weilai::programme {

// Default targets when the DRC has set none (2021: 一个以上省级试点、多个市级试点; "several" is
// read as 2).
inline constexpr int kDefaultTargetYear = 2021;
inline constexpr std::int64_t kDefaultProvincialTarget = 1;
inline constexpr std::int64_t kDefaultMunicipalTarget = 2;

// A project counts as a municipal pilot once on the municipal creation list (市级创建名单) and
// as a provincial pilot once on the provincial list, at every later stage too (named, operating
// included); revoked projects count for nothing.
bool counts_as_municipal(std::string_view stage);
bool counts_as_provincial(std::string_view stage);

struct TargetProgress {
  std::int64_t provincial_target = 0, municipal_target = 0;
  std::int64_t provincial_actual = 0, municipal_actual = 0;
  bool met() const {
    return provincial_actual >= provincial_target && municipal_actual >= municipal_target;
  }
};

}  // namespace weilai::programme
