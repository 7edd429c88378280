-- 2: cached story views (recomputed when a story's members or revisions change)
CREATE TABLE story_views (
    story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    signature TEXT NOT NULL,
    data TEXT NOT NULL
);

