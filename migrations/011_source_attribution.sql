-- What feeds.yaml says about each source's calls beyond fetching them: the attribution its licence asks for (shown
-- wherever one of its calls is shown) and whether its calls may appear on the public page. Written from feeds.yaml
-- whenever sources are fetched or the file is (re)loaded; NULL / 1 for sources not seen since this migration.
ALTER TABLE sources ADD COLUMN attribution TEXT;
ALTER TABLE sources ADD COLUMN public INTEGER NOT NULL DEFAULT 1;
