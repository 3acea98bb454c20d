// The planning API (docs/PLANNING_API.md) end to end on both drivers: uploads and their
// validation, analyses as background jobs (lifecycle, progress, cancel, lease takeover, requeue
// on stop, many runners), results equal to the library's on the same inputs, CSV exports, the
// isochrone endpoint and permissions. Networks are tiny OPL texts written here.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "http/planning_compute.hpp"
#include "http/planning_jobs.hpp"
#include "http/server_fixture.hpp"
#include "osm/osm_import.hpp"
#include "planning/report.hpp"
#include "storage/demo_planning.hpp"
#include "storage/planning_store.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

// n1 - n5 along the equator, 111.195 m apart (see tests/planning/analysis_test.cpp for the
// hand-checked times of the same street).
const std::string kStreet =
    "n1 v1 x0.000 y0\nn2 v1 x0.001 y0\nn3 v1 x0.002 y0\nn4 v1 x0.003 y0\nn5 v1 x0.004 y0\n"
    "w1 v1 Thighway=residential Nn1,n2,n3,n4,n5\n";
const std::string kFacilities =
    "id,category,lon,lat,capacity,name\n"
    "f1,supermarket,0.002,0,3,东市场\n"
    "f2,supermarket,0.0045,0,4,\n"
    "p1,pharmacy,0.001,0,1,药房\n";
const std::string kResidences =
    "id,lon,lat,households,area\n"
    "r1,0.0005,0,100,east\n"
    "r2,0.0035,0.0001,50,west\n"
    "r3,0.02,0.02,10,east\n";
const std::string kRules = R"({"name":"t","cutoffs_min":[2,3],"levels":[
    {"name":"2-min","cutoff_min":2,"require":["supermarket"]},
    {"name":"3-min","cutoff_min":3,"require":["pharmacy"]}]})";

class PlanningApi : public ServerFixture {
 protected:
  // As `weilai serve` configures it: planning uploads may exceed the general body limit.
  void configure(http::AppOptions&, http::ServerOptions& so) override {
    so.upload_body_limit = http::planning_api::kMaxOsmBytes;
    so.upload_path_prefixes = {http::planning_api::kUploadPathPattern};
  }

  void SetUp() override {
    ServerFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // The demo analysis (Monaco) stays out of these tests' runners.
    auto st = db_->run(storage::TxMode::write, [](storage::Tx& tx) -> Status {
      WEILAI_TRY(auto r, tx.exec("UPDATE planning_analyses SET status = 'cancelled'"));
      (void)r;
      return {};
    });
    ASSERT_TRUE(st);
    auto rows = db_->transact(storage::TxMode::read, [](storage::Tx& tx) {
      return tx.exec("SELECT id, name FROM projects ORDER BY id");
    });
    ASSERT_TRUE(rows);
    lingshan_ = rows->rows.at(0).i64(0);  // 莲都
    longquan_ = rows->rows.at(1).i64(0);  // 龙泉
    token_ = login("liandu");
  }

