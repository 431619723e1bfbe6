-- Weekly digest: one row per run (anonymous counts that outlive members) and a delivery ledger with one
-- row per (ISO week, member) moving pending -> sending -> sent | failed | skipped. A row left in `sending`
-- means the outcome is unknown (crash, connection lost mid-message): it is reported, never resent blindly.

CREATE TABLE digest_runs (
  id INTEGER PRIMARY KEY,
  week TEXT NOT NULL,             -- ISO week in FUNDWATCH_TZ, e.g. 2026-W48
  started_at TEXT NOT NULL,
  finished_at TEXT,
  dry_run INTEGER NOT NULL DEFAULT 0,
  sent INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  stuck INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX digest_runs_started ON digest_runs (started_at);

CREATE TABLE digest_deliveries (
  id INTEGER PRIMARY KEY,
  week TEXT NOT NULL,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  run_id INTEGER REFERENCES digest_runs (id) ON DELETE SET NULL,
  message_id TEXT,
  subject TEXT,
  composed_at TEXT,               -- the run's "now" when the content was composed: next digest starts from it
  claimed_at TEXT,
  sent_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (week, member_id)
);
CREATE INDEX digest_deliveries_member ON digest_deliveries (member_id, status);

-- The calls put in a delivery; they count as sent to the member only once the delivery is `sent`.
CREATE TABLE digest_items (
  delivery_id INTEGER NOT NULL REFERENCES digest_deliveries (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  profile_id INTEGER,             -- the profile it was listed under (no FK: profiles may be removed later)
  section TEXT NOT NULL CHECK (section IN ('new', 'closing')),
  PRIMARY KEY (delivery_id, call_id)
);
CREATE INDEX digest_items_member_call ON digest_items (member_id, call_id);
