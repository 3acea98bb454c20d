// Community ledgers, part 3: the community foundation (社区基金会). Funds hold CNY (fen) in a
// ledger account; donations come in from the community's "donations" system account with the
// donor's visibility choice; spending proposals need N approvals from people other than the
// proposer; an approved proposal is paid once, with its receipt; anyone may read a fund's
// disclosure (income, expenses, balance) without signing in.
#include <boost/json.hpp>

#include "community/foundation.hpp"
#include "http/json_io.hpp"
#include "http/ledger_common.hpp"
#include "http/problem.hpp"

namespace weilai::http {
namespace json = boost::json;
using community::Unit;
using identity::Action;

namespace {
constexpr std::initializer_list<Action> kFoundationStaff{Action::foundation_manage,
                                                         Action::foundation_approve};

Result<std::int64_t> fund_account(storage::Tx& tx, const storage::Fund& f, UnixMillis now) {
  WEILAI_TRY(auto a, storage::ensure_account(tx, community::OwnerKind::organisation, f.id, "fund",
                                             Unit::cny, f.community_id, std::int64_t{0}, now));
  return a.id;
}

Result<json::object> disclosure(storage::Tx& tx, std::int64_t fund_id) {
  WEILAI_TRY(auto fund, storage::get_fund(tx, fund_id));
  WEILAI_TRY(auto funds, storage::list_funds(tx, fund.community_id));
  json::object head;
  for (std::size_t i = 0; i < funds.size(); ++i)
    if (funds.rows[i].i64(0) == fund_id) head = row_json(funds, i);
  WEILAI_TRY(auto donations, storage::fund_donations(tx, fund_id));
  WEILAI_TRY(auto expenses, storage::fund_expenses(tx, fund_id));
  head["donations"] = rows_json(donations);
  head["expenses"] = rows_json(expenses);
  return head;
}
}  // namespace

void add_foundation_routes(App& app) {
  auto& r = app.router();

  r.add(
      "GET", "/api/v1/public/foundation/funds",
      [&app](Request&) -> Result<Response> {
        WEILAI_TRY(auto rows, app.read<storage::Rows>([&](storage::Tx& tx) {
          return storage::list_funds(tx, std::nullopt);
        }));
        return json_response(json::object{{"items", rows_json(rows)}, {"next_cursor", nullptr}});
      },
      {"Public: every community fund with its income, expenses and balance", "foundation", false});

  r.add("GET", "/api/v1/public/foundation/funds/{id}",
        [&app](Request& req) -> Result<Response> {
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto out,
                     app.read<json::object>([&](storage::Tx& tx) { return disclosure(tx, id); }));
          return json_response(out);
        },
        {"Public disclosure of one fund: donations (names only when the donor chose so), "
         "expenses with receipts and approvals, balance",
         "foundation",
         false,
         {},
         "",
         {404}});