  std::string base(std::int64_t project) const {
    return "/api/v1/projects/" + std::to_string(project) + "/planning";
  }
  HttpResponse upload(std::int64_t project, const std::string& kind, const std::string& filename,
                      const std::string& bytes, const std::string& token = {}) {
    return client().request(
        "POST", base(project) + "/datasets?kind=" + kind + "&filename=" + filename, bytes,
        {{"Authorization", "Bearer " + (token.empty() ? token_ : token)},
         {"Content-Type", "application/octet-stream"}});
  }
  std::int64_t upload_ok(const std::string& kind, const std::string& filename,
                         const std::string& bytes) {
    auto r = upload(lingshan_, kind, filename, bytes);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? parse(r.body).at("id").as_int64() : 0;
  }
  // Uploads the street and its points; returns the POST analyses body.
  std::string street_analysis(bool suggest = false) {
    const auto osm = upload_ok("osm", "street.opl", kStreet);
    const auto fac = upload_ok("facilities", "fac.csv", kFacilities);
    const auto res = upload_ok("residences", "res.csv", kResidences);
    const auto rules = upload_ok("rules", "rules.json", kRules);
    json::object body{{"osm_dataset_id", osm},
                      {"profile", "walk"},
                      {"facilities_dataset_id", fac},
                      {"residences_dataset_id", res},
                      {"rules", json::object{{"dataset_id", rules}}}};
    if (suggest)
      body["suggest"] = json::object{{"category", "pharmacy"}, {"k", 1}, {"cutoff_min", 3}};
    return json::serialize(body);
  }
  std::int64_t queue(const std::string& body) {
    auto r = client().post_json(base(lingshan_) + "/analyses", body, token_);
    EXPECT_EQ(r.status, 202) << r.body;
    EXPECT_EQ(parse(r.body).at("status").as_string(), "queued");
    return parse(r.body).at("id").as_int64();
  }
  json::object analysis(std::int64_t id) {
    auto r = client().get(base(lingshan_) + "/analyses/" + std::to_string(id), token_);
    EXPECT_EQ(r.status, 200) << r.body;
    return parse(r.body).as_object();
  }
  // Polls until pred(analysis) holds (5 s at most).
  json::object wait_for(std::int64_t id, const std::function<bool(const json::object&)>& pred) {
    json::object a;
    for (int i = 0; i < 500; ++i) {
      a = analysis(id);
      if (pred(a)) return a;
      std::this_thread::sleep_for(10ms);
    }
    ADD_FAILURE() << "timed out; last: " << json::serialize(a);
    return a;
  }
  std::string result(std::int64_t id, const std::string& what, int status = 200) {
    auto r = client().get(base(lingshan_) + "/analyses/" + std::to_string(id) + what, token_);
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    return r.body;
  }
  http::JobRunnerOptions fast_runner(const std::string& owner) {
    http::JobRunnerOptions o;
    o.owner = owner;
    o.heartbeat = 20ms;
    o.poll = 20ms;
    return o;
  }
  std::int64_t audit_count(const std::string& action, std::int64_t target) {
    auto r = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT count(*) FROM audit_log WHERE action = $1 AND target_id = $2",
                     {action, std::to_string(target)});
    });
    return r ? r->front().i64(0) : -1;
  }

  std::int64_t lingshan_ = 0, longquan_ = 0;
  std::string token_;
};

