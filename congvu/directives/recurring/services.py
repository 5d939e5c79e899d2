"""Standing directives make their periodic report items by themselves (DIR-7; seed 001 Đ5.1).

A standing task (``DirectiveTask.recurrence`` weekly, monthly or quarterly, until
``recurrence_until``) is never reported on itself. Each period is a task of its own — an *item*,
``parent`` = the standing task, ``period_start``/``period_end`` = the period — reported, reviewed
and counted like any other task.

The periods are calendar periods: ISO weeks (Monday to Sunday), calendar months, calendar
quarters. The first is the one containing the directive's issue date; an item exists for every
period that has started on or before today and does not start after ``recurrence_until``. The
item's content is the standing task's content followed by "— kỳ <label>" ("Tuần 12/2027
(15/03–21/03)", "Tháng 3/2027", "Quý I/2027"); it keeps the standing task's lead agency, appointed
person, monitor, co-operating agencies and urgency.

The deadline of an item (``item_deadline``) is **the last working day of its period**
(``core.calendar``): the period's last day, moved *back* to the nearest working day inside the
period — the report of a month is due on its last working day, not on the Monday after. The first
period is only counted from the issue date: a deadline is never before the directive was issued.
When no working day is left in the period (a week entirely off for Tết, or a directive issued on
the Saturday of a week whose working days are over) the deadline moves *forward* to the first
working day after the period (Civil Code Art. 148, as ``calendar.add_calendar_days`` does).

``periodic_items_make`` is idempotent: a standing task is locked while its items are made, and
the unique constraint ``dtask_item_once`` (parent, period_start) refuses a second item for the
same period even if two runs overlap. It runs as a system job (``recurring/jobs.py``): the audit
event has no actor, like the other jobs; the item's timeline names the office officer who entered
the directive as the one who assigned it (the standing task is that person's assignment).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from congvu.core import audit, calendar
from congvu.directives import services
from congvu.directives.models import Directive, DirectiveTask, TaskEvent

logger = logging.getLogger(__name__)

R = DirectiveTask.Recurrence
ROMAN = ("I", "II", "III", "IV")


def period_of(recurrence: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period (first day, last day) of this recurrence that contains ``day``."""
    if recurrence == R.WEEKLY:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if recurrence == R.MONTHLY:
        start = day.replace(day=1)
        months = 1
    elif recurrence == R.QUARTERLY:
        start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        months = 3
    else:
        raise ValueError(f"not a recurrence: {recurrence!r}")
    month = start.month - 1 + months
    following = dt.date(start.year + month // 12, month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def periods(
    recurrence: str, issued_on: dt.date, until: dt.date | None, today: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """Every period from the one containing ``issued_on`` that has started by ``today`` and does
    not start after ``until``."""
    last_start = min(today, until) if until is not None else today
    result: list[tuple[dt.date, dt.date]] = []
    start, end = period_of(recurrence, issued_on)
    while start <= last_start:
        result.append((start, end))
        start, end = period_of(recurrence, end + dt.timedelta(days=1))
    return result


def period_label(recurrence: str, start: dt.date, end: dt.date) -> str:
    """ "Tuần 12/2027 (15/03–21/03)", "Tháng 3/2027", "Quý I/2027"."""
    if recurrence == R.WEEKLY:
        year, week, _weekday = start.isocalendar()
        return f"Tuần {week}/{year} ({start:%d/%m}–{end:%d/%m})"
    if recurrence == R.MONTHLY:
        return f"Tháng {start.month}/{start.year}"
    return f"Quý {ROMAN[(start.month - 1) // 3]}/{start.year}"


def item_deadline(start: dt.date, end: dt.date, issued_on: dt.date) -> dt.date:
    """The last working day of the period, counted from the issue date (see the module's docstring)."""
    first = max(start, issued_on)
    day = end
    while day >= first:
        if calendar.is_working_day(day):
            return day
        day -= dt.timedelta(days=1)
    return calendar.next_working_day(max(end, issued_on))


def open_standing_tasks() -> list[int]:
    """The standing tasks still followed, of directives given to their agencies."""
    return list(
        DirectiveTask.objects.filter(
            status__in=DirectiveTask.OPEN_STATES,
            directive__status=Directive.Status.PUBLISHED,
            parent__isnull=True,
        )
        .exclude(recurrence="")
        .order_by("id")
        .values_list("id", flat=True)
    )


def periodic_items_make(*, today: dt.date | None = None) -> int:
    """DIR-7: make the periodic items every open standing task owes by ``today``; returns how many
    were made. Run twice, it makes nothing the second time."""
    today = today or timezone.localdate()
    made = 0
    for task_id in open_standing_tasks():
        made += _items_for(task_id, today)
    return made


def _missing(standing: DirectiveTask, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    due = periods(standing.recurrence, standing.issued_on, standing.recurrence_until, today)
    if not due:
        return []
    have = set(DirectiveTask.objects.filter(parent_id=standing.pk).values_list("period_start", flat=True))
    return [period for period in due if period[0] not in have]


@transaction.atomic
def _items_for(task_id: int, today: dt.date) -> int:
    related = ("directive", "lead_unit", "monitor", "handler", "agency", "signer")
    standing = DirectiveTask.objects.select_related(*related).get(pk=task_id)
    if not _missing(standing, today):
        return 0  # the usual day: nothing owed, nothing locked
    # Lock the standing task: a second run waits here, then sees the items this one made.
    status = (
        DirectiveTask.objects.select_for_update().filter(pk=task_id).values_list("status", flat=True).first()
    )
    if status not in DirectiveTask.OPEN_STATES:
        return 0
    co_unit_ids = list(standing.co_units.values_list("pk", flat=True))
    made = 0
    for start, end in _missing(standing, today):
        if _make_item(standing, start, end, co_unit_ids) is not None:
            made += 1
    return made


def _make_item(
    standing: DirectiveTask, start: dt.date, end: dt.date, co_unit_ids: list[int]
) -> DirectiveTask | None:
    directive = standing.directive
    label = period_label(standing.recurrence, start, end)
    content = f"{standing.content} — kỳ {label}"
    deadline = item_deadline(start, end, standing.issued_on)
    try:
        with transaction.atomic():
            item = DirectiveTask.objects.create(
                directive=directive,
                position=standing.position,
                content=content,
                lead_unit=standing.lead_unit,
                lead_path=standing.lead_path,
                handler=standing.handler,
                monitor=standing.monitor,
                deadline=deadline,
                parent=standing,
                period_start=start,
                period_end=end,
                agency=standing.agency,
                signer=standing.signer,
                issued_on=standing.issued_on,
                urgency=standing.urgency,
                search_text=services._task_search_text(directive, content, standing.lead_unit),
            )
    except IntegrityError:
        logger.info("periodic item of task %s for %s already made", standing.pk, start)
        return None
    if co_unit_ids:
        item.co_units.set(co_unit_ids)
    TaskEvent.objects.create(
        task=item,
        kind=TaskEvent.Kind.ASSIGNED,
        actor_id=directive.entered_by_id,
        note=f"Kỳ {label}",
        unit=standing.lead_unit,
    )
    audit.record(
        actor=None,
        action="directives.task.created",
        obj=item,
        after={
            "parent": standing.pk,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "lead_unit": standing.lead_unit_id,
            "deadline": deadline.isoformat(),
            "monitor": standing.monitor_id,
        },
    )
    services._tell_assigned(item)
    return item
