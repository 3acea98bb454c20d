-- Named leases: which `weilai serve` process does a cluster-wide periodic job (the housekeeping
-- round) while several share one database. A holder keeps its lease by renewing it before
-- expires_at; a lease past expires_at may be taken by anyone.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
