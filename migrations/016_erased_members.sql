-- Ids of erased members, and nothing else about them: a link sent to someone who was erased can then say that the
-- person is no longer on the list, instead of calling the link broken (their salt, hence the link's proof, is gone).
-- The id alone names no one once the member's row and every row about them are deleted.
CREATE TABLE erased_members (
  id INTEGER PRIMARY KEY,
  erased_at TEXT NOT NULL
);

CREATE TRIGGER members_erased AFTER DELETE ON members
BEGIN
  INSERT OR REPLACE INTO erased_members (id, erased_at) VALUES (OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
