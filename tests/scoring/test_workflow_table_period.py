"""The scoring period workflow (seed 003 Đ8, Đ10, Đ11; docs/workflows/scoring.md): action × persona
× state → allowed (the state after, the audit row naming who and for whom) or refused (the
Vietnamese reason, and nothing changed).

The expected outcomes are written here by hand from the regulation — never read from
``congvu.scoring.workflow`` or ``policies``. What seed 003 says, in short:

- Home Affairs (Sở Nội vụ, the management account — Đ3.2) prepares a period, opens it for the units
  to score themselves (Đ8), appoints the appraisal council and the criteria each member covers
  (Đ10.1), enters the survey scores while the period runs, and publishes the results once every
  appraiser has sent theirs (Đ11);
- a period is corrected (title, deadlines) until published; its appraisers are appointed until then;
  survey scores are entered only while it is open;
- the units' leaders and entry accounts, the appraisers and the province's chairman do none of it;
- whatever Home Affairs may do, someone acting for her under an approved delegation may do, and
  the audit row names both (ORG-8).

The scene is built once for the module; each case puts the period into one state inside its own
savepoint, lets one persona try one action through the services, and is rolled back.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from congvu.scoring import services
from congvu.scoring.models import Appraisal, Period, Score
from congvu.scoring.workflow import PERIOD_WORKFLOW
from tests.assignments.workflow_cast import fresh, lend, person
from tests.conftest import build_province, built_once
from tests.scoring.cast import build_scoring_cast

DRAFT, OPEN, PUBLISHED = "draft", "open", "published"
STATES = (DRAFT, OPEN, PUBLISHED)

# The reasons, as the person reads them.
NOT_NOW = "Thao tác này không áp dụng được ở trạng thái hiện tại."
ALREADY_OPEN = "Kỳ chấm điểm này đã được mở."
ONLY_OPEN = "Chỉ công bố được kỳ đang chấm điểm."
NOT_MANAGER = "Chỉ Sở Nội vụ (tài khoản quản lý chấm điểm) mới làm được việc này."

PERSONAS = (
    "home_affairs",  # Hồ Thị Bích Ngọc, holds the scoring-management role
    "delegate",  # Vũ Thị Lan Hương, officer of Phòng Công chức viên chức, acting for Ngọc under a delegation
    "giam_doc",  # Hoàng Văn Nam, Giám đốc Sở Nội vụ (an assessed unit's leader)
    "chuyen_vien",  # Nguyễn Văn Minh, the entry account of Sở Nội vụ
    "appraiser_a",  # Võ Thị Kim Anh, council member (areas 1–4)
    "chu_tich",  # Trần Quốc Hùng, Chủ tịch UBND tỉnh
)
MANAGERS = ("home_affairs", "delegate")
PRINCIPAL = {"delegate": "home_affairs"}


def each(personas, state):
    return {p: state for p in personas}


NOBODY: dict[str, str] = {}

# (action, state): (who may → the state after, why the others may not)
TABLE = {
    # Đ8: Home Affairs opens a period in preparation; an open or published one is not opened again.
    ("open", DRAFT): (each(MANAGERS, OPEN), NOT_MANAGER),
    ("open", OPEN): (NOBODY, ALREADY_OPEN),
    ("open", PUBLISHED): (NOBODY, ALREADY_OPEN),
    # Đ11: Home Affairs publishes a running period (every appraisal sent).
    ("publish", DRAFT): (NOBODY, ONLY_OPEN),
    ("publish", OPEN): (each(MANAGERS, PUBLISHED), NOT_MANAGER),
    ("publish", PUBLISHED): (NOBODY, ONLY_OPEN),
    # The period is corrected until published.
    ("edit", DRAFT): (each(MANAGERS, DRAFT), NOT_MANAGER),
    ("edit", OPEN): (each(MANAGERS, OPEN), NOT_MANAGER),
    ("edit", PUBLISHED): (NOBODY, NOT_NOW),
    # Đ10.1: the council is appointed until the results are published.
    ("appoint", DRAFT): (each(MANAGERS, DRAFT), NOT_MANAGER),
    ("appoint", OPEN): (each(MANAGERS, OPEN), NOT_MANAGER),
    ("appoint", PUBLISHED): (NOBODY, NOT_NOW),
    # The survey scores are entered while the period runs.
    ("survey", DRAFT): (NOBODY, NOT_NOW),
    ("survey", OPEN): (each(MANAGERS, OPEN), NOT_MANAGER),
    ("survey", PUBLISHED): (NOBODY, NOT_NOW),
}

ROWS = {
    "open": ["scoring.period.open"],
    "publish": ["scoring.period.publish"],
    "edit": ["scoring.period.updated"],
    "appoint": ["scoring.appraisal.appointed"],
    "survey": ["scoring.score.surveyed"],
}
TRANSITIONS = {"open", "publish"}


def expected(action, state, persona):
    allowed, others = TABLE[(action, state)]
    if persona in allowed:
        return True, allowed[persona]
    return False, others


CASES = [(a, s, p) for (a, s) in TABLE for p in PERSONAS]


# --- the scene ------------------------------------------------------------------------------------


def build_scene():
    province = build_province()
    cast = build_scoring_cast(province, open_period=True)
    p = province
    delegate = person("huongvtl", "Vũ Thị Lan Hương", p.units.ccvc, p.positions.chuyen_vien)
    lend(fresh(cast.home_affairs), delegate, fresh(cast.appraiser_b))  # her head of division approves
    people = {
        "home_affairs": cast.home_affairs,
        "delegate": delegate,
        "giam_doc": p.giam_doc,
        "chuyen_vien": p.chuyen_vien,
        "appraiser_a": cast.appraiser_a,
        "chu_tich": p.chu_tich,
    }
    survey = Score.objects.filter(assessment__period=cast.period, criterion__method="survey").first()
    return SimpleNamespace(
        period=Period.objects.get(pk=cast.period.pk),
        people=people,
        appraiser_b=cast.appraiser_b,
        areas_b=[cast.criteria[c].pk for c in "5678"],
        survey=survey,
    )


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_scene) as built:
        yield built


def _put(scene, state, action):
    Period.objects.filter(pk=scene.period.pk).update(status=state)
    if action == "publish":  # every appraiser has sent their results (Đ11)
        Appraisal.objects.filter(period=scene.period).update(status="submitted", submitted_at=timezone.now())
    return Period.objects.get(pk=scene.period.pk)


ACT = {
    "open": lambda period, actor, scene: services.period_open(period=period, actor=actor),
    "publish": lambda period, actor, scene: services.period_publish(period=period, actor=actor),
    "edit": lambda period, actor, scene: services.period_update(
        period=period, actor=actor, title="Chỉ số CCHC năm 2026 (điều chỉnh)"
    ),
    "appoint": lambda period, actor, scene: services.appraisal_appoint(
        period=period, appraiser=scene.appraiser_b, criteria_ids=scene.areas_b[:2], actor=actor
    ),
    "survey": lambda period, actor, scene: services.survey_scores_save(
        period=period, scores={(scene.survey.assessment_id, scene.survey.criterion_id): "0,5"}, actor=actor
    ),
}


def _snapshot(period):
    return (
        Period.objects.filter(pk=period.pk).values("status", "title", "opened_at", "published_at").get(),
        sorted(Appraisal.objects.filter(period=period).values_list("pk", "criteria__pk")),
        list(Score.objects.filter(assessment__period=period, survey_score__isnull=False).values_list("pk")),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


# --- the table is whole ---------------------------------------------------------------------------


def test_the_table_has_every_action_in_every_state():
    assert set(TABLE) == {(a, s) for a in PERIOD_WORKFLOW.steps for s in Period.Status.values}
    assert set(STATES) == set(Period.Status.values)
    for allowed, _others in TABLE.values():
        assert set(allowed) <= set(PERSONAS)


@pytest.mark.parametrize(("action", "state", "persona"), CASES)
def test_period_table(scene, db, action, state, persona):
    period = _put(scene, state, action)
    actor = fresh(scene.people[persona])
    allowed, outcome = expected(action, state, persona)
    principal_name = PRINCIPAL.get(persona)
    principal = scene.people[principal_name].pk if principal_name else None
    decision = PERIOD_WORKFLOW.check(action, period, actor)
    if allowed:
        assert decision, decision.reason
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ACT[action](period, actor, scene)
        after = Period.objects.get(pk=period.pk)
        assert after.status == outcome
        rows = list(AuditEvent.objects.filter(id__gt=last).order_by("id"))
        assert [r.action for r in rows] == ROWS[action]
        for row in rows:
            assert (row.actor_id, row.on_behalf_of_id) == (actor.pk, principal), row.action
            if action in TRANSITIONS:
                assert (row.object_id, row.before["status"], row.after["status"]) == (
                    str(period.pk),
                    state,
                    outcome,
                )
        if action == "edit":
            assert after.title == "Chỉ số CCHC năm 2026 (điều chỉnh)"
        if action == "survey":
            assert str(Score.objects.get(pk=scene.survey.pk).survey_score) == "0.50"
    else:
        assert (bool(decision), decision.reason) == (False, outcome)
        before = _snapshot(period)
        with pytest.raises(Refused) as refused:
            ACT[action](period, actor, scene)
        assert refused.value.message == outcome
        assert _snapshot(period) == before
