-- The process that runs a digest run: a second run of the same week, started while the first is still sending (the
-- schedule inside `serve` and a `fundwatch digest` by hand), steps aside instead of reporting the first run's
-- messages in flight as « envoi interrompu, état inconnu ». A run whose process is gone (killed half-way) is over.
ALTER TABLE digest_runs ADD COLUMN pid INTEGER;
