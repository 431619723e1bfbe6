-- fundwatch core schema. Dates are ISO 8601 text in UTC (timestamps) or YYYY-MM-DD (calendar days).
-- JSON arrays are stored as text and always hold a valid array.

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Fetch state and health of each source of feeds.yaml, keyed by its id. Rows outlive a source that
-- disappears from feeds.yaml so that its calls keep their provenance.
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  last_fetch_at TEXT,
  last_status TEXT,             -- ok | not_modified | error | gone
  last_error TEXT,
  last_error_kind TEXT,         -- timeout | too_large | http_status | not_a_feed | parse_error | robots | no_items | network
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,         -- exponential backoff after failures
  items_seen INTEGER NOT NULL DEFAULT 0,
  last_new_at TEXT,
  gone_at TEXT,                 -- set on 410 Gone: the source is disabled until staff act
  created_at TEXT NOT NULL
);

CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  canonical_url TEXT,
  title TEXT NOT NULL,
  title_key TEXT NOT NULL,      -- normalised title, for cross-source de-duplication
  summary TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '', -- full text read from the detail page, when any
  funder TEXT NOT NULL,          -- eu | state | region | department | municipality | foundation | company | other
  funder_name TEXT,
  regions TEXT NOT NULL DEFAULT '[]',
  categories TEXT NOT NULL DEFAULT '[]',
  deadlines TEXT NOT NULL DEFAULT '[]',  -- every deadline found, YYYY-MM-DD, ascending
  next_deadline TEXT,           -- the next one ahead, else the last one; NULL when unknown
  amount_min REAL,
  amount_max REAL,
  amount_currency TEXT,
  amount_scope TEXT,            -- project | total | NULL
  published_at TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  content_hash TEXT NOT NULL DEFAULT '',
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX calls_canonical_url ON calls (canonical_url) WHERE canonical_url IS NOT NULL;
CREATE INDEX calls_title_key ON calls (title_key);
CREATE INDEX calls_status_deadline ON calls (status, next_deadline);
CREATE INDEX calls_updated_at ON calls (updated_at);

-- One row per item of a source; several items (from several sources) may carry the same call.
CREATE TABLE call_sources (
  source_id TEXT NOT NULL,
  item_key TEXT NOT NULL,       -- the item's GUID, or its canonical URL when the feed has none
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  url TEXT,
  content_hash TEXT NOT NULL DEFAULT '',
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  PRIMARY KEY (source_id, item_key)
);
CREATE INDEX call_sources_call ON call_sources (call_id);

-- Full-text search over calls, accents folded; kept in step with calls by triggers.
CREATE VIRTUAL TABLE calls_fts USING fts5 (
  title, summary, body,
  content = 'calls', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER calls_fts_insert AFTER INSERT ON calls BEGIN
  INSERT INTO calls_fts (rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
END;
CREATE TRIGGER calls_fts_delete AFTER DELETE ON calls BEGIN
  INSERT INTO calls_fts (calls_fts, rowid, title, summary, body) VALUES ('delete', old.id, old.title, old.summary, old.body);
END;
CREATE TRIGGER calls_fts_update AFTER UPDATE OF title, summary, body ON calls BEGIN
  INSERT INTO calls_fts (calls_fts, rowid, title, summary, body) VALUES ('delete', old.id, old.title, old.summary, old.body);
  INSERT INTO calls_fts (rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
END;

CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE UNIQUE,
  name TEXT,
  organisation TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'unsubscribed')),
  token_salt TEXT NOT NULL,     -- rotating it revokes every signed link of the member
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  unsubscribed_at TEXT
);

CREATE TABLE profiles (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  keywords TEXT NOT NULL DEFAULT '[]',
  exclude TEXT NOT NULL DEFAULT '[]',
  categories TEXT NOT NULL DEFAULT '[]',
  regions TEXT NOT NULL DEFAULT '[]',
  min_score REAL,               -- NULL: the matcher's documented default
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX profiles_member ON profiles (member_id);
