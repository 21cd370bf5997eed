-- Regions (issue 20): nothing to do in SQLite (one region only; the notifications of migration 0008 are PostgreSQL's).
SELECT 1;
