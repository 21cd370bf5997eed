-- XaiRouter usage ledger, SQLite, schema version 2.
--
-- One row per request (served or refused by the router itself), written once: the unique key on (tenant, request
-- id) makes a repeated settlement an ignored insert. Per-day totals by key, model and provider key are updated in
-- the same transaction, adding only the rows that insert actually wrote. The grain state holds nothing of it, so
-- the cost of a write does not depend on how many requests the day already has.
--
-- The unique key leads with the request's start time: a request id is random, and a key led by it would put every
-- insert on a random page of an index as large as the day (each batch dirtying more pages as the day grows); led by
-- time, inserts land at the index's end. A retried batch carries the same record (same start time), so it is still
-- ignored. The key also serves the request log's newest-first scan; the other indexes serve its filters (status,
-- model, key) and the retention cleanup (oldest first, in chunks). A rowid table: new rows append at the end.

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
    UNIQUE (tenant_id, at_ticks, request_id)
);

CREATE INDEX xai_usage_requests_by_status ON xai_usage_requests (tenant_id, status, at_ticks, request_id);
CREATE INDEX xai_usage_requests_by_model ON xai_usage_requests (tenant_id, model, at_ticks, request_id);
CREATE INDEX xai_usage_requests_by_key ON xai_usage_requests (tenant_id, key_id, at_ticks, request_id);
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
