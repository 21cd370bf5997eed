-- XaiRouter regions, PostgreSQL, schema version 7: the home region of control-plane rows (docs/multi-region.md).
--
-- The control-plane rows (state names tenant, accessKey, providerKey) carry the region whose database wrote them,
-- which is their tenant's home region because only the home writes them. Each region publishes the rows it homes
-- (publication xai_home_<region>, row filter on home_region) and subscribes to its peers' publications; those
-- publications and subscriptions are made at silo start-up (Grains/Regions), not here, because they need the
-- region's name and its peers' addresses. Other rows (directory, limiters, health) are regional: home_region ''.
-- Without a region (xai_region empty) every row keeps '' and nothing here changes what a write does.

ALTER TABLE xai_grain_state ADD COLUMN home_region text NOT NULL DEFAULT '';

-- This database's region: at most one row, written by the first silo that starts with Region:Name set.
CREATE TABLE xai_region
(
    single boolean NOT NULL PRIMARY KEY DEFAULT true CHECK (single),
    name   text    NOT NULL
);

-- Both functions keep the search path they were created with: replication workers run with an empty one.

-- Local writes only: an ordinary trigger does not fire in a subscription's apply worker (session_replication_role
-- 'replica'), so rows applied from a peer keep the peer's home_region.
-- 1. Guard: a local UPDATE or DELETE of a row homed in another region is refused (SQLSTATE XR421), unless the
--    transaction moves a tenant's home here (SET LOCAL xai.home_move = 'on'); such a write would be overwritten by
--    the home's next change, or would diverge from it.
-- 2. Stamp: a written control-plane row gets this region's name ('' without a region).
CREATE FUNCTION xai_grain_state_home() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    self text := COALESCE((SELECT name FROM xai_region), '');
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.home_region NOT IN ('', self)
       AND COALESCE(current_setting('xai.home_move', true), '') <> 'on' THEN
        RAISE EXCEPTION 'xai_grain_state: % % is homed in region ''%'', not in this region (''%''); write it there, or move its tenant''s home here',
            OLD.state_name, OLD.key_string, OLD.home_region, self
            USING ERRCODE = 'XR421';
    END IF;

    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;

    IF NEW.state_name IN ('tenant', 'accessKey', 'providerKey') THEN
        NEW.home_region := self;
    END IF;

    RETURN NEW;
END
$$;

CREATE TRIGGER xai_grain_state_home BEFORE INSERT OR UPDATE OR DELETE ON xai_grain_state
    FOR EACH ROW EXECUTE FUNCTION xai_grain_state_home();

-- Replicated inserts of a row this database already has become updates (a replica-only trigger: it fires in the
-- apply and table-sync workers, never for local writes). That happens when a tenant's home moves: the new home's
-- publication sends the re-stamped row as an INSERT (PostgreSQL turns an UPDATE whose old row did not match the
-- row filter into one), and the old home, which has the row, would otherwise stop its subscription on the
-- duplicate key.
CREATE FUNCTION xai_grain_state_replicated_insert() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE xai_grain_state
    SET payload = NEW.payload, version = NEW.version, modified_at = NEW.modified_at, home_region = NEW.home_region
    WHERE service_id = NEW.service_id AND state_name = NEW.state_name
      AND key_n0 = NEW.key_n0 AND key_n1 = NEW.key_n1 AND key_string = NEW.key_string;
    IF FOUND THEN
        RETURN NULL;
    END IF;

    RETURN NEW;
END
$$;

CREATE TRIGGER xai_grain_state_replicated_insert BEFORE INSERT ON xai_grain_state
    FOR EACH ROW EXECUTE FUNCTION xai_grain_state_replicated_insert();
ALTER TABLE xai_grain_state ENABLE REPLICA TRIGGER xai_grain_state_replicated_insert;

-- A row filter on UPDATE and DELETE may use only replica identity columns (PostgreSQL 15), so the identity is the
-- primary key plus home_region. It also makes a peer's stale change to a row whose home moved find no row here
-- (its identity names the old home), so the new home's copy wins.
CREATE UNIQUE INDEX xai_grain_state_identity ON xai_grain_state (service_id, state_name, key_n0, key_n1, key_string, home_region);
ALTER TABLE xai_grain_state REPLICA IDENTITY USING INDEX xai_grain_state_identity;
