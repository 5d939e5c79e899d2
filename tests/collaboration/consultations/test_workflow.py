"""Every step of the consultation workflow against each persona in each state (COL-5; seed 002 Đ7.5).

The expected outcomes are written by hand from the regulation and docs/workflows/consultations.md,
never read from the table under test. The consultation: the director of Sở Nội vụ (giam_doc)
appointed the head of TCBC (truong_phong) to draft; posted to the whole agency, it asks the
director, the deputy director (pho_giam_doc), and the two officers (chuyen_vien, chuyen_vien_2).
"""

from __future__ import annotations

import pytest

from congvu.collaboration.consultations import policies, services
from congvu.collaboration.consultations.models import Consultation
from congvu.collaboration.consultations.workflow import CONSULTATION_WORKFLOW, access_for
from congvu.core.decisions import Refused
from tests.collaboration.consultations.conftest import appoint, post

S = Consultation.Status
PERSONAS = (
    "giam_doc",
    "pho_giam_doc",
    "truong_phong",
    "chuyen_vien",
    "chuyen_vien_khac",
    "quan_tri",
    "chu_tich",
)
STEPS = ("post", "extend", "close", "cancel", "answer", "report", "keep")

# state -> persona -> the steps they may take (everything else is refused)
ALLOWED = {
    S.APPOINTED: {
        "giam_doc": {"cancel"},  # the appointing leader
        "pho_giam_doc": {"cancel"},  # a leader of the agency
        "truong_phong": {"post", "cancel"},  # the appointed drafter
        "chuyen_vien": set(),
        "chuyen_vien_khac": set(),
        "quan_tri": {"keep"},  # the administrator keeps it longer
        "chu_tich": set(),  # the province's chairman is not a leader of the Sở
    },
    S.OPEN: {
        "giam_doc": {"close", "cancel", "report", "answer"},  # asked too: the whole agency
        "pho_giam_doc": {"close", "cancel", "report", "answer"},
        "truong_phong": {"extend", "close", "cancel", "report"},
        "chuyen_vien": {"answer"},
        "chuyen_vien_khac": set(),
        "quan_tri": {"keep"},
        "chu_tich": set(),
    },
    S.CLOSED: {
        "giam_doc": {"report"},
        "pho_giam_doc": {"report"},
        "truong_phong": {"report"},
        "chuyen_vien": set(),
        "chuyen_vien_khac": set(),
        "quan_tri": {"keep"},
        "chu_tich": set(),
    },
    S.CANCELLED: {
        "giam_doc": {"report"},
        "pho_giam_doc": {"report"},
        "truong_phong": {"report"},
        "chuyen_vien": set(),
        "chuyen_vien_khac": set(),
        "quan_tri": {"keep"},
        "chu_tich": set(),
    },
}

# state -> who sees the consultation at all
VISIBLE = {
    S.APPOINTED: {"giam_doc", "pho_giam_doc", "truong_phong", "quan_tri"},
    S.OPEN: {"giam_doc", "pho_giam_doc", "truong_phong", "chuyen_vien", "quan_tri"},
    S.CLOSED: {"giam_doc", "pho_giam_doc", "truong_phong", "chuyen_vien", "quan_tri"},
    S.CANCELLED: {"giam_doc", "pho_giam_doc", "truong_phong", "chuyen_vien", "quan_tri"},
}


def _in_state(province, state):
    c = appoint(province)
    if state == S.APPOINTED:
        return c
    c = post(province, c)
    if state == S.CLOSED:
        c = services.consultation_close(consultation=c, actor=province.truong_phong)
    elif state == S.CANCELLED:
        c = services.consultation_cancel(consultation=c, reason="Thôi", actor=province.giam_doc)
    return c


def test_every_step_and_state_appears_in_the_table():
    for state in S.values:
        assert state in ALLOWED
    declared = {name for name, step in CONSULTATION_WORKFLOW.steps.items() if not step.internal}
    assert declared == set(STEPS)
    assert set(CONSULTATION_WORKFLOW.transitions) - declared == {"expire"}


@pytest.mark.parametrize("state", list(S.values))
def test_each_persona_may_take_exactly_the_steps_written_down(province, state):
    c = _in_state(province, state)
    wrong = []
    for persona in PERSONAS:
        user = getattr(province, persona)
        for step in STEPS:
            decision = CONSULTATION_WORKFLOW.check(step, c, user)
            expected = step in ALLOWED[state][persona]
            if bool(decision) != expected:
                wrong.append((persona, step, bool(decision), decision.reason))
            if not decision:
                assert decision.reason, (persona, step)  # every refusal says why, in Vietnamese
    assert wrong == []


@pytest.mark.parametrize("state", list(S.values))
def test_who_sees_it(province, state):
    c = _in_state(province, state)
    for persona in PERSONAS:
        user = getattr(province, persona)
        seen = policies.visible_consultations(user).filter(pk=c.pk).exists()
        assert seen == (persona in VISIBLE[state]), persona
        if not seen:
            with pytest.raises(Refused) as missing:
                policies.access_consultation(user, c.pk)
            assert missing.value.status == 404


def test_a_visible_consultation_refuses_a_step_with_403_or_409(province):
    c = _in_state(province, S.OPEN)
    with pytest.raises(Refused) as not_allowed:
        access_for(province.chuyen_vien, c.pk, "report")
    assert not_allowed.value.status == 403
    with pytest.raises(Refused) as wrong_state:
        access_for(province.truong_phong, c.pk, "post")
    assert wrong_state.value.status == 409


def test_the_clock_closes_a_consultation_at_its_deadline_and_nobody_is_offered_it(province, clock):
    c = _in_state(province, S.OPEN)
    assert "expire" not in CONSULTATION_WORKFLOW.allowed_names(c, province.truong_phong)
    assert services.consultations_expire() == 0
    clock.move_to(c.deadline)
    assert services.consultations_expire() == 1
    c.refresh_from_db()
    assert c.status == S.CLOSED
