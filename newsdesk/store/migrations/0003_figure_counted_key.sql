-- 3: the cross-language grouping key of a figure's counted thing
ALTER TABLE figures ADD COLUMN counted_key TEXT;

