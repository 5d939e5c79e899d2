from __future__ import annotations

from typing import Any

from django.conf import settings

from congvu.core import personal
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.notifications.models import Notification

# Newest first by the time last told: a repeat folded into an older notice comes back to the top.
NEWEST_FIRST = ("-created_at", "-id")


def unread_count(user: Any) -> int:
    """The bell's number, kept for the person (``congvu.core.personal``) until they are sent a
    notice, open one, or one of theirs is settled by another's act."""
    return personal.kept(
        user,
        "unread-notifications",
        [],
        lambda: Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count(),
    )


def recent_for(user: Any, *, limit: int = 10) -> list[Notification]:
    return list(Notification.objects.filter(recipient_id=user.pk).order_by(*NEWEST_FIRST)[:limit])


def inbox_page(user: Any, *, before: str | None) -> KeysetPage:
    return keyset_page(
        Notification.objects.filter(recipient_id=user.pk),
        order=NEWEST_FIRST,
        after=before,
        size=settings.PAGE_SIZE,
    )
