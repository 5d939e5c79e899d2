"""The appraisal account's workflow (seed 003 Đ10; docs/workflows/scoring.md): action × persona ×
state → allowed (the state after, the audit row naming who and for whom) or refused (the Vietnamese
reason, and nothing changed).

The expected outcomes are written here by hand from the regulation — never read from
``congvu.scoring.workflow`` or ``policies``. What seed 003 says, in short:

- a council member scores the criteria they cover, for every unit that has submitted, while the
  period is open and before the appraisal deadline, with a reason where the score differs (Đ10.2);
- they send the results once the self-assessment time is over (or every unit has submitted) and
  every submitted unit is scored on every covered criterion; the account then locks (Đ10.3);
- only Home Affairs (the management account) unlocks a sent account, with a reason;
- another council member, a unit's leader or its entry account does none of it on this account;
- whatever a person may do, someone acting for them under a delegation may do, and the audit row
  names both (ORG-8).

The scene: the period "Chỉ số CCHC năm 2026" open on 02/12/2026, self-assessment due 22/12/2026,
appraisal due 11/01/2027; the three units have submitted and appraiser_a (Võ Thị Kim Anh, areas 1–4)
has scored all of them. Each case puts her account into one state inside its own savepoint, lets one
persona try one action through the services, and is rolled back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.scoring import services
from congvu.scoring.models import Appraisal, Assessment, Period, Score
from congvu.scoring.workflow import APPRAISAL_WORKFLOW
from tests.assignments.workflow_cast import fresh, lend, person
from tests.conftest import build_province, built_once
from tests.scoring.appraisal_cast import appraise, on_day, submit_units
from tests.scoring.cast import build_scoring_cast

OPEN, SUBMITTED = "open", "submitted"
STATES = (OPEN, SUBMITTED)

NOT_NOW = "Thao tác này không áp dụng được ở trạng thái hiện tại."
LOCKED = "Kết quả thẩm định đã được gửi: tài khoản đã khóa."
NOT_APPRAISER = "Chỉ thành viên thẩm định được phân công mới thẩm định được."
NOT_MANAGER = "Chỉ Sở Nội vụ (tài khoản quản lý chấm điểm) mới làm được việc này."
NOT_OPEN = "Kỳ chấm điểm không còn mở."
PAST_DEADLINE = "Đã hết hạn thẩm định (11/01/2027)."
UNITS_WAITING = "Còn đơn vị chưa gửi báo cáo tự đánh giá; hạn tự đánh giá là 22/12/2026."
LEFT_SNV = "Chưa thẩm định xong 1 đơn vị: Sở Nội vụ."

PERSONAS = (
    "appraiser_a",  # Võ Thị Kim Anh, on her own account
    "appraiser_b",  # Phan Quốc Bảo, another council member, on her account
    "delegate",  # Trịnh Văn Long, Văn phòng, acting for her under a delegation
    "home_affairs",  # Hồ Thị Bích Ngọc, the management account
    "giam_doc",  # Hoàng Văn Nam, leader of Sở Nội vụ (an assessed unit)
    "chuyen_vien",  # Nguyễn Văn Minh, Sở Nội vụ's entry account
)
APPRAISER = ("appraiser_a", "delegate")
PRINCIPAL = {"delegate": "appraiser_a"}


def each(personas, state):
    return {p: state for p in personas}


NOBODY: dict[str, str] = {}

# (action, state): (who may → the state after, why the others may not)
TABLE = {
    # Đ10.2: the account's member scores while the account is open …
    ("score", OPEN): (each(APPRAISER, OPEN), NOT_APPRAISER),
    # … Đ10.3: not once the results are sent: the account is locked.
    ("score", SUBMITTED): (NOBODY, LOCKED),
    # Đ10.3: every unit submitted and scored: the member sends the results; the account locks.
    ("submit", OPEN): (each(APPRAISER, SUBMITTED), NOT_APPRAISER),
    ("submit", SUBMITTED): (NOBODY, LOCKED),
    # Home Affairs unlocks a sent account, with a reason; an open one has nothing to unlock.
    ("unlock", OPEN): (NOBODY, NOT_NOW),
    ("unlock", SUBMITTED): (each(("home_affairs",), OPEN), NOT_MANAGER),
}

ROWS = {
    "score": ["scoring.score.appraised"],
    "submit": ["scoring.appraisal.submit"],
    "unlock": ["scoring.appraisal.unlock"],
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
    cast = build_scoring_cast(province)
    p = province
    delegate = person("longtv", "Trịnh Văn Long", p.units.vp, p.positions.chuyen_vien)
    lend(fresh(cast.appraiser_a), delegate, fresh(p.chanh_vp))
    units = submit_units(cast, "snv", "stc", "huyen")
    for assessment in units.values():
        appraise(cast.appraisals.a, assessment)
    people = {
        "appraiser_a": cast.appraiser_a,
        "appraiser_b": cast.appraiser_b,
        "delegate": delegate,
        "home_affairs": cast.home_affairs,
        "giam_doc": p.giam_doc,
        "chuyen_vien": p.chuyen_vien,
    }
    return SimpleNamespace(
        appraisal=cast.appraisals.a,
        period=cast.period,
        snv=units["snv"],
        stc=units["stc"],
        leaf=cast.criteria["1.4"],
        people=people,
    )


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_scene) as built:
        yield built


def _put(scene, state):
    Appraisal.objects.filter(pk=scene.appraisal.pk).update(status=state)
    return Appraisal.objects.select_related("period").get(pk=scene.appraisal.pk)


def _lower(scene, appraisal, actor):
    """The covered leaf 1.4 of Sở Nội vụ lowered from 1,00 to 0,50, with the reason."""
    return services.appraisal_score(
        appraisal=appraisal,
        assessment=scene.snv,
        entries={
            scene.leaf.pk: services.AppraisalInput(score="0,5", reason="Chưa có kế hoạch tuyên truyền.")
        },
        actor=actor,
    )


ACT = {
    "score": _lower,
    "submit": lambda scene, appraisal, actor: services.appraisal_submit(appraisal=appraisal, actor=actor),
    "unlock": lambda scene, appraisal, actor: services.appraisal_unlock(
        appraisal=appraisal, actor=actor, reason="Cần chấm lại tiêu chí 1.4 của Sở Nội vụ"
    ),
}


def _snapshot(scene):
    return (
        Appraisal.objects.filter(pk=scene.appraisal.pk).values_list("status", "submitted_at").get(),
        list(
            Score.objects.filter(assessment__period=scene.period)
            .order_by("pk")
            .values_list("appraised_score", "appraisal_reason")
        ),
        AuditEvent.objects.count(),
    )


# --- the table is whole ---------------------------------------------------------------------------


def test_the_table_has_every_action_in_every_state():
    assert set(TABLE) == {(a, s) for a in APPRAISAL_WORKFLOW.steps for s in Appraisal.Status.values}
    assert set(STATES) == set(Appraisal.Status.values)


@pytest.mark.parametrize(("action", "state", "persona"), CASES)
def test_appraisal_table(scene, db, action, state, persona):
    appraisal = _put(scene, state)
    actor = fresh(scene.people[persona])
    allowed, outcome = expected(action, state, persona)
    principal_name = PRINCIPAL.get(persona)
    principal = scene.people[principal_name].pk if principal_name else None
    decision = APPRAISAL_WORKFLOW.check(action, appraisal, actor)
    if allowed:
        assert decision, decision.reason
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ACT[action](scene, appraisal, actor)
        after = Appraisal.objects.get(pk=appraisal.pk)
        assert after.status == outcome
        rows = list(AuditEvent.objects.filter(id__gt=last).order_by("id"))
        assert [r.action for r in rows] == ROWS[action]
        for row in rows:
            assert (row.actor_id, row.on_behalf_of_id) == (actor.pk, principal), row.action
        if action == "score":
            score = Score.objects.get(assessment=scene.snv, criterion=scene.leaf)
            assert (score.appraised_score, score.appraised_by_id) == (D("0.50"), actor.pk)
            assert (rows[0].before, rows[0].after, rows[0].note) == (
                {"1.4": "1.00"},
                {"1.4": "0.50"},
                "Chưa có kế hoạch tuyên truyền.",
            )
        if action == "submit":
            assert after.submitted_at is not None
        if action == "unlock":
            assert after.submitted_at is None
    else:
        assert (bool(decision), decision.reason) == (False, outcome)
        before = _snapshot(scene)
        with pytest.raises(Refused) as refused:
            ACT[action](scene, appraisal, actor)
        assert refused.value.message == outcome
        assert _snapshot(scene) == before


# --- the cases around the table -------------------------------------------------------------------


def _refused(scene, action, persona, message):
    appraisal = Appraisal.objects.select_related("period").get(pk=scene.appraisal.pk)
    actor = fresh(scene.people[persona])
    before = _snapshot(scene)
    with pytest.raises(Refused) as refused:
        ACT[action](scene, appraisal, actor)
    assert refused.value.message == message
    assert _snapshot(scene) == before


@pytest.mark.parametrize("persona", APPRAISER)
def test_before_the_self_deadline_a_unit_not_submitted_holds_the_results(scene, db, clock, persona):
    Assessment.objects.filter(pk=scene.stc.pk).update(status=Assessment.Status.DRAFT)
    _refused(scene, "submit", persona, UNITS_WAITING)
    # once the self-assessment time is over, a unit that never submitted no longer holds them (the
    # member herself: the delegation has ended by then)
    on_day(clock, dt.date(2026, 12, 23))
    appraisal = Appraisal.objects.select_related("period").get(pk=scene.appraisal.pk)
    done = services.appraisal_submit(appraisal=appraisal, actor=fresh(scene.people["appraiser_a"]))
    assert done.status == SUBMITTED


@pytest.mark.parametrize("persona", APPRAISER)
def test_a_unit_left_unscored_holds_the_results(scene, db, persona):
    Score.objects.filter(assessment=scene.snv, criterion=scene.leaf).update(appraised_score=None)
    _refused(scene, "submit", persona, LEFT_SNV)


@pytest.mark.parametrize("action", ["score", "submit"])
@pytest.mark.parametrize("persona", APPRAISER)
def test_after_the_appraisal_deadline_nothing_is_scored_or_sent(scene, db, clock, action, persona):
    on_day(clock, dt.date(2027, 1, 12))
    _refused(scene, action, persona, PAST_DEADLINE)


def test_on_the_appraisal_deadline_itself_scoring_goes_on(scene, db, clock):
    on_day(clock, dt.date(2027, 1, 11))
    appraisal = Appraisal.objects.select_related("period").get(pk=scene.appraisal.pk)
    assert _lower(scene, appraisal, fresh(scene.people["appraiser_a"])) == 1


@pytest.mark.parametrize(("action", "persona"), [("score", "appraiser_a"), ("submit", "appraiser_a"),
                                                 ("submit", "delegate"), ("unlock", "home_affairs")])  # fmt: skip
def test_a_published_period_takes_no_more_appraisal(scene, db, action, persona):
    Period.objects.filter(pk=scene.period.pk).update(status=Period.Status.PUBLISHED)
    if action == "unlock":
        Appraisal.objects.filter(pk=scene.appraisal.pk).update(status=SUBMITTED)
    _refused(scene, action, persona, NOT_OPEN)


def test_a_leaf_not_covered_is_refused(scene, db):
    appraisal = Appraisal.objects.select_related("period").get(pk=scene.appraisal.pk)
    other = (
        Score.objects.filter(assessment=scene.snv, criterion__code="5.1").first()
        or Score.objects.filter(assessment=scene.snv, criterion__sort_key__startswith="005").first()
    )
    before = _snapshot(scene)
    with pytest.raises(Refused) as refused:
        services.appraisal_score(appraisal=appraisal, assessment=scene.snv, actor=fresh(scene.people["appraiser_a"]),
                                 entries={other.criterion_id: services.AppraisalInput(score="0", reason="Thử")})  # fmt: skip
    assert (refused.value.message, refused.value.status) == (
        "Bạn không được phân công thẩm định tiêu chí này.",
        403,
    )
    assert _snapshot(scene) == before


def test_a_different_score_without_a_reason_changes_nothing(scene, db):
    appraisal = Appraisal.objects.select_related("period").get(pk=scene.appraisal.pk)
    first = scene.snv.scores.get(criterion__code="1.3")
    before = _snapshot(scene)
    with pytest.raises(Refused) as refused:
        services.appraisal_score(
            appraisal=appraisal,
            assessment=scene.snv,
            actor=fresh(scene.people["appraiser_a"]),
            entries={
                first.criterion_id: services.AppraisalInput(score="0", reason="Không có kiểm chứng."),
                scene.leaf.pk: services.AppraisalInput(score="0,5"),
            },
        )
    assert refused.value.field == "reason"
    assert refused.value.message == (
        "Tiêu chí 1.4: điểm thẩm định khác điểm tự đánh giá, vui lòng nêu lý do."
    )
    assert _snapshot(scene) == before


def test_an_appraised_score_above_the_maximum_is_refused(scene, db):
    """TV-PAR-5: within 0 … max of the leaf (1.4 is worth 1,00)."""
    appraisal = Appraisal.objects.select_related("period").get(pk=scene.appraisal.pk)
    before = _snapshot(scene)
    with pytest.raises(Refused) as refused:
        services.appraisal_score(appraisal=appraisal, assessment=scene.snv, actor=fresh(scene.people["appraiser_a"]),
                                 entries={scene.leaf.pk: services.AppraisalInput(score="1,25", reason="Thử")})  # fmt: skip
    assert refused.value.message == "Điểm thẩm định của tiêu chí 1.4 (1,25) vượt điểm tối đa 1,00."
    assert _snapshot(scene) == before
