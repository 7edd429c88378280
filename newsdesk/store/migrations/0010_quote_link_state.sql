-- 10: which stories' quote links are current (relinked when the quotes of the story's reports change)
CREATE TABLE quote_link_state (
    story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    signature TEXT NOT NULL
);
