"""Recording and verifying the audit log (ADM-2).

``record()`` is called by services and by the workflow engine inside their transaction. The
source IP comes from the request through a context variable set by middleware, so services need
not carry it around.

Each row's hash follows a numbered scheme (``AuditEvent.hash_scheme``) so that rows written under an
older scheme keep verifying:

1. SHA-256 of the previous hash and the row. Anyone with database access can recompute it, so a
   chain-aware insider could rewrite a row and re-hash everything after it.
2. HMAC-SHA256 keyed with ``settings.AUDIT_HMAC_KEY``, a secret kept outside the database. Without
   the key a changed row cannot be given a valid hash. Every new row uses it; once a chain holds a
   scheme-2 row, a scheme-1 row after it is itself a sign of rewriting.

Signed checkpoints written outside the database (``congvu.core.audit_checkpoints``) pin the head,
the number of rows and the anchor, so that deleting rows at either end is seen as well.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core import personal
from congvu.core.client_address import valid_ip

GENESIS = "0" * 64
SCHEME_SHA256 = 1
SCHEME_HMAC = 2
CURRENT_SCHEME = SCHEME_HMAC
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("congvu_audit_ip", default=None)


# How an audited act ended, as the log shows it.
RESULT_LABELS: dict[str, Any] = {
    "ok": _("Thành công"),
    "failed": _("Không thành công"),
    "refused": _("Bị từ chối"),
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)[:200]}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _payload(event: Any) -> str:
    """The canonical text hashed for one row: every column but the hashes themselves."""
    occurred = event.occurred_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    data = {
        "occurred_at": occurred,
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "on_behalf_of": event.on_behalf_of_id,
        "on_behalf_of_name": event.on_behalf_of_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "note": event.note,
        "ip": event.ip,
        "result": event.result,
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def hmac_key() -> bytes:
    return settings.AUDIT_HMAC_KEY.encode("utf-8")


def compute_hash(prev_hash: str, event: Any) -> str:
    """The hash of ``event`` chained on ``prev_hash``, under the row's own scheme."""
    scheme = getattr(event, "hash_scheme", SCHEME_SHA256)
    if scheme == SCHEME_SHA256:
        return hashlib.sha256((prev_hash + "\n" + _payload(event)).encode("utf-8")).hexdigest()
    if scheme == SCHEME_HMAC:
        message = f"v{SCHEME_HMAC}\n{prev_hash}\n{_payload(event)}".encode()
        return hmac.new(hmac_key(), message, hashlib.sha256).hexdigest()
    raise ValueError(f"unknown audit hash scheme {scheme!r}")


def _display_name(user: Any) -> str:
    if user is None:
        return ""
    return getattr(user, "full_name", "") or getattr(user, "username", "") or str(user)


def record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    on_behalf_of: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    ip: str | None = None,
    result: str = "ok",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> Any:
    """Append one event to the chain, in the caller's transaction."""
    from congvu.core.models import AuditChainHead, AuditEvent

    if actor is not None and getattr(actor, "pk", None) is None:
        actor = None  # AnonymousUser: a failed sign-in, recorded without an account
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS}
        )
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor=actor,
            actor_name=_display_name(actor),
            on_behalf_of=on_behalf_of if getattr(on_behalf_of, "pk", None) else None,
            on_behalf_of_name=_display_name(on_behalf_of) if getattr(on_behalf_of, "pk", None) else "",
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:300],
            before=_jsonable(before or {}),
            after=_jsonable(after or {}),
            note=note,
            # Never let an address fail the write: whatever is not an IP address is left out.
            ip=valid_ip(ip or current_ip.get()),
            result=result,
            prev_hash=head.last_hash,
            hash_scheme=CURRENT_SCHEME,
        )
        # JSON fields are hashed as they will read back from the database.
        event.before = json.loads(json.dumps(event.before))
        event.after = json.loads(json.dumps(event.after))
        event.hash = compute_hash(head.last_hash, event)
        event.save(force_insert=True)
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
    personal.touch([actor, event.on_behalf_of])  # what they see has changed: "Hôm nay" is rebuilt
    return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int | None
    problem: str


def verify(batch_size: int = 2000, *, checkpoint: Any = None) -> Iterator[ChainProblem]:
    """Walk the chain in order and yield every break: an edited, removed or inserted row; then,
    given a checkpoint (``audit_checkpoints.Checkpoint``), every difference from what it pinned,
    which catches rows removed at either end and a moved anchor."""
    from congvu.core.models import AuditChainHead, AuditEvent

    head = AuditChainHead.objects.filter(pk=1).first()
    expected_prev = head.anchor_hash if head else GENESIS
    keyed_since: int | None = None
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not rows:
            break
        for event in rows:
            if event.prev_hash != expected_prev:
                yield ChainProblem(event.pk, "liên kết bị đứt: một bản ghi trước đó đã bị xóa hoặc chèn thêm")
            if event.hash_scheme not in (SCHEME_SHA256, SCHEME_HMAC):
                yield ChainProblem(event.pk, "bản ghi mang cách băm không xác định")
            elif event.hash_scheme == SCHEME_SHA256 and keyed_since is not None:
                yield ChainProblem(
                    event.pk,
                    "bản ghi dùng cách băm cũ không khóa sau bản ghi có khóa: chuỗi đã bị viết lại",
                )
            elif compute_hash(event.prev_hash, event) != event.hash:
                yield ChainProblem(event.pk, "nội dung bản ghi đã bị sửa")
            if event.hash_scheme == SCHEME_HMAC and keyed_since is None:
                keyed_since = event.pk
            expected_prev = event.hash
            last_id = event.pk
    if head is not None and head.last_hash != expected_prev:
        yield ChainProblem(head.last_event_id or None, "bản ghi cuối cùng của chuỗi đã bị xóa")
    if checkpoint is not None:
        yield from compare(checkpoint)


def compare(checkpoint: Any) -> Iterator[ChainProblem]:
    """What the database says against what the checkpoint pinned."""
    from congvu.core.models import AuditChainHead, AuditEvent

    when = timezone.localtime(checkpoint.moment).strftime("%H:%M %d/%m/%Y")
    head = AuditChainHead.objects.filter(pk=1).first()
    if checkpoint.head_id:
        row = AuditEvent.objects.filter(pk=checkpoint.head_id).only("hash").first()
        if row is None:
            yield ChainProblem(
                checkpoint.head_id,
                f"bản ghi cuối của điểm kiểm tra lúc {when} không còn: bản ghi cuối của chuỗi đã bị xóa",
            )
        elif row.hash != checkpoint.head_hash:
            yield ChainProblem(
                checkpoint.head_id, f"bản ghi khác với điểm kiểm tra lúc {when}: chuỗi đã bị viết lại"
            )
    count = AuditEvent.objects.filter(id__lte=checkpoint.head_id).count()
    if count != checkpoint.count:
        yield ChainProblem(
            None,
            f"điểm kiểm tra lúc {when} ghi {checkpoint.count} bản ghi đến #{checkpoint.head_id}, "
            f"nay còn {count}: bản ghi đã bị xóa hoặc chèn thêm",
        )
    anchor = head.anchor_hash if head is not None else GENESIS
    if anchor != checkpoint.anchor_hash:
        yield ChainProblem(
            None, f"điểm neo của chuỗi đã bị dời so với điểm kiểm tra lúc {when}, ngoài lần xóa theo thời hạn"
        )
