// Account and role-grant administration (system admin), and reading one's own account.
#include <boost/json.hpp>

#include "crypto/crypto.hpp"
#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "http/views.hpp"
#include "storage/identity_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;

void add_account_routes(App& app) {
  auto& r = app.router();

  r.add("GET", "/api/v1/accounts",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::accounts_manage));
          const Page page = page_params(req);
          const auto q = query_string(req, "q", 64);
          WEILAI_TRY(auto accounts, app.read<std::vector<identity::Account>>([&](storage::Tx& tx) {
            return storage::list_accounts(tx, q, page.after_id, page.limit);
          }));
          json::array items;
          for (const auto& a : accounts) items.push_back(account_json(a));
          return json_response(page_body(
              std::move(items),
              next_cursor(accounts.size(), page, accounts.empty() ? 0 : accounts.back().id)));
        },
        {"List accounts", "accounts", true, {"q", "limit", "cursor"}});

  r.add("POST", "/api/v1/accounts",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::accounts_manage));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"login", "display_name", "phone", "password"}));
          identity::Account a;
          WEILAI_TRY(a.login, f.string("login", 32));
          WEILAI_CHECK(identity::validate_login(a.login));
          WEILAI_TRY(a.display_name, f.string("display_name", 64));
          WEILAI_CHECK(identity::validate_display_name(a.display_name));
          WEILAI_TRY(a.phone, f.optional_string("phone", 16));
          if (a.phone) WEILAI_CHECK(identity::validate_phone(*a.phone));
          WEILAI_TRY(std::string password, f.string("password", 256));
          WEILAI_CHECK(identity::validate_password(password, a.login));
          WEILAI_TRY(std::string hash, crypto::hash_password(password));
          WEILAI_TRY(
              identity::Account created,
              app.write<identity::Account>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<identity::Account> {
                    WEILAI_TRY(auto c, storage::insert_account(tx, a, hash, app.clock().now_ms()));
                    ch.record("account.create", "account", std::to_string(c.id), account_json(c));
                    return c;
                  }));
          Response res = json_response(account_json(created), 201);
          res.set_header("Location", "/api/v1/accounts/" + std::to_string(created.id));
          return res;
        },
        {"Create an account",
         "accounts",
         true,
         {},
         "{login, display_name, phone?, password}",
         {201, 409, 422}});

  r.add("GET", "/api/v1/accounts/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          if (actor.account_id != id)
            WEILAI_CHECK(identity::authorize(actor, Action::accounts_manage));
          struct View {
            identity::Account account;
            std::vector<storage::GrantRow> grants;
          };
          WEILAI_TRY(View v, app.read<View>([&](storage::Tx& tx) -> Result<View> {
            View out;
            WEILAI_TRY(out.account, storage::get_account(tx, id));
            WEILAI_TRY(out.grants, storage::grants_of(tx, id));
            return out;
          }));
          json::object o = account_json(v.account);
          o["grants"] = grants_json(v.grants);
          return json_response(o);
        },
        {"One account with its grants", "accounts", true, {}, "", {404}});

  r.add("PATCH", "/api/v1/accounts/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::accounts_manage));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"display_name", "phone", "disabled", "version"}));
          storage::AccountPatch patch;
          WEILAI_TRY(patch.display_name, f.optional_string("display_name", 64));
          if (patch.display_name)
            WEILAI_CHECK(identity::validate_display_name(*patch.display_name));
          if (f.has("phone")) {
            WEILAI_TRY(auto phone, f.optional_string("phone", 16));
            if (phone && !phone->empty()) WEILAI_CHECK(identity::validate_phone(*phone));
            patch.phone = phone && !phone->empty() ? phone : std::optional<std::string>{};
          }
          WEILAI_TRY(patch.disabled, f.optional_boolean("disabled"));
          WEILAI_TRY(std::int64_t version, f.integer("version", 1, std::int64_t{1} << 53));
          if (patch.disabled && *patch.disabled && actor.account_id == id) {
            return Error{ErrorCode::failed_precondition, "you cannot disable your own account",
                         "/disabled"};
          }
          auto updated = app.write<identity::Account>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<identity::Account> {
                WEILAI_TRY(auto u, storage::update_account(tx, id, patch, version));
                if (u.disabled) WEILAI_CHECK(storage::revoke_sessions_of(tx, id));
                ch.record("account.update", "account", std::to_string(id), account_json(u));
                return u;
              });
          if (!updated && updated.error().code == ErrorCode::conflict) {
            return problem_with_current(updated.error(), req, [&]() -> std::optional<json::value> {
              auto current = app.read<identity::Account>(
                  [&](storage::Tx& tx) { return storage::get_account(tx, id); });
              if (!current) return std::nullopt;
              return account_json(*current);
            });
          }
          if (!updated) return std::move(updated).error();
          app.forget_sessions_of(id);
          return json_response(account_json(*updated));
        },
        {"Edit or disable an account (optimistic: send the version you read)",
         "accounts",
         true,
         {},
         "{display_name?, phone?, disabled?, version}",
         {404, 409, 422}});

  r.add(
      "POST", "/api/v1/accounts/{id}/password",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::accounts_manage));
        const auto id = id_param(req, "id");
        const auto body = parse_json_object(req);
        JsonFields f(body);
        WEILAI_CHECK(f.only({"new_password"}));
        WEILAI_TRY(std::string password, f.string("new_password", 256));
        WEILAI_TRY(auto target, app.read<identity::Account>(
                                    [&](storage::Tx& tx) { return storage::get_account(tx, id); }));
        WEILAI_CHECK(identity::validate_password(password, target.login, "new_password"));
        WEILAI_TRY(std::string hash, crypto::hash_password(password));
        WEILAI_CHECK(app.write<bool>(req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<bool> {
          WEILAI_CHECK(storage::set_password(tx, id, hash, app.clock().now_ms()));
          WEILAI_CHECK(storage::revoke_sessions_of(tx, id));
          ch.record("account.password_reset", "account", std::to_string(id), {});
          return true;
        }));
        app.forget_sessions_of(id);
        return no_content();
      },
      {"Reset an account's password (ends its sessions)",
       "accounts",
       true,
       {},
       "{new_password}",
       {404, 422}});

  r.add("POST", "/api/v1/accounts/{id}/grants",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::accounts_manage));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"role", "org_unit_id"}));
          WEILAI_TRY(std::string role_code, f.string("role", 32));
          auto role = identity::parse_role(role_code);
          if (!role) return Error::invalid("unknown role " + role_code, "/role");
          WEILAI_TRY(std::int64_t unit, f.integer("org_unit_id", 1, std::int64_t{1} << 53));
          WEILAI_TRY(
              storage::GrantRow g,
              app.write<storage::GrantRow>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::GrantRow> {
                    WEILAI_CHECK(storage::get_account(tx, id));
                    WEILAI_TRY(auto grant,
                               storage::insert_grant(tx, id, *role, unit, app.clock().now_ms()));
                    ch.record("grant.create", "account", std::to_string(id), grant_json(grant));
                    return grant;
                  }));
          app.forget_sessions_of(id);
          return json_response(grant_json(g), 201);
        },
        {"Grant a role on an org unit",
         "accounts",
         true,
         {},
         "{role, org_unit_id}",
         {201, 404, 409, 422}});

  r.add(
      "DELETE", "/api/v1/accounts/{id}/grants/{grant_id}",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::accounts_manage));
        const auto id = id_param(req, "id");
        const auto grant_id = id_param(req, "grant_id");
        WEILAI_CHECK(app.write<bool>(req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<bool> {
          WEILAI_CHECK(storage::delete_grant(tx, id, grant_id));
          ch.record("grant.delete", "account", std::to_string(id), {{"grant_id", grant_id}});
          return true;
        }));
        app.forget_sessions_of(id);
        return no_content();
      },
      {"Remove a grant", "accounts", true, {}, "", {404}});
}

}  // namespace weilai::http
