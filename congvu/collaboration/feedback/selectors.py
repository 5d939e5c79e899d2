"""Reading feedback: the administrators' list and the reporter's own (keyset-paginated), one report
with its replies, the administrators to alert, and the count waiting on them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from congvu.collaboration.feedback.models import FeedbackReply, FeedbackReport
from congvu.collaboration.feedback.policies import is_triager, visible_reports
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.org.models import RoleGrant

ORDER = ("-created_at", "-id")


def report_list(
    user: Any, *, mine: bool, status: str = "", kind: str = "", after: str | None, size: int
) -> KeysetPage:
    qs: QuerySet[FeedbackReport] = visible_reports(user).select_related("reporter", "assignee")
    if mine:
        qs = qs.filter(reporter_id=user.pk)
    if status in FeedbackReport.Status.values:
        qs = qs.filter(status=status)
    if kind in FeedbackReport.Kind.values:
        qs = qs.filter(kind=kind)
    return keyset_page(qs, order=ORDER, after=after, size=size)


def replies_of(report: FeedbackReport) -> list[FeedbackReply]:
    return list(report.replies.select_related("author").order_by("created_at", "id")[:500])


def system_administrators() -> QuerySet[Any]:
    """Active accounts that triage feedback: system administrators and administrators of a top unit."""
    User = get_user_model()
    top_admins = RoleGrant.objects.filter(
        role=RoleGrant.Role.ADMINISTRATOR, unit__parent__isnull=True
    ).values("user_id")
    return (
        User.objects.filter(status=User.Status.ACTIVE)
        .filter(Q(is_superuser=True) | Q(is_staff=True) | Q(pk__in=top_admins))
        .order_by("full_name", "id")
    )


def waiting_count(user: Any) -> int:
    """New reports waiting on an administrator (0, and no query, for anyone else)."""
    if not is_triager(user):
        return 0
    return FeedbackReport.objects.filter(status=FeedbackReport.Status.NEW).count()
