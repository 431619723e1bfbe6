-- Expansion from the corpus (issue 15): per profile, the words its strongest matches share that the rest of the open
-- calls rarely use; they join the profile at a low weight (shown « élargi »). Stored so that a profile compiles the
-- same way at every run: a full run or a profile's rescoring computes it, beside the scores it gives.
CREATE TABLE profile_expansion (
  profile_id INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
  words TEXT NOT NULL DEFAULT '[]',       -- JSON list, best first, as calls write them: what the stored scores used
  computed_at TEXT NOT NULL               -- an expansion older than the profile's last edit is ignored
);
