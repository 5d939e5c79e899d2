"""The audit log's retention purge (TV-SEC-6, R-SEC-0 ``audit_retention``).

``audit_purge()`` deletes the rows older than ``settings.SECURITY["AUDIT_RETENTION_DAYS"]`` (365 by
default) — never a younger row and never the chain's last row — and moves the chain's anchor to the
first kept row, so ``congvu audit verify`` still passes. The purge is itself recorded in the log,
and once it has committed a checkpoint pins the new anchor (``audit_checkpoints``): the anchor's
one legitimate move is on record outside the database.

On PostgreSQL the deleting is done by ``congvu_audit_purge()``, a function owned by a separate role
(migration 0005): the application's own role cannot delete or update an audit row at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from congvu.core import audit, audit_checkpoints

# The lowest retention any security profile allows (level 2); the database function refuses less.
MIN_RETENTION_DAYS = 30


class AuditPurgeUnavailable(Exception):
    """The database refused the purge: the purge role is not set up (README)."""


@dataclass(frozen=True)
class PurgeResult:
    deleted: int
    first_kept_id: int | None
    cutoff: dt.datetime


def audit_purge(*, actor: Any = None, retention_days: int | None = None) -> PurgeResult:
    """Delete audit rows older than the retention; record the purge and checkpoint the new anchor."""
    days = retention_days or settings.SECURITY["AUDIT_RETENTION_DAYS"]
    if days < MIN_RETENTION_DAYS:
        raise ValueError(f"audit retention below {MIN_RETENTION_DAYS} days")
    now = timezone.now()
    cutoff = now - dt.timedelta(days=days)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            deleted, first_kept_id = _purge_postgres(days, now)
        else:
            deleted, first_kept_id = _purge_here(cutoff)
        if deleted:
            audit.record(
                actor=actor,
                action="core.audit.purged",
                object_type="core.auditevent",
                object_repr=f"Xóa {deleted} bản ghi nhật ký quá thời hạn lưu trữ {days} ngày",
                after={
                    "deleted": deleted,
                    "retention_days": days,
                    "cutoff": cutoff,
                    "first_kept_id": first_kept_id,
                },
            )
            transaction.on_commit(lambda: audit_checkpoints.checkpoint_write(reason="purge"))
    return PurgeResult(deleted=deleted, first_kept_id=first_kept_id, cutoff=cutoff)


def _purge_postgres(days: int, now: dt.datetime) -> tuple[int, int | None]:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT deleted, first_kept_id FROM congvu_audit_purge(%s, %s)", [days, now])
            deleted, first_kept_id = cursor.fetchone()
    except DatabaseError as exc:
        if "append-only" in str(exc):
            raise AuditPurgeUnavailable(
                "Cơ sở dữ liệu từ chối xóa nhật ký: vai trò congvu_audit_purger chưa được thiết lập "
                "(xem README, mục “Nhật ký hệ thống trên PostgreSQL”)."
            ) from exc
        raise
    return int(deleted), first_kept_id


def _purge_here(cutoff: dt.datetime) -> tuple[int, int | None]:
    """SQLite: the same rule as the PostgreSQL function, in Python."""
    from congvu.core.models import AuditChainHead, AuditEvent

    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None or not head.last_event_id:
        return 0, None
    keep_id = (
        AuditEvent.objects.filter(occurred_at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
    )
    if keep_id is None or keep_id > head.last_event_id:
        keep_id = head.last_event_id
    anchor = AuditEvent.objects.filter(pk=keep_id).values_list("prev_hash", flat=True).get()
    deleted, _ = AuditEvent.objects.filter(id__lt=keep_id).delete()
    if deleted:
        head.anchor_hash = anchor
        head.save(update_fields=["anchor_hash"])
    return deleted, keep_id
