-- XaiRouter usage ledger, PostgreSQL, schema version 5: hourly totals.
--
-- The same contract as the SQLite script: xai_usage_totals' sums per UTC hour ('yyyy-MM-ddTHH:00:00Z'), raised in
-- the same transaction, kept a few days (deleted in chunks, oldest first, through the hour index).

CREATE TABLE xai_usage_hourly
(
    tenant_id            text     NOT NULL,
    hour                 text     NOT NULL,
    key_id               text     NOT NULL,
    model                text     NOT NULL,
    provider_key_id      text     NOT NULL,
    requests             bigint   NOT NULL,
    input_tokens         bigint   NOT NULL,
    cached_input_tokens  bigint   NOT NULL,
    output_tokens        bigint   NOT NULL,
    reasoning_tokens     bigint   NOT NULL,
    cost_usd             numeric  NOT NULL,
    estimated_requests   bigint   NOT NULL,
    cache_write_tokens   bigint   NOT NULL,
    errors               bigint   NOT NULL,
    PRIMARY KEY (tenant_id, hour, key_id, model, provider_key_id)
);

CREATE INDEX xai_usage_hourly_retention ON xai_usage_hourly (hour);