TEST_P(PlanningApi, UploadsAreValidatedAndContentAddressed) {
  auto bad_csv = upload(lingshan_, "facilities", "fac.csv",
                        "id,category,lon,lat\nf1,park,0.001,0\nf2,park,abc,0\n");
  EXPECT_EQ(bad_csv.status, 422) << bad_csv.body;
  EXPECT_NE(parse(bad_csv.body).at("detail").as_string().find("fac.csv:3"), std::string::npos)
      << bad_csv.body;
  auto gbk =
      upload(lingshan_, "residences", "res.csv", "id,lon,lat,households\nr1,0.001,0,\xb6\xfe\n");
  EXPECT_EQ(gbk.status, 422) << gbk.body;
  EXPECT_NE(parse(gbk.body).at("detail").as_string().find("res.csv:2"), std::string::npos)
      << gbk.body;
  auto pbf = upload(lingshan_, "osm", "broken.osm.pbf", std::string("\0\0\0\x0dgarbage-here", 16));
  EXPECT_EQ(pbf.status, 422) << pbf.body;
  EXPECT_NE(parse(pbf.body).at("detail").as_string().find("broken.osm.pbf"), std::string::npos)
      << pbf.body;
  EXPECT_EQ(upload(lingshan_, "osm", "empty.opl", "").status, 422);
  EXPECT_EQ(upload(lingshan_, "osm", "roads.txt", kStreet).status, 422);  // extension
  EXPECT_EQ(upload(lingshan_, "osm", "noroads.opl", "n1 v1 x0 y0\n").status, 422);
  EXPECT_EQ(upload(lingshan_, "maps", "a.csv", kFacilities).status, 422);
  EXPECT_EQ(upload(lingshan_, "facilities", "../a.csv", kFacilities).status, 422);
  EXPECT_EQ(upload(lingshan_, "rules", "r.json", R"({"levels": 3})").status, 422);
  EXPECT_EQ(upload(99999, "facilities", "a.csv", kFacilities).status, 404);
  std::string big(http::planning_api::kMaxTableBytes + 1, 'x');
  EXPECT_EQ(upload(lingshan_, "facilities", "big.csv", big).status, 413);

  // Above the general 8 MiB body limit but within the 16 MiB of a facilities file: accepted
  // (the upload route's wildcard prefix raised the server's limit).
  {
    std::string many = "id,category,lon,lat\n";
    for (int i = 0; many.size() < (9u << 20); ++i)
      many += "f" + std::to_string(i) + ",park,0.00" + std::to_string(i % 10) + ",0.001\n";
    auto r = upload(lingshan_, "facilities", "many.csv", many);
    EXPECT_EQ(r.status, 201) << r.body.substr(0, 300);
    // Other routes keep the general limit.
    auto other = client().post_json("/api/v1/org-units", std::string(9u << 20, ' '), token_);
    EXPECT_EQ(other.status, 413);
  }
  auto a = upload(lingshan_, "facilities", "fac.csv", kFacilities);
  auto b = upload(lingshan_, "facilities", "again.csv", kFacilities);
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;
  const auto ja = parse(a.body), jb = parse(b.body);
  EXPECT_EQ(ja.at("sha256"), jb.at("sha256"));
  EXPECT_EQ(ja.at("summary").at("rows").as_int64(), 3);
  EXPECT_EQ(ja.at("size_bytes").as_int64(), static_cast<std::int64_t>(kFacilities.size()));
  auto blobs = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec("SELECT count(*) FROM blobs WHERE sha256 = $1",
                   {std::string(ja.at("sha256").as_string())});
  });
  EXPECT_EQ(blobs->front().i64(0), 1);
  auto list = parse(client().get(base(lingshan_) + "/datasets", token_).body);
  EXPECT_EQ(list.at("items").as_array().size(), 3u);
  EXPECT_EQ(audit_count("planning.dataset.create", ja.at("id").as_int64()), 1);

  // Deleting one keeps the shared blob; deleting both removes it.
  auto del = [&](const json::value& d) {
    return client().request("DELETE",
                            base(lingshan_) + "/datasets/" + std::to_string(d.at("id").as_int64()),
                            "", {{"Authorization", "Bearer " + token_}});
  };
  EXPECT_EQ(del(ja).status, 204);
  EXPECT_EQ(del(ja).status, 404);
  EXPECT_EQ(del(jb).status, 204);
  blobs = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec("SELECT count(*) FROM blobs WHERE sha256 = $1",
                   {std::string(ja.at("sha256").as_string())});
  });
  EXPECT_EQ(blobs->front().i64(0), 0);
}

