#include "evaluation/survey.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace weilai::evaluation {
namespace {
using json = nlohmann::ordered_json;

Result<std::string> text_of(const json& o, const char* key, const std::string& path, bool required,
                            std::size_t max = 500) {
  const std::string f = path + "/" + key;
  if (!o.contains(key) || o.at(key).is_null()) {
    if (required) return Error::invalid("missing field " + f, f);
    return std::string();
  }
  if (!o.at(key).is_string()) return Error::invalid(f + " must be a string", f);
  auto s = o.at(key).get<std::string>();
  if (required && s.empty()) return Error::invalid(f + " must not be empty", f);
  if (s.size() > max) return Error::invalid(f + " is too long", f);
  return s;
}

}  // namespace

Result<std::vector<SurveyQuestion>> parse_questions(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array() || doc.empty() || doc.size() > 100)
    return Error::invalid("questions must be a non-empty array (at most 100)", "/questions");
  std::vector<SurveyQuestion> out;
  std::set<std::string> ids;
  int satisfaction = 0;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const std::string p = "/questions/" + std::to_string(i);
    const json& q = doc[i];
    if (!q.is_object()) return Error::invalid(p + " must be an object", p);
    for (const auto& [k, _] : q.items()) {
      static const std::vector<std::string> allowed{"id",      "type",     "text_zh",     "text_en",
                                                    "options", "required", "satisfaction"};
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
        return Error::invalid("unknown field " + p + "/" + k, p + "/" + k);
    }
    SurveyQuestion sq;
    WEILAI_TRY(sq.id, text_of(q, "id", p, true, 32));
    if (!ids.insert(sq.id).second) return Error::invalid(p + "/id is repeated", p + "/id");
    WEILAI_TRY(sq.type, text_of(q, "type", p, true, 16));
    if (sq.type != "rating" && sq.type != "single" && sq.type != "multiple" && sq.type != "text")
      return Error::invalid(p + "/type must be rating, single, multiple or text", p + "/type");
    WEILAI_TRY(sq.text_zh, text_of(q, "text_zh", p, true));
    WEILAI_TRY(sq.text_en, text_of(q, "text_en", p, false));
    if (q.contains("required")) {
      if (!q.at("required").is_boolean())
        return Error::invalid(p + "/required must be true or false", p + "/required");
      sq.required = q.at("required").get<bool>();
    }
    if (q.contains("satisfaction")) {
      if (!q.at("satisfaction").is_boolean())
        return Error::invalid(p + "/satisfaction must be true or false", p + "/satisfaction");
      sq.satisfaction = q.at("satisfaction").get<bool>();
      if (sq.satisfaction && sq.type != "rating")
        return Error::invalid(p + "/satisfaction is only for rating questions",
                              p + "/satisfaction");
      if (sq.satisfaction && ++satisfaction > 1)
        return Error::invalid(p + "/satisfaction: only one question feeds the indicator",
                              p + "/satisfaction");
    }
    const bool choice = sq.type == "single" || sq.type == "multiple";
    if (choice) {
      if (!q.contains("options") || !q.at("options").is_array() || q.at("options").size() < 2)
        return Error::invalid(p + "/options must list at least two options", p + "/options");
      std::set<std::string> oids;
      for (std::size_t j = 0; j < q.at("options").size(); ++j) {
        const std::string op = p + "/options/" + std::to_string(j);
        const json& o = q.at("options")[j];
        if (!o.is_object()) return Error::invalid(op + " must be an object", op);
        SurveyOption so;
        WEILAI_TRY(so.id, text_of(o, "id", op, true, 32));
        if (!oids.insert(so.id).second) return Error::invalid(op + "/id is repeated", op + "/id");
        WEILAI_TRY(so.zh, text_of(o, "zh", op, true));
        WEILAI_TRY(so.en, text_of(o, "en", op, false));
        sq.options.push_back(std::move(so));
      }
    } else if (q.contains("options")) {
      return Error::invalid(p + "/options is only for choice questions", p + "/options");
    }
    out.push_back(std::move(sq));
  }
  return out;
}

std::string questions_json(const std::vector<SurveyQuestion>& qs) {
  json a = json::array();
  for (const auto& q : qs) {
    json o{{"id", q.id},
           {"type", q.type},
           {"text_zh", q.text_zh},
           {"text_en", q.text_en},
           {"required", q.required}};
    if (q.satisfaction) o["satisfaction"] = true;
    if (!q.options.empty()) {
      json opts = json::array();
      for (const auto& op : q.options)
        opts.push_back({{"id", op.id}, {"zh", op.zh}, {"en", op.en}});
      o["options"] = opts;
    }
    a.push_back(o);
  }
  return a.dump();
}

