-- « À regarder aussi » (issue 15): calls that score under a profile's min_score but that the thesaurus or the
-- profile's description vouch for. Kept apart from `matches` on purpose: every reader of `matches` (API, feed,
-- calendar, partners, learning from followed calls) means "sent to the member", and these are not. A few per
-- profile, rewritten by the same runs as `matches`; the digest shows at most three per member.
CREATE TABLE second_chances (
  profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  score REAL NOT NULL,
  terms TEXT NOT NULL DEFAULT '[]',
  explanation TEXT NOT NULL DEFAULT '[]',
  first_seen_at TEXT NOT NULL,            -- kept across rescoring, as matches.first_matched_at
  scored_at TEXT NOT NULL,
  PRIMARY KEY (profile_id, call_id)
) WITHOUT ROWID;
CREATE INDEX second_chances_call ON second_chances (call_id);

-- A call the member hid (« Pas pertinent ») never comes back through this side door either.
CREATE TRIGGER second_chances_skip_hidden_calls AFTER INSERT ON second_chances
WHEN EXISTS (
  SELECT 1 FROM member_hidden_calls h JOIN profiles p ON p.member_id = h.member_id
   WHERE p.id = NEW.profile_id AND h.call_id = NEW.call_id
)
BEGIN
  DELETE FROM second_chances WHERE profile_id = NEW.profile_id AND call_id = NEW.call_id;
END;