TEST_P(PlanningApi, AnalysisParametersAreValidated) {
  const auto osm = upload_ok("osm", "street.opl", kStreet);
  const auto fac = upload_ok("facilities", "fac.csv", kFacilities);
  auto post = [&](const std::string& body) {
    return client().post_json(base(lingshan_) + "/analyses", body, token_);
  };
  auto field_of = [](const HttpResponse& r) {
    auto v = parse(r.body);
    return v.is_object() && v.as_object().contains("field") ? std::string(v.at("field").as_string())
                                                            : std::string();
  };
  const std::string o = std::to_string(osm), f = std::to_string(fac);
  auto r = post("{}");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "/osm_dataset_id");
  r = post(R"({"osm_dataset_id":999999})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "/osm_dataset_id");
  r = post(R"({"osm_dataset_id":)" + f + "}");  // a facilities file is not an extract
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "/osm_dataset_id");
  r = post(R"({"osm_dataset_id":)" + o + R"(,"profile":"fly"})");
  EXPECT_EQ(field_of(r), "/profile");
  r = post(R"({"osm_dataset_id":)" + o + R"(,"cutoffs_min":[5,0]})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "/cutoffs_min/1");
  r = post(R"({"osm_dataset_id":)" + o + R"(,"cutoffs_min":[500]})");
  EXPECT_EQ(field_of(r), "/cutoffs_min/0");
  r = post(R"({"osm_dataset_id":)" + o + R"(,"rules":"iso"})");
  EXPECT_EQ(field_of(r), "/rules");
  r = post(R"({"osm_dataset_id":)" + o + R"(,"suggest":{"category":"park","k":0}})");
  EXPECT_EQ(field_of(r), "/suggest/k");
  r = post(R"({"osm_dataset_id":)" + o + R"(,"colour":"red"})");
  EXPECT_EQ(field_of(r), "/colour");
  // A dataset of another project is unknown here.
  auto other = upload(longquan_, "osm", "street.opl", kStreet, login("admin"));
  ASSERT_EQ(other.status, 201);
  r = post(R"({"osm_dataset_id":)" + std::to_string(parse(other.body).at("id").as_int64()) + "}");
  EXPECT_EQ(r.status, 422);
  // ... and an analysis of this project is not found under another.
  const auto id = queue(R"({"osm_dataset_id":)" + o + "}");
  EXPECT_EQ(
      client().get(base(longquan_) + "/analyses/" + std::to_string(id), login("admin")).status,
      404);
  // A referenced dataset cannot be deleted.
  auto del = client().request("DELETE", base(lingshan_) + "/datasets/" + o, "",
                              {{"Authorization", "Bearer " + token_}});
  EXPECT_EQ(del.status, 409) << del.body;
}

