-- XaiRouter regions, SQLite, schema version 7: the home region column, so both dialects keep the same shape.
--
-- Regions need PostgreSQL (logical replication); on SQLite every row keeps home_region '' (this region).

ALTER TABLE xai_grain_state ADD COLUMN home_region TEXT NOT NULL DEFAULT '';
