-- A profile's description (issue 15): the project in the member's own words, up to 2,000 characters. The
-- matcher reads its distinctive terms with a low weight; '' when the member wrote none.
ALTER TABLE profiles ADD COLUMN description TEXT NOT NULL DEFAULT '';