Result<std::string> validate_answers(const std::vector<SurveyQuestion>& qs, std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Error::invalid("answers must be an object of question id → answer", "/answers");
  for (const auto& [k, _] : doc.items()) {
    if (std::none_of(qs.begin(), qs.end(), [&](const SurveyQuestion& q) { return q.id == k; }))
      return Error::invalid("no question " + k + " in this survey", "/answers/" + k);
  }
  json out = json::object();
  for (const auto& q : qs) {
    const std::string f = "/answers/" + q.id;
    if (!doc.contains(q.id) || doc.at(q.id).is_null()) {
      if (q.required) return Error::invalid("question " + q.id + " needs an answer", f);
      continue;
    }
    const json& a = doc.at(q.id);
    auto has_option = [&](const json& v) {
      return v.is_string() && std::any_of(q.options.begin(), q.options.end(), [&](const auto& o) {
               return o.id == v.get<std::string>();
             });
    };
    if (q.type == "rating") {
      if (!a.is_number_integer() || a.get<long long>() < 1 || a.get<long long>() > 5)
        return Error::invalid("question " + q.id + " takes a rating from 1 to 5", f);
    } else if (q.type == "single") {
      if (!has_option(a)) return Error::invalid("question " + q.id + ": not one of its options", f);
    } else if (q.type == "multiple") {
      if (!a.is_array() || a.empty())
        return Error::invalid("question " + q.id + " takes a list of options", f);
      std::set<std::string> seen;
      for (const auto& v : a) {
        if (!has_option(v))
          return Error::invalid("question " + q.id + ": not one of its options", f);
        if (!seen.insert(v.get<std::string>()).second)
          return Error::invalid("question " + q.id + ": an option is repeated", f);
      }
    } else {
      if (!a.is_string() || a.get<std::string>().size() > 2000)
        return Error::invalid("question " + q.id + " takes text of at most 2000 bytes", f);
      if (a.get<std::string>().empty() && q.required)
        return Error::invalid("question " + q.id + " needs an answer", f);
    }
    out[q.id] = a;
  }
  return out.dump();
}

std::optional<double> satisfaction_pct(const std::vector<SurveyQuestion>& qs,
                                       const std::vector<SurveyResponseRow>& rows, int* answered) {
  auto q = std::find_if(qs.begin(), qs.end(), [](const auto& x) { return x.satisfaction; });
  if (answered) *answered = 0;
  if (q == qs.end()) return std::nullopt;
  int n = 0, good = 0;
  for (const auto& r : rows) {
    json a = json::parse(r.answers_json, nullptr, false);
    if (a.is_discarded() || !a.contains(q->id) || !a.at(q->id).is_number_integer()) continue;
    ++n;
    if (a.at(q->id).get<int>() >= 4) ++good;
  }
  if (answered) *answered = n;
  if (n == 0) return std::nullopt;
  return 100.0 * good / n;
}

namespace {
json aggregate(const std::vector<SurveyQuestion>& qs,
               const std::vector<const SurveyResponseRow*>& rows, bool with_text) {
  json out = json::array();
  std::vector<json> parsed;
  for (const auto* r : rows) parsed.push_back(json::parse(r->answers_json, nullptr, false));
  for (const auto& q : qs) {
    json o{{"id", q.id}, {"type", q.type}, {"text_zh", q.text_zh}, {"text_en", q.text_en}};
    int answered = 0;
    if (q.type == "rating") {
      std::vector<int> dist(5, 0);
      double sum = 0;
      for (const auto& a : parsed) {
        if (a.is_discarded() || !a.contains(q.id)) continue;
        const int v = a.at(q.id).get<int>();
        ++dist[v - 1];
        sum += v;
        ++answered;
      }
      o["distribution"] = dist;
      o["mean"] = answered ? json(sum / answered) : json(nullptr);
    } else if (q.type == "single" || q.type == "multiple") {
      json counts = json::array();
      for (const auto& op : q.options) {
        int c = 0;
        for (const auto& a : parsed) {
          if (a.is_discarded() || !a.contains(q.id)) continue;
          const auto& v = a.at(q.id);
          if (v.is_string() && v.get<std::string>() == op.id) ++c;
          if (v.is_array())
            for (const auto& x : v)
              if (x.get<std::string>() == op.id) ++c;
        }
        counts.push_back({{"id", op.id}, {"zh", op.zh}, {"en", op.en}, {"count", c}});
      }
      for (const auto& a : parsed)
        if (!a.is_discarded() && a.contains(q.id)) ++answered;
      o["options"] = counts;
    } else {
      json texts = json::array();
      for (const auto& a : parsed) {
        if (a.is_discarded() || !a.contains(q.id)) continue;
        ++answered;
        if (with_text && !a.at(q.id).get<std::string>().empty()) texts.push_back(a.at(q.id));
      }
      // Sorted so the order reveals nothing about who answered when.
      std::vector<std::string> sorted;
      for (const auto& t : texts) sorted.push_back(t.get<std::string>());
      std::sort(sorted.begin(), sorted.end());
      o["texts"] = sorted;
    }
    o["answered"] = answered;
    out.push_back(o);
  }
  return out;
}
}  // namespace

std::string survey_results(const std::vector<SurveyQuestion>& qs,
                           const std::vector<SurveyResponseRow>& rows, long long eligible,
                           int min_group_size) {
  std::vector<const SurveyResponseRow*> all;
  for (const auto& r : rows) all.push_back(&r);
  const bool enough = static_cast<int>(rows.size()) >= min_group_size;
  json doc{{"responses", rows.size()},
           {"eligible", eligible},
           {"min_group_size", min_group_size},
           {"shown", enough}};
  int answered = 0;
  auto sat = enough ? satisfaction_pct(qs, rows, &answered) : std::nullopt;
  doc["satisfaction_pct"] = sat ? json(*sat) : json(nullptr);
  doc["questions"] = enough ? aggregate(qs, all, true) : json::array();
  std::map<std::string, std::vector<const SurveyResponseRow*>> groups;
  for (const auto& r : rows) groups[r.group].push_back(&r);
  json gs = json::array();
  int suppressed = 0;
  for (const auto& [name, members] : groups) {
    if (static_cast<int>(members.size()) < min_group_size || !enough) {
      suppressed += static_cast<int>(members.size());
      continue;
    }
    gs.push_back({{"group", name},
                  {"responses", members.size()},
                  {"questions", aggregate(qs, members, false)}});
  }
  doc["groups"] = gs;
  doc["suppressed_responses"] = suppressed;
  return doc.dump();
}

}  // namespace weilai::evaluation
