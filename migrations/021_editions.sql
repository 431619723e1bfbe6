-- Calls to anticipate (issue 18): editions of a recurring call are linked, and the next edition is expected.
-- Written by network/editions-store.ts after each fetch and before each digest run, from every stored call (closed
-- calls are kept for this). NULL everywhere for a call that is not part of a recognised series.
ALTER TABLE calls ADD COLUMN series_id INTEGER;          -- the series' first edition (a call id); shared by its editions
ALTER TABLE calls ADD COLUMN edition_recurrence TEXT;    -- 'annual' when editions come back about every year
ALTER TABLE calls ADD COLUMN expected_opens TEXT;        -- YYYY-MM-DD: when the next edition is expected to open
ALTER TABLE calls ADD COLUMN expected_deadline TEXT;     -- YYYY-MM-DD: its expected deadline
CREATE INDEX calls_series ON calls (series_id) WHERE series_id IS NOT NULL;
