-- XaiRouter usage ledger, PostgreSQL, schema version 4: errors in the totals.
--
-- The same contract as the SQLite script: refusals and served answers with a status of 400 or more, raised in the
-- write's own transaction; requests, tokens and cost keep their meaning. A constant default adds the column without
-- rewriting the table; totals written before: 0.

ALTER TABLE xai_usage_totals ADD COLUMN errors bigint NOT NULL DEFAULT 0;

-- The operator's report over every tenant (/admin/usage) reads a range of days through this index (see the SQLite script).
CREATE INDEX xai_usage_totals_by_day ON xai_usage_totals (day);
