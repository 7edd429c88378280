-- 5: look up a report's MinHash bands by report (re-placing a revision, cascading deletes)
CREATE INDEX minhash_bands_report ON minhash_bands(report_id);

