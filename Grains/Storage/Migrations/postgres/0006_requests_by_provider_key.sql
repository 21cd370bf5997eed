-- XaiRouter usage ledger, PostgreSQL, schema version 6: the request log by provider key (see the SQLite script).

CREATE INDEX xai_usage_requests_by_provider_key ON xai_usage_requests (tenant_id, provider_key_id, at_ticks, request_id);
