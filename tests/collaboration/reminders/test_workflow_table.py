"""The reminder workflow at one recipient (COL-7; seed 002 Điều 8; docs/workflows/reminders.md):
step × persona × state → done, or refused with its kind.

The expected outcomes are written here by hand from the regulation — never read from
``congvu.collaboration.reminders.workflow``. What it says, in short: a reminder is the superior's
order to the subordinate, so the subordinate it was given to — and nobody else, not a colleague who
got the same reminder — says "Đã nhận" and reports it "Đã thực hiện"; the superior who gave it may
withdraw it while it is not done; the sender's own superior did not give it and does not withdraw
it; an outsider does nothing. Done and cancelled are final.

The row is Nguyễn Văn Minh's, of a reminder Trưởng phòng Bùi Thanh Sơn sent to him and to Trần Thị
Thu Hà. Outcomes: "ok", "forbidden" (not allowed: 403), "state" (wrong state: 409).
"""

from __future__ import annotations

import pytest

from congvu.collaboration.reminders import services
from congvu.collaboration.reminders.models import ReminderRecipient
from congvu.collaboration.reminders.workflow import REMINDER_WORKFLOW
from congvu.core.decisions import RefusalKind, Refused

S = ReminderRecipient.Status
PERSONAS = ("recipient", "co_recipient", "sender", "senders_superior", "outsider")
CAST = {
    "recipient": "chuyen_vien",
    "co_recipient": "chuyen_vien_2",
    "sender": "truong_phong",
    "senders_superior": "giam_doc",
    "outsider": "chuyen_vien_khac",
}
STATES = (S.SENT, S.ACKNOWLEDGED, S.DONE, S.CANCELLED)
OK, NO, STATE = "ok", "forbidden", "state"

# step: {state: (recipient, co_recipient, sender, senders_superior, outsider)}
EXPECTED = {
    "acknowledge": {
        S.SENT: (OK, NO, NO, NO, NO),
        S.ACKNOWLEDGED: (STATE,) * 5,
        S.DONE: (STATE,) * 5,
        S.CANCELLED: (STATE,) * 5,
    },
    "complete": {
        S.SENT: (OK, NO, NO, NO, NO),
        S.ACKNOWLEDGED: (OK, NO, NO, NO, NO),
        S.DONE: (STATE,) * 5,
        S.CANCELLED: (STATE,) * 5,
    },
    "cancel": {
        S.SENT: (NO, NO, OK, NO, NO),
        S.ACKNOWLEDGED: (NO, NO, OK, NO, NO),
        S.DONE: (STATE,) * 5,
        S.CANCELLED: (STATE,) * 5,
    },
}

CASES = [
    (step, state, persona, EXPECTED[step][state][i])
    for step in EXPECTED
    for state in STATES
    for i, persona in enumerate(PERSONAS)
]


def test_every_step_and_state_is_in_the_table():
    steps = set(REMINDER_WORKFLOW.steps)
    assert steps == set(EXPECTED)
    for step in steps:
        assert set(EXPECTED[step]) == set(REMINDER_WORKFLOW.states()), step


@pytest.mark.parametrize(("step", "state", "persona", "expected"), CASES, ids=lambda v: str(v))
def test_reminder_step(province, step, state, persona, expected):
    reminder = services.reminder_send(
        actor=province.truong_phong,
        recipients=[province.chuyen_vien, province.chuyen_vien_2],
        content="Hoàn thiện báo cáo biên chế quý IV",
    )
    row = ReminderRecipient.objects.get(reminder=reminder, user=province.chuyen_vien)
    ReminderRecipient.objects.filter(pk=row.pk).update(status=state)  # house-rules: allow test fixture
    row.refresh_from_db()
    actor = getattr(province, CAST[persona])
    try:
        REMINDER_WORKFLOW.apply(step, row, actor=actor, reason="Đã hoàn thành, gửi kèm số liệu")
        outcome = OK
    except Refused as refused:
        outcome = {RefusalKind.NOT_ALLOWED: NO, RefusalKind.WRONG_STATE: STATE}[refused.kind]
        assert refused.message
    assert outcome == expected
