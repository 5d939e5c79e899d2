"""What the device screen and the API read: a person's subscribed devices."""

from __future__ import annotations

from typing import Any

from congvu.accounts.profile.selectors import describe_browser
from congvu.notifications.push.models import PushSubscription


def devices(user: Any) -> list[tuple[PushSubscription, str]]:
    """The person's devices, newest first, each with its browser in words (one query: a person keeps
    at most ``services.MAX_DEVICES``)."""
    rows = PushSubscription.objects.filter(user_id=user.pk).order_by("-created_at", "-id")
    return [(row, describe_browser(row.user_agent)) for row in rows]
