"""Reads for the delegation screens and jobs (ORG-8): lists, the people one may delegate to, the
agency that is told about a delegation, and a delegation's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congvu.core import registry
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.org import policies, tree
from congvu.org.models import Delegation, Membership, Position, Unit

ROLE_GIVEN = "given"
ROLE_RECEIVED = "received"
ROLE_TO_APPROVE = "to_approve"
ROLES = (ROLE_GIVEN, ROLE_RECEIVED, ROLE_TO_APPROVE)
LIST_ORDER = ("-starts_at", "-id")


def principal_unit(principal: Any) -> Unit | None:
    membership = policies.primary_membership(principal)
    return membership.unit if membership else None


# --- whom one may delegate to ---------------------------------------------------------------------


def delegate_candidates(principal: Any) -> list[Any]:
    """Active people holding a current post in the subtree of one of the principal's units
    (seed 002 Đ13.3: "cá nhân thuộc phòng, đơn vị mình"), the principal excluded, sorted by
    Vietnamese name. Each person carries ``candidate_post`` (their post there) for the label."""
    from congvu.accounts.models import User

    roots = [m.unit.path for m in policies.memberships(principal)]
    if not roots:
        return []
    posts = (
        Membership.objects.current()
        .filter(tree.subtree_q(roots, "unit__"), user__status=User.Status.ACTIVE)
        .exclude(user_id=principal.pk)
        .select_related("user", "unit", "position")
        .order_by("-is_primary", "position__sort_order")
    )
    people: dict[int, Any] = {}
    for post in posts:
        if post.user_id not in people:
            person = post.user
            person.candidate_post = post
            people[post.user_id] = person
    return sorted(people.values(), key=tree.person_sort_key)


def is_delegate_candidate(principal: Any, delegate: Any) -> bool:
    roots = [m.unit.path for m in policies.memberships(principal)]
    if not roots:
        return False
    return Membership.objects.current().filter(tree.subtree_q(roots, "unit__"), user_id=delegate.pk).exists()


# --- lists ----------------------------------------------------------------------------------------


def _approvable_q(user: Any) -> Q:
    """Requests ``user`` may decide, as a head or on a head's behalf (mirrors ``superiors``):
    a non-head's request goes to the head of their primary unit, a head's to the head of the parent."""
    headed: set[int] = {u.pk for u in policies.headed_units(user)}
    for principal in tree.principals(user):
        headed.update(u.pk for u in policies.headed_units(principal))
    if not headed:
        return Q(pk__in=[])
    primary = Membership.objects.current().filter(user_id=OuterRef("principal_id"), is_primary=True)
    as_staff = primary.filter(unit_id__in=headed).exclude(position__level=Position.Level.HEAD)
    as_head = primary.filter(unit__parent_id__in=headed, position__level=Position.Level.HEAD)
    return (Q(Exists(as_staff)) | Q(Exists(as_head))) & Q(status=Delegation.Status.REQUESTED)


def can_approve_any(user: Any) -> bool:
    """Whether to show the "Chờ tôi duyệt" tab: the person heads a unit, or acts for someone who does."""
    if policies.headed_units(user):
        return True
    return any(policies.headed_units(p) for p in tree.principals(user))


def waiting_counts(user: Any) -> list[Any]:
    """ "Chờ tôi xử lý" on the home page: delegation requests waiting for this person's decision."""
    if not can_approve_any(user):
        return []
    count = delegations_for(user, ROLE_TO_APPROVE).count()
    url = f"{reverse('org:delegations')}?tab={ROLE_TO_APPROVE}"
    return [registry.Count(_("Đề nghị ủy quyền chờ duyệt"), count, url, "warn", waiting=True)]


def delegations_for(user: Any, role: str) -> QuerySet[Delegation]:
    base = Delegation.objects.select_related("principal", "delegate", "decided_by")
    if role == ROLE_RECEIVED:
        return base.filter(delegate_id=user.pk)
    if role == ROLE_TO_APPROVE:
        return base.filter(_approvable_q(user)).exclude(principal_id=user.pk).exclude(delegate_id=user.pk)
    return base.filter(principal_id=user.pk)


def delegation_page(user: Any, *, role: str, after: str | None, size: int | None = None) -> KeysetPage:
    return keyset_page(
        delegations_for(user, role), order=LIST_ORDER, after=after, size=size or settings.PAGE_SIZE
    )


def tab_counts(user: Any) -> dict[str, int]:
    """How many rows wait in each tab: requests still open, so the tab shows what needs a look."""
    requested = Delegation.Status.REQUESTED
    counts = {
        ROLE_GIVEN: Delegation.objects.filter(principal_id=user.pk, status=requested).count(),
        ROLE_RECEIVED: 0,
        ROLE_TO_APPROVE: 0,
    }
    if can_approve_any(user):
        counts[ROLE_TO_APPROVE] = delegations_for(user, ROLE_TO_APPROVE).count()
    return counts


# --- one delegation -------------------------------------------------------------------------------


ACTION_LABELS = {
    "request": _("Đề nghị ủy quyền"),
    "approve": _("Duyệt"),
    "auto_approve": _("Tự động duyệt"),
    "reject": _("Không duyệt"),
    "cancel": _("Hủy đề nghị"),
    "revoke": _("Chấm dứt ủy quyền"),
}


def delegation_timeline(delegation: Delegation) -> list[Any]:
    """The audit events of the delegation, oldest first, each with ``label``; ``actor_display``
    reads "B thay mặt A" for an act done under a delegation."""
    from congvu.core.models import AuditEvent

    events = list(
        AuditEvent.objects.filter(
            object_type=delegation._meta.label_lower, object_id=str(delegation.pk)
        ).order_by("id")
    )
    for event in events:
        verb = event.action.rsplit(".", 1)[-1]
        event.label = ACTION_LABELS.get(verb, verb)  # type: ignore[attr-defined]
    return events


def overlapping(principal: Any, starts_at, ends_at, *, exclude_pk: int | None = None) -> QuerySet[Delegation]:
    """The principal's requested or approved delegations whose window meets [starts_at, ends_at)."""
    qs = Delegation.objects.filter(
        principal_id=principal.pk,
        status__in=[Delegation.Status.REQUESTED, Delegation.Status.APPROVED],
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def expired_unnotified(now) -> QuerySet[Delegation]:
    """Approved delegations whose window has passed and whose people were not told yet."""
    return Delegation.objects.filter(
        status=Delegation.Status.APPROVED, ends_at__lte=now, expiry_notified_at__isnull=True
    ).select_related("principal", "delegate")


# --- how a delegation is told --------------------------------------------------------------------


def local_text(value: dt.datetime) -> str:
    """'08:00 28/11/2026' in the agency's time zone (Asia/Ho_Chi_Minh by default)."""
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def window_text(delegation: Delegation) -> str:
    """'từ 08:00 28/11/2026 đến 17:00 30/11/2026', in the active language."""
    return gettext("từ %(start)s đến %(end)s") % {
        "start": local_text(delegation.starts_at),
        "end": local_text(delegation.ends_at),
    }


def detail_url(delegation: Delegation) -> str:
    return reverse("org:delegation_detail", args=[delegation.pk])
