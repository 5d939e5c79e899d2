"""Only the retention purge may delete audit rows, and only through its own role (ADM-2, TV-SEC-6).

Migration 0003 let a DELETE through when the transaction had run ``SET LOCAL congvu.audit_purge =
'on'`` — a flag any role may set. From here on, on PostgreSQL:

- the trigger refuses every UPDATE and every DELETE unless the statement runs as the role
  ``congvu_audit_purger`` (``current_user``), whatever flags are set;
- ``congvu_audit_purge(retention_days, as_of)`` is a SECURITY DEFINER function owned by that
  role: it deletes the rows older than the retention (never fewer than 30 days, never counted from
  a moment later than the database's clock), never the chain's last row, and moves
  ``core_auditchainhead.anchor_hash`` to the first kept row, in one statement. The application
  calls it (``congvu.core.audit_retention.audit_purge``), records the purge in the log and writes a
  checkpoint;
- the role is a NOLOGIN role with no members: nobody connects or switches to it.

Creating the role needs CREATEROLE (or a superuser). When the migrating role has neither, the
function is still created but belongs to the migrating role, so the trigger refuses its DELETE
until a DBA runs the steps in README ("Audit log on PostgreSQL").

The SQL is frozen here (not imported) so that this migration keeps doing what it did. SQLite has
no trigger and no roles: the operation is a no-op there.
"""

from django.db import migrations

ROLE = "congvu_audit_purger"

TRIGGER = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_user = 'congvu_audit_purger' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

CREATE_ROLE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'congvu_audit_purger') THEN
        BEGIN
            CREATE ROLE congvu_audit_purger NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- created meanwhile by another database's migration
        END;
    END IF;
END;
$$;
"""

FUNCTION = """
CREATE OR REPLACE FUNCTION congvu_audit_purge(retention_days integer, as_of timestamptz)
RETURNS TABLE (deleted bigint, first_kept_id bigint, new_anchor varchar)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    cutoff timestamptz;
    head_id bigint;
    keep_id bigint;
    anchor varchar;
    n bigint;
BEGIN
    IF retention_days IS NULL OR retention_days < 30 THEN
        RAISE EXCEPTION 'audit retention of % days refused (at least 30)', retention_days
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    cutoff := least(coalesce(as_of, now()), now()) - make_interval(days => retention_days);
    SELECT h.last_event_id INTO head_id FROM core_auditchainhead h WHERE h.id = 1 FOR UPDATE;
    IF head_id IS NULL OR head_id = 0 THEN
        RETURN QUERY SELECT 0::bigint, NULL::bigint, NULL::varchar;
        RETURN;
    END IF;
    -- Every row before the first young one is old; the chain's last row always stays.
    SELECT min(e.id) INTO keep_id FROM core_auditevent e WHERE e.occurred_at >= cutoff;
    IF keep_id IS NULL OR keep_id > head_id THEN
        keep_id := head_id;
    END IF;
    SELECT e.prev_hash INTO anchor FROM core_auditevent e WHERE e.id = keep_id;
    DELETE FROM core_auditevent e WHERE e.id < keep_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
        UPDATE core_auditchainhead SET anchor_hash = anchor WHERE id = 1;
    END IF;
    RETURN QUERY SELECT n, keep_id, anchor;
END;
$$;
REVOKE UPDATE, DELETE, TRUNCATE ON core_auditevent FROM PUBLIC;
"""

HAND_OVER = """
GRANT USAGE ON SCHEMA {schema} TO congvu_audit_purger;
GRANT SELECT, DELETE ON core_auditevent TO congvu_audit_purger;
GRANT SELECT, UPDATE ON core_auditchainhead TO congvu_audit_purger;
GRANT congvu_audit_purger TO CURRENT_USER;
ALTER FUNCTION congvu_audit_purge(integer, timestamptz) OWNER TO congvu_audit_purger;
REVOKE congvu_audit_purger FROM CURRENT_USER;
"""

UNDO = """
DROP FUNCTION IF EXISTS congvu_audit_purge(integer, timestamptz);
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('congvu.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema(), rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        schema, may_create_roles = cursor.fetchone()
    schema = connection.ops.quote_name(schema)
    # params=None: the SQL holds literal '%' signs that must not be read as placeholders.
    schema_editor.execute(TRIGGER, params=None)
    schema_editor.execute(FUNCTION.format(schema=schema), params=None)
    if may_create_roles:
        schema_editor.execute(CREATE_ROLE, params=None)
        schema_editor.execute(HAND_OVER.format(schema=schema), params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNDO, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_hash_scheme_heartbeat")]

    operations = [migrations.RunPython(install, uninstall)]
