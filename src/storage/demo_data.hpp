// The demo data set (`weilai serve --demo` on an empty database): the org tree of Zhejiang →
// Lishui → its 9 county-level units and the development zone, a few communities with grids,
// buildings and households, one account per role, the real first-batch provincial pilot
// 灵山未来社区 (莲都区) with its public facts, and clearly marked sample projects (示例).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

struct DemoAccount {
  std::string login;
  std::string role;
  std::string org_unit;
  std::string password;  // plain text, to print once at start-up
};

struct DemoReport {
  bool loaded = false;  // false when the database already had accounts
  std::vector<DemoAccount> accounts;
};

// Loads everything in one transaction, audited as "demo.load". `password` is used for every demo
// account when not empty (tests); otherwise each gets a random one. Passwords are argon2id-hashed
// by `hash_password`, passed in so storage stays free of crypto.
Result<DemoReport> load_demo_data(
    Database& db, const Clock& clock, const std::string& password,
    const std::function<Result<std::string>(const std::string&)>& hash_password,
    const std::function<std::string()>& random_password);

}  // namespace weilai::storage
