"""The life of a week of an agency's calendar ("lịch công tác tuần"). Described in
docs/workflows/calendar.md.

    publish       draft, updated  → published   the agency's office (its keepers): the whole agency
                                                 now sees the week
    mark_updated  published       → updated     internal: an entry of the published week was added,
                                                 changed or deleted; the change shows and is audited

A week is created as a draft with its first entry (``calendar_week_for``); leaders' and units'
calendars have no weeks: their entries show as soon as they are written.
"""

from __future__ import annotations

from typing import Any

from congvu.collaboration.calendar import policies
from congvu.collaboration.calendar.models import CalendarWeek
from congvu.core.decisions import Decision
from congvu.core.workflow import Transition, Workflow

W = CalendarWeek.Status


def _publisher(user: Any, week: CalendarWeek) -> Decision:
    return policies.can_publish(user, week.calendar)


def _keeper(user: Any, week: CalendarWeek) -> Decision:
    return policies.can_keep(user, week.calendar)


WEEK_WORKFLOW = Workflow(
    model=CalendarWeek,
    doc="calendar.md",
    transitions=[
        Transition(
            "publish",
            {W.DRAFT, W.UPDATED},
            W.PUBLISHED,
            _publisher,
            label="Công bố lịch tuần",
            stamps=("published_at",),
            wrong_state="Lịch tuần này đã được công bố, chưa có điều chỉnh nào mới.",
        ),
        Transition(
            "mark_updated",
            {W.PUBLISHED},
            W.UPDATED,
            _keeper,
            label="Điều chỉnh lịch tuần đã công bố",
            stamps=("updated_at",),
            internal=True,
        ),
    ],
)
