"""The life of a work item (TASK-3, TASK-4; seed 000 Điều 7). Described in docs/workflows/assignments.md.

    start        assigned, returned                   → in_progress  lead (also on the first progress report)
    submit       assigned, in_progress, returned       → submitted    lead; every subtask finished first
    approve      submitted                             → done         approver, with a rating; never one's own work
    return       submitted                             → returned     approver, reason required
    reassign     assigned, in_progress, returned       (unchanged)    assigner, reason required
    extend       assigned, in_progress, returned, submitted (unchanged) approver, granting an extension request
    cancel       assigned, in_progress, returned, submitted → cancelled assigner, reason required

Extension requests: ``grant`` / ``refuse`` by the approver while the item is open (refuse with a reason).

Actions that change data but not the state (``ITEM_ACTIONS``) are checked the same way — state
first, then the named guard — so screens, API and services give the same answer and reason:
``progress``, ``request_extension``, ``update``, ``attach``, ``checklist``, ``subtask``.
"""

from __future__ import annotations

from typing import Any

from congvu.assignments import policies
from congvu.assignments.models import Assignment, Extension
from congvu.core.decisions import Decision
from congvu.core.workflow import Transition, Workflow

S = Assignment.Status
WRONG_STATE = "Thao tác này không áp dụng được ở trạng thái hiện tại."


def states(*names: str) -> frozenset[str]:
    return frozenset(names)


WORKING = states(S.ASSIGNED, S.IN_PROGRESS, S.RETURNED)
OPEN = states(S.ASSIGNED, S.IN_PROGRESS, S.RETURNED, S.SUBMITTED)


def _lead_with_subtasks_finished(user: Any, item: Assignment) -> Decision:
    decision = policies.is_lead(user, item)
    if not decision:
        return decision
    open_children = item.children.filter(status__in=Assignment.OPEN_STATES).count()
    if open_children:
        return Decision.deny(
            f"Còn {open_children} việc con chưa hoàn thành: hãy duyệt hoặc hủy trước khi gửi kết quả."
        )
    return decision


ASSIGNMENT_WORKFLOW = Workflow(
    model=Assignment,
    transitions=(
        Transition(
            "start",
            states(S.ASSIGNED, S.RETURNED),
            S.IN_PROGRESS,
            policies.is_lead,
            label="Bắt đầu thực hiện",
        ),
        Transition(
            "submit",
            WORKING,
            S.SUBMITTED,
            _lead_with_subtasks_finished,
            label="Gửi kết quả",
            stamps=("submitted_at",),
        ),
        Transition(
            "approve",
            states(S.SUBMITTED),
            S.DONE,
            policies.is_approver,
            label="Duyệt hoàn thành",
            stamps=("completed_at",),
        ),
        Transition(
            "return",
            states(S.SUBMITTED),
            S.RETURNED,
            policies.is_approver,
            needs_reason=True,
            label="Trả lại",
        ),
        Transition("reassign", WORKING, None, policies.is_assigner, needs_reason=True, label="Giao lại"),
        Transition("extend", OPEN, None, policies.is_approver, label="Gia hạn"),
        Transition(
            "cancel",
            OPEN,
            S.CANCELLED,
            policies.is_assigner,
            needs_reason=True,
            label="Hủy công việc",
            stamps=("cancelled_at",),
        ),
    ),
)

# Not transitions: they never change the state, and the engine must not apply them.
ITEM_ACTIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("progress", WORKING, None, policies.can_report_progress, label="Báo cáo tiến độ"),
        Transition("request_extension", WORKING, None, policies.is_lead, label="Đề nghị gia hạn"),
        Transition("update", OPEN, None, policies.is_assigner, label="Sửa thông tin"),
        Transition("attach", OPEN, None, policies.can_attach, label="Đính kèm tệp"),
        Transition("checklist", WORKING, None, policies.is_lead, label="Đánh dấu đầu việc"),
        Transition("subtask", WORKING, None, policies.can_pass_down, label="Giao việc con"),
    )
}


def get_action(name: str) -> Transition:
    """A transition of the workflow or one of the item actions (raises Refused for neither)."""
    return ITEM_ACTIONS.get(name) or ASSIGNMENT_WORKFLOW.get(name)


def in_state(name: str, item: Assignment) -> bool:
    return item.status in get_action(name).sources


def check_action(name: str, item: Assignment, user: Any) -> Decision:
    """May ``user`` do ``name`` to ``item`` now? State first, then the guard, with the reason."""
    action = get_action(name)
    if item.status not in action.sources:
        return Decision.deny(WRONG_STATE)
    return action.guard(user, item)


def allowed_actions(item: Assignment, user: Any) -> list[str]:
    """What the screens and the API offer this person on this item."""
    names = [*ASSIGNMENT_WORKFLOW.transitions, *ITEM_ACTIONS]
    return [name for name in names if name != "extend" and check_action(name, item, user)]


def _extension_approver(user: Any, extension: Extension) -> Decision:
    item = extension.assignment
    if item.status not in ASSIGNMENT_WORKFLOW.get("extend").sources:
        return Decision.deny("Công việc đã kết thúc, không gia hạn được.")
    return policies.is_approver(user, item)


E = Extension.Status
EXTENSION_WORKFLOW = Workflow(
    model=Extension,
    transitions=(
        Transition(
            "grant",
            states(E.PENDING),
            E.GRANTED,
            _extension_approver,
            label="Đồng ý gia hạn",
            stamps=("decided_at",),
        ),
        Transition(
            "refuse",
            states(E.PENDING),
            E.REFUSED,
            _extension_approver,
            needs_reason=True,
            label="Không đồng ý",
            stamps=("decided_at",),
        ),
    ),
)
