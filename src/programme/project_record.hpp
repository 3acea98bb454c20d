// Rules of a project record that do not need storage: the type and its sub-forms (改造更新类 /
// 规划新建类; 全拆重建, 插花式改修建, 拆改结合, 整合提升, 全域), areas (1 ha = 15 亩), dates of
// milestones, and the public facts the portal may show.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace weilai::programme {

// project_type: "renewal" (改造更新类) | "new_build" (规划新建类).
std::span<const char* const> project_types();
std::span<const char* const> sub_forms();  // the five sub-forms
// A renewal project names one of 全拆重建, 插花式改修建, 拆改结合, 整合提升, 全域; a new-build
// project names none or 全域.
Status validate_type(std::string_view project_type, std::string_view sub_form);
// YYYY-MM-DD with a real calendar date.
bool valid_date(std::string_view date);

inline double mu_from_ha(double ha) {
  return ha * 15.0;
}
inline double ha_from_mu(double mu) {
  return mu / 15.0;
}

// The project fields the public portal and open data may carry (四(四)); everything else
// (comments, reviewers, site polygon, safety hazards, milestones, versions) stays internal.
std::span<const char* const> public_fields();

}  // namespace weilai::programme
