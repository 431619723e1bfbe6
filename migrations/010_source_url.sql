-- The address each source was last fetched from. Validators (ETag, Last-Modified), backoff and a 410 belong to an
-- address, not to a source id: when staff change a source's url in feeds.yaml, that state starts afresh.
-- NULL for sources fetched before this migration: their next fetch records the address without resetting anything.
ALTER TABLE sources ADD COLUMN url TEXT;
