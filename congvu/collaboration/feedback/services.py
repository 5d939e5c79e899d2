"""Writing feedback (ADM-5): report, triage, assign, reply — each audited, the other side notified.

A report of a lost account (seed 000 Đ9.4: "mất quyền kiểm soát tài khoản phải báo ngay") made by
the person signed in ends at once every other session of the account and revokes all its API tokens
(through the accounts services), and alerts the administrators at once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from congvu.accounts.signin import services as signin
from congvu.collaboration.feedback import policies
from congvu.collaboration.feedback.models import FeedbackReply, FeedbackReport
from congvu.collaboration.feedback.selectors import system_administrators
from congvu.collaboration.feedback.workflow import FEEDBACK_WORKFLOW
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.files import store_upload, uploads_inspected_first
from congvu.core.typed import site_path
from congvu.core.workflow import clean_reason
from congvu.notifications.services import notify, subject_of

MAX_DESCRIPTION = 4000
MAX_REPLY = 4000
MAX_PAGE_PATH = 500
KIND_NOTE = "feedback"
TEXT = "%(text)s"  # what a person typed travels as a value, never as the message itself


def clean_page_path(raw: str | None) -> str:
    """The page a report was made from, as a path of this site (``core.typed.site_path``)."""
    return site_path(raw, field="page_path", what="địa chỉ trang", limit=MAX_PAGE_PATH)


def _report_url(report: FeedbackReport) -> str:
    return reverse("collaboration:feedback_detail", args=[report.pk])


@uploads_inspected_first
@transaction.atomic
def report_create(
    *,
    actor: Any,
    kind: str,
    description: str,
    page_path: str = "",
    upload: Any = None,
    keep_session_key: str | None = None,
) -> FeedbackReport:
    """File a report. ``keep_session_key`` is the session the report comes from: a lost-account
    report ends every other session of the account (and all its API tokens), not this one, so the
    person can change the password at once."""
    policies.can_report(actor).require()
    if kind not in FeedbackReport.Kind.values:
        raise Refused.invalid("Loại góp ý không hợp lệ.", field="kind")
    description = clean_reason(description or "", field="description", what="mô tả")
    if not description:
        raise Refused.invalid("Vui lòng mô tả điều bạn gặp.", field="description")
    if len(description) > MAX_DESCRIPTION:
        raise Refused.invalid(f"Mô tả tối đa {MAX_DESCRIPTION} ký tự.", field="description")
    page_path = clean_page_path(page_path)
    stored = store_upload(uploaded_file=upload, actor=actor) if upload is not None else None
    report = FeedbackReport.objects.create(
        reporter=actor, kind=kind, description=description, page_path=page_path, attachment=stored
    )
    lost = kind == FeedbackReport.Kind.LOST_ACCOUNT
    if lost:
        report.sessions_ended = signin.end_other_sessions(
            user=actor, keep_session_key=keep_session_key, actor=actor
        )
        report.tokens_revoked = signin.revoke_all(user=actor, actor=actor, reason="lost_account")
        report.save(update_fields=["sessions_ended", "tokens_revoked"])
    audit.record(
        actor=actor,
        action="collaboration.feedbackreport.created",
        obj=report,
        after={
            "kind": kind,
            "page_path": page_path,
            "attachment": stored,
            **(
                {"sessions_ended": report.sessions_ended, "tokens_revoked": report.tokens_revoked}
                if lost
                else {}
            ),
        },
    )
    admins = [u for u in system_administrators() if u.pk != actor.pk]
    if lost:
        title = gettext_noop("Khẩn: %(name)s báo mất quyền kiểm soát tài khoản")
    else:
        title = gettext_noop("Góp ý, báo lỗi mới của %(name)s")
    if lost:  # the holder is told too, by mail as well: should someone else have sent it, they learn of it
        notify(
            recipients=[actor],
            title=gettext_noop("Tài khoản của bạn được báo mất quyền kiểm soát"),
            body=gettext_noop(
                "Các phiên đăng nhập khác đã kết thúc và các mã truy cập API đã bị thu hồi. Hãy đổi mật khẩu ngay."
            ),
            url=_report_url(report),
            kind=KIND_NOTE,
        )
    notify(
        recipients=admins,
        title=title,
        body=TEXT,
        params={"name": actor.full_name, "text": description[:300]},
        url=_report_url(report),
        kind=KIND_NOTE,
        subject=subject_of(report),
    )
    return report


def report_transition(*, report: FeedbackReport, name: str, actor: Any, reason: str = "") -> FeedbackReport:
    """Start, resolve, reject or reopen a report (the workflow's table); the reporter is told."""
    changes = {"closed_at": None} if name == "reopen" else None
    with transaction.atomic():
        fresh = FEEDBACK_WORKFLOW.apply(name, report, actor=actor, reason=reason, changes=changes)
        if name in ("resolve", "reject", "reopen") and fresh.reporter_id != getattr(actor, "pk", None):
            titles = {
                "resolve": gettext_noop("Góp ý #%(number)s của bạn đã được xử lý"),
                "reject": gettext_noop("Góp ý #%(number)s của bạn không được xử lý"),
                "reopen": gettext_noop("Góp ý #%(number)s của bạn được mở lại"),
            }
            notify(
                recipients=[fresh.reporter],
                title=titles[name],
                body=TEXT if reason else "",
                params={"number": fresh.pk, "text": clean_reason(reason)[:300]},
                url=_report_url(fresh),
                kind=KIND_NOTE,
            )
    return fresh


def report_assign(*, report: FeedbackReport, assignee: Any, actor: Any) -> FeedbackReport:
    if assignee is None or not policies.is_triager(assignee) or not assignee.is_active:
        raise Refused.invalid("Chỉ giao được cho một quản trị hệ thống.", field="assignee")
    with transaction.atomic():
        locked, decision = FEEDBACK_WORKFLOW.locked("assign", report, actor=actor)
        before = locked.assignee
        if before is not None and before.pk == assignee.pk:
            return locked
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated_at"])
        audit.record(
            actor=actor,
            on_behalf_of=decision.on_behalf_of,
            action="collaboration.feedbackreport.assign",
            obj=locked,
            before={"assignee": before},
            after={"assignee": assignee},
        )
        if assignee.pk != actor.pk:
            notify(
                recipients=[assignee],
                title=gettext_noop("Bạn được giao xử lý góp ý #%(number)s"),
                params={"number": locked.pk},
                url=_report_url(locked),
                kind=KIND_NOTE,
            )
    return locked


def reply_create(*, report: FeedbackReport, body: str, actor: Any) -> FeedbackReply:
    """A reply on an open report: to the reporter from an administrator (who is notified), or
    from the reporter (the assignee, else every administrator, is notified)."""
    body = clean_reason(body or "", field="body", what="nội dung trả lời")
    if not body:
        raise Refused.invalid("Vui lòng nhập nội dung trả lời.", field="body")
    if len(body) > MAX_REPLY:
        raise Refused.invalid(f"Trả lời tối đa {MAX_REPLY} ký tự.", field="body")
    with transaction.atomic():
        locked, decision = FEEDBACK_WORKFLOW.locked("reply", report, actor=actor)
        reply = FeedbackReply.objects.create(report=locked, author=actor, body=body)
        locked.save(update_fields=["updated_at"])
        audit.record(
            actor=actor,
            on_behalf_of=decision.on_behalf_of,
            action="collaboration.feedbackreport.reply",
            obj=locked,
            after={"reply": reply.pk},
            note=body[:500],
        )
        if locked.reporter_id != actor.pk:
            recipients: list[Any] = [locked.reporter]
        elif locked.assignee_id is not None:
            recipients = [locked.assignee]
        else:
            recipients = list(system_administrators())
        notify(
            recipients=[r for r in recipients if r.pk != actor.pk],
            title=gettext_noop("Trả lời mới về góp ý #%(number)s"),
            body=TEXT,
            params={"number": locked.pk, "text": body[:300]},
            url=_report_url(locked),
            kind=KIND_NOTE,
        )
    return reply
