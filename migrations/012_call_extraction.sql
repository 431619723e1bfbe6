-- What the extraction reads in a call's text beside its deadlines and amount: when applications open, the highest
-- co-funding rate, whether the call recurs, the European funds it names. extraction_version says which rules last
-- read the call: calls stored before this migration (0) are read again from their stored text by the next fetch
-- (refreshExtraction in calls/store.ts), which has the extraction code a SQL migration lacks.
ALTER TABLE calls ADD COLUMN opens TEXT;            -- YYYY-MM-DD or NULL
ALTER TABLE calls ADD COLUMN rate REAL;             -- percent or NULL
ALTER TABLE calls ADD COLUMN recurrence TEXT;       -- annual | rolling | NULL
ALTER TABLE calls ADD COLUMN eu_funds TEXT NOT NULL DEFAULT '[]';  -- JSON list of normalised names
ALTER TABLE calls ADD COLUMN extraction_version INTEGER NOT NULL DEFAULT 0;
