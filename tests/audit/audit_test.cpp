#include "audit/audit.hpp"

#include <gtest/gtest.h>

namespace weilai::audit {
namespace {

std::vector<Record> chain(int n) {
  std::vector<Record> out;
  std::string prev = kGenesisHash;
  for (int i = 0; i < n; ++i) {
    Draft d{std::int64_t{7},
            "admin",
            "account.create",
            "account",
            std::to_string(i),
            "r" + std::to_string(i),
            "{\"i\":" + std::to_string(i) + "}"};
    out.push_back(seal(d, i, prev, 1000 + i));
    prev = out.back().hash;
  }
  return out;
}

VerifyReport verify(const std::vector<Record>& records) {
  std::size_t i = 0;
  return verify_chain([&](Record& r) {
    if (i == records.size()) return false;
    r = records[i++];
    return true;
  });
}

TEST(AuditChain, AnIntactChainVerifies) {
  auto records = chain(10);
  EXPECT_EQ(records[0].prev_hash, kGenesisHash);
  EXPECT_EQ(records[3].prev_hash, records[2].hash);
  auto report = verify(records);
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.checked, 10);
}

TEST(AuditChain, EveryFieldIsCoveredByTheHash) {
  for (int field = 0; field < 9; ++field) {
    auto records = chain(6);
    Record& r = records[3];
    switch (field) {
      case 0:
        r.at += 1;
        break;
      case 1:
        r.actor_id = 8;
        break;
      case 2:
        r.actor_login = "mallory";
        break;
      case 3:
        r.action = "account.delete";
        break;
      case 4:
        r.target_type = "grant";
        break;
      case 5:
        r.target_id = "99";
        break;
      case 6:
        r.request_id = "forged";
        break;
      case 7:
        r.digest[0] = r.digest[0] == 'a' ? 'b' : 'a';
        break;
      case 8:
        r.actor_id.reset();
        break;
    }
    auto report = verify(records);
    EXPECT_FALSE(report.ok) << "field " << field;
    EXPECT_EQ(report.first_broken_seq, 4) << "field " << field;
    EXPECT_EQ(report.checked, 3);
  }
}

TEST(AuditChain, RemovedOrReorderedRecordsBreakTheChain) {
  auto records = chain(6);
  records.erase(records.begin() + 2);
  EXPECT_EQ(verify(records).first_broken_seq, 4);
  auto swapped = chain(6);
  std::swap(swapped[1], swapped[2]);
  EXPECT_FALSE(verify(swapped).ok);
  // Re-sealing a changed record does not help: the next record's prev_hash no longer matches.
  auto resealed = chain(6);
  resealed[2].actor_login = "mallory";
  resealed[2].hash = record_hash(resealed[2]);
  EXPECT_EQ(verify(resealed).first_broken_seq, 4);
}

TEST(AuditChain, FieldBoundariesCannotBeShifted) {
  Record a;
  a.actor_login = "ab";
  a.action = "c";
  Record b;
  b.actor_login = "a";
  b.action = "bc";
  EXPECT_NE(record_hash(a), record_hash(b));
}

}  // namespace
}  // namespace weilai::audit