TEST_P(PlanningApi, JobRunsToSuccessAndResultsEqualTheLibrary) {
  const auto id = queue(street_analysis(true));
  EXPECT_EQ(audit_count("planning.analysis.create", id), 1);
  // Not finished: results are 409.
  result(id, "/report", 409);
  result(id, "/export?format=csv&table=nearest", 409);

  http::JobRunner runner(*db_, *clock_, fast_runner("runner-a"));
  auto ran = runner.run_once();
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_TRUE(*ran);
  auto none = runner.run_once();
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  auto a = analysis(id);
  ASSERT_EQ(a.at("status").as_string(), "succeeded") << json::serialize(a);
  EXPECT_EQ(a.at("progress").as_double(), 1.0);
  EXPECT_EQ(a.at("attempts").as_int64(), 1);
  EXPECT_TRUE(a.at("error").is_null());
  const auto& summary = a.at("summary").as_object();
  EXPECT_EQ(summary.at("residences").as_int64(), 3);
  EXPECT_EQ(summary.at("households").as_double(), 160.0);
  EXPECT_EQ(summary.at("facilities").as_int64(), 3);
  EXPECT_EQ(summary.at("unsnapped").as_int64(), 1);  // r3 is 3 km away
  EXPECT_EQ(summary.at("bbox").as_array().size(), 4u);
  EXPECT_EQ(audit_count("planning.analysis.start", id), 1);
  EXPECT_EQ(audit_count("planning.analysis.succeeded", id), 1);

  // The same inputs through the library.
  osm::ImportOptions opt;
  auto imported = osm::import_osm_buffer(kStreet, "opl", opt);
  ASSERT_TRUE(imported);
  planning::Network net(graph::GraphFile{std::move(imported->graph), imported->meta});
  auto fs = planning::parse_facilities_csv(kFacilities, "fac.csv");
  auto rs = planning::parse_residences_csv(kResidences, "res.csv");
  auto rules = planning::parse_rules(kRules, "rules.json");
  ASSERT_TRUE(fs && rs && rules);
  std::vector<planning::Candidate> cands =
      planning::node_candidates(net, {-90, -180}, {90, 180}, 2000);
  std::vector<geo::LatLon> extra;
  for (const auto& c : cands) extra.push_back(c.at);
  auto in = planning::prepare(net, *rs, *fs, {500}, extra);
  in.warnings.insert(in.warnings.begin(), imported->warnings.begin(), imported->warnings.end());
  auto report = planning::analyze(in, *rules, net.meta(), true, 2);
  EXPECT_EQ(result(id, "/report"), planning::report_json(report, false));
  EXPECT_EQ(result(id, "/residences.geojson"), planning::report_geojson(report));
  EXPECT_EQ(result(id, "/network.geojson"), planning::network_geojson(net.graph()));
  auto csv = [&](void (*fn)(std::ostream&, const planning::AnalysisReport&)) {
    std::ostringstream s;
    fn(s, report);
    return s.str();
  };
  EXPECT_EQ(result(id, "/export?format=csv&table=nearest"), csv(planning::write_nearest_csv));
  EXPECT_EQ(result(id, "/export?format=csv&table=counts"), csv(planning::write_counts_csv));
  EXPECT_EQ(result(id, "/export?format=csv&table=gaps"), csv(planning::write_gaps_csv));
  EXPECT_EQ(result(id, "/export?format=csv&table=coverage"), csv(planning::write_coverage_csv));
  auto exported = client().get(
      base(lingshan_) + "/analyses/" + std::to_string(id) + "/export?format=csv&table=nearest",
      token_);
  EXPECT_EQ(exported.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(exported.body.rfind("residence_id,category,facility_id,seconds\n", 0), 0u)
      << exported.body;
  result(id, "/export?format=xlsx&table=nearest", 422);
  result(id, "/export?format=csv&table=secrets", 422);
  auto s = planning::suggest_sites(in, cands, "pharmacy", planning::minutes_to_ds(3), 1, 1);
  ASSERT_TRUE(s);
  auto sugg = parse(result(id, "/suggestions")).as_object();
  auto lib_sugg = parse(planning::suggestion_json(*s, cands)).as_object();
  lib_sugg["attribution"] = "© OpenStreetMap contributors";
  EXPECT_EQ(sugg, lib_sugg);

  // Coverage: the report's table with its axes; attribution everywhere.
  auto cov = parse(result(id, "/coverage")).as_object();
  EXPECT_EQ(cov.at("levels").as_array().size(), 2u);
  EXPECT_EQ(cov.at("rows"), parse(planning::report_json(report, true)).at("coverage"));
  for (const char* doc : {"/coverage", "/facilities.geojson", "/network.geojson",
                          "/residences.geojson", "/report", "/suggestions", "/gaps"})
    EXPECT_NE(result(id, doc).find("© OpenStreetMap contributors"), std::string::npos) << doc;
  auto facilities = parse(result(id, "/facilities.geojson"));
  ASSERT_EQ(facilities.at("features").as_array().size(), 3u);
  EXPECT_EQ(facilities.at("features").as_array()[0].at("properties").at("name").as_string(),
            "东市场");

  // The gap list, paged one by one, equals the library's.
  std::vector<std::string> paged;
  std::string cursor;
  for (int guard = 0; guard < 20; ++guard) {
    auto page = parse(result(id, "/gaps?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    for (const auto& g : page.at("items").as_array())
      paged.push_back(std::string(g.at("residence_id").as_string()) + "/" +
                      std::string(g.at("category").as_string()));
    if (!page.as_object().contains("next_cursor") || page.at("next_cursor").is_null()) break;
    cursor = std::string(page.at("next_cursor").as_string());
  }
  std::vector<std::string> expected;
  for (const auto& g : report.gaps)
    expected.push_back((*rs)[g.residence].id + "/" + report.nearest.categories[g.category]);
  EXPECT_EQ(paged, expected);
  ASSERT_FALSE(expected.empty());
  auto filtered = parse(result(id, "/gaps?category=pharmacy")).at("items").as_array();
  for (const auto& g : filtered) EXPECT_EQ(g.at("category").as_string(), "pharmacy");
  EXPECT_EQ(filtered.size(), static_cast<std::size_t>(std::count_if(
                                 report.gaps.begin(), report.gaps.end(), [&](const auto& g) {
                                   return report.nearest.categories[g.category] == "pharmacy";
                                 })));

  // Isochrones: from a point and from a facility, equal to the library's.
  auto iso_post = [&](const std::string& body) {
    return client().post_json(base(lingshan_) + "/analyses/" + std::to_string(id) + "/isochrone",
                              body, token_);
  };
  auto iso = iso_post(R"({"lon":0.0005,"lat":0,"cutoffs_min":[1,2]})");
  ASSERT_EQ(iso.status, 200) << iso.body;
  planning::IsochroneOptions io;
  io.cutoffs = {planning::minutes_to_ds(1), planning::minutes_to_ds(2)};
  auto lib_iso = planning::isochrones(net, {0, 0.0005}, io);
  ASSERT_TRUE(lib_iso);
  EXPECT_EQ(iso.body, planning::isochrones_geojson(*lib_iso, {0, 0.0005}));
  auto feats = parse(iso.body).at("features").as_array();
  ASSERT_EQ(feats.size(), 2u);
  EXPECT_GT(feats[0].at("properties").at("area_m2").as_double(), 0);
  EXPECT_EQ(iso_post(R"({"lon":0.0005,"lat":0,"cutoffs_min":[1,2]})").body, iso.body);  // cached
  auto by_facility = iso_post(R"({"facility_id":"f1"})");
  ASSERT_EQ(by_facility.status, 200) << by_facility.body;
  EXPECT_EQ(parse(by_facility.body).at("features").as_array().size(), 2u);  // the rules' cutoffs
  EXPECT_EQ(iso_post(R"({"facility_id":"nope"})").status, 422);
  EXPECT_EQ(iso_post(R"({"lon":500,"lat":0})").status, 422);
  EXPECT_EQ(iso_post(R"({"lon":0,"lat":0,"cutoffs_min":[0]})").status, 422);
  // Cancelling a finished analysis is a conflict.
  auto cancel = client().post_json(base(lingshan_) + "/analyses/" + std::to_string(id) + "/cancel",
                                   "{}", token_);
  EXPECT_EQ(cancel.status, 409) << cancel.body;
  // The list holds it, newest first.
  auto list = parse(client().get(base(lingshan_) + "/analyses", token_).body);
  EXPECT_EQ(list.at("items").as_array()[0].at("id").as_int64(), id);
}

TEST_P(PlanningApi, ARunningJobShowsProgressAndStopsWhenCancelled) {
  const auto id = queue(street_analysis());
  std::mutex mu;
  std::condition_variable cv;
  bool reached = false, release = false;
  http::JobRunner runner(*db_, *clock_, fast_runner("runner-c"));
  runner.on_stage = [&](std::int64_t, const std::string& stage) {
    if (stage != "counts") return;
    std::unique_lock lock(mu);
    reached = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
  };
  runner.start();
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, 10s, [&] { return reached; }));
  }
  // Progress is visible from the database while the job is held at "counts".
  auto running = wait_for(id, [](const json::object& a) { return a.at("stage") == "counts"; });
  EXPECT_EQ(running.at("status").as_string(), "running");
  EXPECT_GT(running.at("progress").as_double(), 0.0);
  EXPECT_LT(running.at("progress").as_double(), 1.0);
  result(id, "/coverage", 409);
  auto cancel = client().post_json(base(lingshan_) + "/analyses/" + std::to_string(id) + "/cancel",
                                   "{}", token_);
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_TRUE(parse(cancel.body).at("cancel_requested").as_bool());
  // The heartbeat picks the flag up; the engine stops at its next check.
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  auto ended = wait_for(id, [](const json::object& a) { return a.at("status") != "running"; });
  EXPECT_EQ(ended.at("status").as_string(), "cancelled");
  EXPECT_FALSE(ended.at("finished_at").is_null());
  runner.stop();
  result(id, "/report", 409);
  EXPECT_EQ(audit_count("planning.analysis.cancel", id), 1);
  EXPECT_EQ(audit_count("planning.analysis.cancelled", id), 1);
  auto again = client().post_json(base(lingshan_) + "/analyses/" + std::to_string(id) + "/cancel",
                                  "{}", token_);
  EXPECT_EQ(again.status, 409);
  // Nothing of it was stored.
  auto stored = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec("SELECT count(*) FROM planning_results WHERE analysis_id = $1", {id});
  });
  EXPECT_EQ(stored->front().i64(0), 0);
}

