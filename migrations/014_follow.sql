-- Following calls and deadline reminders (issue 17). Every row naming a member goes when the member is erased.

-- A member's pause and reminder settings.
ALTER TABLE members ADD COLUMN paused_until TEXT;                          -- YYYY-MM-DD: no digest before that day; NULL: not paused
ALTER TABLE members ADD COLUMN reminder_days TEXT NOT NULL DEFAULT '[14,3]'; -- JSON array of lead times in days, descending
ALTER TABLE members ADD COLUMN reminders_enabled INTEGER NOT NULL DEFAULT 1;

-- The status a member gave a call, from a signed link or the member page.
CREATE TABLE call_follows (
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('interested', 'applying', 'submitted', 'won', 'lost', 'none')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (member_id, call_id)
) WITHOUT ROWID;
CREATE INDEX call_follows_call ON call_follows (call_id);

-- Every change of status, for the staff report (which sources lead to applications and grants).
CREATE TABLE call_follow_events (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  previous TEXT,
  at TEXT NOT NULL
);
CREATE INDEX call_follow_events_at ON call_follow_events (at);

-- Reminder runs (anonymous counts) and the reminder ledger: one row per (day, member) moving
-- pending -> sending -> sent | failed | skipped exactly as digest_deliveries (src/digest/ledger.ts).
CREATE TABLE reminder_runs (
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  dry_run INTEGER NOT NULL DEFAULT 0,
  sent INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  stuck INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE reminder_deliveries (
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,                  -- YYYY-MM-DD in FUNDWATCH_TZ
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  run_id INTEGER REFERENCES reminder_runs (id) ON DELETE SET NULL,
  message_id TEXT,
  subject TEXT,
  composed_at TEXT,
  claimed_at TEXT,
  sent_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (day, member_id)
);
CREATE INDEX reminder_deliveries_member ON reminder_deliveries (member_id, status);

-- What a reminder carries: one row per (call, lead time) for the deadline it was computed for. A (member, call,
-- kind, lead time, deadline) counts as reminded once its delivery is `sent` or `sending` (outcome unknown: never
-- sent again); a moved deadline is a new key, so its reminders start again.
CREATE TABLE reminder_items (
  delivery_id INTEGER NOT NULL REFERENCES reminder_deliveries (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('deadline', 'submitted_check')),
  lead_days INTEGER NOT NULL,
  deadline TEXT NOT NULL,
  moved_from TEXT,                    -- the deadline an earlier reminder gave, when it has moved since
  PRIMARY KEY (delivery_id, call_id, kind, lead_days)
);
CREATE INDEX reminder_items_member_call ON reminder_items (member_id, call_id, deadline);
