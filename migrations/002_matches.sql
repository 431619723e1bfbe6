-- Scored matches between a profile and a call. Only matches at or above the profile's min_score are kept.
CREATE TABLE matches (
  profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  score REAL NOT NULL,                    -- 0 to 100
  terms TEXT NOT NULL DEFAULT '[]',       -- the profile terms that matched, as the member wrote them
  explanation TEXT NOT NULL DEFAULT '[]', -- [{"term", "field": "title"|"summary"|"body", "via"?: synonym}]
  first_matched_at TEXT NOT NULL,         -- kept across rescoring: when this call first fitted this profile
  scored_at TEXT NOT NULL,
  PRIMARY KEY (profile_id, call_id)
);
CREATE INDEX matches_call ON matches (call_id);
