-- What each source itself says of a call: its title, summary, funder type and funder name. A call's own text is
-- gathered from all the sources that carry it; the public watch (/veille) must show only what public sources say,
-- so a call that a `public: false` source also carries is shown there in a public source's own words.
ALTER TABLE call_sources ADD COLUMN title TEXT;
ALTER TABLE call_sources ADD COLUMN summary TEXT;
ALTER TABLE call_sources ADD COLUMN funder TEXT;
ALTER TABLE call_sources ADD COLUMN funder_name TEXT;

-- A call carried by public sources only: its text is theirs. A call that a non-public source also carries keeps
-- these empty until its public source is read again: the public watch leaves it out meanwhile.
UPDATE call_sources
   SET title = (SELECT c.title FROM calls c WHERE c.id = call_sources.call_id),
       summary = (SELECT c.summary FROM calls c WHERE c.id = call_sources.call_id),
       funder = (SELECT c.funder FROM calls c WHERE c.id = call_sources.call_id),
       funder_name = (SELECT c.funder_name FROM calls c WHERE c.id = call_sources.call_id)
 WHERE NOT EXISTS (
   SELECT 1 FROM call_sources other JOIN sources s ON s.id = other.source_id
    WHERE other.call_id = call_sources.call_id AND s.public = 0
 );
