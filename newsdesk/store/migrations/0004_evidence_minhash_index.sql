-- 4: what story assignment and duplicate detection keep per report and per story
CREATE TABLE report_evidence (
    report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    names TEXT NOT NULL,             -- JSON list of name keys (the index's postings)
    data TEXT NOT NULL               -- JSON: lang, dates, numbers, lead and its n-grams
);
CREATE TABLE minhash (
    report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    exact TEXT NOT NULL,             -- hash of the normalised text
    signature BLOB NOT NULL
);
CREATE INDEX minhash_exact ON minhash(exact);
CREATE TABLE minhash_bands (
    band TEXT NOT NULL,              -- hash of (band number, band values)
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE
);
CREATE INDEX minhash_bands_band ON minhash_bands(band);
CREATE TABLE story_index (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    encoder TEXT NOT NULL,
    centroid BLOB NOT NULL,          -- sum of member vectors (normalise to compare)
    n INTEGER NOT NULL,
    PRIMARY KEY (story_id, encoder)
);
-- the span of the members' event dates: the story's time window
ALTER TABLE stories ADD COLUMN date_first TEXT;
ALTER TABLE stories ADD COLUMN date_last TEXT;

