// The planning API (docs/PLANNING_API.md): site data uploads, analyses run as background jobs by
// the JobRunner (planning_jobs.hpp), and their stored results. Reading needs projects_read on the
// project; uploading, starting and cancelling need planning_run on it.
#include <boost/json.hpp>
#include <list>
#include <mutex>

#include "crypto/crypto.hpp"
#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/planning_compute.hpp"
#include "http/problem.hpp"
#include "planning/isochrone.hpp"
#include "planning/report.hpp"
#include "storage/org_store.hpp"
#include "storage/planning_store.hpp"
#include "storage/project_store.hpp"

namespace weilai::http {
namespace json = boost::json;
namespace api = planning_api;
using identity::Action;

namespace {

const std::string kBase = "/api/v1/projects/{project_id}/planning";

// The project, when the actor may take `action` on it (404 when it does not exist).
Status check_project(storage::Tx& tx, const identity::Actor& actor, std::int64_t project_id,
                     Action action) {
  WEILAI_TRY(auto project, storage::get_project(tx, project_id));
  identity::Resource res;
  WEILAI_TRY(res.org_path, storage::org_path(tx, project.county_id));
  return identity::authorize(actor, action, res);
}

json::value parse_stored(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  boost::system::error_code ec;
  auto v = json::parse(*text, ec);
  return ec ? json::value(nullptr) : v;
}

json::object dataset_json(const storage::DatasetRow& d) {
  return json::object{{"id", d.id},
                      {"project_id", d.project_id},
                      {"kind", d.kind},
                      {"filename", d.filename},
                      {"sha256", d.sha256},
                      {"size_bytes", d.size_bytes},
                      {"created_at", format_iso8601(d.created_at)},
                      {"created_by", d.created_by ? json::value(*d.created_by) : nullptr},
                      {"summary", parse_stored(d.summary_json)}};
}

json::object analysis_json(const storage::AnalysisRow& a) {
  auto time = [](const std::optional<UnixMillis>& t) {
    return t ? json::value(format_iso8601(*t)) : json::value(nullptr);
  };
  json::object o{{"id", a.id},
                 {"project_id", a.project_id},
                 {"status", a.status},
                 {"progress", a.progress},
                 {"stage", a.stage},
                 {"params", parse_stored(a.params_json)},
                 {"error", a.error ? json::value(*a.error) : nullptr},
                 {"cancel_requested", a.cancel_requested},
                 {"attempts", a.attempts},
                 {"created_at", format_iso8601(a.created_at)},
                 {"started_at", time(a.started_at)},
                 {"finished_at", time(a.finished_at)},
                 {"updated_at", format_iso8601(a.updated_at)},
                 {"created_by", a.created_by ? json::value(*a.created_by) : nullptr},
                 {"summary", parse_stored(a.summary_json)}};
  return o;
}

// The analysis, checked to belong to the project the path names and readable by the actor.
Result<storage::AnalysisRow> readable_analysis(App& app, const Request& req,
                                               const identity::Actor& actor) {
  const auto project_id = id_param(req, "project_id");
  const auto analysis_id = id_param(req, "analysis_id");
  return app.read<storage::AnalysisRow>([&](storage::Tx& tx) -> Result<storage::AnalysisRow> {
    WEILAI_CHECK(check_project(tx, actor, project_id, Action::projects_read));
    WEILAI_TRY(auto a, storage::get_analysis(tx, analysis_id));
    if (a.project_id != project_id)
      return Error::not_found("no analysis " + std::to_string(analysis_id) + " in this project");
    return a;
  });
}

Status require_succeeded(const storage::AnalysisRow& a) {
  if (a.status == "succeeded") return {};
  return Error{ErrorCode::failed_precondition,
               "analysis " + std::to_string(a.id) + " is " + a.status +
                   "; results exist only for succeeded analyses",
               {}};
}

Response document(std::string body, const std::string& content_type) {
  Response r;
  r.content_type = content_type;
  r.body = std::move(body);
  return r;
}

// Loaded sites of recent analyses for the isochrone endpoint (an OSM import per click would be
// far too slow). Results of a succeeded analysis never change, so entries never go stale.
class SiteCache {
 public:
  std::shared_ptr<const api::Site> find(std::int64_t id) {
    std::lock_guard lock(mu_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->first == id) {
        entries_.splice(entries_.begin(), entries_, it);
        return it->second;
      }
    return nullptr;
  }
  void put(std::int64_t id, std::shared_ptr<const api::Site> site) {
    std::lock_guard lock(mu_);
    entries_.remove_if([&](const auto& e) { return e.first == id; });
    entries_.emplace_front(id, std::move(site));
    while (entries_.size() > kCapacity) entries_.pop_back();
  }

