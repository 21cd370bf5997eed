-- XaiRouter usage ledger, PostgreSQL, schema version 3: cache writes.
--
-- The same contract as the SQLite script: the input tokens written to the provider's prompt cache, part of
-- input_tokens and priced apart; 0 for rows and totals written before. A constant default adds the column without
-- rewriting the tables.

ALTER TABLE xai_usage_requests ADD COLUMN cache_write_tokens bigint NOT NULL DEFAULT 0;

ALTER TABLE xai_usage_totals ADD COLUMN cache_write_tokens bigint NOT NULL DEFAULT 0;