TEST_P(PlanningApi, CancellingAQueuedJobEndsItAtOnce) {
  const auto id = queue(street_analysis());
  auto cancel = client().post_json(base(lingshan_) + "/analyses/" + std::to_string(id) + "/cancel",
                                   "{}", token_);
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(parse(cancel.body).at("status").as_string(), "cancelled");
  http::JobRunner runner(*db_, *clock_, fast_runner("runner-q"));
  auto ran = runner.run_once();
  ASSERT_TRUE(ran);
  EXPECT_FALSE(*ran);
}

TEST_P(PlanningApi, AJobWhoseLeaseExpiredIsTakenOver) {
  const auto id = queue(street_analysis());
  // A server claims it and dies (never renews).
  auto claimed = db_->transact(storage::TxMode::write, [&](storage::Tx& tx) {
    return storage::claim_analysis(tx, "dead-server", clock_->now_ms(), 30'000);
  });
  ASSERT_TRUE(claimed);
  ASSERT_TRUE(claimed->has_value());
  EXPECT_EQ((*claimed)->analysis.id, id);
  http::JobRunner runner(*db_, *clock_, fast_runner("runner-b"));
  auto early = runner.run_once();  // the lease still holds
  ASSERT_TRUE(early);
  EXPECT_FALSE(*early);
  clock_->advance_ms(30'001);
  auto ran = runner.run_once();
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_TRUE(*ran);
  auto a = analysis(id);
  EXPECT_EQ(a.at("status").as_string(), "succeeded");
  EXPECT_EQ(a.at("attempts").as_int64(), 2);
  EXPECT_EQ(audit_count("planning.analysis.takeover", id), 1);
  // The dead server, should it wake, can no longer write.
  auto late = db_->run(storage::TxMode::write, [&](storage::Tx& tx) {
    return storage::finish_analysis(tx, id, "dead-server", "failed", "late", std::nullopt,
                                    clock_->now_ms());
  });
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(analysis(id).at("status").as_string(), "succeeded");
}

TEST_P(PlanningApi, StoppingARunnerPutsItsJobBackInTheQueue) {
  const auto id = queue(street_analysis());
  std::mutex mu;
  std::condition_variable cv;
  bool reached = false, release = false;
  http::JobRunner runner(*db_, *clock_, fast_runner("runner-s"));
  runner.on_stage = [&](std::int64_t, const std::string& stage) {
    if (stage != "nearest") return;
    std::unique_lock lock(mu);
    reached = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
  };
  runner.start();
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, 10s, [&] { return reached; }));
  }
  std::thread stopper([&] { runner.stop(); });  // SIGTERM's path in `weilai serve`
  std::this_thread::sleep_for(50ms);
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  stopper.join();
  auto a = analysis(id);
  EXPECT_EQ(a.at("status").as_string(), "queued");
  EXPECT_TRUE(a.at("summary").is_null());
  EXPECT_EQ(audit_count("planning.analysis.requeue", id), 1);
  // Another runner finishes it.
  http::JobRunner next(*db_, *clock_, fast_runner("runner-t"));
  auto ran = next.run_once();
  ASSERT_TRUE(ran);
  EXPECT_TRUE(*ran);
  EXPECT_EQ(analysis(id).at("status").as_string(), "succeeded");
}

