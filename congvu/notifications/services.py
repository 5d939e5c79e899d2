"""Sending notifications: in the app at once, by e-mail and Web Push through the task queue after commit; settling
them when what they asked for is done; folding a repeat into the one still unread."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone, translation

from congvu.core.personal import enabled, touch
from congvu.notifications.models import Notification
from congvu.notifications.push.services import push_sender


def subject_of(obj: Model) -> str:
    """The key a notification keeps for the object it is about: ``"assignments.assignment:12"``."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def message(msgid: Any, **params: Any) -> dict[str, Any]:
    """A translatable part of a notification's values, shown in the reader's language: a msgid, or
    a lazily translated label such as a choice's (``message(AccountRequest.Kind.CREATE.label)``)."""
    if not isinstance(msgid, str):
        with translation.override(None):  # the untranslated text: the msgid
            msgid = str(msgid)
    return {"msgid": msgid, "params": params} if params else {"msgid": msgid}


def _fold(user: Any, note: Notification) -> tuple[Notification, bool] | None:
    """The same subject and kind, still unread, for this person: that row takes the new message,
    time and one more repeat (and True: it is news again). None when there is nothing to fold into."""
    existing = (
        Notification.objects.select_for_update()
        .filter(recipient_id=user.pk, subject=note.subject, kind=note.kind, read_at__isnull=True)
        .order_by("-id")
        .first()
    )
    if existing is None:
        return None
    if (
        note.event_key
        and Notification.objects.filter(recipient_id=user.pk, event_key=note.event_key).exists()
    ):
        return existing, False  # this very event was told already
    changes = {
        "title": note.title,
        "body": note.body,
        "params": note.params,
        "url": note.url,
        "awaits": note.awaits,
        "event_key": note.event_key or existing.event_key,
        "created_at": timezone.now(),
        "emailed_at": None,
    }
    Notification.objects.filter(pk=existing.pk).update(repeats=F("repeats") + 1, **changes)
    existing.refresh_from_db()
    return existing, True


def notify(
    *,
    recipients: Iterable[Any],
    title: str,
    body: str = "",
    params: dict[str, Any] | None = None,
    url: str = "",
    kind: str = "",
    event_key: str = "",
    subject: str = "",
    awaits: str = "",
    email: bool = True,
) -> list[Notification]:
    """Tell each recipient once; with ``event_key`` a recipient never gets the same event twice.

    ``title`` and ``body`` are Vietnamese msgids (mark them with ``gettext_noop``) with ``%(name)s``
    placeholders filled from ``params`` when shown, in the reader's language. ``subject``
    (``subject_of(obj)``) names what the notice is about and ``awaits`` the act it asks for, which
    ``notification_settle`` closes. A notice with a subject that repeats one still unread (same
    person, subject and kind — a result sent again) updates that one instead of adding a row.
    E-mail copies are enqueued when the surrounding transaction commits."""
    created: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        note = Notification(
            recipient=user,
            title=title[:300],
            body=body,
            params=params or {},
            url=url,
            kind=kind,
            event_key=event_key,
            subject=subject,
            awaits=awaits,
        )
        if subject:
            folded = _fold(user, note)
            if folded is not None:
                row, news = folded
                if news:
                    created.append(row)
                continue
        if event_key:
            try:
                with transaction.atomic():
                    note.save()
            except IntegrityError:
                continue
        else:
            note.save()
        created.append(note)
    touch(seen)  # their "Hôm nay" shows it at once, folded into an unread one or not
    if created:
        ids = [n.pk for n in created]
        push = push_sender(created)  # Web Push to the recipients' devices

        def _enqueue() -> None:
            if email:
                from congvu.notifications.jobs import send_notification_emails

                send_notification_emails.enqueue(ids)
            push()

        transaction.on_commit(_enqueue)
    return created


def notify_many(
    *,
    recipient_ids: list[int],
    title: str,
    body: str = "",
    params: dict[str, Any] | None = None,
    url: str = "",
    kind: str = "",
    event_key: str = "",
) -> int:
    """Bulk in-app notice to many people at once (e.g. a whole agency); no e-mail."""
    rows = [
        Notification(
            recipient_id=rid,
            title=title[:300],
            body=body,
            params=params or {},
            url=url,
            kind=kind,
            event_key=event_key,
        )
        for rid in recipient_ids
    ]
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=bool(event_key))
    touch(recipient_ids)
    return len(rows)


def notification_settle(
    *, subject: str, awaits: str | Iterable[str] | None = None, recipients: Iterable[Any] | None = None
) -> int:
    """The act the notices about ``subject`` asked for is done (or no longer asked for): they are
    read and settled for everyone they went to — the person who acted and the others who could
    have. Called by the service that performs the act, inside its transaction. ``awaits`` narrows
    it to those acts; None settles every notice about the subject that awaits something.
    ``recipients`` narrows it to those people (the act is no longer theirs to do, e.g. work given
    to another lead). Returns the number of notices settled."""
    if not subject:
        return 0
    rows = Notification.objects.filter(subject=subject, settled_at__isnull=True).exclude(awaits="")
    if awaits is not None:
        rows = rows.filter(awaits__in=[awaits] if isinstance(awaits, str) else list(awaits))
    if recipients is not None:
        rows = rows.filter(recipient_id__in=[p.pk for p in recipients])
    if enabled():  # their pages show the notice read at once, not when what is kept expires
        touch(set(rows.filter(read_at__isnull=True).values_list("recipient_id", flat=True)))
    now = timezone.now()
    settled = rows.filter(read_at__isnull=True).update(read_at=now, settled_at=now)
    return settled + rows.update(settled_at=now)


def mark_all_read(*, user: Any) -> int:
    touch([user])
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def open_notification(*, user: Any, pk: int) -> str | None:
    note = Notification.objects.filter(recipient_id=user.pk, pk=pk).first()
    if note is None:
        return None
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
        touch([user])
    return note.url or None
