-- XaiRouter usage ledger, SQLite, schema version 6: the request log by provider key.
--
-- /x/requests?provider_key= reads a provider key's newest requests through this index, as the key, model and status
-- filters read theirs; without it, a provider key with few requests made the query read the tenant's whole week.

CREATE INDEX xai_usage_requests_by_provider_key ON xai_usage_requests (tenant_id, provider_key_id, at_ticks, request_id);
