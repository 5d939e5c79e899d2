"""The audit log is append-only in the database itself (ADM-2, R-SEC-2).

On PostgreSQL a row trigger refuses every UPDATE and DELETE of ``core_auditevent``, whoever
sends it: the application, an administrator with a SQL console, a bad migration. The hash chain
(``congvu audit verify``) covers SQLite and anyone able to switch the trigger off.

Two deliberate gaps, both needing more than ordinary rights:
- DELETE is let through when the transaction has run ``SET LOCAL congvu.audit_purge = 'on'``:
  the retention purge (R-SEC-0 ``audit_retention``, TV-SEC-6) does so, moves
  ``AuditChainHead.anchor_hash`` in the same transaction so the chain still verifies, and sets the
  flag back to 'off' right after its DELETE (inside an outer transaction a savepoint's release
  does not undo SET LOCAL).
- TRUNCATE is not trapped. Django's test runner empties tables with one TRUNCATE between
  transactional tests, and a statement trigger would make every such test fail; TRUNCATE needs
  the table owner's privilege anyway, the same privilege that can disable a trigger.

The SQL is frozen here (not imported) so that this migration keeps doing what it did.
SQLite has no such trigger: the operation is a no-op there.
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('congvu.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;
DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent;
CREATE TRIGGER core_auditevent_no_change BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""

UNINSTALL = """
DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the SQL holds a literal '%' that must not be read as a placeholder.
        schema_editor.execute(INSTALL, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNINSTALL, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_calendar_official_2025_2026")]

    operations = [migrations.RunPython(install, uninstall)]