 private:
  static constexpr std::size_t kCapacity = 4;
  std::mutex mu_;
  std::list<std::pair<std::int64_t, std::shared_ptr<const api::Site>>> entries_;
};

SiteCache& site_cache() {
  static SiteCache cache;
  return cache;
}

Result<std::shared_ptr<const api::Site>> site_of(App& app, const storage::AnalysisRow& a) {
  if (auto hit = site_cache().find(a.id)) return hit;
  auto v = json::parse(a.params_json);
  WEILAI_TRY(auto params, api::parse_params(v.as_object()));
  WEILAI_TRY(auto inputs,
             app.read<api::SiteInputs>([&](storage::Tx& tx) -> Result<api::SiteInputs> {
               api::SiteInputs in;
               auto file = [&](std::int64_t ds) -> Result<api::InputFile> {
                 WEILAI_TRY(auto row, storage::get_dataset(tx, a.project_id, ds));
                 WEILAI_TRY(auto bytes, storage::get_blob(tx, row.sha256));
                 return api::InputFile{row.filename, std::move(bytes)};
               };
               WEILAI_TRY(in.osm, file(params.osm_dataset_id));
               if (params.facilities_dataset_id) {
                 WEILAI_TRY(in.facilities, file(*params.facilities_dataset_id));
               }
               if (params.rules_dataset_id) {
                 WEILAI_TRY(in.rules, file(*params.rules_dataset_id));
               }
               // Residences do not matter to isochrones; OSM buildings are skipped unless uploaded.
               in.residences = api::InputFile{"none.csv", "id,lon,lat,households\n"};
               return in;
             }));
  WEILAI_TRY(auto site, api::load_site(params, inputs));
  auto shared = std::make_shared<const api::Site>(std::move(site));
  site_cache().put(a.id, shared);
  return shared;
}

// Parsed gap lists of recent analyses (a real extract has hundreds of thousands of gaps; they
// are stored once as gaps.csv and paged from memory).
class GapCache {
 public:
  using List = std::shared_ptr<const std::vector<api::GapItem>>;
  List find(std::int64_t id) {
    std::lock_guard lock(mu_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->first == id) {
        entries_.splice(entries_.begin(), entries_, it);
        return it->second;
      }
    return nullptr;
  }
  void put(std::int64_t id, List list) {
    std::lock_guard lock(mu_);
    entries_.remove_if([&](const auto& e) { return e.first == id; });
    entries_.emplace_front(id, std::move(list));
    while (entries_.size() > 4) entries_.pop_back();
  }

 private:
  std::mutex mu_;
  std::list<std::pair<std::int64_t, List>> entries_;
};

Result<GapCache::List> gaps_of(App& app, std::int64_t analysis_id) {
  static GapCache cache;
  if (auto hit = cache.find(analysis_id)) return hit;
  WEILAI_TRY(auto text, app.read<std::string>([&](storage::Tx& tx) {
    return storage::get_result(tx, analysis_id, "gaps.csv");
  }));
  WEILAI_TRY(auto parsed, api::parse_gaps_csv(text));
  auto list = std::make_shared<const std::vector<api::GapItem>>(std::move(parsed));
  cache.put(analysis_id, list);
  return GapCache::List(list);
}

// Answers of recent isochrone requests (analysis + request body): a click on the same point or
// facility again is answered from memory. Polygon building dominates the cost (seconds for a
// 30-minute walk over a whole city), so this is what makes repeated clicks fast.
class IsochroneCache {
 public:
  using Entry = std::shared_ptr<const std::string>;
  Entry find(const std::string& key) {
    std::lock_guard lock(mu_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->first == key) {
        entries_.splice(entries_.begin(), entries_, it);
        return it->second;
      }
    return nullptr;
  }
  void put(const std::string& key, Entry e) {
    std::lock_guard lock(mu_);
    entries_.remove_if([&](const auto& x) { return x.first == key; });
    entries_.emplace_front(key, std::move(e));
    while (entries_.size() > 64) entries_.pop_back();
  }

