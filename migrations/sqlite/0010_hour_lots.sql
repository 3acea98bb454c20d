-- Time-bank hour lots (issue #7): when a community sets an hour expiry, every credit that can
-- expire (a confirmed service, or transferred hours that came from such a credit) is a lot with
-- the minutes still unspent. Spending draws the earliest-expiring unexpired lots first, then the
-- account's hours that never expire (balance − all lots' remaining); expired lots are never spent.
CREATE TABLE timebank_hour_lots (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES ledger_accounts(id),
  tx_id INTEGER NOT NULL REFERENCES ledger_transactions(id),
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  remaining INTEGER NOT NULL CHECK (remaining >= 0),
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX timebank_hour_lots_account ON timebank_hour_lots(account_id, expires_at);
