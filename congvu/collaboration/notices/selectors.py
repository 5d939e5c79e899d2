"""Reading notices: the banner (kept in the cache, at most one query when the cache is cold) and
the history (keyset-paginated).

The banner reads the list of notices not over yet from the cache; the services drop it when they
commit a change (``forget_banner``), so an administrator's own change shows on their next page.
Time passing needs no invalidation: which notices show is decided on every request from the kept
list and the clock. With several web servers the cache must be shared (``CONGVU_REDIS_URL``); a
process-local cache keeps the list at most ``BANNER_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from congvu.collaboration.notices.models import Notice
from congvu.core.pagination import KeysetPage, keyset_page

BANNER_KEY = "collaboration:notices:banner"
BANNER_SECONDS = 60
BANNER_LIMIT = 20  # notices not over yet that the banner considers (more is an administrator's slip)
DISMISSED_KEY = "collaboration_dismissed_notices"
DISMISSED_LIMIT = 50
HISTORY_ORDER = ("-starts_at", "-id")


def _pending(now: dt.datetime) -> list[dict[str, Any]]:
    rows = (
        Notice.objects.filter(ends_at__gt=now)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=now))
        .order_by("starts_at", "id")
        .values(
            "id", "kind", "severity", "title", "message", "starts_at", "ends_at", "shows_from", "updated_at"
        )[:BANNER_LIMIT]
    )
    return [dict(row) for row in rows]


def pending_notices() -> list[dict[str, Any]]:
    """Notices not over yet (upcoming or under way), from the cache or one query."""
    kept = cache.get(BANNER_KEY)
    if kept is None:
        kept = _pending(timezone.now())
        cache.set(BANNER_KEY, kept, BANNER_SECONDS)
    return kept


def forget_banner() -> None:
    cache.delete(BANNER_KEY)


def dismissal_key(item: dict[str, Any], now: dt.datetime) -> str:
    """A dismissal holds for one notice, in one phase, as it was written: the banner comes back
    when the window starts or when the administrator changes the notice."""
    phase = "active" if now >= item["starts_at"] else "announced"
    return f"{item['id']}:{phase}:{int(item['updated_at'].timestamp())}"


def banner_notices(session: Any, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """What the banner shows this person now: notices in their announcement or their window, less
    those they dismissed in this session (each with its ``dismiss_key`` and ``active``)."""
    now = now or timezone.now()
    dismissed = set(session.get(DISMISSED_KEY, [])) if session is not None else set()
    shown = []
    for item in pending_notices():
        if not (item["shows_from"] <= now < item["ends_at"]):
            continue
        key = dismissal_key(item, now)
        if key in dismissed:
            continue
        shown.append({**item, "dismiss_key": key, "active": now >= item["starts_at"]})
    return shown


def notice_history(user: Any, *, after: str | None, size: int) -> KeysetPage:
    from congvu.collaboration.notices.policies import visible_notices

    qs: QuerySet[Notice] = visible_notices(user).select_related("created_by")
    return keyset_page(qs, order=HISTORY_ORDER, after=after, size=size)
