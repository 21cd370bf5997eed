-- XaiRouter usage ledger, SQLite, schema version 2.
--
-- One row per request (served or refused by the router itself), written once: the unique key on (tenant, request
-- id) makes a repeated settlement an ignored insert. Per-day totals by key, model and provider key are updated in
-- the same transaction, adding only the rows that insert actually wrote. The grain state holds nothing of it, so
-- the cost of a write does not depend on how many requests the day already has.
--
-- A rowid table: new rows append at the end; the indexes below serve the request log's queries (tenant, newest
-- first, optionally by status, model or key) and the retention cleanup (oldest first, in chunks).

CREATE TABLE xai_usage_requests
(
    tenant_id            TEXT    NOT NULL,
    request_id           TEXT    NOT NULL,
    at_ticks             INTEGER NOT NULL,  -- start of the request, UTC, in 100 ns ticks since 0001-01-01
    key_id               TEXT    NOT NULL,
    model                TEXT    NOT NULL,
    provider_key_id      TEXT    NOT NULL,
    status               INTEGER NOT NULL,
    input_tokens         INTEGER NOT NULL,
    cached_input_tokens  INTEGER NOT NULL,
    output_tokens        INTEGER NOT NULL,
    reasoning_tokens     INTEGER NOT NULL,
    estimated            INTEGER NOT NULL,
    cost_usd             TEXT    NOT NULL,  -- exact decimal, invariant culture
    latency_ms           INTEGER NOT NULL,
    ttfb_ms              INTEGER NULL,
    budget_warning       INTEGER NOT NULL,
    usage_invalid        INTEGER NOT NULL,
    unpriced             INTEGER NOT NULL,
    error                TEXT    NULL,      -- the router's own refusal code; such rows never count in totals
    UNIQUE (tenant_id, request_id)
);

CREATE INDEX xai_usage_requests_by_time ON xai_usage_requests (tenant_id, at_ticks);
CREATE INDEX xai_usage_requests_by_status ON xai_usage_requests (tenant_id, status, at_ticks);
CREATE INDEX xai_usage_requests_by_model ON xai_usage_requests (tenant_id, model, at_ticks);
CREATE INDEX xai_usage_requests_by_key ON xai_usage_requests (tenant_id, key_id, at_ticks);
CREATE INDEX xai_usage_requests_retention ON xai_usage_requests (at_ticks);

-- Kept forever (no retention): one row per tenant, UTC day (yyyy-MM-dd), key, model and provider key.
CREATE TABLE xai_usage_totals
(
    tenant_id            TEXT    NOT NULL,
    day                  TEXT    NOT NULL,
    key_id               TEXT    NOT NULL,
    model                TEXT    NOT NULL,
    provider_key_id      TEXT    NOT NULL,
    requests             INTEGER NOT NULL,
    input_tokens         INTEGER NOT NULL,
    cached_input_tokens  INTEGER NOT NULL,
    output_tokens        INTEGER NOT NULL,
    reasoning_tokens     INTEGER NOT NULL,
    cost_usd             TEXT    NOT NULL,  -- exact decimal, added with xai_decimal_add (registered per connection)
    estimated_requests   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, day, key_id, model, provider_key_id)
) WITHOUT ROWID;
