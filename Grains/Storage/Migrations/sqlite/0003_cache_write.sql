-- XaiRouter usage ledger, SQLite, schema version 3: cache writes.
--
-- Anthropic bills the input tokens it writes to its prompt cache (cache_creation_input_tokens) at a price of their
-- own, so the ledger keeps them apart: part of input_tokens, like cached_input_tokens (the cache reads). Rows and
-- totals written before this migration had none recorded apart: 0.

ALTER TABLE xai_usage_requests ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;

ALTER TABLE xai_usage_totals ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
