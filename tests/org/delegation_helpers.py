"""Shared helpers of the delegation tests (ORG-8): short-hands over the services. To stand inside or
after a window, a test moves the suite's clock (``clock.move_to(delegation.ends_at + HOUR)``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from congvu.org import policies
from congvu.org.delegations import services as services

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


def fresh(user):
    """The same person, without the per-request caches of posts and delegations."""
    policies.forget(user)
    return type(user).objects.get(pk=user.pk)


def request(principal, delegate, *, starts_at=None, ends_at=None, reason="Đi công tác"):
    now = timezone.now()
    starts_at = starts_at or now + DAY
    ends_at = ends_at or starts_at + 2 * DAY
    return services.delegation_request(
        principal=principal,
        delegate=delegate,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        actor=principal,
    )


def approved(principal, delegate, approver, **window):
    delegation = request(principal, delegate, **window)
    return services.delegation_approve(delegation=delegation, actor=approver)
