"""The life of a work item (TASK-3, TASK-4; seed 000 Điều 7). Described in docs/workflows/assignments.md.

Transitions (the state changes):

    start        assigned, returned                   → in_progress  lead (also on the first progress report)
    submit       assigned, in_progress, returned       → submitted    lead; every subtask finished first
    approve      submitted                             → done         approver, with a rating; never one's own work
    return       submitted                             → returned     approver, reason required
    reassign     assigned, in_progress, returned       (unchanged)    assigner, reason required
    extend       assigned, in_progress, returned, submitted (unchanged) approver, granting an extension request
    cancel       assigned, in_progress, returned, submitted → cancelled assigner, reason required

Actions (the state stays; asked and refused the same way — state first, then the guard):
``progress``, ``request_extension``, ``update``, ``attach``, ``checklist``, ``subtask``.

Extension requests: ``grant`` / ``refuse`` by the approver while the item is open (refuse with a reason).
The guards are the named checks of ``congvu.assignments.policies``.
"""

from __future__ import annotations

from congvu.assignments import policies as may
from congvu.assignments.models import Assignment, Extension
from congvu.core.workflow import Action, Transition, Workflow

S = Assignment.Status


def states(*names: str) -> frozenset[str]:
    return frozenset(names)


WORKING = states(S.ASSIGNED, S.IN_PROGRESS, S.RETURNED)
OPEN = states(S.ASSIGNED, S.IN_PROGRESS, S.RETURNED, S.SUBMITTED)

ASSIGNMENT_WORKFLOW = Workflow(
    model=Assignment,
    doc="assignments.md",
    transitions=(
        # applied by the lead's first progress report (no button of its own)
        Transition(
            "start", states(S.ASSIGNED, S.RETURNED), S.IN_PROGRESS, may.is_lead, label="Bắt đầu thực hiện",
            internal=True,
        ),
        Transition(
            "submit", WORKING, S.SUBMITTED, may.can_submit, label="Gửi kết quả", stamps=("submitted_at",)
        ),
        Transition(
            "approve", states(S.SUBMITTED), S.DONE, may.is_approver, label="Duyệt hoàn thành",
            stamps=("completed_at",),
        ),
        Transition(
            "return", states(S.SUBMITTED), S.RETURNED, may.is_approver, needs_reason=True, label="Trả lại"
        ),
        Transition("reassign", WORKING, None, may.can_reassign, needs_reason=True, label="Giao lại"),
        Transition("extend", OPEN, None, may.is_approver, label="Gia hạn", internal=True),
        Transition(
            "cancel", OPEN, S.CANCELLED, may.is_assigner, needs_reason=True, label="Hủy công việc",
            stamps=("cancelled_at",),
        ),
    ),
    actions=(
        Action("progress", WORKING, may.can_report_progress, label="Báo cáo tiến độ"),
        Action("request_extension", WORKING, may.is_lead, label="Đề nghị gia hạn"),
        Action("update", OPEN, may.is_assigner, label="Sửa thông tin"),
        Action("attach", OPEN, may.can_attach, label="Đính kèm tệp"),
        Action("checklist", WORKING, may.is_lead, label="Đánh dấu đầu việc"),
        Action("subtask", WORKING, may.can_pass_down, label="Giao việc con"),
    ),
)  # fmt: skip

E = Extension.Status
EXTENSION_WORKFLOW = Workflow(
    model=Extension,
    doc="assignments.md",
    transitions=(
        Transition(
            "grant", states(E.PENDING), E.GRANTED, may.can_decide_extension, label="Đồng ý gia hạn",
            stamps=("decided_at",),
        ),
        Transition(
            "refuse", states(E.PENDING), E.REFUSED, may.can_decide_extension, needs_reason=True,
            label="Không đồng ý", stamps=("decided_at",),
        ),
    ),
)  # fmt: skip
