"""Backups and their restore (ADM-3): a backup brings back the same rows, the same files and the
same audit chain; the newest N are kept; the scheduler makes one weekly."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from congvu.core import audit, audit_checkpoints, backups, jobs
from congvu.core.models import AuditEvent, StoredFile

from .test_audit_chain import fill

ON_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def places(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        },
    }
    return tmp_path


def store(name: str, content: bytes) -> StoredFile:
    saved = default_storage.save(name, ContentFile(content))
    return StoredFile.objects.create(
        storage_name=saved,
        original_name=name.rsplit("/", 1)[-1],
        content_type="text/plain",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def stored_hashes() -> dict[str, str]:
    found = {}
    for name in StoredFile.objects.values_list("storage_name", flat=True):
        with default_storage.open(name, "rb") as handle:
            found[name] = hashlib.sha256(handle.read()).hexdigest()
    return found


def some_work(province) -> None:
    store("2026/12/cong-van-so-15.txt", "Công văn số 15/UBND-VP về việc báo cáo".encode())
    store("2026/12/ke-hoach.txt", b"Ke hoach nam 2027\n" * 1000)
    fill(12, actor=province.chuyen_vien)
    audit_checkpoints.checkpoint_write(reason="scheduled")


def wipe(places) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(places / "files")
    assert AuditEvent.objects.count() == 0 and StoredFile.objects.count() == 0


def back_up_wipe_and_restore(province, places) -> None:
    some_work(province)
    before = backups.current_facts()
    files_before = stored_hashes()
    out = StringIO()
    call_command("backup", stdout=out)
    (made,) = backups.backups()
    assert f"Đã sao lưu vào {made.path}" in out.getvalue()
    assert made.manifest["row_counts"] == before["row_counts"]
    assert made.manifest["files"] == files_before
    assert made.manifest["audit_head"] == before["audit_head"]
    assert (made.path / "audit-checkpoints.jsonl").exists()
    assert AuditEvent.objects.latest("id").action == "core.backup.created"

    wipe(places)
    call_command("restore", str(made.path), "--yes", stdout=StringIO())

    after = backups.current_facts()
    # Everything is back, and the restore itself is one more audit row.
    expected = {**before["row_counts"], "core_auditevent": before["row_counts"]["core_auditevent"] + 1}
    assert after["row_counts"] == expected
    assert stored_hashes() == files_before
    head = before["audit_head"]
    assert AuditEvent.objects.get(pk=head["id"]).hash == head["hash"]
    restored = AuditEvent.objects.latest("id")
    assert restored.action == "core.backup.restored"
    assert restored.prev_hash == head["hash"]
    assert audit_checkpoints.latest().reason == "restore"
    assert list(audit_checkpoints.verify()) == []


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite online backup; PostgreSQL has its own test")
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_rows_files_and_the_audit_chain(province, places):
    back_up_wipe_and_restore(province, places)


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump and pg_restore: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_restores_rows_files_and_the_audit_chain(province, places):
    back_up_wipe_and_restore(province, places)
    # The purge function and its owner came back with the dump.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'congvu_audit_purge'")
        assert cursor.fetchone() == ("congvu_audit_purger",)


@pytest.mark.django_db(transaction=True)
def test_backup_keeps_the_newest_copies(settings, places, clock):
    settings.BACKUP_KEEP = 2
    made = []
    for _ in range(3):
        made.append(backups.backup_create().path)
        clock.shift(dt.timedelta(days=7))
    assert [b.path for b in backups.backups()] == made[1:]


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_backup_runs_weekly_by_default(places, clock):
    first = jobs.backup.call()
    assert first
    clock.shift(dt.timedelta(days=6))
    assert jobs.backup.call() == ""
    clock.shift(dt.timedelta(days=1))
    assert jobs.backup.call() not in ("", first)
    assert len(backups.backups()) == 2


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_changed_file_and_changes_nothing(province, places):
    some_work(province)
    made = backups.backup_create()
    stored = next(iter(made.manifest["files"]))
    (made.path / "files" / stored).write_bytes(b"noi dung bi thay")
    count = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="đã bị thay đổi hoặc hỏng"):
        call_command("restore", str(made.path), "--yes", stdout=StringIO())
    assert AuditEvent.objects.count() == count


@pytest.mark.django_db(transaction=True)
def test_restore_asks_for_confirmation(places):
    made = backups.backup_create()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(made.path), stdout=StringIO())


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup(places):
    (places / "khong-phai").mkdir()
    with pytest.raises(CommandError, match="không phải một bản sao lưu hoàn chỉnh"):
        call_command("restore", str(places / "khong-phai"), "--yes", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_stopped_backup_leaves_no_backup_behind(places, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backups, "_copy_files", fail)
    with pytest.raises(OSError, match="disk full"):
        backups.backup_create()
    assert backups.backups() == []
    assert list((places / "backups").iterdir()) == []


@pytest.mark.django_db
def test_backup_refuses_to_run_inside_a_transaction(places):
    with pytest.raises(backups.BackupError, match="giao dịch đang mở"):
        backups.backup_create()
    assert not AuditEvent.objects.filter(action="core.backup.created").exists()


# --- health -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_needs_a_live_worker(client, clock):
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["worker"] == "no worker heartbeat yet"
    assert answer.json()["checks"]["database"] == "ok"

    jobs.worker_heartbeat.call()
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "worker": "ok"},
    }

    clock.shift(dt.timedelta(minutes=2))
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["worker"].startswith("last worker heartbeat 1")


@pytest.mark.django_db
def test_readyz_reports_a_storage_it_cannot_write(client, settings, tmp_path):
    jobs.worker_heartbeat.call()
    not_a_directory = tmp_path / "files"
    not_a_directory.write_text("a file where the storage directory should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": not_a_directory},
        },
    }
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["storage"].startswith("FileExistsError")


def test_healthz_answers_without_a_session(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert audit.GENESIS  # the module loads without a database connection of its own
