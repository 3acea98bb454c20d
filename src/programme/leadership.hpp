// The leadership group (领导小组, policy 四(一)(二)): meetings with minutes and decisions; each
// decision becomes action items assigned to a responsible department (责任单位) with a deadline.
// The departments are those the policy lists under its articles. Pure, thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "programme/ops_dates.hpp"

namespace weilai::programme {

struct Department {
  std::string_view code;
  std::string_view name_zh;
  std::string_view name_en;
};
// 责任单位 named in the policy (seed clauses 二–三); the codes are stable API values.
inline constexpr Department kDepartments[] = {
    {"drc", "市发改委", "Municipal Development and Reform Commission"},
    {"natural_resources", "市自然资源局", "Municipal Natural Resources and Planning Bureau"},
    {"construction", "市建设局", "Municipal Housing and Construction Bureau"},
    {"finance", "市财政局", "Municipal Finance Bureau"},
    {"civil_air_defence", "市人防办", "Municipal Civil Air Defence Office"},
    {"village_renewal_hq", "市区城中村改造指挥部", "Urban Village Renewal Headquarters"},
    {"pboc_lishui", "人行丽水市中心支行", "PBoC Lishui Central Sub-branch"},
    {"financial_office", "市金融办", "Municipal Financial Affairs Office"},
    {"cbirc_lishui", "丽水银保监分局", "CBIRC Lishui Branch"},
    {"talent_office", "市委人才办", "Municipal Talent Office"},
    {"human_resources", "市人力社保局", "Municipal Human Resources and Social Security Bureau"},
    {"economy_it", "市经信局", "Municipal Economy and Information Technology Bureau"},
    {"education", "市教育局", "Municipal Education Bureau"},
    {"civil_affairs", "市民政局", "Municipal Civil Affairs Bureau"},
    {"market_regulation", "市市场监管局", "Municipal Market Regulation Bureau"},
    {"big_data", "市大数据局", "Municipal Big Data Bureau"},
    {"public_security", "市公安局", "Municipal Public Security Bureau"},
    {"admin_service_centre", "市行政服务中心", "Municipal Administrative Service Centre"},
};
const Department* find_department(std::string_view code);

enum class ActionStatus { open, in_progress, done };
const char* to_string(ActionStatus s);
std::optional<ActionStatus> parse_action_status(std::string_view text);

// Overdue: not done and the deadline has passed (a deadline day itself is still in time).
bool action_overdue(ActionStatus status, Day deadline, Day today);

}  // namespace weilai::programme
