"""Sending notifications: in the app at once, by e-mail through the task queue after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from congvu.notifications.models import Notification


def notify(
    *,
    recipients: Iterable[Any],
    title: str,
    body: str = "",
    url: str = "",
    kind: str = "",
    event_key: str = "",
    email: bool = True,
) -> list[Notification]:
    """Create one notification per recipient; with ``event_key`` a recipient never gets the same
    event twice. E-mail copies are enqueued when the surrounding transaction commits."""
    created: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        note = Notification(
            recipient=user, title=title[:300], body=body, url=url, kind=kind, event_key=event_key
        )
        if event_key:
            try:
                with transaction.atomic():
                    note.save()
            except IntegrityError:
                continue
        else:
            note.save()
        created.append(note)
    if email and created:
        ids = [n.pk for n in created]

        def _enqueue() -> None:
            from congvu.notifications.jobs import send_notification_emails

            send_notification_emails.enqueue(ids)

        transaction.on_commit(_enqueue)
    return created


def notify_many(
    *,
    recipient_ids: list[int],
    title: str,
    body: str = "",
    url: str = "",
    kind: str = "",
    event_key: str = "",
) -> int:
    """Bulk in-app notice to many people at once (e.g. a whole agency); no e-mail."""
    rows = [
        Notification(recipient_id=rid, title=title[:300], body=body, url=url, kind=kind, event_key=event_key)
        for rid in recipient_ids
    ]
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=bool(event_key))
    return len(rows)


def mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def open_notification(*, user: Any, pk: int) -> str | None:
    note = Notification.objects.filter(recipient_id=user.pk, pk=pk).first()
    if note is None:
        return None
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    return note.url or None
