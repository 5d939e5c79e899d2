"""The agency's week (docs/workflows/calendar.md): step × persona × state → done, or refused with
its kind. Written by hand from seed 002 Đ7.1: the office (Chánh Văn phòng, the agency's clerk)
publishes the agency's weekly calendar; the chairman, an officer of the office and people of other
agencies do not. ``mark_updated`` is applied by the system when a keeper changes a published week:
a keeper's change does it, nobody else's."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.calendar.models import CalendarWeek
from congvu.collaboration.calendar.workflow import WEEK_WORKFLOW
from congvu.core.decisions import RefusalKind, Refused
from tests.collaboration.calendar.cast import build_calendar_cast
from tests.conftest import TODAY

W = CalendarWeek.Status
PERSONAS = ("office_head", "clerk", "chairman", "office_officer", "outsider")
OK, NO, STATE = "ok", "forbidden", "state"
EXPECTED = {
    "publish": {
        W.DRAFT: (OK, OK, NO, NO, NO),
        W.PUBLISHED: (STATE,) * 5,
        W.UPDATED: (OK, OK, NO, NO, NO),
    },
    "mark_updated": {
        W.DRAFT: (STATE,) * 5,
        W.PUBLISHED: (OK, OK, NO, NO, NO),
        W.UPDATED: (STATE,) * 5,
    },
}


def test_the_table_covers_every_step_and_state():
    assert set(EXPECTED) == set(WEEK_WORKFLOW.steps)
    for step, by_state in EXPECTED.items():
        assert set(by_state) == set(WEEK_WORKFLOW.states()), step


CASES = [
    (step, state, persona, outcome)
    for step, by_state in EXPECTED.items()
    for state, outcomes in by_state.items()
    for persona, outcome in zip(PERSONAS, outcomes, strict=True)
]


@pytest.mark.parametrize(("step", "state", "persona", "expected"), CASES)
def test_week_workflow(province, step, state, persona, expected):
    cast = build_calendar_cast(province)
    actor = {
        "office_head": cast.chanh_vp,
        "clerk": cast.van_thu,
        "chairman": cast.chu_tich,
        "office_officer": cast.theo_doi,
        "outsider": cast.giam_doc,
    }[persona]
    week = CalendarWeek.objects.create(
        calendar=cast.agency, week_start=TODAY - dt.timedelta(days=TODAY.weekday()), status=state
    )
    if expected == OK:
        fresh = WEEK_WORKFLOW.apply(step, week, actor=actor)
        assert fresh.status == WEEK_WORKFLOW.transitions[step].target
        return
    with pytest.raises(Refused) as refused:
        WEEK_WORKFLOW.apply(step, week, actor=actor)
    assert refused.value.kind == (RefusalKind.WRONG_STATE if expected == STATE else RefusalKind.NOT_ALLOWED)
    week.refresh_from_db()
    assert week.status == state
