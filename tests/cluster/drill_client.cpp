// weilai_drill_client: the load and the checks of the cluster drill (deploy/cluster-drill.sh).
//
// N clients (default 64) send mixed reads and writes through the load balancer for S seconds:
//   35% point awards (ledger postings, each with its own Idempotency-Key; on a 5xx or a network
//       error the SAME key is re-sent until an answer comes; a fifth of the acknowledged ones are
//       re-sent once more and must replay the same posting),
//   15% parking bookings of the shared 24-hour visitor bay (book a random 30-minute span in the
//       next 14 days, then cancel it),
//   15% work orders (a resident reports one, the butler triages it with its version),
//   35% reads (projects, parking slots, work orders).
// Meanwhile it runs the fault commands given with --fault at their fractions of the duration
// (kill -9 a server and restart it, restart PostgreSQL). Every request's time and outcome is kept.
//
// Afterwards it reads the database directly and checks:
//   - no lost acknowledged write: every acknowledged posting, booking, cancellation, work order
//     and triage is in the database;
//   - no double posting: every acknowledged key has its own transaction, replays return the same
//     one, and no more award transactions exist than keys were sent;
//   - no double booking: no two bookings of a slot overlap (with the buffer) while both were
//   active;
//   - the ledger verifies (storage::verify_ledger) and the audit chain verifies.
// It prints the totals, the errors (5xx or network) around each fault and the time to recover
// (from the fault's start to the last failed request it caused). Exit 1 when a check fails.
//
//   weilai_drill_client --port NGINX_PORT --db postgresql://... [--seconds 30] [--clients 64]
//                       [--fault 0.25:NAME:COMMAND]... [--password P]
#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/audit_store.hpp"
#include "storage/database.hpp"
#include "storage/ledger_store.hpp"
#include "support/http_client.hpp"

namespace json = boost::json;
using weilai::testing::HttpClient;
using weilai::testing::HttpResponse;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::uint16_t port = 0;
  std::string db;
  double seconds = 30;
  int clients = 64;
  std::string password = "Demo-Pass-2026!";
  struct Fault {
    double at = 0;
    std::string name, command;
  };
  std::vector<Fault> faults;
};

Clock::time_point g_start;
double since_start() {
  return std::chrono::duration<double>(Clock::now() - g_start).count();
}
std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Sample {
  double t;     // seconds since the load started, when the answer (or the error) came
  char kind;    // 'p' posting, 'b' booking, 'w' work order, 'r' read
  bool failed;  // 5xx or network error
  double latency;
  int status;  // 0: network error
};

struct Shared {
  std::mutex mu;
  std::vector<Sample> samples;
  std::map<std::string, std::int64_t> acked_postings;  // Idempotency-Key -> tx id
  std::set<std::int64_t> acked_bookings, acked_cancels;
  std::map<std::int64_t, std::int64_t> acked_orders;  // id -> acknowledged version
  std::atomic<long> keys_sent{0}, replays{0}, replay_mismatch{0}, conflicts{0}, unexpected{0},
      gave_up{0};
  std::vector<std::string> unexpected_examples;
  std::map<int, std::vector<std::string>> failure_examples;  // by status (0: network)
};

struct Setup {
  std::string grid, resident, butler, community_admin, county;
  std::vector<std::int64_t> rules;  // several, as several programmes would (one budget row each)
  std::int64_t community = 0, slot = 0;
  std::string category;
  std::vector<std::int64_t> persons;
  std::int64_t start_tx = 0, start_booking = 0, start_order = 0;
};

json::value parse(const std::string& s) {
  boost::system::error_code ec;
  auto v = json::parse(s, ec);
  return ec ? json::value() : v;
}

std::vector<std::pair<std::string, std::string>> auth(const std::string& token,
                                                      const std::string& key = {}) {
  std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"},
                                                     {"Authorization", "Bearer " + token}};
  if (!key.empty()) h.emplace_back("Idempotency-Key", key);
  return h;
}

