"""Who may send SMS, and who sees which (COL-9). The outcomes are written from the regulation (seed 002
Điều 11: only some people with authority send SMS; here the office head holds the SMS role on the
province), never read from the policies under test."""

from __future__ import annotations

import pytest

from congvu.collaboration.sms import policies, services
from congvu.collaboration.sms.models import SmsDelivery
from congvu.collaboration.sms.workflow import SMS_DELIVERY_WORKFLOW
from congvu.core.decisions import Refused

# persona -> may send an SMS (the cast's only holder of the SMS role is chanh_vp)
MAY_SEND = {
    "chu_tich": False,  # leading the province gives no SMS authority by itself
    "pho_chu_tich": False,
    "chanh_vp": True,
    "van_thu": False,
    "theo_doi": False,
    "giam_doc": False,
    "pho_giam_doc": False,
    "truong_phong": False,
    "chuyen_vien": False,
    "chuyen_vien_2": False,
    "chuyen_vien_khac": False,
    "chu_tich_huyen": False,
    "quan_tri": False,  # an administrator grants the role; holding it is another matter
}

# persona -> sees the SMS chanh_vp sent to chuyen_vien (sender, or administrator of the province)
SEES_THE_SMS = {
    "chu_tich": False,
    "pho_chu_tich": False,
    "chanh_vp": True,
    "van_thu": False,
    "theo_doi": False,
    "giam_doc": False,
    "pho_giam_doc": False,
    "truong_phong": False,
    "chuyen_vien": False,  # the recipient has it on the phone; the log is not theirs
    "chuyen_vien_2": False,
    "chuyen_vien_khac": False,
    "chu_tich_huyen": False,
    "quan_tri": True,
}


@pytest.mark.parametrize(("who", "allowed"), sorted(MAY_SEND.items()))
def test_who_may_send_sms(cast, who, allowed):
    decision = policies.can_send_sms(getattr(cast, who))
    assert bool(decision) is allowed
    if not allowed:
        assert "Quy chế, Điều 11" in decision.reason


@pytest.mark.parametrize(("who", "sees"), sorted(SEES_THE_SMS.items()))
def test_who_sees_an_sms(cast, gateway, who, sees):
    message = services.sms_send(recipients=[cast.chuyen_vien], text="Thu", actor=cast.chanh_vp)
    person = getattr(cast, who)
    assert policies.visible_sms(person).filter(pk=message.pk).exists() is sees
    if sees:
        assert policies.access_sms(person, message.pk) == message
    else:
        with pytest.raises(Refused) as refused:
            policies.access_sms(person, message.pk)
        assert refused.value.kind == Refused.Kind.NOT_FOUND


def test_only_administrators_read_the_agency_log(cast):
    assert policies.administers_sms_log(cast.quan_tri)
    for who in ("chanh_vp", "chu_tich", "chuyen_vien"):
        with pytest.raises(Refused) as refused:
            policies.agency_sms(getattr(cast, who))
        assert refused.value.kind == Refused.Kind.NOT_ALLOWED


# --- the delivery table: (transition, state) -> allowed for the sending job only ------------------

STATES = [s.value for s in SmsDelivery.Status]
# transition -> the states it applies in (written from docs/workflows/sms.md)
APPLIES_IN = {"deliver": {"queued"}, "fail": {"queued"}}


def test_every_transition_and_state_pair_is_in_the_table():
    assert set(SMS_DELIVERY_WORKFLOW.transitions) == set(APPLIES_IN)
    assert sorted(STATES) == ["failed", "queued", "sent"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("transition", sorted(APPLIES_IN))
@pytest.mark.parametrize("who", [None, *sorted(MAY_SEND)])
def test_only_the_sending_job_records_the_gateways_answer(cast, gateway, transition, state, who):
    message = services.sms_send(recipients=[cast.chuyen_vien], text="Thu", actor=cast.chanh_vp)
    delivery = message.deliveries.get()
    delivery.status = state  # house-rules: allow — placing the row in each state of the table
    actor = getattr(cast, who) if who else None
    decision = SMS_DELIVERY_WORKFLOW.check(transition, delivery, actor)
    expected = state in APPLIES_IN[transition] and who is None
    assert bool(decision) is expected
    if state not in APPLIES_IN[transition]:
        assert decision.kind == Refused.Kind.WRONG_STATE
    elif who is not None:
        assert decision.reason == "Trạng thái gửi SMS chỉ do tiến trình gửi tin cập nhật."
