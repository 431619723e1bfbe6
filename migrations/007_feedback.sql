-- Members' "not relevant" feedback (issue 8) and the calls each member asked never to see again.
-- Both go when the member is erased (ON DELETE CASCADE), as the member's data must.

-- One row per call a member has hidden: digests, the calendar and the Atom feed skip these calls.
CREATE TABLE member_hidden_calls (
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  hidden_at TEXT NOT NULL,
  PRIMARY KEY (member_id, call_id)
) WITHOUT ROWID;
CREATE INDEX member_hidden_calls_call ON member_hidden_calls (call_id);

-- A hidden call stays out of the member's matches, whatever rescoring happens later: marking a call "not relevant"
-- deletes the member's matches of it (in the same transaction), and this trigger drops any that the matcher writes
-- again. So every reader of `matches` (digest, API, calendar, feed) leaves hidden calls out without knowing of them.
CREATE TRIGGER matches_skip_hidden_calls AFTER INSERT ON matches
WHEN EXISTS (
  SELECT 1 FROM member_hidden_calls h JOIN profiles p ON p.member_id = h.member_id
   WHERE p.id = NEW.profile_id AND h.call_id = NEW.call_id
)
BEGIN
  DELETE FROM matches WHERE profile_id = NEW.profile_id AND call_id = NEW.call_id;
END;

-- What staff read to find noisy sources and keywords. A row survives the deletion of its profile (the terms
-- and profile name are copied at click time) but not the erasure of its member.
CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  profile_id INTEGER REFERENCES profiles (id) ON DELETE SET NULL,
  profile_name TEXT,
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  kind TEXT NOT NULL DEFAULT 'not_relevant' CHECK (kind IN ('not_relevant')),
  terms TEXT NOT NULL DEFAULT '[]',   -- the profile terms that matched the call, as the member wrote them
  score REAL,                         -- the match score at click time, when the call was matched
  created_at TEXT NOT NULL,
  UNIQUE (member_id, call_id, kind)
);
CREATE INDEX feedback_created ON feedback (created_at);
CREATE INDEX feedback_profile ON feedback (profile_id);
CREATE INDEX feedback_call ON feedback (call_id);
