-- What changed on a followed call (issue 17): its deadline, its amount, or its closing. Written by a trigger, so
-- every writer of `calls` (ingestion, closing of passed calls, staff) is seen; only calls someone follows are logged.
CREATE TABLE call_changes (
  id INTEGER PRIMARY KEY,
  call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  at TEXT NOT NULL,                   -- the call's new updated_at (the writer's clock), else the time of the change (UTC)
  old_next_deadline TEXT,
  new_next_deadline TEXT,
  old_amount TEXT,                    -- JSON [min, max, scope]
  new_amount TEXT,
  old_status TEXT NOT NULL,
  new_status TEXT NOT NULL
);
CREATE INDEX call_changes_call ON call_changes (call_id, at);

CREATE TRIGGER calls_log_followed_changes AFTER UPDATE OF next_deadline, amount_min, amount_max, amount_scope, status ON calls
WHEN (old.next_deadline IS NOT new.next_deadline OR old.amount_min IS NOT new.amount_min OR old.amount_max IS NOT new.amount_max
      OR old.amount_scope IS NOT new.amount_scope OR old.status IS NOT new.status)
  AND EXISTS (SELECT 1 FROM call_follows f WHERE f.call_id = new.id)
BEGIN
  INSERT INTO call_changes (call_id, at, old_next_deadline, new_next_deadline, old_amount, new_amount, old_status, new_status)
  VALUES (new.id, CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END, old.next_deadline, new.next_deadline,
          json_array(old.amount_min, old.amount_max, old.amount_scope), json_array(new.amount_min, new.amount_max, new.amount_scope),
          old.status, new.status);
END;
