-- XaiRouter usage ledger, SQLite, schema version 5: hourly totals.
--
-- The same sums as xai_usage_totals, errors included, per UTC hour instead of per day, raised in the same
-- transaction, so the last 48 hours can be charted from totals without reading request rows. Kept a few days
-- only: the retention sweep deletes old hours in chunks, oldest first, through the hour index (a rowid table, so a
-- chunk is deleted by rowid). hour is 'yyyy-MM-ddTHH:00:00Z', which sorts as time does.

CREATE TABLE xai_usage_hourly
(
    tenant_id            TEXT    NOT NULL,
    hour                 TEXT    NOT NULL,
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
    cache_write_tokens   INTEGER NOT NULL,
    errors               INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, hour, key_id, model, provider_key_id)
);

CREATE INDEX xai_usage_hourly_retention ON xai_usage_hourly (hour);
