"""A unit's self-assessment (seed 003 Đ3.2, Đ6, Đ9; docs/workflows/scoring.md): action × persona ×
state × deadline → allowed (the state after, the audit row naming who and for whom) or refused (the
Vietnamese reason, and nothing changed).

The expected outcomes are written here by hand from the regulation — never read from
``congvu.scoring.workflow`` or ``policies``. What seed 003 says, in short:

- the unit's data entry — the entry account on the unit (Nguyễn Văn Minh on Sở Nội vụ), or the
  unit's own leader — scores, explains and attaches evidence while the report is a draft and the
  self-assessment time lasts (Đ6.1, Đ9.1); an entry account on another unit does not;
- the unit's leader — its head, or a deputy in charge of the unit itself; not a deputy in charge
  of one division, nor the chairman who leads the province above it — approves the report once he
  has read it (Đ9.2), or sends it back with a reason to be corrected;
- the approved report is sent to Home Affairs by the entry account or the leader before the
  deadline (Đ9.3), and is locked from then on;
- Home Affairs (the management account) reopens a sent report with a reason (Đ8.3), with a new
  deadline for the unit when the period's has passed; the appraisers only read;
- after the deadline the unit no longer edits, approves or sends; the leader may still send an
  approved report back to the draft (it cannot be sent any more anyway);
- whatever a person may do, someone acting for them under an approved delegation may do, and the
  audit row names both (ORG-8).

The scene is built once for the module: Sở Nội vụ's report fully scored, with its evidence. Each
case puts it into one state (and the period's deadline behind today for the "past" cases) inside
its own savepoint, lets one persona try one action through the services, and is rolled back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.scoring import services
from congvu.scoring.models import Assessment, Period
from congvu.scoring.workflow import ASSESSMENT_WORKFLOW
from tests.assignments.workflow_cast import fresh, lend, person
from tests.conftest import build_province, built_once
from tests.scoring.cast import build_scoring_cast, full_marks, with_evidence

DRAFT, APPROVED, SUBMITTED = "draft", "approved", "submitted"
STATES = (DRAFT, APPROVED, SUBMITTED)
IN_TIME, PAST = "in_time", "past"

# The reasons, as the person reads them.
NOT_NOW = "Thao tác này không áp dụng được ở trạng thái hiện tại."
LOCKED = "Báo cáo tự đánh giá đã được duyệt hoặc đã gửi: không sửa được nữa."
DONE_ALREADY = "Báo cáo tự đánh giá đã được duyệt hoặc đã gửi."
NOT_APPROVED = "Chỉ gửi được báo cáo tự đánh giá đã được lãnh đạo đơn vị duyệt."
NOT_ENTRY = "Chỉ tài khoản nhập liệu hoặc lãnh đạo của đơn vị mới tự đánh giá được."
NOT_LEADER = "Chỉ lãnh đạo đơn vị mới duyệt được báo cáo tự đánh giá."
NOT_MANAGER = "Chỉ Sở Nội vụ (tài khoản quản lý chấm điểm) mới làm được việc này."
PAST_DUE = "Đã hết hạn tự đánh giá (01/12/2026)."  # the period's deadline put on the day before today

PERSONAS = (
    "home_affairs",  # Hồ Thị Bích Ngọc, scoring-management role on UBND tỉnh
    "giam_doc",  # Hoàng Văn Nam, Giám đốc Sở Nội vụ: the unit's leader
    "pho_giam_doc",  # Vũ Thị Lan, Phó Giám đốc Sở Nội vụ in charge of Phòng TCBC only
    "chuyen_vien",  # Nguyễn Văn Minh, entry role on Sở Nội vụ
    "chuyen_vien_khac",  # Đặng Đình Đức, entry role on Phòng Ngân sách (Sở Tài chính) only
    "delegate",  # Đinh Văn Phúc, officer of Sở Nội vụ, acting for Hoàng Văn Nam
    "chu_tich",  # Trần Quốc Hùng, Chủ tịch UBND tỉnh: leads the province, not Sở Nội vụ itself
    "appraiser_a",  # Võ Thị Kim Anh, council member appraising areas 1–4
)
ENTRY = ("giam_doc", "chuyen_vien", "delegate")
LEADERS = ("giam_doc", "delegate")
PRINCIPAL = {"delegate": "giam_doc"}


def each(personas, state):
    return {p: state for p in personas}


NOBODY: dict[str, str] = {}

# (action, state, time): (who may → the state after, why the others may not)
TABLE = {
    # Đ6.1, Đ9.1: the unit scores its draft while the self-assessment time lasts.
    ("save", DRAFT, IN_TIME): (each(ENTRY, DRAFT), NOT_ENTRY),
    ("save", APPROVED, IN_TIME): (NOBODY, LOCKED),
    ("save", SUBMITTED, IN_TIME): (NOBODY, LOCKED),
    ("save", DRAFT, PAST): (NOBODY, PAST_DUE),
    ("save", APPROVED, PAST): (NOBODY, LOCKED),
    ("save", SUBMITTED, PAST): (NOBODY, LOCKED),
    # Đ9.2: the unit's own leader approves the complete draft, before the deadline.
    ("approve", DRAFT, IN_TIME): (each(LEADERS, APPROVED), NOT_LEADER),
    ("approve", APPROVED, IN_TIME): (NOBODY, DONE_ALREADY),
    ("approve", SUBMITTED, IN_TIME): (NOBODY, DONE_ALREADY),
    ("approve", DRAFT, PAST): (NOBODY, PAST_DUE),
    ("approve", APPROVED, PAST): (NOBODY, DONE_ALREADY),
    ("approve", SUBMITTED, PAST): (NOBODY, DONE_ALREADY),
    # … or sends the approved report back to be corrected, with a reason.
    ("send_back", DRAFT, IN_TIME): (NOBODY, NOT_NOW),
    ("send_back", APPROVED, IN_TIME): (each(LEADERS, DRAFT), NOT_LEADER),
    ("send_back", SUBMITTED, IN_TIME): (NOBODY, NOT_NOW),
    ("send_back", DRAFT, PAST): (NOBODY, NOT_NOW),
    ("send_back", APPROVED, PAST): (each(LEADERS, DRAFT), NOT_LEADER),
    ("send_back", SUBMITTED, PAST): (NOBODY, NOT_NOW),
    # Đ9.3: the entry account or the leader sends the approved report, before the deadline.
    ("submit", DRAFT, IN_TIME): (NOBODY, NOT_APPROVED),
    ("submit", APPROVED, IN_TIME): (each(ENTRY, SUBMITTED), NOT_ENTRY),
    ("submit", SUBMITTED, IN_TIME): (NOBODY, NOT_APPROVED),
    ("submit", DRAFT, PAST): (NOBODY, NOT_APPROVED),
    ("submit", APPROVED, PAST): (NOBODY, PAST_DUE),
    ("submit", SUBMITTED, PAST): (NOBODY, NOT_APPROVED),
    # Đ8.3: Home Affairs gives a sent report back to the unit, with a reason (and a new deadline
    # once the period's has passed).
    ("reopen", DRAFT, IN_TIME): (NOBODY, NOT_NOW),
    ("reopen", APPROVED, IN_TIME): (NOBODY, NOT_NOW),
    ("reopen", SUBMITTED, IN_TIME): (each(("home_affairs",), DRAFT), NOT_MANAGER),
    ("reopen", DRAFT, PAST): (NOBODY, NOT_NOW),
    ("reopen", APPROVED, PAST): (NOBODY, NOT_NOW),
    ("reopen", SUBMITTED, PAST): (each(("home_affairs",), DRAFT), NOT_MANAGER),
}

ROWS = {
    "save": ["scoring.assessment.saved"],
    "approve": ["scoring.assessment.approve"],
    "send_back": ["scoring.assessment.send_back"],
    "submit": ["scoring.assessment.submit"],
    "reopen": ["scoring.assessment.reopen"],
}
TRANSITIONS = {"approve", "send_back", "submit", "reopen"}


def expected(action, state, time, persona):
    allowed, others = TABLE[(action, state, time)]
    if persona in allowed:
        return True, allowed[persona]
    return False, others


CASES = [(a, s, t, p) for (a, s, t) in TABLE for p in PERSONAS]


# --- the scene ------------------------------------------------------------------------------------


def build_scene():
    province = build_province()
    cast = build_scoring_cast(province)
    p = province
    delegate = person("phucdv", "Đinh Văn Phúc", p.units.snv, p.positions.chuyen_vien)
    lend(fresh(p.giam_doc), delegate, fresh(p.chu_tich))
    assessment = cast.assessments.snv
    services.assessment_save(assessment=assessment, actor=fresh(p.chuyen_vien), entries=full_marks(cast))
    with_evidence(cast, assessment, fresh(p.chuyen_vien))
    people = {
        "home_affairs": cast.home_affairs,
        "giam_doc": p.giam_doc,
        "pho_giam_doc": p.pho_giam_doc,
        "chuyen_vien": p.chuyen_vien,
        "chuyen_vien_khac": p.chuyen_vien_khac,
        "delegate": delegate,
        "chu_tich": p.chu_tich,
        "appraiser_a": cast.appraiser_a,
    }
    return SimpleNamespace(
        assessment=assessment, period=cast.period, people=people, leaf=cast.criteria["1.4"]
    )


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_scene) as built:
        yield built


def _put(scene, state, time):
    today = timezone.localdate()
    deadline = today - dt.timedelta(days=1) if time == PAST else today + dt.timedelta(days=20)
    Period.objects.filter(pk=scene.period.pk).update(self_deadline=deadline)
    Assessment.objects.filter(pk=scene.assessment.pk).update(status=state, deadline=None)
    return Assessment.objects.select_related("period").get(pk=scene.assessment.pk)


def _act(action, assessment, actor, scene):
    if action == "save":
        entries = {
            scene.leaf.pk: services.ScoreInput(score="0.50", explanation="Chưa có kế hoạch tuyên truyền.")
        }
        return services.assessment_save(assessment=assessment, actor=actor, entries=entries)
    if action == "approve":
        return services.assessment_approve(assessment=assessment, actor=actor)
    if action == "send_back":
        return services.assessment_send_back(
            assessment=assessment, actor=actor, reason="Bổ sung giải trình 1.4"
        )
    if action == "submit":
        return services.assessment_submit(assessment=assessment, actor=actor)
    new_deadline = timezone.localdate() + dt.timedelta(days=7)
    past = timezone.localdate() > assessment.period.self_deadline
    return services.assessment_reopen(
        assessment=assessment,
        actor=actor,
        reason="Thiếu tài liệu kiểm chứng",
        deadline=new_deadline if past else None,
    )


def _snapshot(assessment):
    row = Assessment.objects.filter(pk=assessment.pk).values(
        "status", "self_total", "approved_by", "submitted_by", "deadline"
    )
    return row.get(), AuditEvent.objects.count()


# --- the table is whole ---------------------------------------------------------------------------


def test_the_table_has_every_step_in_every_state_and_time():
    assert {(a, s) for (a, s, _t) in TABLE} == {
        (a, s) for a in ASSESSMENT_WORKFLOW.steps for s in Assessment.Status.values
    }
    assert set(STATES) == set(Assessment.Status.values)
    for allowed, _others in TABLE.values():
        assert set(allowed) <= set(PERSONAS)


@pytest.mark.parametrize(("action", "state", "time", "persona"), CASES)
def test_assessment_table(scene, db, action, state, time, persona):
    assessment = _put(scene, state, time)
    actor = fresh(scene.people[persona])
    allowed, outcome = expected(action, state, time, persona)
    principal_name = PRINCIPAL.get(persona)
    principal = scene.people[principal_name].pk if principal_name else None
    decision = ASSESSMENT_WORKFLOW.check(action, assessment, actor)
    if allowed:
        assert decision, decision.reason
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        _act(action, assessment, actor, scene)
        after = Assessment.objects.get(pk=assessment.pk)
        assert after.status == outcome
        rows = list(AuditEvent.objects.filter(id__gt=last).order_by("id"))
        assert [r.action for r in rows] == ROWS[action]
        for row in rows:
            assert (row.actor_id, row.on_behalf_of_id) == (actor.pk, principal), row.action
            if action in TRANSITIONS:
                assert (row.object_id, row.before["status"], row.after["status"]) == (
                    str(assessment.pk),
                    state,
                    outcome,
                )
        if action == "approve":
            assert after.approved_by_id == actor.pk
        if action == "submit":
            assert after.submitted_by_id == actor.pk
        if action == "save":
            assert after.self_total == Decimal("70.00")  # full marks 70,50 with 1.4 down from 1 to 0,5
    else:
        assert (bool(decision), decision.reason) == (False, outcome)
        before = _snapshot(assessment)
        with pytest.raises(Refused) as refused:
            _act(action, assessment, actor, scene)
        assert refused.value.message == outcome
        assert _snapshot(assessment) == before


def test_a_leader_may_not_approve_an_incomplete_report(scene, db):
    from congvu.scoring.models import Score

    assessment = _put(scene, DRAFT, IN_TIME)
    Score.objects.filter(assessment=assessment, criterion=scene.leaf).update(self_score=None)
    with pytest.raises(Refused) as refused:
        services.assessment_approve(assessment=assessment, actor=fresh(scene.people["giam_doc"]))
    assert refused.value.message == "Chưa chấm điểm tiêu chí: 1.4."
    assert Assessment.objects.get(pk=assessment.pk).status == DRAFT
