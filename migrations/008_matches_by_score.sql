-- Each profile's matches in score order, call id included so the index alone answers "what score must a new
-- call beat to enter this profile's best matches" (the incremental matcher asks it for thousands of profiles
-- after every fetch) without reading the rows.
CREATE INDEX matches_profile_score ON matches (profile_id, score, call_id);
