-- XaiRouter usage ledger, PostgreSQL, schema version 2.
--
-- The same contract as the SQLite schema: one row per request (served or refused by the router itself), written
-- once through the unique key on (tenant, request id) and ON CONFLICT DO NOTHING; per-day totals by key, model and
-- provider key updated in the same transaction with only the rows that insert wrote. Nothing of it is grain state,
-- so the cost of a write does not depend on how many requests the day already has. The unique key leads with the
-- start time so inserts land at the index's end rather than on random pages (see the SQLite script).

CREATE TABLE xai_usage_requests
(
    tenant_id            text     NOT NULL,
    request_id           text     NOT NULL,
    at_ticks             bigint   NOT NULL,  -- start of the request, UTC, in 100 ns ticks since 0001-01-01
    key_id               text     NOT NULL,
    model                text     NOT NULL,
    provider_key_id      text     NOT NULL,
    status               integer  NOT NULL,
    input_tokens         bigint   NOT NULL,
    cached_input_tokens  bigint   NOT NULL,
    output_tokens        bigint   NOT NULL,
    reasoning_tokens     bigint   NOT NULL,
    estimated            boolean  NOT NULL,
    cost_usd             numeric  NOT NULL,
    latency_ms           bigint   NOT NULL,
    ttfb_ms              bigint   NULL,
    budget_warning       boolean  NOT NULL,
    usage_invalid        boolean  NOT NULL,
    unpriced             boolean  NOT NULL,
    error                text     NULL,      -- the router's own refusal code; such rows never count in totals
    UNIQUE (tenant_id, at_ticks, request_id)
);

CREATE INDEX xai_usage_requests_by_status ON xai_usage_requests (tenant_id, status, at_ticks, request_id);
CREATE INDEX xai_usage_requests_by_model ON xai_usage_requests (tenant_id, model, at_ticks, request_id);
CREATE INDEX xai_usage_requests_by_key ON xai_usage_requests (tenant_id, key_id, at_ticks, request_id);
CREATE INDEX xai_usage_requests_retention ON xai_usage_requests (at_ticks);

-- Kept forever (no retention): one row per tenant, UTC day (yyyy-MM-dd), key, model and provider key.
CREATE TABLE xai_usage_totals
(
    tenant_id            text     NOT NULL,
    day                  text     NOT NULL,
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
    PRIMARY KEY (tenant_id, day, key_id, model, provider_key_id)
);
