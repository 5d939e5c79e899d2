"""Background work of the delegation feature (ORG-8), as Tasks-API tasks.

- ``notify_agency_of_delegation``: enqueued after an approval commits; tells every active member of
  the principal's agency who holds the authority and when (seed 002 Đ11), in bulk, in the app only,
  so that approving in a 5,000-person agency stays fast.
- ``notify_expired_delegations``: hourly; tells delegate and principal once that a window has passed.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.core.scheduler import HOUR, periodic
from congvu.core.tasks_api import task
from congvu.notifications.services import notify_many
from congvu.org import tree
from congvu.org.delegations import selectors
from congvu.org.models import Delegation


@task()
def notify_agency_of_delegation(delegation_id: int) -> int:
    """In-app notice to the principal's agency (delegate and principal get their own notice): who
    and when, not why — the reason may be personal. ``event_key`` makes a second run a no-op.
    Returns the number of people addressed."""
    delegation = Delegation.objects.select_related("principal", "delegate").filter(pk=delegation_id).first()
    if delegation is None or delegation.status != Delegation.Status.APPROVED:
        return 0
    unit = selectors.principal_unit(delegation.principal)
    if unit is None:
        return 0
    agency = tree.agency_of(unit)
    skip = {delegation.principal_id, delegation.delegate_id}
    recipients = [pk for pk in tree.agency_member_ids(agency) if pk not in skip]
    if not recipients:
        return 0
    return notify_many(
        recipient_ids=recipients,
        title=gettext_noop(
            "Thông báo ủy quyền: %(delegate)s xử lý công việc thay %(principal)s từ %(start)s đến %(end)s"
        ),
        body=gettext_noop(
            "%(principal)s ủy quyền cho %(delegate)s xử lý công việc trên hệ thống từ %(start)s đến %(end)s. "
            "Người được ủy quyền chịu trách nhiệm về các việc xử lý trong thời gian ủy quyền (Quy chế, Điều 11)."
        ),
        params={
            "principal": delegation.principal.full_name,
            "delegate": delegation.delegate.full_name,
            "start": selectors.local_text(delegation.starts_at),
            "end": selectors.local_text(delegation.ends_at),
        },
        kind="delegation.agency",
        event_key=f"delegation:{delegation.pk}:agency",
    )


@periodic("org.delegations_expiring", every=HOUR)
@task()
def notify_expired_delegations() -> int:
    """Tell delegate and principal, once, that an approved delegation's window has passed."""
    from congvu.org.delegations.services import delegation_mark_expiry_notified

    told = 0
    for delegation in selectors.expired_unnotified(timezone.now()).order_by("ends_at", "id")[:1000]:
        if delegation_mark_expiry_notified(delegation=delegation):
            told += 1
    return told
