-- Expansion from the corpus (issue 15): per profile, the words its strongest matches share that the rest of the open
-- calls rarely use; they join the profile at a low weight (shown « élargi »). Stored so that a profile compiles the
-- same way at every run, and so that runs recompute it only when its strongest matches changed.
CREATE TABLE profile_expansion (
  profile_id INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
  words TEXT NOT NULL DEFAULT '[]',       -- JSON list, best first, as calls write them: what the stored scores used
  strongest TEXT NOT NULL DEFAULT '[]',   -- [[call_id, evidence], ...] best first: the profile's strongest matches on its own terms
  due INTEGER NOT NULL DEFAULT 0,         -- 1: the strongest matches changed the words, the profile awaits rescoring with them
  computed_at TEXT NOT NULL               -- an expansion older than the profile's last edit is ignored
);
CREATE INDEX profile_expansion_due ON profile_expansion (profile_id) WHERE due = 1;
