-- 9: what a reader should know about how far a report's analysis goes (Report.flags, a JSON list of strings):
-- "analysis truncated: ..." when it was over the per-item analysis budget, "decoded with replacement: ..."
ALTER TABLE reports ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';
