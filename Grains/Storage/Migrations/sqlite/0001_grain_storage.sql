-- XaiRouter grain storage, SQLite, schema version 1.
--
-- Orleans' ADO.NET grain storage reads its four statements from the OrleansQuery table and binds these
-- parameters by name: GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
-- GrainIdExtensionString, ServiceId, GrainStateVersion, PayloadBinary. It reads the columns PayloadBinary and
-- Version (read), NewGrainStateVersion (write) and the first column (clear, delete).
--
-- A row is identified by its full natural key (service, state name, both numeric key parts, string key), so the
-- hash parameters are not needed: the primary key index does their job without collisions.

CREATE TABLE OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE xai_grain_state
(
    service_id   TEXT    NOT NULL,
    state_name   TEXT    NOT NULL,
    key_n0       INTEGER NOT NULL,
    key_n1       INTEGER NOT NULL,
    key_string   TEXT    NOT NULL,  -- string key, or the key extension of a numeric key; '' when none
    payload      BLOB    NULL,
    version      INTEGER NOT NULL,
    modified_at  TEXT    NOT NULL,
    PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_string)
) WITHOUT ROWID;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM xai_grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
  AND key_string = COALESCE(@GrainIdExtensionString, '''');
');

-- Optimistic concurrency: an update needs the version the grain last read; an insert needs the grain to have
-- read nothing. When neither applies no row comes back, and Orleans raises InconsistentStateException.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE xai_grain_state
SET payload = @PayloadBinary, version = version + 1, modified_at = CURRENT_TIMESTAMP
WHERE @GrainStateVersion IS NOT NULL
  AND service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
  AND key_string = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;

INSERT INTO xai_grain_state (service_id, state_name, key_n0, key_n1, key_string, payload, version, modified_at)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''),
       @PayloadBinary, 1, CURRENT_TIMESTAMP
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE xai_grain_state
SET payload = NULL, version = version + 1, modified_at = CURRENT_TIMESTAMP
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
  AND key_string = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
');

-- Orleans expects the deleted version + 1 back, to tell a successful delete from a version conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM xai_grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
  AND key_string = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion;
');
