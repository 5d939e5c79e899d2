"""The life of a consultation (COL-5; seed 002 Điều 7.5). Described in docs/workflows/consultations.md.

(appoint)   —                → appointed   a leader of the agency names the drafter (service
                                            ``consultation_appoint``; audited "appointed")
post        appointed        → open        the appointed drafter: draft, files, deadline, audience
extend      open             → open        the drafter moves the deadline later (recipients told)
close       open             → closed      the drafter, the appointing leader or an agency leader,
                                            before the deadline
expire      open             → closed      the clock: the deadline has passed (internal, by a job)
cancel      appointed, open  → cancelled   the same people as ``close``, with a reason

actions: ``answer`` (a recipient, while open and before the deadline), ``report`` (the drafter,
the appointing leader and the agency's leaders read who answered and who did not), ``keep`` (an
administrator extends how long it is kept, in any state).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from congvu.collaboration.consultations import policies as may
from congvu.collaboration.consultations.models import Consultation, ConsultationRecipient
from congvu.core.workflow import Action, Transition, Workflow

S = Consultation.Status
ANY = frozenset(S.values)

CONSULTATION_WORKFLOW = Workflow(
    model=Consultation,
    doc="consultations.md",
    transitions=(
        Transition("post", frozenset({S.APPOINTED}), S.OPEN, may.is_drafter, label="Đăng lấy ý kiến",
                   stamps=("posted_at",), wrong_state="Dự thảo này đã được đăng hoặc đã hủy."),
        Transition("extend", frozenset({S.OPEN}), None, may.is_drafter, label="Gia hạn góp ý",
                   wrong_state="Chỉ gia hạn được khi đang lấy ý kiến."),
        Transition("close", frozenset({S.OPEN}), S.CLOSED, may.can_manage, label="Kết thúc lấy ý kiến",
                   stamps=("closed_at",), wrong_state="Đợt lấy ý kiến không còn mở."),
        Transition("expire", frozenset({S.OPEN}), S.CLOSED, may.the_clock, label="Hết hạn góp ý",
                   stamps=("closed_at",), internal=True),
        Transition("cancel", frozenset({S.APPOINTED, S.OPEN}), S.CANCELLED, may.can_manage, needs_reason=True,
                   label="Hủy lấy ý kiến", stamps=("closed_at",),
                   wrong_state="Đợt lấy ý kiến đã kết thúc hoặc đã hủy."),
    ),
    actions=(
        Action("answer", frozenset({S.OPEN}), may.is_recipient, label="Góp ý",
               wrong_state="Đợt lấy ý kiến đã kết thúc: không gửi hoặc sửa ý kiến được nữa."),
        Action("report", frozenset({S.OPEN, S.CLOSED, S.CANCELLED}), may.can_read_report,
               label="Tổng hợp ý kiến", wrong_state="Dự thảo chưa được đăng lấy ý kiến."),
        Action("keep", ANY, may.can_keep, label="Gia hạn lưu trữ"),
    ),
)  # fmt: skip


def access_for(user: Any, pk: int, action: str) -> Consultation:
    """The consultation the person sees (404 otherwise), when they may do ``action`` to it now
    (403 not allowed, 409 wrong state)."""
    consultation = may.access_consultation(user, pk)
    CONSULTATION_WORKFLOW.require(action, consultation, user)
    return consultation


def record_answer(recipient: ConsultationRecipient, *, answer: str, text: str, attachment: Any) -> None:
    """A recipient's answer as it now stands (given or changed)."""
    recipient.answer = answer
    recipient.text = text
    recipient.attachment = attachment
    recipient.answered_at = timezone.now()
    recipient.save(update_fields=["answer", "text", "attachment", "answered_at"])


def mark_reminded(recipient_ids: list[int]) -> None:
    ConsultationRecipient.objects.filter(pk__in=recipient_ids).update(reminded_at=timezone.now())
