// Every state change lands in the hash-chained audit log, in the same transaction; tampering with
// any stored record is caught by the verifier (API and store).
#include "http/server_fixture.hpp"
#include "storage/audit_store.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class AuditTrail : public ServerFixture {};

std::int64_t audit_count(storage::Database& db) {
  auto rows = db.transact(storage::TxMode::read, [](storage::Tx& tx) {
    return tx.exec("SELECT COUNT(*) FROM audit_log");
  });
  return rows ? rows->front().i64(0) : -1;
}

TEST_P(AuditTrail, StateChangesAreRecordedWithActorAndRequestId) {
  auto c = client();
  const std::string admin = login("admin");
  const auto before = audit_count(*db_);
  auto res = c.request("POST", "/api/v1/accounts",
                       R"({"login":"wang.wu","display_name":"王五","password":"Wang-Wu-2026!"})",
                       {{"Authorization", "Bearer " + admin},
                        {"Content-Type", "application/json"},
                        {"X-Request-Id", "req-create-1"}});
  ASSERT_EQ(res.status, 201) << res.body;
  const auto id = parse(res.body).at("id").as_int64();
  EXPECT_EQ(audit_count(*db_), before + 1);
  auto page = parse(
      c.get("/api/v1/audit?action=account.create&target_id=" + std::to_string(id), admin).body);
  auto items = page.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("actor_login").as_string(), "admin");
  EXPECT_EQ(items[0].at("request_id").as_string(), "req-create-1");
  EXPECT_EQ(items[0].at("digest").as_string().size(), 64u);

  // A refused change writes nothing, to the data or to the log.
  const auto after = audit_count(*db_);
  auto dup =
      c.post_json("/api/v1/accounts",
                  R"({"login":"wang.wu","display_name":"重复","password":"Wang-Wu-2026!"})", admin);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(audit_count(*db_), after);

  // Failed logins are security events and are recorded too.
  EXPECT_EQ(
      c.post_json("/api/v1/auth/login", R"({"login":"wang.wu","password":"nope-nope-1A"})").status,
      401);
  auto failed =
      parse(c.get("/api/v1/audit?action=auth.login_failed", admin).body).at("items").as_array();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].at("target_id").as_string(), "wang.wu");

  auto verify = parse(c.get("/api/v1/audit/verify", admin).body);
  EXPECT_TRUE(verify.at("ok").as_bool());
  EXPECT_EQ(verify.at("checked").as_int64(), audit_count(*db_));
}

TEST_P(AuditTrail, TamperingIsCaughtAtTheFirstBrokenRecord) {
  auto c = client();
  const std::string admin = login("admin");
  for (int i = 0; i < 5; ++i) {
    auto r = c.post_json("/api/v1/org-units",
                         json::serialize(json::object{{"parent_id", unit_id("331181-JC")},
                                                      {"kind", "grid"},
                                                      {"code", "t" + std::to_string(i)},
                                                      {"name_zh", "网格"},
                                                      {"name_en", "g"}}),
                         admin);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto intact = storage::verify_audit(*db_);
  ASSERT_TRUE(intact);
  ASSERT_TRUE(intact->ok) << intact->reason;
  const auto total = intact->checked;
  ASSERT_GE(total, 6);

  scratch_->exec_direct("UPDATE audit_log SET actor_login = 'mallory' WHERE seq = 4");
  auto broken = storage::verify_audit(*db_);
  ASSERT_TRUE(broken);
  EXPECT_FALSE(broken->ok);
  EXPECT_EQ(broken->first_broken_seq, 4);
  auto api = parse(c.get("/api/v1/audit/verify", admin).body);
  EXPECT_FALSE(api.at("ok").as_bool());
  EXPECT_EQ(api.at("first_broken_seq").as_int64(), 4);
}

TEST_P(AuditTrail, DeletingTheNewestRecordIsCaughtToo) {
  const std::string admin = login("admin");
  auto before = storage::verify_audit(*db_);
  ASSERT_TRUE(before && before->ok);
  scratch_->exec_direct("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)");
  auto after = storage::verify_audit(*db_);
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->ok);
  EXPECT_EQ(after->first_broken_seq, before->checked);
}

TEST_P(AuditTrail, ConcurrentWritersNeverForkTheChain) {
  const std::string admin = login("admin");
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto c = client();
      for (int i = 0; i < 15; ++i) {
        auto r = c.post_json("/api/v1/org-units",
                             json::serialize(json::object{
                                 {"parent_id", unit_id("331121-HC")},
                                 {"kind", "grid"},
                                 {"code", "c" + std::to_string(t) + "-" + std::to_string(i)},
                                 {"name_zh", "并发"},
                                 {"name_en", "c"}}),
                             admin);
        if (r.status == 201) ++created;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 120);
  auto report = storage::verify_audit(*db_);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->reason;
}

WEILAI_BOTH_DRIVERS(AuditTrail);

}  // namespace
}  // namespace weilai::testing
