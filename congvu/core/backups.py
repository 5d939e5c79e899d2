"""Backups and their restore (ADM-3: at least weekly, with a tested restore; 001 Đ12.2).

A backup is a directory ``congvu-<UTC time>`` in ``settings.BACKUP_DIR`` holding:

- ``database.sqlite3`` (SQLite's online backup: a consistent copy while the product runs) or
  ``database.dump`` (``pg_dump --format=custom`` of one exported snapshot);
- ``files/``: every stored file (``StoredFile``), read through the storage backend, so S3 works too;
- ``audit-checkpoints.jsonl``: the audit log's checkpoints (``audit_checkpoints``) as they stood;
- ``manifest.json``: the row count of every table, each file's SHA-256 and the audit chain's head,
  all read from the same snapshot as the database copy; ``backup_restore`` checks the files
  against it.

A backup is written under a ``.partial`` name and renamed when complete, so a stopped backup never
passes for one; the newest ``settings.BACKUP_KEEP`` are kept. ``backup_if_due`` (a nightly job)
makes one when the newest is ``settings.BACKUP_EVERY_DAYS`` old (weekly by default).

Restoring replaces the database and puts the files back; the restore is then recorded in the
audit log and pinned by a checkpoint, so ``congvu audit verify`` passes and shows where the log
went back to. Stop the web servers, workers and scheduler before restoring.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from congvu.core import audit, audit_checkpoints

FORMAT = 1
PREFIX = "congvu-"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
CHECKPOINTS_FILE = "audit-checkpoints.jsonl"


class BackupError(Exception):
    """A backup cannot be made or restored; the message is for the operator, in Vietnamese."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]

    @property
    def created_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.manifest["created_at"])


# --- what a snapshot holds ------------------------------------------------------------------------


def _tables() -> list[str]:
    names = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return sorted(names | {"django_migrations"})


def _facts(cursor: Any, quote: Any) -> dict[str, Any]:
    """Row counts, stored files and the audit head, read with a plain DB-API cursor (the SQLite
    copy itself, or the PostgreSQL snapshot that pg_dump reads)."""
    counts = {}
    for table in _tables():
        cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608 - our own table names
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT storage_name, sha256 FROM core_storedfile ORDER BY id")
    files = [(name, sha) for name, sha in cursor.fetchall()]
    cursor.execute("SELECT last_event_id, last_hash, anchor_hash FROM core_auditchainhead WHERE id = 1")
    row = cursor.fetchone()
    head = {"id": row[0], "hash": row[1], "anchor": row[2]} if row else None
    return {"row_counts": counts, "stored_files": files, "audit_head": head}


def current_facts() -> dict[str, Any]:
    """The same facts of the live database (tests and the restore's report)."""
    with connection.cursor() as cursor:
        facts = _facts(cursor, connection.ops.quote_name)
    facts["stored_files"] = [list(item) for item in facts["stored_files"]]
    return facts


# --- making a backup ------------------------------------------------------------------------------


def backups(directory: Path | None = None) -> list[Backup]:
    """Complete backups, oldest first."""
    root = Path(directory or settings.BACKUP_DIR)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.iterdir()):
        manifest = path / MANIFEST
        if path.is_dir() and path.name.startswith(PREFIX) and manifest.is_file():
            try:
                found.append(Backup(path, json.loads(manifest.read_text(encoding="utf-8"))))
            except ValueError:
                continue
    return found


def backup_create(*, actor: Any = None, directory: Path | None = None) -> Backup:
    """Copy the database, the stored files and the audit checkpoints; keep the newest N."""
    if connection.in_atomic_block:
        # A copy must see committed data only (and SQLite's online backup would wait forever).
        raise BackupError("Không sao lưu được bên trong một giao dịch đang mở.")
    root = Path(directory or settings.BACKUP_DIR)
    root.mkdir(parents=True, exist_ok=True)
    now = timezone.now().astimezone(dt.UTC)
    name = f"{PREFIX}{now:%Y%m%dT%H%M%S%fZ}"
    partial = root / f"{name}.partial"
    partial.mkdir()
    try:
        if connection.vendor == "postgresql":
            facts = _dump_postgres(partial / PG_FILE)
        else:
            facts = _copy_sqlite(partial / SQLITE_FILE)
        files = _copy_files(partial / "files", facts.pop("stored_files"))
        if settings.AUDIT_CHECKPOINT_FILE.exists():
            shutil.copy2(settings.AUDIT_CHECKPOINT_FILE, partial / CHECKPOINTS_FILE)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": connection.vendor,
            **facts,
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        final = root / name
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    for old in backups(root)[: -settings.BACKUP_KEEP]:
        shutil.rmtree(old.path, ignore_errors=True)
    audit.record(
        actor=actor,
        action="core.backup.created",
        object_type="core.backup",
        object_id=name[:64],
        object_repr=f"Sao lưu {name}",
        after={"rows": sum(facts["row_counts"].values()), "files": len(files), "directory": str(root)},
    )
    return Backup(final, manifest)


