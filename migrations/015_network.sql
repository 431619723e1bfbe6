-- The network's own features (issue 18): staff picks and partners.
--
-- Members: `tags` (short labels chosen by staff, e.g. epn, fablab; a JSON array of lower-case strings) that a pin
-- may target, and `visible_to_network` (0/1, default 0): when 1, other members who opted in and are matched on the
-- same call see this member's organisation in the digest, to build a joint application.
ALTER TABLE members ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE members ADD COLUMN visible_to_network INTEGER NOT NULL DEFAULT 0 CHECK (visible_to_network IN (0, 1));

-- A call pinned by staff: shown first in the next digest of every active member (tags empty) or of the members
-- having one of `tags`, with the note and an optional internal deadline. One pin per call.
CREATE TABLE call_pins (
  call_id INTEGER PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
  note TEXT NOT NULL,
  internal_deadline TEXT,          -- YYYY-MM-DD: « envoyez-nous votre dossier avant le … »
  tags TEXT NOT NULL DEFAULT '[]', -- JSON array; empty: every active member
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Unpinned when closed: a call whose status turns closed loses its pin (a deadline that passes while the status is
-- still open is swept by network/pins.ts before each use).
CREATE TRIGGER call_pins_unpin_closed AFTER UPDATE OF status ON calls
WHEN NEW.status = 'closed'
BEGIN
  DELETE FROM call_pins WHERE call_id = NEW.id;
END;
