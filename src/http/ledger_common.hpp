// Helpers the community-ledger route groups share (ledger_routes, points_routes,
// foundation_routes): idempotent posting, who may act for a person, community scope checks and
// rendering stored rows as JSON.
#pragma once

#include <boost/json.hpp>
#include <functional>

#include "http/app.hpp"
#include "storage/ledger_store.hpp"

namespace weilai::http {

// Runs a posting request at most once per (account, Idempotency-Key header): the first run's
// answer is stored in the same transaction as the posting; a retry with the same key and the same
// request gets that answer again (header Idempotent-Replayed: true) and posts nothing; the same
// key with a different request is 422 idempotency_key_reused; a missing key is 400
// idempotency_key_required. A failed run (4xx) stores nothing, so it may be retried.
Result<Response> idempotent_post(
    App& app, const Request& req, const identity::Actor& actor,
    const std::function<Result<boost::json::object>(storage::Tx&, Changes&)>& body,
    int status = 201);

// How the actor reaches a person: as a member of the person's household (own) or as staff whose
// ledger_proxy grant covers the person's grid or community (proxy). permission_denied otherwise.
struct PersonAccess {
  storage::Person person;
  bool own = false;
  bool proxy = false;
};
Result<PersonAccess> person_access(storage::Tx& tx, const identity::Actor& actor,
                                   std::int64_t person_id);

// OK when one of the actor's grants whose role allows one of `actions` covers the community (a
// grant on a grid of that community counts; residents: a grant on the community). Else 403.
Status community_allowed(storage::Tx& tx, const identity::Actor& actor, std::int64_t community_id,
                         std::initializer_list<identity::Action> actions);
// 401/403 unless the actor's roles allow at least one of `actions` somewhere.
Result<identity::Actor> allowed_any(App& app, const Request& req,
                                    std::initializer_list<identity::Action> actions);

boost::json::value value_json(const storage::Value& v);
boost::json::object row_json(const storage::Rows& rows, std::size_t i);
boost::json::array rows_json(const storage::Rows& rows);
// A CSV document (UTF-8 with BOM so spreadsheet programs read Chinese) of the rows.
Response csv_response(const storage::Rows& rows, const std::string& filename);

}  // namespace weilai::http
