-- XaiRouter usage ledger, SQLite, schema version 4: errors in the totals.
--
-- The requests the router refused itself and the served requests answered with a status of 400 or more, counted
-- in the same transaction as the rest of the totals. requests, tokens and cost keep their meaning (served requests
-- only); a refusal raises errors alone, in the row of its key with an empty model and provider key (the model is the
-- caller's own text, which must not grow a table that is kept forever). Totals written before: 0.

ALTER TABLE xai_usage_totals ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;

-- The operator's report over every tenant (/admin/usage) reads a range of days through this index, not the whole
-- table. Raising a totals row never changes its day, so the index is written only when a row is created.
CREATE INDEX xai_usage_totals_by_day ON xai_usage_totals (day);
