-- XaiRouter grain storage, PostgreSQL, schema version 1.
--
-- The same contract as the SQLite schema: Orleans' ADO.NET grain storage reads its statements from OrleansQuery
-- and binds GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
-- ServiceId, GrainStateVersion and PayloadBinary by name. Rows are identified by their full natural key.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE xai_grain_state
(
    service_id  text        NOT NULL,
    state_name  text        NOT NULL,
    key_n0      bigint      NOT NULL,
    key_n1      bigint      NOT NULL,
    key_string  text        NOT NULL,  -- string key, or the key extension of a numeric key; '' when none
    payload     bytea       NULL,
    version     integer     NOT NULL,
    modified_at timestamptz NOT NULL,
    PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_string)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS "PayloadBinary", version AS "Version"
FROM xai_grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
  AND key_string = COALESCE(@GrainIdExtensionString, '''');
');

-- Optimistic concurrency in one statement: the update needs the version the grain last read, the insert needs
-- the grain to have read nothing; when neither applies no row comes back and Orleans raises
-- InconsistentStateException. A concurrent first insert loses on the primary key and returns nothing too.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
WITH updated AS (
    UPDATE xai_grain_state
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE CAST(@GrainStateVersion AS integer) IS NOT NULL
      AND service_id = @ServiceId AND state_name = @GrainTypeString
      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
      AND key_string = COALESCE(@GrainIdExtensionString, '''')
      AND version = CAST(@GrainStateVersion AS integer)
    RETURNING version
), inserted AS (
    INSERT INTO xai_grain_state (service_id, state_name, key_n0, key_n1, key_string, payload, version, modified_at)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary, 1, now()
    WHERE CAST(@GrainStateVersion AS integer) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE xai_grain_state
SET payload = NULL, version = version + 1, modified_at = now()
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
  AND key_string = COALESCE(@GrainIdExtensionString, '''')
  AND version = CAST(@GrainStateVersion AS integer)
RETURNING version AS "NewGrainStateVersion";
');

-- Orleans expects the deleted version + 1 back, to tell a successful delete from a version conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM xai_grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
  AND key_string = COALESCE(@GrainIdExtensionString, '''')
  AND version = CAST(@GrainStateVersion AS integer)
RETURNING version + 1 AS "NewGrainStateVersion";
');
