"""Feedback triage (ADM-5; seed 000 Đ9.3–9.5). See docs/workflows/feedback.md.

    start    new → in_progress                 an administrator takes it up
    resolve  new, in_progress → resolved       an administrator; the note goes to the reporter
    reject   new, in_progress → rejected       an administrator, with the reason told to the reporter
    reopen   resolved, rejected → in_progress  an administrator (the fault came back)

Actions that keep the state: ``assign`` (to an administrator; new or in progress, an
administrator) and ``reply`` (new or in progress; the reporter or an administrator).
"""

from __future__ import annotations

from congvu.collaboration.feedback import policies as may
from congvu.collaboration.feedback.models import FeedbackReport
from congvu.core.workflow import Action, Transition, Workflow

S = FeedbackReport.Status
OPEN = frozenset({S.NEW, S.IN_PROGRESS})
CLOSED = frozenset({S.RESOLVED, S.REJECTED})

FEEDBACK_WORKFLOW = Workflow(
    model=FeedbackReport,
    name="collaboration.feedbackreport",
    doc="feedback.md",
    transitions=(
        Transition("start", {S.NEW}, S.IN_PROGRESS, may.can_triage, label="Nhận xử lý"),
        Transition("resolve", OPEN, S.RESOLVED, may.can_triage, label="Đã xử lý", stamps=("closed_at",)),
        Transition(
            "reject",
            OPEN,
            S.REJECTED,
            may.can_triage,
            needs_reason=True,
            label="Không xử lý",
            stamps=("closed_at",),
        ),
        Transition("reopen", CLOSED, S.IN_PROGRESS, may.can_triage, label="Mở lại"),
    ),
    actions=(
        Action("assign", OPEN, may.can_triage, label="Giao người xử lý", wrong_state="Góp ý đã đóng."),
        Action(
            "reply",
            OPEN,
            may.can_reply,
            label="Trả lời",
            wrong_state="Góp ý đã đóng; không trả lời thêm được.",
        ),
    ),
)
