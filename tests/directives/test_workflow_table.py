"""The directive task workflow (seed 001 Đ5.3, Đ8.2, Đ8.3, Đ9; docs/workflows/directives.md):
action × persona × state → allowed (the state after, the audit row naming who and for whom) or
refused (the Vietnamese reason, and nothing changed).

The expected outcomes are written here by hand from the regulation — never read from
``congvu.directives.workflow`` or ``policies``. What seed 001 says, in short:

- the lead agency (cơ quan chủ trì) reports on its task through its leaders — its head, or a deputy
  in charge of it — or the officer its leader appointed to keep it up to date (Đ5.3, Đ8.2); a
  deputy in charge of another unit does not, nor does the chairman who leads every department;
- a leader of the lead agency returns a task assigned wrongly, with the reason (Đ9.1), and
  appoints who keeps it up to date; the appointed officer reports but neither returns nor appoints;
- the office (Văn phòng: the directive monitor, the Chánh Văn phòng) reviews each report —
  approves it (done, or progress) or rejects it with the reason — and corrects, reassigns or
  cancels a task (Đ8.3, Đ9.2);
- the co-operating agency, the signing leader and anyone else only read;
- whatever a person may do, someone acting for them under an approved delegation may do, and the
  audit row names both (ORG-8).

The scene is built once for the module; each case puts the Sở Nội vụ task into one state inside
its own savepoint, lets one persona try one action through the services, and is rolled back.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.directives import services
from congvu.directives.models import DirectiveTask, TaskEvent, TaskReport
from congvu.directives.workflow import TASK_WORKFLOW
from congvu.notifications.models import Notification
from tests.assignments.workflow_cast import fresh, lend, person
from tests.conftest import build_province, built_once
from tests.directives.cast import build_directive_cast

NEW, REPORTED, IN_PROGRESS, REJECTED = "new", "reported", "in_progress", "rejected"
RETURNED, DONE, CANCELLED = "returned", "done", "cancelled"
STATES = (NEW, REPORTED, IN_PROGRESS, REJECTED, RETURNED, DONE, CANCELLED)

# The reasons, as the person reads them.
NOT_NOW = "Thao tác này không áp dụng được ở trạng thái hiện tại."
NOT_REPORTABLE = "Nhiệm vụ đang chờ Văn phòng duyệt báo cáo, đã hoàn thành hoặc đã trả lại."
NOT_OFFICE = "Chỉ Văn phòng (người theo dõi chỉ đạo) mới làm được việc này."
NOT_REPORTER = "Chỉ lãnh đạo cơ quan chủ trì hoặc người được phân công mới báo cáo được nhiệm vụ này."
NOT_LEADER = "Chỉ lãnh đạo cơ quan chủ trì mới làm được việc này."

PERSONAS = (
    "monitor",  # Đỗ Minh Tuấn, Văn phòng UBND tỉnh, holds the directive-monitor role
    "chanh_vp",  # Phạm Văn Đức, Chánh Văn phòng
    "lead_head",  # Hoàng Văn Nam, Giám đốc Sở Nội vụ (the lead agency)
    "deputy_in_charge",  # Phan Thị Thu, Phó Giám đốc Sở Nội vụ, in charge of the whole Sở
    "deputy_elsewhere",  # Vũ Thị Lan, Phó Giám đốc, in charge of Phòng TCBC only
    "handler",  # Nguyễn Văn Minh, appointed by Nam to keep the task up to date
    "other_head",  # Ngô Văn Hải, Giám đốc Sở Tài chính (another agency's task)
    "co_head",  # Lương Văn Tài, Chủ tịch UBND huyện Đức Trọng (co-operating agency)
    "signer",  # Trần Quốc Hùng, the chairman who signed the directive
    "stranger",  # Đặng Đình Đức, officer of Sở Tài chính
    "delegate",  # Đinh Văn Phúc, officer of Sở Nội vụ, acting for Nam under a delegation
)
OFFICE = ("monitor", "chanh_vp")
REPORTERS = ("lead_head", "deputy_in_charge", "handler", "delegate")
LEADERS = ("lead_head", "deputy_in_charge", "delegate")
PRINCIPAL = {"delegate": "lead_head"}


def each(personas, state):
    return {p: state for p in personas}


NOBODY: dict[str, str] = {}

# (action, state): (who may → the state after, why the others may not)
TABLE = {
    # Đ8.2: the lead agency reports while the task is open to a report — not while its report waits,
    # nor once done, cancelled or returned.
    ("report", NEW): (each(REPORTERS, REPORTED), NOT_REPORTER),
    ("report", REPORTED): (NOBODY, NOT_REPORTABLE),
    ("report", IN_PROGRESS): (each(REPORTERS, REPORTED), NOT_REPORTER),
    ("report", REJECTED): (each(REPORTERS, REPORTED), NOT_REPORTER),
    ("report", RETURNED): (NOBODY, NOT_REPORTABLE),
    ("report", DONE): (NOBODY, NOT_REPORTABLE),
    ("report", CANCELLED): (NOBODY, NOT_REPORTABLE),
    # Đ8.3: the office reviews a report waiting for it: a progress report keeps the task going…
    ("accept", NEW): (NOBODY, NOT_NOW),
    ("accept", REPORTED): (each(OFFICE, IN_PROGRESS), NOT_OFFICE),
    ("accept", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("accept", REJECTED): (NOBODY, NOT_NOW),
    ("accept", RETURNED): (NOBODY, NOT_NOW),
    ("accept", DONE): (NOBODY, NOT_NOW),
    ("accept", CANCELLED): (NOBODY, NOT_NOW),
    # … a "done" report approved completes it …
    ("approve", NEW): (NOBODY, NOT_NOW),
    ("approve", REPORTED): (each(OFFICE, DONE), NOT_OFFICE),
    ("approve", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("approve", REJECTED): (NOBODY, NOT_NOW),
    ("approve", RETURNED): (NOBODY, NOT_NOW),
    ("approve", DONE): (NOBODY, NOT_NOW),
    ("approve", CANCELLED): (NOBODY, NOT_NOW),
    # … or it goes back to the agency with the reason.
    ("reject", NEW): (NOBODY, NOT_NOW),
    ("reject", REPORTED): (each(OFFICE, REJECTED), NOT_OFFICE),
    ("reject", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("reject", REJECTED): (NOBODY, NOT_NOW),
    ("reject", RETURNED): (NOBODY, NOT_NOW),
    ("reject", DONE): (NOBODY, NOT_NOW),
    ("reject", CANCELLED): (NOBODY, NOT_NOW),
    # Đ9.1: a task assigned wrongly goes back to the office, by the agency's leaders, while it is
    # theirs to report on.
    ("return", NEW): (each(LEADERS, RETURNED), NOT_LEADER),
    ("return", REPORTED): (NOBODY, NOT_NOW),
    ("return", IN_PROGRESS): (each(LEADERS, RETURNED), NOT_LEADER),
    ("return", REJECTED): (each(LEADERS, RETURNED), NOT_LEADER),
    ("return", RETURNED): (NOBODY, NOT_NOW),
    ("return", DONE): (NOBODY, NOT_NOW),
    ("return", CANCELLED): (NOBODY, NOT_NOW),
    # Đ9.2: the office gives it to another agency, which starts from "chưa cập nhật"; never while
    # a report waits for its review.
    ("reassign", NEW): (each(OFFICE, NEW), NOT_OFFICE),
    ("reassign", REPORTED): (NOBODY, NOT_NOW),
    ("reassign", IN_PROGRESS): (each(OFFICE, NEW), NOT_OFFICE),
    ("reassign", REJECTED): (each(OFFICE, NEW), NOT_OFFICE),
    ("reassign", RETURNED): (each(OFFICE, NEW), NOT_OFFICE),
    ("reassign", DONE): (NOBODY, NOT_NOW),
    ("reassign", CANCELLED): (NOBODY, NOT_NOW),
    # The office withdraws an open task.
    ("cancel", NEW): (each(OFFICE, CANCELLED), NOT_OFFICE),
    ("cancel", REPORTED): (each(OFFICE, CANCELLED), NOT_OFFICE),
    ("cancel", IN_PROGRESS): (each(OFFICE, CANCELLED), NOT_OFFICE),
    ("cancel", REJECTED): (each(OFFICE, CANCELLED), NOT_OFFICE),
    ("cancel", RETURNED): (each(OFFICE, CANCELLED), NOT_OFFICE),
    ("cancel", DONE): (NOBODY, NOT_NOW),
    ("cancel", CANCELLED): (NOBODY, NOT_NOW),
    # Đ5.3: the agency's leader appoints who keeps the task up to date, while it is the agency's.
    ("appoint", NEW): (each(LEADERS, NEW), NOT_LEADER),
    ("appoint", REPORTED): (each(LEADERS, REPORTED), NOT_LEADER),
    ("appoint", IN_PROGRESS): (each(LEADERS, IN_PROGRESS), NOT_LEADER),
    ("appoint", REJECTED): (each(LEADERS, REJECTED), NOT_LEADER),
    ("appoint", RETURNED): (NOBODY, NOT_NOW),
    ("appoint", DONE): (NOBODY, NOT_NOW),
    ("appoint", CANCELLED): (NOBODY, NOT_NOW),
    # Đ9.2: the office corrects an open task (content, deadline, monitor, co-operating agencies).
    ("update", NEW): (each(OFFICE, NEW), NOT_OFFICE),
    ("update", REPORTED): (each(OFFICE, REPORTED), NOT_OFFICE),
    ("update", IN_PROGRESS): (each(OFFICE, IN_PROGRESS), NOT_OFFICE),
    ("update", REJECTED): (each(OFFICE, REJECTED), NOT_OFFICE),
    ("update", RETURNED): (each(OFFICE, RETURNED), NOT_OFFICE),
    ("update", DONE): (NOBODY, NOT_NOW),
    ("update", CANCELLED): (NOBODY, NOT_NOW),
    # Issue #10: the agency's leaders distribute the task inside the agency (giao việc) while it is
    # theirs to work on — not while a report waits for the office, nor once done, returned or
    # cancelled. The appointed officer keeps the task up to date but gives no work from it.
    ("distribute", NEW): (each(LEADERS, NEW), NOT_LEADER),
    ("distribute", REPORTED): (NOBODY, NOT_NOW),
    ("distribute", IN_PROGRESS): (each(LEADERS, IN_PROGRESS), NOT_LEADER),
    ("distribute", REJECTED): (each(LEADERS, REJECTED), NOT_LEADER),
    ("distribute", RETURNED): (NOBODY, NOT_NOW),
    ("distribute", DONE): (NOBODY, NOT_NOW),
    ("distribute", CANCELLED): (NOBODY, NOT_NOW),
}

# The audit rows each allowed action leaves, in order.
ROWS = {
    "report": ["directives.directivetask.report"],
    "accept": ["directives.directivetask.accept"],
    "approve": ["directives.directivetask.approve"],
    "reject": ["directives.directivetask.reject"],
    "return": ["directives.directivetask.return"],
    "reassign": ["directives.directivetask.reassign"],
    "cancel": ["directives.directivetask.cancel"],
    "appoint": ["directives.task.appoint"],
    "update": ["directives.task.updated"],
    # the work item given (the work module's own row), then the task's
    "distribute": ["assignments.assignment.created", "directives.task.distributed"],
}
TRANSITIONS = {"report", "accept", "approve", "reject", "return", "reassign", "cancel"}
EVENTS = {
    "report": TaskEvent.Kind.REPORTED,
    "accept": TaskEvent.Kind.ACCEPTED,
    "approve": TaskEvent.Kind.APPROVED,
    "reject": TaskEvent.Kind.REJECTED,
    "return": TaskEvent.Kind.RETURNED,
    "reassign": TaskEvent.Kind.REASSIGNED,
    "cancel": TaskEvent.Kind.CANCELLED,
    "appoint": TaskEvent.Kind.APPOINTED,
    "update": TaskEvent.Kind.UPDATED,
    "distribute": TaskEvent.Kind.DISTRIBUTED,
}


def expected(action, state, persona):
    allowed, others = TABLE[(action, state)]
    if persona in allowed:
        return True, allowed[persona]
    return False, others


CASES = [(a, s, p) for (a, s) in TABLE for p in PERSONAS]


# --- the scene ------------------------------------------------------------------------------------


def build_scene():
    province = build_province()
    cast = build_directive_cast(province)
    p = province
    deputy_in_charge = person("thupt", "Phan Thị Thu", p.units.snv, p.positions.pho_giam_doc)
    delegate = person("phucdv", "Đinh Văn Phúc", p.units.snv, p.positions.chuyen_vien)
    lend(fresh(p.giam_doc), delegate, fresh(p.chu_tich))
    task = cast.tasks.snv
    services.task_update(task=task, actor=fresh(p.theo_doi), co_units=[p.units.huyen])
    services.task_appoint(task=task, actor=fresh(p.giam_doc), handler=p.chuyen_vien)
    people = {
        "monitor": p.theo_doi,
        "chanh_vp": p.chanh_vp,
        "lead_head": p.giam_doc,
        "deputy_in_charge": deputy_in_charge,
        "deputy_elsewhere": p.pho_giam_doc,
        "handler": p.chuyen_vien,
        "other_head": cast.stc_head,
        "co_head": p.chu_tich_huyen,
        "signer": p.chu_tich,
        "stranger": p.chuyen_vien_khac,
        "delegate": delegate,
    }
    return SimpleNamespace(task=DirectiveTask.objects.get(pk=task.pk), people=people, units=p.units)


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_scene) as built:
        yield built


def _pending_report(task, proposal):
    today = timezone.localdate()
    return TaskReport.objects.create(
        task=task,
        content="Đã ban hành kế hoạch triển khai",
        proposal=proposal,
        submitted_by=task.handler,
        submitted_on=today,
        due_on=today,
    )


def _put(scene, state, action):
    DirectiveTask.objects.filter(pk=scene.task.pk).update(status=state)
    task = DirectiveTask.objects.get(pk=scene.task.pk)
    report = None
    if action in ("accept", "approve", "reject"):
        report = _pending_report(task, "progress" if action == "accept" else "done")
    return task, report


ACT = {
    "report": lambda task, report, actor, scene: services.task_report(
        task=task, actor=actor, content="Đã ban hành kế hoạch triển khai", proposal="progress"
    ),
    "accept": lambda task, report, actor, scene: services.report_approve(
        report=report, actor=actor, note="Đạt"
    ),
    "approve": lambda task, report, actor, scene: services.report_approve(
        report=report, actor=actor, note="Đạt"
    ),
    "reject": lambda task, report, actor, scene: services.report_reject(
        report=report, actor=actor, reason="Chưa có số liệu của các huyện"
    ),
    "return": lambda task, report, actor, scene: services.task_return(
        task=task, actor=actor, reason="Không thuộc chức năng của Sở"
    ),
    "reassign": lambda task, report, actor, scene: services.task_reassign(
        task=task, actor=actor, lead_unit=scene.units.stc, reason="Thuộc lĩnh vực tài chính"
    ),
    "cancel": lambda task, report, actor, scene: services.task_cancel(
        task=task, actor=actor, reason="Văn bản chỉ đạo đã được thay thế"
    ),
    "appoint": lambda task, report, actor, scene: services.task_appoint(
        task=task, actor=actor, handler=scene.people["deputy_elsewhere"]
    ),
    "update": lambda task, report, actor, scene: services.task_update(
        task=task, actor=actor, content="Triển khai nội dung chỉ đạo (điều chỉnh)"
    ),
    "distribute": lambda task, report, actor, scene: services.task_distribute(
        task=task, actor=actor, lead_unit=scene.units.tcbc
    ),
}


def _snapshot(task):
    row = DirectiveTask.objects.filter(pk=task.pk).values(
        "status", "lead_unit_id", "handler_id", "content", "deadline", "rejected_count", "completed_on"
    )
    return (
        row.get(),
        list(TaskReport.objects.filter(task=task).values_list("pk", "status")),
        TaskEvent.objects.filter(task=task).count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


# --- the table is whole ---------------------------------------------------------------------------


def test_the_table_has_every_action_in_every_state():
    assert set(TABLE) == {(a, s) for a in TASK_WORKFLOW.steps for s in DirectiveTask.Status.values}
    assert set(STATES) == set(DirectiveTask.Status.values)
    for allowed, _others in TABLE.values():
        assert set(allowed) <= set(PERSONAS)


@pytest.mark.parametrize(("action", "state", "persona"), CASES)
def test_directive_task_table(scene, db, action, state, persona):
    task, report = _put(scene, state, action)
    actor = fresh(scene.people[persona])
    allowed, outcome = expected(action, state, persona)
    principal_name = PRINCIPAL.get(persona)
    principal = scene.people[principal_name].pk if principal_name else None
    decision = TASK_WORKFLOW.check(action, task, actor)
    if allowed:
        assert decision, decision.reason
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ACT[action](task, report, actor, scene)
        after = DirectiveTask.objects.get(pk=task.pk)
        assert after.status == outcome
        rows = list(AuditEvent.objects.filter(id__gt=last).order_by("id"))
        assert [r.action for r in rows] == ROWS[action]
        for row in rows:
            assert (row.actor_id, row.on_behalf_of_id) == (actor.pk, principal), row.action
            if action in TRANSITIONS:
                assert (row.object_id, row.before["status"], row.after["status"]) == (
                    str(task.pk),
                    state,
                    outcome,
                )
        event = TaskEvent.objects.filter(task=task).order_by("-id").first()
        assert (event.kind, event.actor_id, event.on_behalf_of_id) == (EVENTS[action], actor.pk, principal)
        if report is not None:
            closed = TaskReport.objects.get(pk=report.pk)
            assert (closed.status, closed.reviewed_by_id) == (
                "rejected" if action == "reject" else "approved",
                actor.pk,
            )
        if action == "reassign":
            assert (after.lead_unit_id, after.handler_id) == (scene.units.stc.pk, None)
        if action == "approve":
            assert after.completed_on == timezone.localdate()
    else:
        assert (bool(decision), decision.reason) == (False, outcome)
        before = _snapshot(task)
        with pytest.raises(Refused) as refused:
            ACT[action](task, report, actor, scene)
        assert refused.value.message == outcome
        assert _snapshot(task) == before