TEST_P(PlanningApi, ManyRunnersNeverClaimTheSameJob) {
  const auto osm = upload_ok("osm", "street.opl", kStreet);
  constexpr int kJobs = 60, kThreads = 8;
  auto made = db_->run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
    for (int i = 0; i < kJobs; ++i) {
      WEILAI_TRY(auto a, storage::insert_analysis(
                             tx, lingshan_, R"({"osm_dataset_id":)" + std::to_string(osm) + "}",
                             {osm}, clock_->now_ms(), std::nullopt));
      (void)a;
    }
    return {};
  });
  ASSERT_TRUE(made);
  std::mutex mu;
  std::vector<std::int64_t> claimed;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const std::string owner = "owner-" + std::to_string(t);
      for (;;) {
        auto c = db_->transact(storage::TxMode::write, [&](storage::Tx& tx) {
          return storage::claim_analysis(tx, owner, clock_->now_ms(), 60'000);
        });
        if (!c) {
          ++errors;
          continue;
        }
        if (!c->has_value()) return;
        std::lock_guard lock(mu);
        claimed.push_back((*c)->analysis.id);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kJobs));
  EXPECT_EQ(std::set<std::int64_t>(claimed.begin(), claimed.end()).size(), claimed.size());
}

TEST_P(PlanningApi, PermissionsFollowTheProject) {
  const auto osm = upload_ok("osm", "street.opl", kStreet);
  const std::string body = R"({"osm_dataset_id":)" + std::to_string(osm) + "}";
  // 龙泉's official can neither read nor write 莲都's planning; the resident cannot read it.
  auto longquan = login("longquan");
  EXPECT_EQ(client().get(base(lingshan_) + "/datasets", longquan).status, 403);
  EXPECT_EQ(client().post_json(base(lingshan_) + "/analyses", body, longquan).status, 403);
  EXPECT_EQ(upload(lingshan_, "osm", "s.opl", kStreet, longquan).status, 403);
  EXPECT_EQ(client().get(base(lingshan_) + "/analyses", login("resident")).status, 403);
  // The city leader reads but does not run; the DRC runs.
  auto leader = login("leader");
  EXPECT_EQ(client().get(base(lingshan_) + "/analyses", leader).status, 200);
  EXPECT_EQ(client().post_json(base(lingshan_) + "/analyses", body, leader).status, 403);
  EXPECT_EQ(client().post_json(base(lingshan_) + "/analyses", body, login("drc")).status, 202);
  EXPECT_EQ(client().get(base(lingshan_) + "/analyses").status, 401);
}

TEST_P(PlanningApi, DemoProjectHoldsMonacoAndItsQueuedAnalysis) {
  auto rows = db_->transact(storage::TxMode::read, [](storage::Tx& tx) {
    return tx.exec(
        "SELECT p.id, d.filename, d.size_bytes, a.params FROM projects p "
        "JOIN planning_datasets d ON d.project_id = p.id "
        "JOIN planning_analyses a ON a.project_id = p.id WHERE p.name = $1",
        {std::string(storage::kDemoPlanningProject)});
  });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().text(1), "monaco.osm.pbf");
  EXPECT_GT(rows->front().i64(2), 1'000'000);
  auto params = parse(rows->front().text(3));
  EXPECT_EQ(params.at("profile").as_string(), "walk");
  EXPECT_EQ(params.at("rules").as_string(), "gb50180");
  EXPECT_EQ(params.at("suggest").at("k").as_int64(), 3);
}

WEILAI_BOTH_DRIVERS(PlanningApi);

}  // namespace
}  // namespace weilai::testing
