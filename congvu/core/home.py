"""What "Hôm nay" shows a person. Each module adds its own section as it arrives; until then the
page shows only what is real: the person's posts, roles, delegations and notifications."""

from __future__ import annotations

from typing import Any

from congvu.notifications.selectors import unread_count, recent_for
from congvu.org import policies


def home_context(user: Any) -> dict[str, Any]:
    return {
        "memberships": policies.memberships(user),
        "roles": policies.roles(user),
        "acting_for": policies.principals(user),
        "notifications": recent_for(user, limit=10),
        "unread_count": unread_count(user),
    }
