-- 7: a story's history (Store.story_history) looks merges and moves up from either side
CREATE INDEX story_merges_into ON story_merges(into_story);
CREATE INDEX story_merges_from ON story_merges(from_story);
CREATE INDEX story_moves_into ON story_moves(into_story);
CREATE INDEX story_moves_from ON story_moves(from_story);

