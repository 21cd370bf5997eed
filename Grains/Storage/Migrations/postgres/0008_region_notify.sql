-- Regions (issue 20): notifications for replicated rows and the revocation feed.
--
-- (a) xai_replicated: a row of a tenant, access key or provider key applied by the subscription (another region's
-- change) is announced on this database, so that the silos' ReplicatedChangeListener reloads the grain holding it.
-- ENABLE REPLICA: the trigger fires only in sessions with session_replication_role = replica, i.e. the subscription's
-- apply and table-sync workers, never for this region's own writes. Payload: '<state_name> <key_string>'.
--
-- (b) xai_key_changed, the revocation feed: a local write (ordinary trigger: never for replicated rows) that changes
-- an access key, deletes one, or changes or deletes a tenant's status is announced with the row's new storage
-- version; the other regions' silos LISTEN here and fence their copy until replication has brought that version.
-- Payload: '<state_name> <key_string> <version>' (9223372036854775807 for a delete). Only rows whose version moved:
-- a re-stamp of home_region alone (a home move) is no revocation.
--
-- pg_notify payloads must stay under 8000 bytes: a key over 1000 bytes is not announced (keys are short prefixed ids;
-- the staleness bound, Region:MaxStaleSeconds, covers anything not announced).

CREATE FUNCTION xai_notify_replicated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_state text;
    row_key text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        row_state := OLD.state_name;
        row_key := OLD.key_string;
    ELSE
        row_state := NEW.state_name;
        row_key := NEW.key_string;
    END IF;

    IF row_state IN ('tenant', 'accessKey', 'providerKey') AND octet_length(row_key) <= 1000 THEN
        PERFORM pg_notify('xai_replicated', row_state || ' ' || row_key);
    END IF;

    RETURN NULL;
END
$$;

CREATE TRIGGER xai_replicated_notify
    AFTER INSERT OR UPDATE OR DELETE ON xai_grain_state
    FOR EACH ROW EXECUTE FUNCTION xai_notify_replicated();

ALTER TABLE xai_grain_state ENABLE REPLICA TRIGGER xai_replicated_notify;

-- A tenant's status from its stored JSON (System.Text.Json, enums as names); NULL when there is none. A payload that
-- cannot be read counts as a status of its own (announced, so fail closed), and never fails the grain's write.
CREATE FUNCTION xai_tenant_status(payload bytea) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN CASE WHEN payload IS NULL THEN NULL ELSE convert_from(payload, 'UTF8')::jsonb ->> 'Status' END;
EXCEPTION WHEN others THEN
    RETURN '?unreadable';
END
$$;

CREATE FUNCTION xai_notify_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF octet_length(OLD.key_string) > 1000 THEN
        RETURN NULL;
    END IF;

    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('xai_key_changed', OLD.state_name || ' ' || OLD.key_string || ' 9223372036854775807');
    ELSIF NEW.version IS DISTINCT FROM OLD.version
        AND (NEW.state_name = 'accessKey' OR xai_tenant_status(NEW.payload) IS DISTINCT FROM xai_tenant_status(OLD.payload)) THEN
        PERFORM pg_notify('xai_key_changed', NEW.state_name || ' ' || NEW.key_string || ' ' || NEW.version);
    END IF;

    RETURN NULL;
END
$$;

-- Only access-key and tenant rows reach the function: every other grain write (limiters, directory) pays nothing.
CREATE TRIGGER xai_key_changed_notify
    AFTER UPDATE OR DELETE ON xai_grain_state
    FOR EACH ROW WHEN (OLD.state_name IN ('accessKey', 'tenant'))
    EXECUTE FUNCTION xai_notify_key_changed();
