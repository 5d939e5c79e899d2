"""The audit log cannot be altered unseen (ADM-2, R-SEC-2): hash chain, PostgreSQL trigger, commands."""

from __future__ import annotations

import csv
import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from congvu.core import audit
from congvu.core.models import AuditEvent

ON_POSTGRES = connection.vendor == "postgresql"


def fill(count: int = 30, actor=None) -> list[AuditEvent]:
    return [
        audit.record(actor=actor, action="test.thing.changed", note=f"lần {i}", after={"i": i, "tên": "Đức"})
        for i in range(count)
    ]


def raw(sql: str, params=()) -> None:
    """Tamper as a database superuser would: on PostgreSQL switch the append-only trigger off first
    (inside the test's transaction, so it comes back at rollback)."""
    with connection.cursor() as cursor:
        if ON_POSTGRES:
            # Deferred foreign-key checks still pending would forbid the ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if ON_POSTGRES:
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def problems() -> list[audit.ChainProblem]:
    return list(audit.verify(batch_size=7))  # small batches: the walk crosses batch borders


@pytest.mark.django_db
def test_the_chain_verifies_after_many_records(province):
    fill(120, actor=province.chuyen_vien)
    assert problems() == []


@pytest.mark.django_db
def test_editing_a_field_is_detected():
    events = fill()
    target = events[10]
    raw("UPDATE core_auditevent SET note = %s WHERE id = %s", ["đã sửa", target.pk])
    found = problems()
    assert [p.event_id for p in found] == [target.pk]
    assert "sửa" in found[0].problem


@pytest.mark.django_db
def test_editing_a_json_field_is_detected():
    events = fill()
    raw("UPDATE core_auditevent SET after = %s WHERE id = %s", ['{"i": 999}', events[3].pk])
    assert [p.event_id for p in problems()] == [events[3].pk]


@pytest.mark.django_db
def test_editing_a_row_and_rehashing_it_breaks_the_next_link():
    events = fill()
    target = events[5]
    target.note = "viết lại"
    new_hash = audit.compute_hash(target.prev_hash, target)
    raw("UPDATE core_auditevent SET note = %s, hash = %s WHERE id = %s", ["viết lại", new_hash, target.pk])
    assert [p.event_id for p in problems()] == [events[6].pk]


@pytest.mark.django_db
def test_deleting_a_middle_row_is_detected():
    events = fill()
    raw("DELETE FROM core_auditevent WHERE id = %s", [events[15].pk])
    found = problems()
    assert [p.event_id for p in found] == [events[16].pk]
    assert "xóa" in found[0].problem


@pytest.mark.django_db
def test_deleting_the_last_row_is_detected():
    events = fill()
    raw("DELETE FROM core_auditevent WHERE id = %s", [events[-1].pk])
    found = problems()
    assert len(found) == 1
    assert "cuối" in found[0].problem


@pytest.mark.skipif(not ON_POSTGRES, reason="the append-only trigger exists on PostgreSQL only")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET note = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ],
)
def test_postgres_refuses_update_and_delete_outright(sql):
    event = fill(3)[1]
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).note == "lần 1"
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(note="x")
    assert problems() == []


@pytest.mark.skipif(not ON_POSTGRES, reason="the append-only trigger exists on PostgreSQL only")
@pytest.mark.django_db
def test_postgres_ignores_the_old_purge_flag():
    """Any role could set ``congvu.audit_purge``; only the purge's own role may delete now
    (tests/core/test_audit_retention.py)."""
    events = fill(3)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL congvu.audit_purge = 'on'")
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[0].pk])
    assert AuditEvent.objects.filter(pk=events[0].pk).exists()


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite mirror of the PostgreSQL trigger test")
@pytest.mark.django_db
def test_sqlite_has_no_trigger_so_the_chain_is_the_guard():
    event = fill(3)[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET note = 'x' WHERE id = %s", [event.pk])
    assert [p.event_id for p in problems()] == [event.pk]


@pytest.mark.django_db(transaction=True)
def test_the_trigger_survives_committed_transactions_and_table_flushes():
    """Transactional tests empty the tables between tests (TRUNCATE on PostgreSQL): that must work."""
    event = fill(2)[0]
    if ON_POSTGRES:
        with pytest.raises(DatabaseError, match="append-only"):
            AuditEvent.objects.filter(pk=event.pk).delete()
    else:
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists() is ON_POSTGRES


# --- the command ----------------------------------------------------------------------------------


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_verify_command_reports_an_intact_chain():
    fill(12)
    out, _ = run("verify")
    assert "Chuỗi nhật ký toàn vẹn: 12 bản ghi" in out


@pytest.mark.django_db
def test_verify_command_lists_each_problem_and_fails():
    events = fill(12)
    raw("UPDATE core_auditevent SET actor_name = 'kẻ lạ' WHERE id = %s", [events[2].pk])
    raw("DELETE FROM core_auditevent WHERE id = %s", [events[7].pk])
    err = StringIO()
    with pytest.raises(CommandError, match="2 vấn đề"):
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert f"Bản ghi #{events[2].pk}" in err.getvalue()
    assert f"Bản ghi #{events[8].pk}" in err.getvalue()


def _move(event: AuditEvent, when: dt.datetime) -> None:
    """Backdate an event (its hash no longer matches: the export does not verify, it copies)."""
    raw("UPDATE core_auditevent SET occurred_at = %s WHERE id = %s", [when, event.pk])


@pytest.mark.django_db
def test_export_command_writes_the_period_as_csv(tmp_path, province):
    fill(5, actor=province.van_thu)
    early = audit.record(actor=province.van_thu, action="test.old", note="năm ngoái")
    _move(early, timezone.make_aware(dt.datetime(2025, 3, 1, 9, 0)))
    output = tmp_path / "nhat-ky.csv"
    today = timezone.localdate()
    expected = AuditEvent.objects.count() - 1  # all but the backdated one (the cast's set-up is today too)
    out, _ = run("export", "--since", today.isoformat(), "--until", today.strftime("%d/%m/%Y"),
                 "--format", "csv", "--output", str(output))  # fmt: skip
    assert f"Đã xuất {expected} bản ghi" in out
    rows = list(csv.reader(output.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == expected + 1
    assert rows[0][1] == "Thời điểm (UTC)"
    assert sum("Nguyễn Thị Hoa" in row[3] for row in rows) == 5
    assert all("năm ngoái" not in cell for row in rows for cell in row)
    # The export is recorded, after the exported rows.
    assert AuditEvent.objects.latest("id").action == "core.audit.exported"


@pytest.mark.django_db
def test_export_command_writes_xlsx(tmp_path):
    import openpyxl

    fill(4)
    output = tmp_path / "nhat-ky.xlsx"
    run("export", "--format", "xlsx", "--output", str(output))
    sheet = openpyxl.load_workbook(output, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5
    assert rows[1][11] == "lần 0"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "2026-02-30"), "không hợp lệ"),
        (("--since", "2026-03-01", "--until", "2026-02-01"), "trước hoặc bằng"),
        (("--output", "/không/có/thư/mục/x.csv"), "không tồn tại"),
        (("--output", "x.pdf"), "csv hoặc xlsx"),
    ],
)
def test_export_command_refuses_bad_input(tmp_path, args, message):
    if "--output" not in args:
        args = (*args, "--output", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match=message):
        run("export", *args)
