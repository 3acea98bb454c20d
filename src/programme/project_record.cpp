#include "programme/project_record.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace weilai::programme {
namespace {
constexpr std::array<const char*, 2> kTypes{"renewal", "new_build"};
constexpr std::array<const char*, 5> kSubForms{"全拆重建", "插花式改修建", "拆改结合", "整合提升",
                                               "全域"};
constexpr std::array<const char*, 13> kPublic{"id",
                                              "name",
                                              "county_name_zh",
                                              "project_type",
                                              "sub_form",
                                              "stage",
                                              "land_area_mu",
                                              "land_area_ha",
                                              "floor_area_m2",
                                              "investment_yuan",
                                              "households",
                                              "implementing_entity",
                                              "location"};
}  // namespace

std::span<const char* const> project_types() {
  return kTypes;
}
std::span<const char* const> sub_forms() {
  return kSubForms;
}
std::span<const char* const> public_fields() {
  return kPublic;
}

Status validate_type(std::string_view type, std::string_view sub_form) {
  if (type != "renewal" && type != "new_build")
    return Error::invalid("project_type is renewal (改造更新类) or new_build (规划新建类)",
                          "/project_type");
  if (type == "new_build") {
    if (!sub_form.empty() && sub_form != "全域")
      return Error::invalid("a new-build project has no sub-form other than 全域", "/sub_form");
    return {};
  }
  if (std::find(kSubForms.begin(), kSubForms.end(), sub_form) == kSubForms.end())
    return Error::invalid(
        "a renewal project names its sub-form: 全拆重建, 插花式改修建, 拆改结合, "
        "整合提升 or 全域",
        "/sub_form");
  return {};
}

bool valid_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  const int y = std::stoi(std::string(d.substr(0, 4)));
  const int m = std::stoi(std::string(d.substr(5, 2)));
  const int day = std::stoi(std::string(d.substr(8, 2)));
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return day <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace weilai::programme
