// Households: staff see those of communities in their scope; a resident sees only their own.
#include <boost/json.hpp>

#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/views.hpp"
#include "storage/community_store.hpp"
#include "storage/org_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;

namespace {
// Where a staff member works by default: the unit of their first grant on a community or a grid
// (a grid worker sees their grid's households).
Result<std::optional<std::int64_t>> default_unit(storage::Tx& tx, const identity::Actor& actor) {
  for (const auto& g : actor.grants) {
    WEILAI_TRY(auto unit, storage::get_org_unit(tx, g.org_unit_id));
    if (unit.kind == "community" || unit.kind == "grid")
      return std::optional<std::int64_t>(unit.id);
  }
  return std::optional<std::int64_t>{};
}

// The org path a household is authorised against: its grid's (which includes the community) when
// it has one, else its community's.
Result<std::vector<std::int64_t>> household_path(storage::Tx& tx, const storage::Household& h) {
  return storage::org_path(tx, h.grid_id ? *h.grid_id : h.community_id);
}
}  // namespace

void add_household_routes(App& app) {
  auto& r = app.router();

  r.add("GET", "/api/v1/households",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const Page page = page_params(req);
          auto unit = query_int(req, "community_id", 1, std::int64_t{1} << 53);
          if (!unit) unit = query_int(req, "grid_id", 1, std::int64_t{1} << 53);
          WEILAI_TRY(auto rows,
                     app.read<std::vector<storage::Household>>(
                         [&](storage::Tx& tx) -> Result<std::vector<storage::Household>> {
                           std::optional<std::int64_t> scope = unit;
                           if (!scope) {
                             WEILAI_TRY(scope, default_unit(tx, actor));
                           }
                           identity::Resource res;
                           if (scope) {
                             auto path = storage::org_path(tx, *scope);
                             if (!path)
                               return Error::not_found("no org unit " + std::to_string(*scope));
                             res.org_path = std::move(path).value();
                           } else if (!actor.has_role(identity::Role::system_admin)) {
                             return Error::invalid("community_id is required", "?community_id");
                           }
                           WEILAI_CHECK(identity::authorize(actor, Action::households_read, res));
                           return storage::list_households(tx, scope, page.after_id, page.limit);
                         }));
          json::array items;
          for (const auto& h : rows) items.push_back(household_json(h, false));
          return json_response(page_body(
              std::move(items), next_cursor(rows.size(), page, rows.empty() ? 0 : rows.back().id)));
        },
        {"Households of a community or grid in scope",
         "households",
         true,
         {"community_id", "grid_id", "limit", "cursor"}});

  r.add("GET", "/api/v1/households/mine",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          WEILAI_TRY(auto rows, app.read<std::vector<storage::Household>>([&](storage::Tx& tx) {
            return storage::households_of_account(tx, *actor.account_id);
          }));
          json::array items;
          for (const auto& h : rows) items.push_back(household_json(h, true));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"The households the signed-in person belongs to", "households"});

  r.add("GET", "/api/v1/households/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(
              auto h,
              app.read<storage::Household>([&](storage::Tx& tx) -> Result<storage::Household> {
                WEILAI_TRY(auto found, storage::get_household(tx, id));
                identity::Resource own;
                own.household_id = id;
                if (identity::authorize(actor, Action::households_own, own)) return found;
                identity::Resource staff;
                WEILAI_TRY(staff.org_path, household_path(tx, found));
                WEILAI_CHECK(identity::authorize(actor, Action::households_read, staff));
                return found;
              }));
          return json_response(household_json(h, true));
        },
        {"One household with its members", "households", true, {}, "", {404}});
}

}  // namespace weilai::http