def backup_if_due(*, now: dt.datetime | None = None) -> Backup | None:
    """A backup when the newest is ``BACKUP_EVERY_DAYS`` old or there is none (ADM-3)."""
    now = now or timezone.now()
    existing = backups()
    # An hour's slack: a weekly job that ran at 02:10 last week is due at 02:10 today.
    due = dt.timedelta(days=settings.BACKUP_EVERY_DAYS) - dt.timedelta(hours=1)
    if existing and now - existing[-1].created_at < due:
        return None
    return backup_create()


def _copy_sqlite(target: Path) -> dict[str, Any]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return _facts(copy.cursor(), lambda name: '"' + name.replace('"', '""') + '"')
    finally:
        copy.close()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    params = connection.settings_dict
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(f"Không tìm thấy chương trình {command[0]} (cài gói postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} báo lỗi: {result.stderr.strip()[:2000]}")


def _dump_postgres(target: Path) -> dict[str, Any]:
    """pg_dump reads the snapshot this transaction exported, so the facts match the dump."""
    args, env = _pg_env()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        facts = _facts(cursor, connection.ops.quote_name)
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                "--dbname",
                connection.settings_dict["NAME"],
            ],  # fmt: skip
            env,
        )
    return facts


def _copy_files(target: Path, stored: list[tuple[str, str]]) -> dict[str, str]:
    """Each stored file into ``files/``; returns {storage name: SHA-256 of what was copied}."""
    hashes: dict[str, str] = {}
    for storage_name, _ in stored:
        destination = _inside(target, storage_name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with default_storage.open(storage_name, "rb") as source, destination.open("wb") as out:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                digest.update(chunk)
                out.write(chunk)
        hashes[storage_name] = digest.hexdigest()
    return hashes


def _inside(root: Path, name: str) -> Path:
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()):
        raise BackupError(f"Tên tệp “{name}” nằm ngoài thư mục sao lưu.")
    return path


# --- restoring --------------------------------------------------------------------------------


def backup_open(path: Path) -> Backup:
    """A backup directory, checked: complete, of this format and of this kind of database."""
    manifest_path = Path(path) / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"“{path}” không phải một bản sao lưu hoàn chỉnh (thiếu {MANIFEST}).")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError:
        raise BackupError(f"Tệp {MANIFEST} của “{path}” không đọc được.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu “{path}” có định dạng không được hỗ trợ.")
    if manifest.get("database") != connection.vendor:
        raise BackupError(
            f"Bản sao lưu “{path}” là của {manifest.get('database')}, cơ sở dữ liệu hiện tại là {connection.vendor}."
        )
    return Backup(Path(path), manifest)


def backup_restore(*, path: Path, actor: Any = None) -> Backup:
    """Bring back a backup: the database, then the files (checked against the manifest); record
    the restore in the audit log and pin it with a checkpoint."""
    backup = backup_open(path)
    files = backup.manifest["files"]
    for storage_name, sha in files.items():  # check every file before anything is replaced
        if _sha256(_inside(backup.path / "files", storage_name)) != sha:
            raise BackupError(f"Tệp “{storage_name}” trong bản sao lưu đã bị thay đổi hoặc hỏng.")
    if connection.vendor == "postgresql":
        _restore_postgres(backup.path / PG_FILE)
    else:
        _restore_sqlite(backup.path / SQLITE_FILE)
    for storage_name in files:
        with _inside(backup.path / "files", storage_name).open("rb") as handle:
            if default_storage.exists(storage_name):
                default_storage.delete(storage_name)
            saved = default_storage.save(storage_name, ContentFile(handle.read()))
        if saved != storage_name:
            raise BackupError(f"Không đặt lại được tệp “{storage_name}” (lưu thành “{saved}”).")
    saved_checkpoints = backup.path / CHECKPOINTS_FILE
    if saved_checkpoints.exists() and not settings.AUDIT_CHECKPOINT_FILE.exists():
        # The machine was lost with its checkpoints: start again from the backup's copy.
        settings.AUDIT_CHECKPOINT_FILE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(saved_checkpoints, settings.AUDIT_CHECKPOINT_FILE)
    audit.record(
        actor=actor,
        action="core.backup.restored",
        object_type="core.backup",
        object_id=backup.path.name[:64],
        object_repr=f"Khôi phục {backup.path.name}",
        after={"created_at": backup.manifest["created_at"], "audit_head": backup.manifest["audit_head"]},
    )
    audit_checkpoints.checkpoint_write(reason="restore")
    return backup


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _restore_sqlite(source: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError("Không khôi phục được bên trong một giao dịch đang mở.")
    connection.ensure_connection()
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()


def _restore_postgres(source: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError("Không khôi phục được bên trong một giao dịch đang mở.")
    args, env = _pg_env()
    connection.close()
    _run(
        [
            "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--dbname",
            connection.settings_dict["NAME"],
            str(source),
        ],  # fmt: skip
        env,
    )
