-- 1: the base schema
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE,   -- url if known, else the source path
    source TEXT NOT NULL,
    url TEXT,
    title TEXT,
    outlet TEXT,
    author TEXT,
    published TEXT,
    date_source TEXT,
    lang TEXT,
    revision INTEGER NOT NULL DEFAULT 1,
    content_hash TEXT NOT NULL,
    text_dates TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL
);
CREATE INDEX reports_published ON reports(published);
CREATE INDEX reports_outlet ON reports(outlet);
CREATE TABLE revisions (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    raw TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    PRIMARY KEY (report_id, revision)
);
CREATE TABLE paragraphs (
    rowid INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    lang TEXT,
    UNIQUE (report_id, idx)
);
CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
    text, content='paragraphs', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER paragraphs_ai AFTER INSERT ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER paragraphs_ad AFTER DELETE ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text)
    VALUES ('delete', old.rowid, old.text);
END;
CREATE TABLE removed (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE sentences (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (report_id, idx)
);
CREATE TABLE entities (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    variants TEXT NOT NULL DEFAULT '[]',
    lat REAL,
    lon REAL,
    country TEXT
);
CREATE TABLE mentions (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    key TEXT,
    source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mentions_key ON mentions(key);
CREATE INDEX mentions_report ON mentions(report_id);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    speaker_key TEXT,
    cue TEXT,
    speaker_paragraph INTEGER,
    speaker_start INTEGER,
    speaker_end INTEGER
);
CREATE INDEX quotes_report ON quotes(report_id);
CREATE INDEX quotes_speaker ON quotes(speaker_key);
CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL NOT NULL,
    qualifier TEXT NOT NULL,
    value_max REAL,
    unit TEXT,
    dimension TEXT NOT NULL,
    normalized REAL,
    counted TEXT,
    claimant TEXT,
    claimant_key TEXT
);
CREATE INDEX figures_report ON figures(report_id);
CREATE TABLE vectors (
    encoder TEXT NOT NULL,
    hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (encoder, hash)
);
CREATE TABLE report_vectors (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    encoder TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (report_id, encoder)
);
CREATE TABLE topics (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL DEFAULT ''
);
CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL DEFAULT '',
    topic INTEGER REFERENCES topics(id),
    merged_into INTEGER REFERENCES stories(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE story_reports (
    report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    score REAL
);
CREATE INDEX story_reports_story ON story_reports(story_id);
CREATE TABLE story_merges (
    from_story INTEGER NOT NULL,
    into_story INTEGER NOT NULL,
    score REAL,
    at TEXT NOT NULL
);
CREATE TABLE links (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    origin_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (report_id, origin_id)
);
CREATE TABLE quote_links (
    quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    other_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    PRIMARY KEY (quote_id, other_id)
);

