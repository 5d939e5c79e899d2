"""What "Hôm nay" shows a person: their real work first — counts, the most urgent items to do and
to approve, overdue first (issue #3) — then their posts, roles, delegations and notifications.
Each module adds its own section as it arrives; nothing on the page is made up."""

from __future__ import annotations

from typing import Any

from congvu.notifications.selectors import recent_for
from congvu.org import policies

URGENT_ITEMS = 5


def home_context(user: Any) -> dict[str, Any]:
    # The work module sits above core; the home page is where the modules meet.
    from congvu.assignments import selectors as work

    today_work = work.today_work(user, limit=URGENT_ITEMS)
    return {
        "memberships": policies.memberships(user),
        "roles": policies.roles(user),
        "acting_for": policies.principals(user),
        "notifications": recent_for(user, limit=10),
        "work_counts": today_work.counts,
        "work_todo": today_work.todo,
        "work_to_approve": today_work.to_approve,
    }
