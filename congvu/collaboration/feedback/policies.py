"""Who may see and triage feedback (ADM-5; seed 000 Đ9.3, Đ9.4, Đ9.5).

- Every signed-in person reports, and sees their own reports and the replies to them.
- The software's administrators ("bộ phận quản trị phần mềm", seed 000 Đ9.4–9.5) see every report
  and triage it: a system-wide administrator (``notices.policies.is_system_wide_administrator``).
  An administrator of one department does not: reports speak of the whole system, and of people.
- The reporter and the administrators write replies while the report is open.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from congvu.collaboration.feedback.models import FeedbackReport
from congvu.collaboration.notices.policies import is_system_wide_administrator
from congvu.core.decisions import Decision, Refused

NOT_TRIAGER = "Chỉ quản trị hệ thống mới xử lý góp ý, báo lỗi."


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def is_triager(user: Any) -> bool:
    return is_system_wide_administrator(user)


def visible_reports(user: Any) -> QuerySet[FeedbackReport]:
    if not _signed_in(user):
        return FeedbackReport.objects.none()
    if is_triager(user):
        return FeedbackReport.objects.all()
    return FeedbackReport.objects.filter(reporter_id=user.pk)


def can_report(user: Any) -> Decision:
    if not _signed_in(user):
        return Decision.deny("Vui lòng đăng nhập.")
    return Decision.allow()


def can_triage(user: Any, report: Any = None) -> Decision:
    """The workflow's guard for triage steps (start, resolve, reject, reopen, assign)."""
    if is_triager(user):
        return Decision.allow()
    return Decision.deny(NOT_TRIAGER)


def can_reply(user: Any, report: FeedbackReport) -> Decision:
    """The workflow's guard for a reply: the reporter or an administrator."""
    if _signed_in(user) and (report.reporter_id == user.pk or is_triager(user)):
        return Decision.allow()
    return Decision.deny("Chỉ người báo và quản trị hệ thống mới trả lời được.")


def access_report(user: Any, pk: Any) -> FeedbackReport:
    """The report, or 404 alike when it is missing or not the caller's to see. What the person may
    do with it is the workflow's answer (``FEEDBACK_WORKFLOW.check``)."""
    found = (
        visible_reports(user).select_related("reporter", "assignee", "attachment").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Refused.not_found("Không tìm thấy góp ý, báo lỗi.")
    return found