 private:
  std::mutex mu_;
  std::list<std::pair<std::string, Entry>> entries_;
};

IsochroneCache& isochrone_cache() {
  static IsochroneCache cache;
  return cache;
}

std::string safe_filename(const Request& req) {
  auto name = query_string(req, "filename", 200);
  if (!name || name->empty())
    throw Problem(422, "validation_failed", "filename is required", "?filename");
  if (name->find_first_of("/\\") != std::string::npos || name->front() == '.')
    throw Problem(422, "validation_failed", "filename must be a plain file name", "?filename");
  return *name;
}

}  // namespace

void add_planning_routes(App& app) {
  auto& r = app.router();

  r.add(
      "POST", kBase + "/datasets",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::planning_run));
        const auto project_id = id_param(req, "project_id");
        const auto kind = query_string(req, "kind", 16);
        if (!kind ||
            (*kind != "osm" && *kind != "facilities" && *kind != "residences" && *kind != "rules"))
          return Error::invalid("kind must be osm, facilities, residences or rules", "?kind");
        const std::string filename = safe_filename(req);
        // Permission before the (slow) validation, and again in the write below.
        WEILAI_CHECK(app.read<bool>([&](storage::Tx& tx) -> Result<bool> {
          WEILAI_CHECK(check_project(tx, actor, project_id, Action::planning_run));
          return true;
        }));
        const std::size_t limit = *kind == "osm" ? api::kMaxOsmBytes : api::kMaxTableBytes;
        if (req.body.size() > limit)
          throw Problem(413, "payload_too_large",
                        filename + ": a " + *kind + " file may have at most " +
                            std::to_string(limit >> 20) + " MiB");
        WEILAI_TRY(auto summary, api::validate_dataset(*kind, filename, req.body));
        storage::DatasetRow row;
        row.project_id = project_id;
        row.kind = *kind;
        row.filename = filename;
        row.sha256 = crypto::sha256_hex(req.body);
        row.size_bytes = static_cast<std::int64_t>(req.body.size());
        row.summary_json = json::serialize(summary);
        row.created_at = app.clock().now_ms();
        row.created_by = actor.account_id;
        WEILAI_TRY(
            auto created,
            app.write<storage::DatasetRow>(
                req, actor, [&](storage::Tx& tx, Changes& changes) -> Result<storage::DatasetRow> {
                  WEILAI_CHECK(check_project(tx, actor, project_id, Action::planning_run));
                  WEILAI_CHECK(storage::put_blob(tx, row.sha256, req.body, row.created_at));
                  WEILAI_TRY(auto d, storage::insert_dataset(tx, row));
                  changes.record("planning.dataset.create", "planning_dataset",
                                 std::to_string(d.id),
                                 json::object{{"project_id", project_id},
                                              {"kind", d.kind},
                                              {"filename", d.filename},
                                              {"sha256", d.sha256},
                                              {"size_bytes", d.size_bytes}});
                  return d;
                }));
        return json_response(dataset_json(created), 201);
      },
      {"Upload planning site data (raw body: OSM extract, facilities/residences CSV or "
       "GeoJSON, rules JSON)",
       "planning",
       true,
       {"kind", "filename"},
       "the file itself (≤ 64 MiB for osm, ≤ 16 MiB otherwise)",
       {201, 404, 413, 422}});

  r.add("GET", kBase + "/datasets",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_read));
          const auto project_id = id_param(req, "project_id");
          WEILAI_TRY(
              auto rows,
              app.read<std::vector<storage::DatasetRow>>(
                  [&](storage::Tx& tx) -> Result<std::vector<storage::DatasetRow>> {
                    WEILAI_CHECK(check_project(tx, actor, project_id, Action::projects_read));
                    return storage::list_datasets(tx, project_id);
                  }));
          json::array items;
          for (const auto& d : rows) items.push_back(dataset_json(d));
          return json_response(json::object{{"items", std::move(items)}});
        },
        {"Planning datasets of a project", "planning", true, {}, "", {404}});

  r.add("DELETE", kBase + "/datasets/{dataset_id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::planning_run));
          const auto project_id = id_param(req, "project_id");
          const auto dataset_id = id_param(req, "dataset_id");
          WEILAI_CHECK(
              app.write<bool>(req, actor, [&](storage::Tx& tx, Changes& changes) -> Result<bool> {
                WEILAI_CHECK(check_project(tx, actor, project_id, Action::planning_run));
                WEILAI_TRY(auto d, storage::get_dataset(tx, project_id, dataset_id));
                WEILAI_CHECK(storage::delete_dataset(tx, project_id, dataset_id));
                changes.record("planning.dataset.delete", "planning_dataset",
                               std::to_string(dataset_id),
                               json::object{{"project_id", project_id}, {"sha256", d.sha256}});
                return true;
              }));
          return no_content();
        },
        {"Delete a planning dataset (409 while an analysis uses it)",
         "planning",
         true,
         {},
         "",
         {204, 404, 409}});

  r.add(
      "POST", kBase + "/analyses",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::planning_run));
        const auto project_id = id_param(req, "project_id");
        const auto body = parse_json_object(req);
        WEILAI_TRY(auto params, api::parse_params(body));
        WEILAI_TRY(
            auto created,
            app.write<storage::AnalysisRow>(
                req, actor, [&](storage::Tx& tx, Changes& changes) -> Result<storage::AnalysisRow> {
                  WEILAI_CHECK(check_project(tx, actor, project_id, Action::planning_run));
                  auto expect = [&](std::optional<std::int64_t> id, const char* kind,
                                    const char* field) -> Status {
                    if (!id) return {};
                    auto d = storage::get_dataset(tx, project_id, *id);
                    if (!d)
                      return Error::invalid(
                          "dataset " + std::to_string(*id) + " does not exist in this project",
                          field);
                    if (d->kind != kind)
                      return Error::invalid(
                          "dataset " + std::to_string(*id) + " is " + d->kind + ", not " + kind,
                          field);
                    return {};
                  };
                  WEILAI_CHECK(expect(params.osm_dataset_id, "osm", "/osm_dataset_id"));
                  WEILAI_CHECK(
                      expect(params.facilities_dataset_id, "facilities", "/facilities_dataset_id"));
                  WEILAI_CHECK(
                      expect(params.residences_dataset_id, "residences", "/residences_dataset_id"));
                  WEILAI_CHECK(expect(params.rules_dataset_id, "rules", "/rules"));
                  const auto pj = json::serialize(api::params_json(params));
                  WEILAI_TRY(auto a,
                             storage::insert_analysis(tx, project_id, pj, params.dataset_ids(),
                                                      app.clock().now_ms(), actor.account_id));
                  changes.record("planning.analysis.create", "planning_analysis",
                                 std::to_string(a.id),
                                 json::object{{"project_id", project_id},
                                              {"status", "queued"},
                                              {"params", api::params_json(params)}});
                  return a;
                }));
        return json_response(analysis_json(created), 202);
      },
      {"Queue a planning analysis (a background job)",
       "planning",
       true,
       {},
       "{osm_dataset_id, profile, facilities_dataset_id?, residences_dataset_id?, rules, "
       "cutoffs_min?, suggest?}",
       {202, 404, 422}});

  r.add("GET", kBase + "/analyses",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_read));
          const auto project_id = id_param(req, "project_id");
          WEILAI_TRY(
              auto rows,
              app.read<std::vector<storage::AnalysisRow>>(
                  [&](storage::Tx& tx) -> Result<std::vector<storage::AnalysisRow>> {
                    WEILAI_CHECK(check_project(tx, actor, project_id, Action::projects_read));
                    return storage::list_analyses(tx, project_id);
                  }));
          json::array items;
          for (const auto& a : rows) items.push_back(analysis_json(a));
          return json_response(json::object{{"items", std::move(items)}});
        },
        {"Planning analyses of a project, newest first", "planning", true, {}, "", {404}});

  r.add("GET", kBase + "/analyses/{analysis_id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_read));
          WEILAI_TRY(auto a, readable_analysis(app, req, actor));
          return json_response(analysis_json(a));
        },
        {"One analysis: status, progress, stage, summary", "planning", true, {}, "", {404}});

  r.add("POST", kBase + "/analyses/{analysis_id}/cancel",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::planning_run));
          const auto project_id = id_param(req, "project_id");
          const auto analysis_id = id_param(req, "analysis_id");
          WEILAI_TRY(auto a,
                     app.write<storage::AnalysisRow>(
                         req, actor,
                         [&](storage::Tx& tx, Changes& changes) -> Result<storage::AnalysisRow> {
                           WEILAI_CHECK(check_project(tx, actor, project_id, Action::planning_run));
                           WEILAI_TRY(auto before, storage::get_analysis(tx, analysis_id));
                           if (before.project_id != project_id)
                             return Error::not_found("no analysis " + std::to_string(analysis_id) +
                                                     " in this project");
                           WEILAI_TRY(auto after, storage::request_cancel(tx, analysis_id,
                                                                          app.clock().now_ms()));
                           changes.record("planning.analysis.cancel", "planning_analysis",
                                          std::to_string(analysis_id),
                                          json::object{{"from", before.status},
                                                       {"status", after.status},
                                                       {"cancel_requested", true}});
                           return after;
                         }));
          return json_response(analysis_json(a));
        },
        {"Cancel an analysis (queued: at once; running: within about a second)",
         "planning",
         true,
         {},
         "",
         {404, 409}});

  // Stored documents of a succeeded analysis.
  struct Doc {
    const char* path;
    const char* name;
    const char* type;
    const char* summary;
  };
  static const Doc kDocs[] = {
      {"/report", "report.json", "application/json", "The engine's full report JSON"},
      {"/coverage", "coverage.json", "application/json",
       "Coverage table: per area, category and cutoff, and per rule level"},
      {"/suggestions", "suggestions.json", "application/json",
       "Site suggestions (when the analysis asked for them)"},
      {"/network.geojson", "network.geojson", "application/geo+json",
       "The routed road network as LineStrings (chains merged)"},
      {"/facilities.geojson", "facilities.geojson", "application/geo+json", "Facilities as points"},
      {"/residences.geojson", "residences.geojson", "application/geo+json",
       "Residences with their nearest times and met levels"},
  };
  for (const auto& d : kDocs) {
    r.add("GET", kBase + "/analyses/{analysis_id}" + d.path,
          [&app, d](Request& req) -> Result<Response> {
            WEILAI_TRY(auto actor, app.allowed(req, Action::projects_read));
            WEILAI_TRY(auto a, readable_analysis(app, req, actor));
            WEILAI_CHECK(require_succeeded(a));
            WEILAI_TRY(auto body, app.read<std::string>([&](storage::Tx& tx) {
              return storage::get_result(tx, a.id, d.name);
            }));
            return document(std::move(body), d.type);
          },
          {d.summary, "planning", true, {}, "", {404, 409}});
  }

  r.add("GET", kBase + "/analyses/{analysis_id}/export",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_read));
          const auto format = query_string(req, "format", 8).value_or("csv");
          if (format != "csv") return Error::invalid("format must be csv", "?format");
          const auto table = query_string(req, "table", 16);
          if (!table || (*table != "nearest" && *table != "counts" && *table != "gaps" &&
                         *table != "coverage"))
            return Error::invalid("table must be nearest, counts, gaps or coverage", "?table");
          WEILAI_TRY(auto a, readable_analysis(app, req, actor));
          WEILAI_CHECK(require_succeeded(a));
          WEILAI_TRY(auto body, app.read<std::string>([&](storage::Tx& tx) {
            return storage::get_result(tx, a.id, *table + ".csv");
          }));
          Response res = document(std::move(body), "text/csv; charset=utf-8");
          res.set_header("Content-Disposition", "attachment; filename=\"analysis-" +
                                                    std::to_string(a.id) + "-" + *table + ".csv\"");
          return res;
        },
        {"Export a result table as CSV (formats of docs/PLANNING.md)",
         "planning",
         true,
         {"format", "table"},
         "",
         {404, 409}});

  r.add("GET", kBase + "/analyses/{analysis_id}/gaps",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_read));
          const Page page = page_params(req);
          const auto level = query_string(req, "level", 64);
          const auto category = query_string(req, "category", 64);
          WEILAI_TRY(auto a, readable_analysis(app, req, actor));
          WEILAI_CHECK(require_succeeded(a));
          WEILAI_TRY(auto all, gaps_of(app, a.id));
          // The cursor is the position in the list (seq, from 1) of the last item returned.
          json::array items;
          std::int64_t last = 0;
          for (std::size_t i = static_cast<std::size_t>(page.after_id);
               i < all->size() && items.size() < static_cast<std::size_t>(page.limit); ++i) {
            const auto& g = (*all)[i];
            if ((level && g.level != *level) || (category && g.category != *category)) continue;
            items.push_back(
                json::object{{"seq", static_cast<std::int64_t>(i + 1)},
                             {"residence_id", g.residence_id},
                             {"level", g.level},
                             {"category", g.category},
                             {"cutoff_min", g.cutoff_min},
                             {"nearest_seconds", g.nearest_seconds ? json::value(*g.nearest_seconds)
                                                                   : json::value(nullptr)},
                             {"households", g.households}});
            last = static_cast<std::int64_t>(i + 1);
          }
          const auto n = items.size();
          auto out = page_body(std::move(items), next_cursor(n, page, last));
          out["attribution"] = api::kAttribution;
          return json_response(out);
        },
        {"The gap list, paged; filter by level and category",
         "planning",
         true,
         {"level", "category", "limit", "cursor"},
         "",
         {404, 409}});

  r.add(
      "POST", kBase + "/analyses/{analysis_id}/isochrone",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::projects_read));
        const auto body = parse_json_object(req);
        for (const auto& kv : body)
          if (kv.key() != "lon" && kv.key() != "lat" && kv.key() != "facility_id" &&
              kv.key() != "cutoffs_min")
            return Error::invalid("unknown field " + std::string(kv.key()),
                                  "/" + std::string(kv.key()));
        WEILAI_TRY(auto a, readable_analysis(app, req, actor));
        WEILAI_CHECK(require_succeeded(a));
        std::vector<int> cutoffs;
        if (auto it = body.find("cutoffs_min"); it != body.end()) {
          if (!it->value().is_array() || it->value().as_array().empty() ||
              it->value().as_array().size() > 8)
            return Error::invalid("cutoffs_min is a list of 1 to 8 whole minutes", "/cutoffs_min");
          for (const auto& m : it->value().as_array()) {
            if (!m.is_int64() || m.as_int64() < 1 || m.as_int64() > 120)
              return Error::invalid("a cutoff is a whole number of minutes from 1 to 120",
                                    "/cutoffs_min");
            cutoffs.push_back(static_cast<int>(m.as_int64()));
          }
        }
        const std::string key = std::to_string(a.id) + "|" + json::serialize(body);
        if (auto hit = isochrone_cache().find(key)) return document(*hit, "application/geo+json");
        WEILAI_TRY(auto site, site_of(app, a));
        geo::LatLon origin{1000, 1000};
        if (auto it = body.find("facility_id"); it != body.end()) {
          if (!it->value().is_string())
            return Error::invalid("facility_id must be a string", "/facility_id");
          const std::string fid(it->value().as_string());
          auto f = std::find_if(site->facilities.begin(), site->facilities.end(),
                                [&](const planning::Facility& x) { return x.id == fid; });
          if (f == site->facilities.end())
            return Error::invalid("no facility '" + fid + "' in this analysis", "/facility_id");
          origin = f->at;
        } else {
          auto num = [&](const char* k) -> std::optional<double> {
            auto it = body.find(k);
            if (it == body.end() || !it->value().is_number()) return std::nullopt;
            return it->value().to_number<double>();
          };
          auto lon = num("lon"), lat = num("lat");
          if (!lon || !lat || !geo::valid({*lat, *lon}))
            return Error::invalid("give lon and lat (WGS84) or facility_id", lon ? "/lat" : "/lon");
          origin = {*lat, *lon};
        }
        planning::IsochroneOptions opt;
        if (cutoffs.empty()) cutoffs = site->rules.cutoffs_min;
        std::sort(cutoffs.begin(), cutoffs.end());
        cutoffs.erase(std::unique(cutoffs.begin(), cutoffs.end()), cutoffs.end());
        for (int m : cutoffs) opt.cutoffs.push_back(planning::minutes_to_ds(m));
        WEILAI_TRY(auto isos, planning::isochrones(*site->net, origin, opt));
        auto geojson =
            std::make_shared<const std::string>(planning::isochrones_geojson(isos, origin));
        isochrone_cache().put(key, geojson);
        return document(*geojson, "application/geo+json");
      },
      {"Isochrones from a point or a facility (synchronous)",
       "planning",
       true,
       {},
       "{lon, lat} or {facility_id}, optional cutoffs_min",
       {404, 409, 422}});
}

}  // namespace weilai::http
