-- New calls a digest left out because it lists at most MAX_NEW_CALLS (src/digest/compose.ts). They were never
-- sent, and by the next week they are no longer « new since the last digest »: without this record a long first
-- digest would hide them for good. Read with the delivery's status, like digest_items: only a sent digest's
-- held-back calls are carried over to the next one.
CREATE TABLE digest_held_back (
  delivery_id INTEGER NOT NULL REFERENCES digest_deliveries (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  profile_id INTEGER,             -- the profile it would have been listed under (no FK, as in digest_items)
  PRIMARY KEY (delivery_id, call_id)
);
CREATE INDEX digest_held_back_member_call ON digest_held_back (member_id, call_id);
