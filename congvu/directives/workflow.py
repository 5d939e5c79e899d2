"""The life of a directive task (seed 001 Đ5.2, Đ8.2, Đ8.3, Đ9.1). Described in docs/workflows/directives.md.

Transitions (the state changes):

    report     new, in_progress, rejected            → reported     the lead agency (leader or handler)
    accept     reported                              → in_progress  the office: a progress report approved
    approve    reported                              → done         the office: a "done" report approved
    reject     reported                              → rejected     the office, with a reason
    return     new, in_progress, rejected            → returned     a leader of the lead agency, with a reason
    reassign   new, in_progress, rejected, returned  → new          the office, with a reason (another lead agency)
    cancel     every open state                      → cancelled    the office, with a reason

A task that was never reported is "chưa cập nhật" (new) and counts as not done (DIR-5). A standing
task (with a recurrence) is never reported on itself: its periodic items are.

Actions (the state stays): ``appoint`` (the lead agency's leader names the person who reports),
``update`` (the office corrects content, deadline, co-operating agencies or the monitor),
``distribute`` (a leader of the lead agency gives work inside the agency from the task, linked to it).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from congvu.core.workflow import Action, Transition, Workflow
from congvu.directives import policies as may
from congvu.directives.models import Directive, DirectiveTask, TaskReport

S = DirectiveTask.Status


def states(*names: str) -> frozenset[str]:
    return frozenset(names)


REPORTABLE = states(S.NEW, S.IN_PROGRESS, S.REJECTED)
OPEN = states(S.NEW, S.REPORTED, S.IN_PROGRESS, S.REJECTED, S.RETURNED)

TASK_WORKFLOW = Workflow(
    model=DirectiveTask,
    doc="directives.md",
    transitions=(
        Transition("report", REPORTABLE, S.REPORTED, may.can_report, label="Báo cáo kết quả",
                   wrong_state="Nhiệm vụ đang chờ Văn phòng duyệt báo cáo, đã hoàn thành hoặc đã trả lại."),
        Transition("accept", states(S.REPORTED), S.IN_PROGRESS, may.is_office, label="Duyệt báo cáo tiến độ",
                   internal=True),
        Transition("approve", states(S.REPORTED), S.DONE, may.is_office, label="Duyệt hoàn thành",
                   stamps=("approved_at",), internal=True),
        Transition("reject", states(S.REPORTED), S.REJECTED, may.is_office, needs_reason=True,
                   label="Từ chối báo cáo", internal=True),
        Transition("return", REPORTABLE, S.RETURNED, may.can_return, needs_reason=True,
                   label="Trả lại Văn phòng"),
        Transition("reassign", states(S.NEW, S.IN_PROGRESS, S.REJECTED, S.RETURNED), S.NEW, may.is_office,
                   needs_reason=True, label="Giao lại"),
        Transition("cancel", OPEN, S.CANCELLED, may.is_office, needs_reason=True, label="Hủy nhiệm vụ",
                   stamps=("cancelled_at",)),
    ),
    actions=(
        Action("appoint", OPEN - {S.RETURNED}, may.is_agency_leader, label="Phân công cập nhật"),
        Action("update", OPEN, may.is_office, label="Điều chỉnh nhiệm vụ"),
        Action("distribute", REPORTABLE, may.is_agency_leader, label="Giao việc trong cơ quan"),
    ),
)  # fmt: skip

D = Directive.Status

DIRECTIVE_WORKFLOW = Workflow(
    model=Directive,
    doc="directives.md",
    transitions=(
        Transition("publish", states(D.DRAFT), D.PUBLISHED, may.is_office, label="Giao nhiệm vụ",
                   stamps=("published_at",),
                   wrong_state="Văn bản chỉ đạo này đã được giao cho các cơ quan."),
    ),
    actions=(
        Action("edit", states(D.DRAFT), may.is_office, label="Sửa văn bản chỉ đạo"),
        Action("add_task", states(D.DRAFT, D.PUBLISHED), may.is_office, label="Thêm nhiệm vụ"),
    ),
)  # fmt: skip


def close_report(report: TaskReport, actor: Any, status: str, note: str) -> None:
    """A report's review follows its task's transition (accept, approve or reject), in the same
    transaction: approved or rejected, by whom, when, with the office's note."""
    TaskReport.objects.filter(pk=report.pk).update(
        status=status, reviewed_by=actor, reviewed_at=timezone.now(), review_note=note
    )