class Worker {
 public:
  Worker(const Options& o, const Setup& s, Shared& sh, int id)
      : o_(o), s_(s), sh_(sh), http_(o.port), rng_(7919 * id + 1), id_(id) {}

  void run(const std::atomic<bool>& stop) {
    for (int i = 0; !stop; ++i) {
      const int op = static_cast<int>(rng_() % 100);
      if (op < 35) {
        posting(i);
      } else if (op < 50) {
        booking();
      } else if (op < 65) {
        work_order();
      } else {
        read(op);
      }
    }
  }

 private:
  // One request; a network failure becomes status 0. Records the sample.
  HttpResponse send(char kind, const std::string& method, const std::string& path,
                    const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
    const double t0 = since_start();
    HttpResponse r;
    try {
      r = http_.request(method, path, body, headers);
    } catch (const std::exception&) {
      r.status = 0;
    }
    const double t1 = since_start();
    {
      std::lock_guard lock(sh_.mu);
      sh_.samples.push_back({t1, kind, r.status == 0 || r.status >= 500, t1 - t0, r.status});
      if ((r.status == 0 || r.status >= 500) && sh_.failure_examples[r.status].size() < 3)
        sh_.failure_examples[r.status].push_back(method + " " + path + " -> " +
                                                 r.body.substr(0, 160));
    }
    return r;
  }
  // Re-sends on 5xx / network errors (same body, same key) for up to 15 s: an answer is needed
  // to know the outcome. Returns status 0 when it gave up.
  HttpResponse until_answered(char kind, const std::string& method, const std::string& path,
                              const std::string& body,
                              const std::vector<std::pair<std::string, std::string>>& headers) {
    const double give_up = since_start() + 15;
    int backoff_ms = 50;
    for (;;) {
      auto r = send(kind, method, path, body, headers);
      if (r.status != 0 && r.status < 500) return r;
      if (since_start() > give_up) {
        ++sh_.gave_up;
        return {};
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
      backoff_ms = std::min(backoff_ms * 2, 400);
    }
  }
  void unexpected(const std::string& what, const HttpResponse& r) {
    ++sh_.unexpected;
    std::lock_guard lock(sh_.mu);
    if (sh_.unexpected_examples.size() < 8)
      sh_.unexpected_examples.push_back(what + " -> " + std::to_string(r.status) + " " +
                                        r.body.substr(0, 200));
  }

  void posting(int i) {
    const std::string key = "drill-" + std::to_string(id_) + "-" + std::to_string(i);
    const std::string body =
        json::serialize(json::object{{"rule_id", s_.rules[rng_() % s_.rules.size()]},
                                     {"person_id", s_.persons[rng_() % s_.persons.size()]}});
    ++sh_.keys_sent;
    auto r = until_answered('p', "POST", "/api/v1/points/awards", body, auth(s_.grid, key));
    if (r.status == 0) return;
    if (r.status == 409) {
      ++sh_.conflicts;
      return;
    }
    if (r.status != 200 && r.status != 201) return unexpected("award", r);
    auto v = parse(r.body);
    if (!v.is_object() || !v.as_object().contains("tx_id")) return unexpected("award body", r);
    const auto tx = v.at("tx_id").as_int64();
    {
      std::lock_guard lock(sh_.mu);
      sh_.acked_postings[key] = tx;
    }
    if (rng_() % 5 == 0) {  // the answer was "lost": the client sends it again
      auto again = until_answered('p', "POST", "/api/v1/points/awards", body, auth(s_.grid, key));
      if (again.status == 0) return;
      ++sh_.replays;
      auto w = parse(again.body);
      if (again.status != r.status || !w.is_object() || !w.as_object().contains("tx_id") ||
          w.at("tx_id").as_int64() != tx)
        ++sh_.replay_mismatch;
    }
  }

  void cancel(std::int64_t id, std::int64_t version, bool acked_booking) {
    auto r =
        until_answered('b', "POST", "/api/v1/parking/bookings/" + std::to_string(id) + "/actions",
                       json::serialize(json::object{{"action", "cancel"}, {"version", version}}),
                       auth(s_.resident));
    if (r.status == 200) {
      std::lock_guard lock(sh_.mu);
      if (acked_booking) sh_.acked_cancels.insert(id);
    } else if (r.status == 409 || r.status == 422) {
      ++sh_.conflicts;  // another client cancelled it first, or a re-sent cancel
    } else if (r.status != 0) {
      unexpected("cancel", r);
    }
  }

  // The household's quota (2 active bookings) is full: cancel whatever is booked.
  void clean_up() {
    auto r = send('r', "GET", "/api/v1/parking/bookings/mine", {}, auth(s_.resident));
    if (r.status != 200) return;
    auto v = parse(r.body);
    if (!v.is_object()) return;
    for (const auto& b : v.at("items").as_array()) {
      if (b.at("status").as_string() == "booked")
        cancel(b.at("id").as_int64(), b.at("version").as_int64(), false);
    }
  }

  void booking() {
    // A 30-minute span starting on a half hour between 2 hours and 13 days ahead.
    const std::int64_t half_hour = 30 * 60 * 1000;
    const std::int64_t base = (wall_ms() / half_hour + 4) * half_hour;
    const std::int64_t start = base + static_cast<std::int64_t>(rng_() % (13 * 48)) * half_hour;
    auto r = send('b', "POST", "/api/v1/parking/bookings",
                  json::serialize(json::object{
                      {"slot_id", s_.slot}, {"starts_at", start}, {"ends_at", start + half_hour}}),
                  auth(s_.resident));
    if (r.status == 0 || r.status >= 500) {  // unknown outcome: a booking may exist
      clean_up();
      return;
    }
    if (r.status == 409) {
      ++sh_.conflicts;
      if (r.body.find("quota") != std::string::npos) clean_up();
      return;
    }
    if (r.status != 201) return unexpected("booking", r);
    auto v = parse(r.body);
    const auto id = v.at("id").as_int64();
    {
      std::lock_guard lock(sh_.mu);
      sh_.acked_bookings.insert(id);
    }
    cancel(id, v.at("version").as_int64(), true);
  }

  void work_order() {
    auto r = send('w', "POST", "/api/v1/work-orders",
                  json::serialize(json::object{{"category", s_.category},
                                               {"description", "drill " + std::to_string(id_)}}),
                  auth(s_.resident));
    if (r.status == 0 || r.status >= 500) return;  // unknown outcome; not acknowledged
    if (r.status != 201) return unexpected("work order", r);
    auto v = parse(r.body);
    const auto id = v.at("id").as_int64();
    {
      std::lock_guard lock(sh_.mu);
      sh_.acked_orders[id] = v.at("version").as_int64();
    }
    auto t = until_answered('w', "POST", "/api/v1/work-orders/" + std::to_string(id) + "/actions",
                            json::serialize(json::object{{"action", "triage"}, {"version", 1}}),
                            auth(s_.butler));
    if (t.status == 200) {
      auto w = parse(t.body);
      std::lock_guard lock(sh_.mu);
      sh_.acked_orders[id] = w.at("version").as_int64();
    } else if (t.status == 409) {
      ++sh_.conflicts;  // a re-sent triage after the first one committed
    } else if (t.status != 0) {
      unexpected("triage", t);
    }
  }

  void read(int op) {
    HttpResponse r;
    if (op < 77) {
      r = send('r', "GET", "/api/v1/projects?limit=20", {}, auth(s_.county));
    } else if (op < 89) {
      r = send('r', "GET", "/api/v1/parking/slots?community_id=" + std::to_string(s_.community), {},
               auth(s_.resident));
    } else {
      r = send('r', "GET", "/api/v1/work-orders?limit=20", {}, auth(s_.butler));
    }
    if (r.status != 0 && r.status < 500 && r.status != 200) unexpected("read", r);
  }

  const Options& o_;
  const Setup& s_;
  Shared& sh_;
  HttpClient http_;
  std::mt19937 rng_;
  int id_;
};

[[noreturn]] void die(const std::string& m) {
  std::fprintf(stderr, "drill: %s\n", m.c_str());
  std::exit(2);
}

std::int64_t scalar(weilai::storage::Database& db, const std::string& sql) {
  auto r = db.transact(weilai::storage::TxMode::read,
                       [&](weilai::storage::Tx& tx) { return tx.exec(sql); });
  if (!r) die("query failed: " + r.error().message + " (" + sql + ")");
  return r->front().opt_i64(0).value_or(0);
}

std::string login(HttpClient& c, const std::string& who, const std::string& password) {
  for (int i = 0; i < 50; ++i) {
    try {
      auto r = c.post_json("/api/v1/auth/login",
                           json::serialize(json::object{{"login", who}, {"password", password}}));
      if (r.status == 200) return std::string(parse(r.body).at("token").as_string());
      if (r.status < 500) die("login " + who + ": " + std::to_string(r.status) + " " + r.body);
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  die("login " + who + " failed");
}

Setup prepare(const Options& o, weilai::storage::Database& db) {
  Setup s;
  HttpClient c(o.port);
  s.grid = login(c, "grid", o.password);
  s.resident = login(c, "resident", o.password);
  s.butler = login(c, "butler", o.password);
  s.community_admin = login(c, "community", o.password);
  s.county = login(c, "liandu", o.password);
  const std::string& community = s.community_admin;
  s.community = scalar(db, "SELECT id FROM org_units WHERE code = '331102-LS'");
  s.slot = scalar(db, "SELECT id FROM parking_slots WHERE code = 'LS-C01'");
  auto persons = db.transact(weilai::storage::TxMode::read, [](weilai::storage::Tx& tx) {
    return tx.exec(
        "SELECT m.id FROM household_members m JOIN households h ON h.id = m.household_id "
        "JOIN org_units g ON g.id = h.grid_id WHERE g.code = '331102-LS-G1' ORDER BY m.id");
  });
  if (!persons || persons->empty()) die("no persons in grid 331102-LS-G1");
  for (const auto& r : persons->rows) s.persons.push_back(r.i64(0));
  for (int i = 0; i < 8; ++i) {
    auto rule =
        c.post_json("/api/v1/points/rules",
                    json::serialize(json::object{
                        {"community_id", s.community},
                        {"code", "drill-" + std::to_string(wall_ms()) + "-" + std::to_string(i)},
                        {"act", "cluster drill"},
                        {"points", 1},
                        {"programme", "drill"},
                        {"budget", 1'000'000'000}}),
                    community);
    if (rule.status != 201) die("points rule: " + std::to_string(rule.status) + " " + rule.body);
    s.rules.push_back(parse(rule.body).at("id").as_int64());
  }
  auto cats = c.get("/api/v1/work-orders/categories", s.resident);
  if (cats.status != 200) die("categories: " + cats.body);
  s.category = std::string(parse(cats.body).at("items").as_array().at(0).at("code").as_string());
  s.start_tx = scalar(db, "SELECT MAX(id) FROM ledger_transactions");
  s.start_booking = scalar(db, "SELECT MAX(id) FROM parking_bookings");
  s.start_order = scalar(db, "SELECT MAX(id) FROM work_orders");
  return s;
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--port") {
      o.port = static_cast<std::uint16_t>(std::stoi(next()));
    } else if (a == "--db") {
      o.db = next();
    } else if (a == "--seconds") {
      o.seconds = std::stod(next());
    } else if (a == "--clients") {
      o.clients = std::stoi(next());
    } else if (a == "--password") {
      o.password = next();
    } else if (a == "--fault") {
      const std::string v = next();
      const auto c1 = v.find(':'), c2 = v.find(':', c1 + 1);
      if (c1 == std::string::npos || c2 == std::string::npos) die("--fault AT:NAME:COMMAND");
      o.faults.push_back(
          {std::stod(v.substr(0, c1)), v.substr(c1 + 1, c2 - c1 - 1), v.substr(c2 + 1)});
    } else {
      die("unknown argument " + a);
    }
  }
  if (o.port == 0 || o.db.empty()) die("usage: --port N --db URL [--seconds S] [--clients N]");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_args(argc, argv);
  weilai::storage::OpenOptions oo;
  oo.pool_size = 2;
  auto opened = weilai::storage::open_database(o.db, oo);
  if (!opened) die("cannot open the database: " + opened.error().message);
  auto& db = **opened;
  const Setup setup = prepare(o, db);

  Shared sh;
  std::atomic<bool> stop{false};
  struct FaultRun {
    double started = 0, finished = 0;
    int rc = 0;
  };
  std::vector<FaultRun> fault_runs(o.faults.size());
  g_start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < o.clients; ++t) {
    threads.emplace_back([&, t] {
      Worker w(o, setup, sh, t);
      w.run(stop);
    });
  }
  std::thread faults([&] {
    for (std::size_t i = 0; i < o.faults.size(); ++i) {
      const double at = o.faults[i].at * o.seconds;
      while (since_start() < at) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      fault_runs[i].started = since_start();
      std::printf("[%6.2f s] fault: %s\n", fault_runs[i].started, o.faults[i].name.c_str());
      std::fflush(stdout);
      fault_runs[i].rc = std::system(o.faults[i].command.c_str());
      fault_runs[i].finished = since_start();
      std::printf("[%6.2f s] fault done (%.2f s): %s%s\n", fault_runs[i].finished,
                  fault_runs[i].finished - fault_runs[i].started, o.faults[i].name.c_str(),
                  fault_runs[i].rc == 0 ? "" : " — COMMAND FAILED");
      std::fflush(stdout);
    }
  });
  while (since_start() < o.seconds) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stop = true;
  const double load_end = since_start();
  for (auto& t : threads) t.join();
  faults.join();

  // ---- figures ----
  std::vector<Sample> samples;
  {
    std::lock_guard lock(sh.mu);
    samples = sh.samples;
  }
  std::sort(samples.begin(), samples.end(),
            [](const Sample& a, const Sample& b) { return a.t < b.t; });
  long failed = 0;
  std::map<char, long> by_kind, failed_by_kind;
  std::map<int, long> failed_by_status;
  std::vector<double> lat;
  for (const auto& s : samples) {
    ++by_kind[s.kind];
    if (s.failed) {
      ++failed;
      ++failed_by_kind[s.kind];
      ++failed_by_status[s.status];
    } else {
      lat.push_back(s.latency);
    }
  }
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) {
    return lat.empty() ? 0.0
                       : lat[std::min(lat.size() - 1, static_cast<std::size_t>(p * lat.size()))];
  };
  std::printf("\n== load: %d clients, %.1f s, %zu requests (%.0f/s), %ld failed (5xx or network)\n",
              o.clients, load_end, samples.size(), samples.size() / load_end, failed);
  std::printf("   postings %ld, bookings %ld, work orders %ld, reads %ld\n", by_kind['p'],
              by_kind['b'], by_kind['w'], by_kind['r']);
  std::string statuses;
  for (const auto& [st, n] : failed_by_status)
    statuses +=
        " " + (st == 0 ? std::string("network") : std::to_string(st)) + ":" + std::to_string(n);
  std::printf("   failed by status:%s\n", statuses.empty() ? " none" : statuses.c_str());
  for (const auto& [st, examples] : sh.failure_examples)
    for (const auto& e : examples) std::printf("     e.g. %s\n", e.c_str());
  std::printf(
      "   latency of answered requests: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
      pct(0.5) * 1e3, pct(0.95) * 1e3, pct(0.99) * 1e3, lat.empty() ? 0 : lat.back() * 1e3);
  std::printf(
      "   acknowledged: %zu postings (%ld replays), %zu bookings, %zu cancellations, %zu "
      "work orders; %ld 409s (quota, slot taken, versions), %ld gave up after 15 s\n",
      sh.acked_postings.size(), sh.replays.load(), sh.acked_bookings.size(),
      sh.acked_cancels.size(), sh.acked_orders.size(), sh.conflicts.load(), sh.gave_up.load());
  // Errors per second, as a strip: '.' none, digits = failed requests (capped at 9, '#' more).
  std::string strip;
  for (int sec = 0; sec < static_cast<int>(load_end + 0.999); ++sec) {
    long n = 0;
    for (const auto& s : samples)
      if (s.failed && static_cast<int>(s.t) == sec) ++n;
    strip += n == 0 ? '.' : n <= 9 ? static_cast<char>('0' + n) : '#';
  }
  std::printf("   failed requests per second: %s\n", strip.c_str());
  int bad = 0;
  for (std::size_t i = 0; i < o.faults.size(); ++i) {
    const double from = fault_runs[i].started;
    const double to = i + 1 < o.faults.size() ? fault_runs[i + 1].started : load_end + 1;
    long errs = 0;
    double last_error = -1, first_after = -1;
    for (const auto& s : samples) {
      if (s.t < from || s.t >= to) continue;
      if (s.failed) {
        ++errs;
        last_error = s.t;
      }
    }
    for (const auto& s : samples)
      if (s.t > last_error && s.t >= from && !s.failed) {
        first_after = s.t;
        break;
      }
    const double recover = errs == 0 ? 0.0 : std::max(0.0, first_after - from);
    std::printf(
        "   fault \"%s\" at %.2f s (command took %.2f s): %ld failed requests; time to "
        "recover %.2f s\n",
        o.faults[i].name.c_str(), from, fault_runs[i].finished - from, errs, recover);
    if (fault_runs[i].rc != 0) {
      std::printf("FAIL the fault command failed\n");
      ++bad;
    }
  }
  long before_faults = 0;
  const double first_fault = o.faults.empty() ? load_end + 1 : fault_runs[0].started;
  for (const auto& s : samples)
    if (s.failed && s.t < first_fault) ++before_faults;
  std::printf("   failed requests before the first fault: %ld\n", before_faults);

  // ---- checks ----
  auto check = [&](bool ok, const std::string& what) {
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok) ++bad;
  };
  std::set<std::int64_t> tx_ids;
  for (const auto& [key, tx] : sh.acked_postings) tx_ids.insert(tx);
  check(tx_ids.size() == sh.acked_postings.size(),
        "every acknowledged key has its own posting (" + std::to_string(tx_ids.size()) + ")");
  check(sh.replay_mismatch == 0, "every re-sent key replayed its posting (" +
                                     std::to_string(sh.replays.load()) + " replays)");
  std::set<std::int64_t> in_db;
  {
    auto rows = db.transact(weilai::storage::TxMode::read, [&](weilai::storage::Tx& tx) {
      return tx.exec("SELECT id FROM ledger_transactions WHERE id > $1 AND kind = 'award'",
                     {setup.start_tx});
    });
    if (!rows) die(rows.error().message);
    for (const auto& r : rows->rows) in_db.insert(r.i64(0));
  }
  long lost = 0;
  for (auto id : tx_ids) lost += in_db.count(id) ? 0 : 1;
  check(lost == 0, "no acknowledged posting lost (" + std::to_string(lost) + " missing)");
  check(static_cast<long>(in_db.size()) <= sh.keys_sent.load(),
        "no double posting: " + std::to_string(in_db.size()) + " award transactions for " +
            std::to_string(sh.keys_sent.load()) + " keys sent");
  const auto idem_dupes =
      scalar(db,
             "SELECT COUNT(*) FROM (SELECT response FROM ledger_idempotency WHERE scope_key LIKE "
             "'%drill-%' AND status > 0 GROUP BY response HAVING COUNT(*) > 1) d");
  check(idem_dupes == 0, "no two idempotency keys share one stored answer");

  long lost_b = 0, lost_c = 0;
  for (auto id : sh.acked_bookings) {
    auto st = db.transact(weilai::storage::TxMode::read, [&](weilai::storage::Tx& tx) {
      return tx.exec("SELECT status FROM parking_bookings WHERE id = $1", {id});
    });
    if (!st || st->empty()) {
      ++lost_b;
    } else if (sh.acked_cancels.count(id) && st->front().text(0) != "cancelled") {
      ++lost_c;
    }
  }
  check(lost_b == 0 && lost_c == 0, "no acknowledged booking or cancellation lost (" +
                                        std::to_string(lost_b) + " bookings, " +
                                        std::to_string(lost_c) + " cancellations missing)");
  // Two bookings of one slot whose [start, blocked_until) overlap while both were active. The
  // order of events is the audit chain's (appended in commit order, one sequence for all servers):
  // a booking is active from its create record to its cancel/release/check-out record. (Row
  // timestamps cannot order them: a handler reads the clock before it waits for the slot's lock.)
  const auto doubles = scalar(
      db,
      "WITH ev AS (SELECT target_id, MIN(CASE WHEN action = 'parking.booking.create' THEN seq "
      "END) AS born, MIN(CASE WHEN action IN ('parking.booking.cancel', "
      "'parking.booking.release', 'parking.booking.check_out') THEN seq END) AS died FROM "
      "audit_log WHERE target_type = 'parking_booking' GROUP BY target_id) "
      "SELECT COUNT(*) FROM parking_bookings a JOIN parking_bookings b ON a.slot_id = b.slot_id "
      "AND a.id < b.id AND a.starts_at < b.blocked_until AND b.starts_at < a.blocked_until "
      "JOIN ev ea ON ea.target_id = CAST(a.id AS TEXT) JOIN ev eb ON eb.target_id = CAST(b.id AS "
      "TEXT) WHERE (ea.died IS NULL OR ea.died > eb.born) AND (eb.died IS NULL OR eb.died > "
      "ea.born)");
  check(doubles == 0, "no double booking (" + std::to_string(doubles) + " overlapping pairs; " +
                          std::to_string(scalar(db,
                                                "SELECT COUNT(*) FROM parking_bookings "
                                                "WHERE id > " +
                                                    std::to_string(setup.start_booking))) +
                          " bookings made)");
  long lost_w = 0;
  for (const auto& [id, version] : sh.acked_orders) {
    auto v = db.transact(weilai::storage::TxMode::read, [&](weilai::storage::Tx& tx) {
      return tx.exec("SELECT version FROM work_orders WHERE id = $1", {id});
    });
    if (!v || v->empty() || v->front().i64(0) < version) ++lost_w;
  }
  check(lost_w == 0, "no acknowledged work order or triage lost (" + std::to_string(lost_w) +
                         " missing of " + std::to_string(sh.acked_orders.size()) + ")");
  auto ledger = weilai::storage::verify_ledger(db);
  check(
      ledger && ledger->ok,
      "ledger verifies (balances = entries, zero sums)" +
          std::string(ledger && !ledger->problems.empty() ? ": " + ledger->problems.front() : ""));
  auto audit = weilai::storage::verify_audit(db);
  check(audit && audit->ok, "audit chain verifies (" + std::to_string(audit ? audit->checked : 0) +
                                " records)" + (audit && !audit->ok ? ": " + audit->reason : ""));
  check(sh.unexpected == 0, "no unexpected answers (" + std::to_string(sh.unexpected.load()) + ")");
  for (const auto& e : sh.unexpected_examples) std::printf("     %s\n", e.c_str());
  check(sh.acked_postings.size() >= 20 && !sh.acked_bookings.empty() && !sh.acked_orders.empty(),
        "the load did real work");
  // The cluster recovered: requests in the last second of the load succeeded.
  long tail_ok = 0, tail_failed = 0;
  for (const auto& s : samples)
    if (s.t >= load_end - 1) (s.failed ? tail_failed : tail_ok)++;
  check(tail_ok > 0 && tail_failed == 0, "recovered: the last second had " +
                                             std::to_string(tail_ok) + " answers, " +
                                             std::to_string(tail_failed) + " failures");
  std::printf(bad == 0 ? "DRILL PASSED\n" : "DRILL FAILED: %d check(s)\n", bad);
  return bad == 0 ? 0 : 1;
}
