"""The feedback triage table (ADM-5): every step × persona × state, outcomes written by hand from
the rule — the software's administrators triage; the reporter and the administrators reply while
the report is open; nobody else touches it."""

from __future__ import annotations

import pytest

from congvu.collaboration.feedback.models import FeedbackReport
from congvu.collaboration.feedback.workflow import FEEDBACK_WORKFLOW

S = FeedbackReport.Status
NEW, IN_PROGRESS, RESOLVED, REJECTED = S.NEW, S.IN_PROGRESS, S.RESOLVED, S.REJECTED
ALL = (NEW, IN_PROGRESS, RESOLVED, REJECTED)

# (step, state): the personas allowed. The reporter is chuyen_vien; quan_tri administers the
# province; truong_phong leads the reporter's division and has no say over feedback.
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("start", NEW): {"quan_tri"},
    ("start", IN_PROGRESS): set(),
    ("start", RESOLVED): set(),
    ("start", REJECTED): set(),
    ("resolve", NEW): {"quan_tri"},
    ("resolve", IN_PROGRESS): {"quan_tri"},
    ("resolve", RESOLVED): set(),
    ("resolve", REJECTED): set(),
    ("reject", NEW): {"quan_tri"},
    ("reject", IN_PROGRESS): {"quan_tri"},
    ("reject", RESOLVED): set(),
    ("reject", REJECTED): set(),
    ("reopen", NEW): set(),
    ("reopen", IN_PROGRESS): set(),
    ("reopen", RESOLVED): {"quan_tri"},
    ("reopen", REJECTED): {"quan_tri"},
    ("assign", NEW): {"quan_tri"},
    ("assign", IN_PROGRESS): {"quan_tri"},
    ("assign", RESOLVED): set(),
    ("assign", REJECTED): set(),
    ("reply", NEW): {"quan_tri", "chuyen_vien"},
    ("reply", IN_PROGRESS): {"quan_tri", "chuyen_vien"},
    ("reply", RESOLVED): set(),
    ("reply", REJECTED): set(),
}
PERSONAS = ("quan_tri", "chuyen_vien", "chuyen_vien_2", "truong_phong", "chu_tich", "chanh_vp")


def test_every_step_and_state_is_in_the_table():
    pairs = {(name, state) for name in FEEDBACK_WORKFLOW.steps for state in ALL}
    assert pairs == set(EXPECTED)


@pytest.mark.parametrize(("step", "state"), sorted(EXPECTED))
def test_who_may_take_each_step_in_each_state(province, step, state):
    report = FeedbackReport(pk=1, reporter=province.chuyen_vien, kind="fault", description="x", status=state)
    allowed = {p for p in PERSONAS if FEEDBACK_WORKFLOW.check(step, report, getattr(province, p))}
    assert allowed == EXPECTED[(step, state)]
