"""Reads for the account-request screens and API (ORG-3): the queue, one request, its timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, DateField, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from congvu.accounts.models import AccountRequest, AccountRequestLine, User
from congvu.accounts.requests.policies import is_administrator_for_any, visible_account_requests
from congvu.core import calendar, registry
from congvu.core.models import AuditEvent
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Membership, RoleGrant, Unit

S = AccountRequest.Status
FAR_FUTURE = dt.date(9999, 12, 31)
# Open requests first, by due date (so overdue ones lead), then the rest, newest first.
QUEUE_ORDER = ("queue_rank", "queue_due", "-id")


@dataclass(frozen=True)
class Badge:
    label: str
    css: str  # one of the design system's status-* classes


def deadline_badge(account_request: AccountRequest, today: dt.date | None = None) -> Badge | None:
    """'Còn N ngày làm việc' / 'Hạn hôm nay' / 'Quá hạn' for an open request; on time or late once done."""
    due = account_request.due_on
    if due is None:
        return None
    today = today or timezone.localdate()
    if account_request.status == S.SUBMITTED:
        if today > due:
            late = calendar.count_working_days(due + dt.timedelta(days=1), today)
            if late:
                return Badge(
                    ngettext("Quá hạn %(n)s ngày làm việc", "Quá hạn %(n)s ngày làm việc", late)
                    % {"n": late},
                    "status-bad",
                )
            return Badge(gettext("Quá hạn"), "status-bad")
        left = calendar.count_working_days(today + dt.timedelta(days=1), due)
        if left == 0:
            return Badge(gettext("Hạn hôm nay"), "status-warn")
        return Badge(
            ngettext("Còn %(n)s ngày làm việc", "Còn %(n)s ngày làm việc", left) % {"n": left},
            "status-warn" if left == 1 else "status-info",
        )
    if account_request.status == S.DONE and account_request.processed_at:
        if timezone.localdate(account_request.processed_at) <= due:
            return Badge(gettext("Xử lý đúng hạn"), "status-ok")
        return Badge(gettext("Xử lý trễ hạn"), "status-bad")
    return None


STATUS_CSS = {
    S.DRAFT: "status-muted",
    S.SUBMITTED: "status-info",
    S.DONE: "status-ok",
    S.REJECTED: "status-warn",
    S.WITHDRAWN: "status-muted",
}


def waiting_counts(user: Any) -> list[Any]:
    """ "Chờ tôi xử lý" on the home page: submitted account requests an administrator processes."""
    if not is_administrator_for_any(user):
        return []
    count = visible_account_requests(user).filter(status=S.SUBMITTED).count()
    url = f"{reverse('accounts:request_list')}?status={S.SUBMITTED}"
    return [registry.Count(_("Đề nghị cấp tài khoản chờ xử lý"), count, url, "warn", waiting=True)]


def request_queue(
    user: Any, *, status: str = "", unit: Unit | None = None, overdue_only: bool = False
) -> QuerySet[AccountRequest]:
    today = timezone.localdate()
    qs = (
        visible_account_requests(user)
        .select_related("unit", "filed_by")
        .annotate(
            line_count=Count("lines"),
            queue_rank=Case(
                When(status=S.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            queue_due=Case(
                When(status=S.SUBMITTED, due_on__isnull=False, then="due_on"),
                default=Value(FAR_FUTURE),
                output_field=DateField(),
            ),
        )
    )
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if overdue_only:
        qs = qs.filter(status=S.SUBMITTED, due_on__lt=today)
    return qs


def request_queue_page(
    user: Any,
    *,
    status: str = "",
    unit: Unit | None = None,
    overdue_only: bool = False,
    after: str | None = None,
    size: int | None = None,
) -> KeysetPage:
    """One page of the list: for a head their units' requests, for an administrator the queue."""
    page = keyset_page(
        request_queue(user, status=status, unit=unit, overdue_only=overdue_only),
        order=QUEUE_ORDER,
        after=after,
        size=size or settings.PAGE_SIZE,
    )
    today = timezone.localdate()
    for item in page.items:
        item.deadline = deadline_badge(item, today)
        item.status_css = STATUS_CSS.get(item.status, "status-muted")
    return page


def request_lines(account_request: AccountRequest) -> list[AccountRequestLine]:
    return list(
        account_request.lines.select_related("unit", "position", "target_user", "result_user").order_by("id")
    )


