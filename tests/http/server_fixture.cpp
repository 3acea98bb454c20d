#include "http/server_fixture.hpp"

#include "crypto/crypto.hpp"
#include "storage/demo_data.hpp"
#include "storage/migrations.hpp"

namespace weilai::testing {

boost::json::value parse(const std::string& body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  EXPECT_FALSE(ec) << "not JSON: " << body;
  return v;
}

void ServerFixture::SetUp() {
  scratch_ = std::make_unique<ScratchDatabase>(GetParam());
  if (!scratch_->available()) {
    if (pg_required()) FAIL() << "WEILAI_REQUIRE_PG=1 but WEILAI_TEST_PG_URL is not set";
    GTEST_SKIP() << "WEILAI_TEST_PG_URL is not set";
  }
  storage::OpenOptions oo;
  oo.pool_size = 12;
  auto db = storage::open_database(scratch_->url(), oo);
  ASSERT_TRUE(db) << db.error().message;
  db_ = std::move(db).value();
  auto migrated = storage::apply_migrations(*db_);
  ASSERT_TRUE(migrated) << migrated.error().message;
  clock_ = std::make_unique<ManualClock>(SystemClock().now_ms());
  auto demo = storage::load_demo_data(
      *db_, *clock_, kDemoPassword, [](const std::string& p) { return crypto::hash_password(p); },
      [] { return crypto::random_token(12); });
  ASSERT_TRUE(demo) << demo.error().message;
  ASSERT_TRUE(demo->loaded);

  http::AppOptions ao;
  ao.access_log = false;
  ao.web_root = WEILAI_TEST_WEB_ROOT;
  http::ServerOptions so;
  so.address = "127.0.0.1";
  so.port = 0;
  so.worker_threads = 8;
  configure(ao, so);
  app_ = std::make_unique<http::App>(*db_, *clock_, ao);
  http::add_all_routes(*app_);
  add_routes(*app_);
  server_ = std::make_unique<http::Server>(
      so, [this](http::Request& r) { return app_->handle(r); },
      [this](int s, const std::string& c, const std::string& d, http::Request& r) {
        return app_->early(s, c, d, r);
      });
  auto port = server_->start();
  ASSERT_TRUE(port) << port.error().message;
  port_ = *port;
}

void ServerFixture::stop_server() {
  if (server_) {
    server_->stop();
    server_->wait(false);
    server_.reset();
  }
}

void ServerFixture::TearDown() {
  stop_server();
  if (db_) db_->close();
  db_.reset();
  scratch_.reset();
}

std::string ServerFixture::login(const std::string& name, const std::string& password) {
  auto c = client();
  auto res = c.post_json("/api/v1/auth/login", boost::json::serialize(boost::json::object{
                                                   {"login", name}, {"password", password}}));
  EXPECT_EQ(res.status, 200) << res.body;
  if (res.status != 200) return {};
  return std::string(parse(res.body).at("token").as_string());
}

std::int64_t ServerFixture::unit_id(const std::string& code) {
  auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec("SELECT id FROM org_units WHERE code = $1", {code});
  });
  EXPECT_TRUE(rows && !rows->empty()) << code;
  return rows && !rows->empty() ? rows->front().i64(0) : 0;
}

std::int64_t ServerFixture::account_id(const std::string& login) {
  auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec("SELECT id FROM accounts WHERE login = $1", {login});
  });
  EXPECT_TRUE(rows && !rows->empty()) << login;
  return rows && !rows->empty() ? rows->front().i64(0) : 0;
}

std::int64_t ServerFixture::scalar(const std::string& sql) {
  auto r = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) { return tx.exec(sql); });
  EXPECT_TRUE(r) << sql << ": " << r.error().message;
  return r && !r->empty() ? r->front().i64(0) : -1;
}

std::int64_t ServerFixture::point_balance(std::int64_t person_id) {
  return scalar(
      "SELECT COALESCE(SUM(balance), 0) FROM ledger_accounts WHERE owner_kind = 'person' AND "
      "unit = 'POINT' AND owner_id = " +
      std::to_string(person_id));
}

}  // namespace weilai::testing
