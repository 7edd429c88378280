-- 8: hand corrections (the edit log), watched sources, watchlists and alerts
CREATE TABLE edits (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    editor TEXT NOT NULL,            -- who made the correction
    action TEXT NOT NULL,            -- merge, split, move, rename, speaker, undo
    story_id INTEGER,                -- the story it was made on (the surviving one for a merge)
    report_id TEXT,                  -- move: the report moved
    quote_id INTEGER,                -- speaker: the quote corrected
    data TEXT NOT NULL,              -- JSON: the reports on each side, the value before, for constraints and undo
    undone_by INTEGER                -- the undo edit that reverted it
);
CREATE INDEX edits_story ON edits(story_id);
CREATE INDEX edits_report ON edits(report_id);
-- which automatic or hand edit made a merge or a move (NULL: the pipeline)
ALTER TABLE story_merges ADD COLUMN edit_id INTEGER;
ALTER TABLE story_moves ADD COLUMN edit_id INTEGER;
CREATE TABLE watch_sources (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    added_at TEXT NOT NULL,
    kind TEXT,                       -- feed or page, once polled
    etag TEXT,
    last_modified TEXT,
    last_poll TEXT,
    last_status TEXT,                -- new, unchanged, not-modified, rate-limited, error
    last_new TEXT,                   -- when an item last was new
    last_error TEXT,
    errors INTEGER NOT NULL DEFAULT 0,   -- consecutive failures (the backoff exponent)
    polls INTEGER NOT NULL DEFAULT 0,
    items INTEGER NOT NULL DEFAULT 0,    -- new items ingested from it, in all
    next_poll TEXT                   -- not before (backoff, Retry-After)
);
CREATE TABLE watch_items (
    source_id INTEGER NOT NULL REFERENCES watch_sources(id) ON DELETE CASCADE,
    item TEXT NOT NULL,              -- the entry's id, link or position
    content_hash TEXT NOT NULL,
    report_id TEXT,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (source_id, item)
);
CREATE TABLE watchlists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,              -- entity, query or story
    value TEXT NOT NULL,
    webhook TEXT,
    allow_private INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT '{}' -- a followed story as last seen: reports, languages, conflicts
);
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,              -- report, language, conflict
    subject TEXT NOT NULL,           -- what it is about (a report id, a language, a conflict key): one alert each
    story_id INTEGER,
    report_id TEXT,
    text TEXT NOT NULL,
    delivered_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT,
    last_error TEXT,
    UNIQUE (watchlist_id, kind, subject)
);
CREATE INDEX alerts_at ON alerts(at);