def filter_units(user: Any) -> QuerySet[Unit]:
    """Units offered in the list's filter: those whose requests this person can see."""
    paths = org.managed_unit_paths(user)
    return Unit.objects.filter(tree.subtree_q(paths)).order_by("path")


# --- the people involved ----------------------------------------------------------------------------


def administrators_of(unit: Unit) -> QuerySet[User]:
    """Who is told of a new request: administrators granted on the unit or an ancestor, and the
    system administrators; active accounts only."""
    return (
        User.objects.filter(status=User.Status.ACTIVE)
        .filter(
            Q(is_superuser=True)
            | Q(is_staff=True)
            | Q(role_grants__role=RoleGrant.Role.ADMINISTRATOR, role_grants__unit_id__in=unit.ancestor_ids)
        )
        .distinct()
    )


def head_of(unit: Unit) -> User | None:
    """The unit's head today (Thủ trưởng đơn vị on the printed form)."""
    return tree.head_of(unit)


def accounts_in_units(units: Iterable[Unit]) -> QuerySet[User]:
    """Accounts whose current post lies in one of the subtrees: the choices of a change line."""
    paths = [u.path for u in units]
    if not paths:
        return User.objects.none()
    memberships = Membership.objects.current().filter(tree.subtree_q(paths, prefix="unit__"))
    return (
        User.objects.filter(memberships__in=memberships)
        .exclude(status=User.Status.RETIRED)
        .distinct()
        .order_by("full_name", "username")
    )


def units_in_subtrees(units: Iterable[Unit]) -> QuerySet[Unit]:
    paths = [u.path for u in units]
    if not paths:
        return Unit.objects.none()
    return Unit.objects.filter(tree.subtree_q(paths), is_active=True).order_by("path")


def primary_post(user: User) -> Membership | None:
    """The account's primary post today (fresh: not the per-request cache)."""
    memberships = list(Membership.objects.current().filter(user=user).select_related("unit", "position"))
    return next((m for m in memberships if m.is_primary), memberships[0] if memberships else None)


def active_email_holders(emails: Iterable[str]) -> dict[str, User]:
    """Active accounts holding these e-mail addresses (case-insensitive), keyed by the lower-cased address."""
    wanted = {e.strip().lower() for e in emails if e and e.strip()}
    if not wanted:
        return {}
    query = Q(pk__in=[])
    for email in wanted:
        query |= Q(email__iexact=email)
    holders: dict[str, User] = {}
    for user in User.objects.filter(query, status=User.Status.ACTIVE).order_by("id"):
        holders.setdefault(user.email.lower(), user)
    return holders


def line_warnings(lines: list[AccountRequestLine], kind: str) -> dict[int, list[str]]:
    """Warnings that do not stop the request but the administrator should read (ORG-3):
    a new account asked for an address that an active account already uses."""
    if kind != AccountRequest.Kind.CREATE:
        return {}
    holders = active_email_holders(line.email for line in lines)
    warnings: dict[int, list[str]] = {}
    for line in lines:
        holder = holders.get((line.email or "").lower())
        if holder is not None and holder.pk != line.result_user_id:
            warnings.setdefault(line.pk, []).append(
                f"Email {line.email} đã thuộc tài khoản đang hoạt động {holder.username} ({holder.full_name})."
            )
    return warnings


# --- the timeline ---------------------------------------------------------------------------------

ACTION_LABELS = {
    "created": _("Lập đề nghị"),
    "updated": _("Sửa danh sách"),
    "submit": _("Gửi đề nghị"),
    "withdraw": _("Rút đề nghị"),
    "process": _("Đã xử lý xong"),
    "reject": _("Trả lại"),
}


@dataclass(frozen=True)
class TimelineEntry:
    label: str
    actor: str  # "B thay mặt A" under a delegation (ORG-8)
    actor_name: str
    occurred_at: dt.datetime
    note: str


def request_timeline(account_request: AccountRequest) -> list[TimelineEntry]:
    """The request's history, read from the audit log (its own events, oldest first)."""
    events = AuditEvent.objects.filter(
        object_type=AccountRequest._meta.label_lower, object_id=str(account_request.pk)
    ).order_by("id")
    return [
        TimelineEntry(
            label=str(ACTION_LABELS.get(event.action.rsplit(".", 1)[-1], event.action)),
            actor=str(event.actor_display),
            actor_name=event.actor_name,
            occurred_at=event.occurred_at,
            note=event.note,
        )
        for event in events
    ]
