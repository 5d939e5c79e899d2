"""Small builders for the screen tests: work given through the real service, with dates relative
to today so that no test depends on the day it runs."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from typing import Any

from django.utils import timezone

from congvu.assignments import services
from congvu.assignments.models import Assignment
from tests.conftest import given_before, working_day


def today() -> dt.date:
    return timezone.localdate()


def give(
    actor: Any,
    lead: Any = None,
    *,
    title: str = "Rà soát biên chế",
    unit: Any = None,
    start: int = 0,
    due: int = 10,
    priority: int = Assignment.Priority.NORMAL,
    **extra: Any,
) -> Assignment:
    """``actor`` gives work to ``lead`` (a person) or ``unit``, starting ``start`` days from today
    and due ``due`` days from today (negative: in the past, given back then), on a working day."""
    deadline = working_day(today() + dt.timedelta(days=due))
    start_date = min(today() + dt.timedelta(days=start), deadline)
    given_on = given_before(deadline) if deadline < today() else nullcontext()
    with given_on:
        return services.assignment_create(
            actor=actor,
            title=title,
            lead_user=lead,
            lead_unit=unit,
            start_date=start_date,
            deadline=deadline,
            priority=priority,
            **extra,
        )


def give_many(actor: Any, lead: Any, count: int, **extra: Any) -> list[Assignment]:
    return [give(actor, lead, title=f"Việc số {i}", due=(i % 40) - 10, **extra) for i in range(count)]


def submitted(item: Assignment, lead: Any, **note: Any) -> Assignment:
    services.progress_report(item=item, actor=lead, percent=100)
    return services.submit(item=item, actor=lead, **{"note": "Đã hoàn thành, gửi kết quả", **note})
