-- 6: reports moved between stories when a dated report shows a story mixed two events (stories.regroup)
CREATE TABLE story_moves (
    report_id TEXT NOT NULL,
    from_story INTEGER NOT NULL,
    into_story INTEGER NOT NULL,
    score REAL,
    at TEXT NOT NULL
);

