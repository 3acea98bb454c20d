// The default ruleset shipped with Weilai: data/indicators/default-ruleset.json (a reconstruction
// of the Zhejiang nine-scenario indicators, see data/indicators/SOURCES.md), compiled in.
#pragma once

#include <string_view>

namespace weilai::evaluation {

std::string_view default_ruleset_json();

}  // namespace weilai::evaluation
