"""The retention purge (TV-SEC-6): rows younger than the retention stay, the purge is recorded, the
chain still verifies against a checkpoint, and on PostgreSQL only the purge's own role can delete."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from congvu.core import audit, audit_checkpoints, audit_retention
from congvu.core.models import AuditEvent
from tests.conftest import TODAY, travel_to

ON_POSTGRES = connection.vendor == "postgresql"


def record_on(day: dt.date, count: int) -> list[AuditEvent]:
    with travel_to(day):
        return [
            audit.record(actor=None, action="test.thing.changed", note=f"{day} {i}") for i in range(count)
        ]


def a_year_of_rows() -> tuple[list[AuditEvent], list[AuditEvent]]:
    """Rows 400 and 366 days old (past a 365-day retention), then 364 and 10 days old."""
    old = record_on(TODAY - dt.timedelta(days=400), 3) + record_on(TODAY - dt.timedelta(days=366), 2)
    young = record_on(TODAY - dt.timedelta(days=364), 2) + record_on(TODAY - dt.timedelta(days=10), 2)
    return old, young


@pytest.mark.django_db
def test_purge_deletes_only_rows_older_than_the_retention(django_capture_on_commit_callbacks):
    old, young = a_year_of_rows()
    audit_checkpoints.checkpoint_write(reason="scheduled")
    with django_capture_on_commit_callbacks(execute=True):
        result = audit_retention.audit_purge()
    assert result.deleted == 5
    kept = list(AuditEvent.objects.order_by("id"))
    assert [e.pk for e in kept[:-1]] == [e.pk for e in young]
    purge = kept[-1]
    assert purge.action == "core.audit.purged"
    assert purge.after["deleted"] == 5
    assert purge.after["retention_days"] == 365
    # The anchor moved to the first kept row; the move is pinned by a new checkpoint.
    checkpoint = audit_checkpoints.latest()
    assert checkpoint.reason == "purge"
    assert checkpoint.anchor_hash == young[0].prev_hash
    assert checkpoint.head_id == purge.pk
    assert list(audit_checkpoints.verify()) == []


@pytest.mark.django_db
def test_purge_never_empties_the_chain(django_capture_on_commit_callbacks):
    old = record_on(TODAY - dt.timedelta(days=500), 4)
    with django_capture_on_commit_callbacks(execute=True):
        result = audit_retention.audit_purge()
    assert result.deleted == 3
    assert AuditEvent.objects.filter(pk=old[-1].pk).exists()
    assert list(audit_checkpoints.verify()) == []


@pytest.mark.django_db
def test_purge_with_nothing_to_delete_writes_nothing():
    record_on(TODAY - dt.timedelta(days=30), 3)
    assert audit_retention.audit_purge().deleted == 0
    assert AuditEvent.objects.count() == 3


@pytest.mark.django_db
def test_purge_command_reports_what_it_deleted(django_capture_on_commit_callbacks):
    a_year_of_rows()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("audit", "purge", stdout=out)
    assert "Đã xóa 5 bản ghi nhật ký trước" in out.getvalue()


@pytest.mark.django_db
def test_purge_refuses_a_retention_below_the_floor():
    with pytest.raises(ValueError, match="30 days"):
        audit_retention.audit_purge(retention_days=7)


# --- PostgreSQL: the application's role cannot delete -----------------------------------------

APP_ROLE = "congvu_probe_app"


def as_app_role(cursor) -> None:
    """Act as an ordinary application role that may DELETE from every table (inside the test's
    transaction: the role and its grants vanish at rollback)."""
    cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
    cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
    cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")


@pytest.mark.skipif(not ON_POSTGRES, reason="roles and the trigger exist on PostgreSQL only")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    ["DELETE FROM core_auditevent WHERE id = %s", "UPDATE core_auditevent SET note = 'x' WHERE id = %s"],
)
def test_the_app_role_cannot_change_a_row_even_with_the_old_flag(sql):
    event = record_on(TODAY - dt.timedelta(days=500), 2)[0]
    with connection.cursor() as cursor:
        as_app_role(cursor)
        cursor.execute("SET LOCAL congvu.audit_purge = 'on'")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(sql, [event.pk])
        cursor.execute("RESET ROLE")
    assert AuditEvent.objects.get(pk=event.pk).note == event.note


@pytest.mark.skipif(not ON_POSTGRES, reason="roles and the trigger exist on PostgreSQL only")
@pytest.mark.django_db
def test_the_app_role_purges_through_the_function(django_capture_on_commit_callbacks):
    old, young = a_year_of_rows()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_userbyid(proowner), prosecdef FROM pg_proc WHERE proname = 'congvu_audit_purge'"
        )
        assert cursor.fetchone() == ("congvu_audit_purger", True)
        as_app_role(cursor)
        with django_capture_on_commit_callbacks(execute=True):
            result = audit_retention.audit_purge()
        # The function refuses to purge young rows, whatever the caller asks.
        with pytest.raises(DatabaseError, match="refused"), transaction.atomic():
            cursor.execute("SELECT * FROM congvu_audit_purge(1, now())")
        cursor.execute("RESET ROLE")
    assert result.deleted == 5
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in young]).count() == 4
    assert AuditEvent.objects.latest("id").action == "core.audit.purged"
    assert audit_checkpoints.latest().reason == "purge"
    assert list(audit_checkpoints.verify()) == []
