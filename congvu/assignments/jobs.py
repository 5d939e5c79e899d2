"""Reminders of work items (TASK-3; seed 000 Đ9.1), found by ``congvu.core.scheduler.autodiscover``.

- ``assignments.due_reminders`` (daily, 07:00): work due by the next working day — a deadline after
  today and no later than ``next_working_day(today)``, so on a Friday the work due on Saturday,
  Sunday or Monday is reminded (a deadline on a day off is never skipped).
- ``assignments.overdue_reminders`` (daily, 07:05): work whose deadline has passed and that is not
  finished, once per deadline, within ``OVERDUE_LOOKBACK_DAYS`` (so a deadline that passed during a
  long holiday is still reminded on the first working day after it).

Both go to the lead people (the person, or the current head of the lead unit) and the co-assignees,
in the app and by e-mail (``notify``). Work already submitted waits on the approver, not on them,
and is left out. Nothing is sent on days off; the next working day's run catches up.

Never twice for the same event: the ``event_key`` names the item and its deadline
(``assignment:{id}:due:{deadline}``, ``assignment:{id}:overdue:{deadline}``), and the notification
table refuses a second row with the same key for the same person. A granted extension moves the
deadline, so the new deadline gets its own reminders.

Efficient at a million items: one indexed query per batch of ``BATCH`` rows over
``(status, deadline)`` (``asg_status_deadline_idx``), walked by keyset on (deadline, id), plus three
queries per batch for the recipients and for the reminders already sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.assignments.models import Assignment, Participant
from congvu.core.calendar import is_working_day, next_working_day
from congvu.core.scheduler import periodic
from congvu.core.tasks_api import task
from congvu.org import tree

logger = logging.getLogger(__name__)

BATCH = 500
OVERDUE_LOOKBACK_DAYS = 31
REMINDED_STATES = (Assignment.Status.ASSIGNED, Assignment.Status.IN_PROGRESS, Assignment.Status.RETURNED)


def due_soon(today: dt.date) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        status__in=REMINDED_STATES, deadline__gt=today, deadline__lte=next_working_day(today)
    )


def overdue(today: dt.date) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        status__in=REMINDED_STATES,
        deadline__lt=today,
        deadline__gte=today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS),
    )


def _batches(queryset: QuerySet[Assignment]) -> Iterator[list[Assignment]]:
    """Keyset over (deadline, id): each batch is one query, whatever the table's size."""
    last: tuple[dt.date, int] | None = None
    while True:
        page = queryset
        if last is not None:
            page = page.filter(Q(deadline__gt=last[0]) | Q(deadline=last[0], id__gt=last[1]))
        rows = list(
            page.select_related("lead_user").only(
                "id", "title", "deadline", "status", "lead_user", "lead_unit_id", "lead_user__full_name",
                "lead_user__status", "lead_user__email",
            ).order_by("deadline", "id")[:BATCH]
        )  # fmt: skip
        if rows:
            yield rows
        if len(rows) < BATCH:
            return
        last = (rows[-1].deadline, rows[-1].pk)


def _recipients(rows: list[Assignment]) -> dict[int, list[Any]]:
    """item id → active lead people and co-assignees, in two queries for the whole batch."""
    unit_ids = {row.lead_unit_id for row in rows if row.lead_unit_id}
    heads = tree.heads_by_unit(unit_ids) if unit_ids else {}
    coordinators: dict[int, list[Any]] = defaultdict(list)
    for participant in Participant.objects.filter(
        assignment_id__in=[row.pk for row in rows], role=Participant.Role.COORDINATE
    ).select_related("user"):
        coordinators[participant.assignment_id].append(participant.user)
    result: dict[int, list[Any]] = {}
    for row in rows:
        leads = [row.lead_user] if row.lead_unit_id is None else heads.get(row.lead_unit_id, [])
        people = {p.pk: p for p in [*leads, *coordinators.get(row.pk, [])] if p.is_active}
        result[row.pk] = list(people.values())
    return result


def _already_sent(keys: list[str]) -> set[tuple[int, str]]:
    from congvu.notifications.models import Notification

    return set(Notification.objects.filter(event_key__in=keys).values_list("recipient_id", "event_key"))


def _remind(queryset: QuerySet[Assignment], *, event: str, kind: str, title: str, body: str) -> int:
    from congvu.assignments.services import AWAITS_RESULT
    from congvu.notifications.services import notify, subject_of

    sent = 0
    for rows in _batches(queryset):
        keys = {row.pk: f"assignment:{row.pk}:{event}:{row.deadline.isoformat()}" for row in rows}
        done = _already_sent(list(keys.values()))
        recipients = _recipients(rows)
        for row in rows:
            key = keys[row.pk]
            people = [p for p in recipients[row.pk] if (p.pk, key) not in done]
            if not people:
                continue
            created = notify(
                recipients=people,
                title=title,
                body=body,
                params={"title": row.title, "deadline": f"{row.deadline:%d/%m/%Y}"},
                url=reverse("assignments:detail", args=[row.pk]),
                kind=kind,
                event_key=key,
                subject=subject_of(row),
                awaits=AWAITS_RESULT,
            )
            sent += len(created)
    return sent


def remind_due(today: dt.date | None = None) -> int:
    """Remind the work due by the next working day; returns the number of notifications sent."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    return _remind(
        due_soon(today),
        event="due",
        kind="assignment.due",
        title=gettext_noop("Sắp đến hạn: %(title)s"),
        body=gettext_noop("Hạn hoàn thành %(deadline)s. Vui lòng cập nhật tiến độ và gửi kết quả đúng hạn."),
    )


def remind_overdue(today: dt.date | None = None) -> int:
    """Remind the work whose deadline has passed; returns the number of notifications sent."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    return _remind(
        overdue(today),
        event="overdue",
        kind="assignment.overdue",
        title=gettext_noop("Quá hạn: %(title)s"),
        body=gettext_noop(
            "Công việc đã quá hạn hoàn thành (%(deadline)s). Vui lòng báo cáo tiến độ, gửi kết quả "
            "hoặc đề nghị gia hạn."
        ),
    )


@periodic("assignments.due_reminders", every="day", at="07:00")
@task()
def due_reminders() -> int:
    return remind_due()


@periodic("assignments.overdue_reminders", every="day", at="07:05")
@task()
def overdue_reminders() -> int:
    return remind_overdue()