  r.add("GET", "/api/v1/foundation/funds",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, kFoundationStaff));
          const auto cid = query_int(req, "community_id", 1, kMaxId);
          if (!cid)
            throw Problem(400, "invalid_query", "community_id is required", "?community_id");
          WEILAI_TRY(auto rows,
                     app.read<storage::Rows>([&](storage::Tx& tx) -> Result<storage::Rows> {
                       WEILAI_CHECK(community_allowed(tx, actor, *cid, kFoundationStaff));
                       return storage::list_funds(tx, *cid);
                     }));
          return json_response(json::object{{"items", rows_json(rows)}, {"next_cursor", nullptr}});
        },
        {"Funds of a community (staff)", "foundation", true, {"community_id"}});

  r.add("POST", "/api/v1/foundation/funds",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::foundation_manage));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"community_id", "name", "description", "approvals_required"}));
          storage::Fund fund;
          WEILAI_TRY(fund.community_id, f.integer("community_id", 1, kMaxId));
          WEILAI_TRY(fund.name, f.string("name", 100));
          WEILAI_TRY(auto d, f.optional_string("description", 2000));
          fund.description = d.value_or("");
          WEILAI_TRY(auto n, f.optional_integer("approvals_required", 1, 9));
          fund.approvals_required = n.value_or(2);
          WEILAI_TRY(auto out,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           WEILAI_CHECK(community_allowed(tx, actor, fund.community_id,
                                                          {Action::foundation_manage}));
                           const auto now = app.clock().now_ms();
                           WEILAI_TRY(fund.id, storage::insert_fund(tx, fund, now));
                           WEILAI_CHECK(fund_account(tx, fund, now));
                           json::object o{{"id", fund.id},
                                          {"community_id", fund.community_id},
                                          {"name", fund.name},
                                          {"description", fund.description},
                                          {"approvals_required", fund.approvals_required}};
                           ch.record("foundation.fund_create", "fund", std::to_string(fund.id), o);
                           return o;
                         }));
          return json_response(out, 201);
        },
        {"Create a fund",
         "foundation",
         true,
         {},
         "{community_id, name, description?, approvals_required? (default 2)}",
         {422}});

  r.add("POST", "/api/v1/foundation/funds/{id}/donations",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::foundation_manage));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          return idempotent_post(
              app, req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                JsonFields f(body);
                WEILAI_CHECK(f.only({"donor_name", "public_name", "amount_fen"}));
                WEILAI_TRY(auto donor, f.string("donor_name", 100));
                WEILAI_TRY(auto pub, f.optional_boolean("public_name"));
                WEILAI_TRY(auto amount, f.integer("amount_fen", 1, 100'000'000'000));
                const auto now = app.clock().now_ms();
                WEILAI_TRY(auto fund, storage::get_fund(tx, id));
                WEILAI_CHECK(
                    community_allowed(tx, actor, fund.community_id, {Action::foundation_manage}));
                WEILAI_TRY(auto facc, fund_account(tx, fund, now));
                WEILAI_TRY(auto src, storage::system_account(tx, fund.community_id, "donations",
                                                             Unit::cny, now));
                community::Posting p;
                p.kind = "donation";
                p.community_id = fund.community_id;
                p.memo = donor;
                p.ref_type = "fund";
                p.ref_id = id;
                p.actor_id = actor.account_id;
                p.entries = {{src, Unit::cny, -amount, std::nullopt},
                             {facc, Unit::cny, amount, std::nullopt}};
                WEILAI_TRY(auto txid, storage::post(tx, p, now));
                WEILAI_TRY(auto did, storage::insert_donation(tx, id, donor, pub.value_or(true),
                                                              amount, txid, now));
                json::object o{{"id", did},
                               {"fund_id", id},
                               {"tx_id", txid},
                               {"donor_name", donor},
                               {"public_name", pub.value_or(true)},
                               {"amount_fen", amount}};
                ch.record("foundation.donation", "fund", std::to_string(id), o);
                return o;
              });
        },
        {"Record a donation received (donor visibility choice)",
         "foundation",
         true,
         {},
         "{donor_name, public_name?, amount_fen} + Idempotency-Key header",
         {400, 404, 422}});

  r.add("GET", "/api/v1/foundation/funds/{id}/proposals",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, allowed_any(app, req, kFoundationStaff));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto out, app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
            WEILAI_TRY(auto fund, storage::get_fund(tx, id));
            WEILAI_CHECK(community_allowed(tx, actor, fund.community_id, kFoundationStaff));
            WEILAI_TRY(auto rows, storage::list_proposals(tx, id));
            json::array items = rows_json(rows);
            for (auto& it : items) {
              WEILAI_TRY(auto ds, storage::decisions_of(tx, it.as_object().at("id").as_int64()));
              it.as_object()["decisions"] = rows_json(ds);
              it.as_object()["approvals_required"] = fund.approvals_required;
            }
            return items;
          }));
          return json_response(json::object{{"items", std::move(out)}, {"next_cursor", nullptr}});
        },
        {"Spending proposals of a fund with their decisions", "foundation", true, {}, "", {404}});

  r.add("POST", "/api/v1/foundation/funds/{id}/proposals",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::foundation_manage));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"title", "purpose", "payee", "amount_fen"}));
          storage::Proposal p;
          p.fund_id = id;
          WEILAI_TRY(p.title, f.string("title", 200));
          WEILAI_TRY(auto purpose, f.optional_string("purpose", 2000));
          p.purpose = purpose.value_or("");
          WEILAI_TRY(p.payee, f.string("payee", 200));
          WEILAI_TRY(p.amount_fen, f.integer("amount_fen", 1, 100'000'000'000));
          p.proposer_id = *actor.account_id;
          WEILAI_TRY(auto out,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           WEILAI_TRY(auto fund, storage::get_fund(tx, id));
                           WEILAI_CHECK(community_allowed(tx, actor, fund.community_id,
                                                          {Action::foundation_manage}));
                           WEILAI_TRY(p.id, storage::insert_proposal(tx, p, app.clock().now_ms()));
                           json::object o{{"id", p.id},          {"fund_id", id},
                                          {"title", p.title},    {"purpose", p.purpose},
                                          {"payee", p.payee},    {"amount_fen", p.amount_fen},
                                          {"status", "pending"}, {"proposer_id", p.proposer_id}};
                           ch.record("foundation.proposal_create", "fund_proposal",
                                     std::to_string(p.id), o);
                           return o;
                         }));
          return json_response(out, 201);
        },
        {"Propose spending from a fund",
         "foundation",
         true,
         {},
         "{title, purpose?, payee, amount_fen}",
         {404, 422}});

  r.add("POST", "/api/v1/foundation/proposals/{id}/decision",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::foundation_approve));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"decision", "note"}));
          WEILAI_TRY(auto decision, f.string("decision", 8));
          if (decision != "approve" && decision != "reject")
            return Error::invalid("decision: approve or reject", "/decision");
          WEILAI_TRY(auto note, f.optional_string("note", 500));
          WEILAI_TRY(
              auto out,
              app.write<json::object>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                    WEILAI_TRY(auto p, storage::get_proposal(tx, id));
                    WEILAI_TRY(auto fund, storage::get_fund(tx, p.fund_id));
                    WEILAI_CHECK(community_allowed(tx, actor, fund.community_id,
                                                   {Action::foundation_approve}));
                    WEILAI_TRY(auto rows, storage::decisions_of(tx, id));
                    std::vector<community::Decision> ds;
                    for (const auto& d : rows.rows)
                      ds.push_back({d.i64(0), d.text(2) == "approve"});
                    WEILAI_CHECK(
                        community::check_decision(p.status, p.proposer_id, *actor.account_id, ds));
                    const auto now = app.clock().now_ms();
                    WEILAI_CHECK(storage::insert_decision(
                        tx, id, *actor.account_id, decision == "approve", note.value_or(""), now));
                    ds.push_back({*actor.account_id, decision == "approve"});
                    const auto status =
                        community::proposal_status(ds, static_cast<int>(fund.approvals_required));
                    if (status != p.status)
                      WEILAI_CHECK(storage::set_proposal_status(tx, id, p.status, status));
                    json::object o{{"proposal_id", id},
                                   {"decision", decision},
                                   {"status", status},
                                   {"approvals", static_cast<std::int64_t>(ds.size())},
                                   {"approvals_required", fund.approvals_required}};
                    ch.record("foundation.decision", "fund_proposal", std::to_string(id), o);
                    return o;
                  }));
          return json_response(out);
        },
        {"Approve or reject a spending proposal (never one's own; N approvals approve it)",
         "foundation",
         true,
         {},
         "{decision: approve|reject, note?}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/foundation/proposals/{id}/expense",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::foundation_manage));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          return idempotent_post(
              app, req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                JsonFields f(body);
                WEILAI_CHECK(f.only({"receipt_no", "receipt_note"}));
                WEILAI_TRY(auto receipt_no, f.string("receipt_no", 100));
                WEILAI_TRY(auto receipt_note, f.optional_string("receipt_note", 2000));
                const auto now = app.clock().now_ms();
                WEILAI_TRY(auto p, storage::get_proposal(tx, id));
                WEILAI_TRY(auto fund, storage::get_fund(tx, p.fund_id));
                WEILAI_CHECK(
                    community_allowed(tx, actor, fund.community_id, {Action::foundation_manage}));
                WEILAI_CHECK(community::check_payable(p.status));
                WEILAI_TRY(auto facc, fund_account(tx, fund, now));
                WEILAI_TRY(auto sink, storage::system_account(tx, fund.community_id, "expenses",
                                                              Unit::cny, now));
                community::Posting post;
                post.kind = "expense";
                post.community_id = fund.community_id;
                post.memo = p.title;
                post.ref_type = "fund_proposal";
                post.ref_id = id;
                post.actor_id = actor.account_id;
                post.entries = {{facc, Unit::cny, -p.amount_fen, std::nullopt},
                                {sink, Unit::cny, p.amount_fen, std::nullopt}};
                WEILAI_TRY(auto txid, storage::post(tx, post, now));
                WEILAI_CHECK(storage::set_proposal_status(tx, id, "approved", "paid"));
                WEILAI_TRY(auto eid, storage::insert_expense(tx, p, receipt_no,
                                                             receipt_note.value_or(""), txid, now));
                json::object o{{"id", eid},
                               {"proposal_id", id},
                               {"tx_id", txid},
                               {"amount_fen", p.amount_fen},
                               {"receipt_no", receipt_no},
                               {"fund_id", fund.id}};
                ch.record("foundation.expense", "fund_proposal", std::to_string(id), o);
                return o;
              });
        },
        {"Pay an approved proposal from its fund, with its receipt",
         "foundation",
         true,
         {},
         "{receipt_no, receipt_note?} + Idempotency-Key header",
         {400, 404, 409, 422}});
}

}  // namespace weilai::http
