// CategoryMapping: which OSM tag combinations make a feature a facility of a life-circle category.
// Loaded from a small text file (see data/planning/categories.conf and docs/PLANNING.md): one rule
// per line, `category cond cond ...`, where every condition must hold:
//   key=value   key=v1|v2   key=*   key!=value   !key
// A feature gets every category whose rule matches (at most once per category), in file order.
// Immutable after loading: thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace weilai::osm {

struct TagCondition {
  enum class Kind { equals_any, not_equals, absent, present };
  Kind kind = Kind::equals_any;
  std::string key;
  std::vector<std::string> values;
};

struct CategoryRule {
  std::string category;
  std::vector<TagCondition> conditions;
  int line = 0;
};

// Returns the value of a tag or nullptr when absent.
using TagLookup = std::function<const char*(const char* key)>;

class CategoryMapping {
 public:
  // Errors: invalid_argument naming the source and line.
  static Result<CategoryMapping> parse(std::string_view text, const std::string& source_name);
  static Result<CategoryMapping> load(const std::string& path);
  // The built-in default (identical to data/planning/categories.conf).
  static const CategoryMapping& defaults();

  std::vector<std::string> match(const TagLookup& tag) const;
  const std::vector<CategoryRule>& rules() const { return rules_; }
  // Category names in first-appearance order.
  const std::vector<std::string>& categories() const { return categories_; }

 private:
  std::vector<CategoryRule> rules_;
  std::vector<std::string> categories_;
};

extern const char* const kDefaultCategoryMapping;

}  // namespace weilai::osm
