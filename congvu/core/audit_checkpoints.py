"""Signed checkpoints of the audit chain, kept where the application cannot rewrite them (ADM-2).

A checkpoint states, at a moment, the chain's last row (id and hash), how many rows the chain holds
up to it and the anchor the chain starts from, signed with the audit key (HMAC,
``settings.AUDIT_HMAC_KEY``). Each one goes to every configured sink:

- ``FileSink``: a JSON line appended to ``settings.AUDIT_CHECKPOINT_FILE``, a file outside the data
  directory that the application only ever appends to (the operator can make it append-only with
  ``chattr +a``, or put it on another machine's disk). ``congvu audit verify`` reads its last line.
- ``EmailSink``: the same line mailed to ``settings.AUDIT_CHECKPOINT_EMAILS`` (the auditors).

Without the key nobody can forge a checkpoint; with database access alone nobody can rewrite one.
So a chain-aware insider who re-hashes rows, removes the oldest rows and moves the anchor, or
removes the newest rows and moves the head back, is caught by ``compare()``. Checkpoints are
written by a periodic job (``core.jobs``), after each retention purge (the anchor's only legitimate
move) and after a restore.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from congvu.core import audit

logger = logging.getLogger(__name__)

FORMAT = 1


class BadCheckpoint(Exception):
    """The latest checkpoint cannot be read or its signature is wrong."""


@dataclass(frozen=True)
class Checkpoint:
    head_id: int
    head_hash: str
    count: int
    anchor_hash: str
    at: str  # ISO time, UTC
    reason: str  # "scheduled", "purge", "restore", "manual"

    def body(self) -> dict:
        return {"format": FORMAT, **asdict(self)}

    def signed_line(self) -> str:
        return json.dumps({**self.body(), "sig": sign(self.body())}, sort_keys=True, ensure_ascii=False)

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at)


def sign(body: dict) -> str:
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(audit.hmac_key(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def parse(line: str) -> Checkpoint:
    """A checkpoint from its signed line; ``BadCheckpoint`` when unreadable or not signed by our key."""
    try:
        data = json.loads(line)
        signature = data.pop("sig")
        if data.pop("format") != FORMAT:
            raise ValueError("format")
        checkpoint = Checkpoint(**data)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BadCheckpoint("Điểm kiểm tra cuối cùng của nhật ký không đọc được.") from None
    if not hmac.compare_digest(signature, sign(checkpoint.body())):
        raise BadCheckpoint("Điểm kiểm tra cuối cùng của nhật ký có chữ ký sai: nó không do hệ thống ghi.")
    return checkpoint


class CheckpointSink(Protocol):
    def write(self, checkpoint: Checkpoint) -> None: ...


class FileSink:
    """Appends one line per checkpoint; never truncates or rewrites the file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def write(self, checkpoint: Checkpoint) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, (checkpoint.signed_line() + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def last_line(self) -> str | None:
        if not self.path.exists():
            return None
        with self.path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 65536))
            lines = [line for line in handle.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else None


class EmailSink:
    """Mails each checkpoint to the auditors, who keep it out of the application's reach."""

    def __init__(self, recipients: list[str]) -> None:
        self.recipients = recipients

    def write(self, checkpoint: Checkpoint) -> None:
        send_mail(
            subject=f"[{settings.AGENCY_NAME}] Điểm kiểm tra nhật ký hệ thống #{checkpoint.head_id}",
            message=(
                "Điểm kiểm tra chuỗi nhật ký hệ thống (giữ lại để đối chiếu khi kiểm tra):\n\n"
                f"{checkpoint.signed_line()}\n"
            ),
            from_email=None,
            recipient_list=self.recipients,
        )


def file_sink() -> FileSink:
    return FileSink(settings.AUDIT_CHECKPOINT_FILE)


def sinks() -> list[CheckpointSink]:
    found: list[CheckpointSink] = [file_sink()]
    if settings.AUDIT_CHECKPOINT_EMAILS:
        found.append(EmailSink(list(settings.AUDIT_CHECKPOINT_EMAILS)))
    return found


def current(*, reason: str) -> Checkpoint:
    """The chain as it stands, read under the head's lock so no row is added meanwhile."""
    from congvu.core.models import AuditChainHead, AuditEvent

    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": audit.GENESIS}
        )
        count = AuditEvent.objects.filter(id__lte=head.last_event_id).count()
        return Checkpoint(
            head_id=head.last_event_id,
            head_hash=head.last_hash,
            count=count,
            anchor_hash=head.anchor_hash,
            at=timezone.now().astimezone(dt.UTC).isoformat(),
            reason=reason,
        )


def checkpoint_write(*, reason: str) -> Checkpoint:
    """Take a checkpoint and send it to every sink. A sink that fails is logged and the others
    still get it; the error is raised afterwards so the job shows as failed."""
    checkpoint = current(reason=reason)
    failure: Exception | None = None
    for sink in sinks():
        try:
            sink.write(checkpoint)
        except Exception as exc:
            logger.exception("audit checkpoint could not be written to %s", type(sink).__name__)
            failure = exc
    if failure is not None:
        raise failure
    return checkpoint


def latest() -> Checkpoint | None:
    """The last checkpoint of the file sink, or None before the first one."""
    line = file_sink().last_line()
    return parse(line) if line is not None else None


def verify(batch_size: int = 2000) -> Iterator[audit.ChainProblem]:
    """``audit.verify()`` against the latest checkpoint: every break of the chain, then every
    difference from what the checkpoint pinned (``congvu audit verify``)."""
    try:
        checkpoint = latest()
    except BadCheckpoint as exc:
        yield audit.ChainProblem(None, str(exc))
        checkpoint = None
    yield from audit.verify(batch_size, checkpoint=checkpoint)
