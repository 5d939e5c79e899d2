"""Standing directives make their periodic report items by themselves (DIR-7; seed 001 Đ5.1).

The deadlines are written by hand from the calendar (shared/standards.md §4): an item is due on
the last working day of its period — 31/01/2027 is a Sunday, so January's report is due Friday
29/01; Tết Đinh Mùi 2027 (estimated) keeps Thursday 04/02 to Wednesday 10/02 off, so the week of
01/02 is due Wednesday 03/02; 01/01/2027 is off, so the week of 28/12/2026 is due Thursday 31/12.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.core.scheduler import autodiscover
from congvu.directives import services
from congvu.directives.models import DirectiveTask, TaskEvent
from congvu.directives.recurring.services import periodic_items_make
from congvu.notifications.models import Notification
from tests.directives.cast import enter, task_input

S = DirectiveTask.Status
D = dt.date


def standing(province, recurrence, *, issued_on, until, number="200/UBND-VP", co_units=()):
    units = province.units
    directive = enter(
        province,
        number=number,
        issued_on=issued_on,
        tasks=[
            task_input(
                province,
                units.snv,
                content="Báo cáo tình hình cải cách hành chính",
                deadline=until,
                co_units=co_units,
                recurrence=recurrence,
                recurrence_until=until,
            )
        ],
    )
    return directive.tasks.get()


def items(task):
    return list(
        task.items.order_by("period_start").values_list("period_start", "period_end", "deadline", "content")
    )


def test_a_weekly_task_makes_one_item_a_week_through_tet(province):
    task = standing(province, "weekly", issued_on=D(2026, 12, 1), until=D(2027, 2, 10))
    assert periodic_items_make(today=D(2027, 2, 10)) == 11
    made = items(task)
    assert len(made) == 11
    assert made[0] == (
        D(2026, 11, 30),
        D(2026, 12, 6),
        D(2026, 12, 4),  # Friday: the week ends on a Sunday
        "Báo cáo tình hình cải cách hành chính — kỳ Tuần 49/2026 (30/11–06/12)",
    )
    by_start = {start: (end, deadline, content) for start, end, deadline, content in made}
    # 01/01/2027 (Friday) is off: the last working day of that week is Thursday 31/12.
    assert by_start[D(2026, 12, 28)][:2] == (D(2027, 1, 3), D(2026, 12, 31))
    assert by_start[D(2026, 12, 28)][2].endswith("kỳ Tuần 53/2026 (28/12–03/01)")
    # Tết 2027: Thursday 04/02 and Friday 05/02 are off, the week is due Wednesday 03/02 …
    assert by_start[D(2027, 2, 1)][:2] == (D(2027, 2, 7), D(2027, 2, 3))
    # … and the week after, off Monday to Wednesday, on Friday 12/02.
    assert by_start[D(2027, 2, 8)][:2] == (D(2027, 2, 14), D(2027, 2, 12))
    assert by_start[D(2027, 2, 8)][2].endswith("kỳ Tuần 6/2027 (08/02–14/02)")


def test_a_monthly_task_is_due_on_the_last_working_day_of_each_month(province):
    task = standing(province, "monthly", issued_on=D(2026, 11, 10), until=D(2027, 3, 31))
    assert periodic_items_make(today=D(2027, 3, 1)) == 5
    assert [(start, end, deadline) for start, end, deadline, _c in items(task)] == [
        (D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 30)),
        (D(2026, 12, 1), D(2026, 12, 31), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 1, 31), D(2027, 1, 29)),  # 31/01 is a Sunday
        (D(2027, 2, 1), D(2027, 2, 28), D(2027, 2, 26)),  # 28/02 is a Sunday
        (D(2027, 3, 1), D(2027, 3, 31), D(2027, 3, 31)),  # started today
    ]
    assert items(task)[2][3].endswith("— kỳ Tháng 1/2027")


def test_a_quarterly_task_makes_one_item_a_quarter(province):
    task = standing(province, "quarterly", issued_on=D(2026, 11, 10), until=D(2027, 6, 30))
    assert periodic_items_make(today=D(2027, 4, 1)) == 3
    assert [
        (start, end, deadline, content.rsplit("— ", 1)[1]) for start, end, deadline, content in items(task)
    ] == [
        (D(2026, 10, 1), D(2026, 12, 31), D(2026, 12, 31), "kỳ Quý IV/2026"),
        (D(2027, 1, 1), D(2027, 3, 31), D(2027, 3, 31), "kỳ Quý I/2027"),
        (D(2027, 4, 1), D(2027, 6, 30), D(2027, 6, 30), "kỳ Quý II/2027"),
    ]


def test_an_item_keeps_the_standing_tasks_agencies_and_tells_the_agency(province):
    units = province.units
    task = standing(
        province, "monthly", issued_on=D(2026, 11, 10), until=D(2027, 3, 31), co_units=[units.stc]
    )
    assert not Notification.objects.filter(kind="directive.task.assigned").exists()  # the container
    periodic_items_make(today=D(2026, 12, 2))
    item = task.items.get(period_start=D(2026, 12, 1))
    assert (item.lead_unit, item.monitor, item.urgency, item.parent) == (
        units.snv,
        province.theo_doi,
        task.urgency,
        task,
    )
    assert list(item.co_units.all()) == [units.stc]
    assert (item.agency, item.signer, item.issued_on, item.status) == (
        task.agency,
        task.signer,
        task.issued_on,
        S.NEW,
    )
    told = Notification.objects.filter(kind="directive.task.assigned", recipient=province.giam_doc)
    assert told.count() == 2  # November and December
    event = item.events.get()
    assert (event.kind, event.actor, event.note) == (
        TaskEvent.Kind.ASSIGNED,
        province.theo_doi,
        "Kỳ Tháng 12/2026",
    )
    audited = AuditEvent.objects.filter(action="directives.task.created", object_id=str(item.pk)).get()
    assert audited.actor is None  # the system made it
    assert audited.after["parent"] == task.pk


def test_making_items_twice_makes_nothing_new(province):
    task = standing(province, "weekly", issued_on=D(2026, 12, 1), until=D(2027, 2, 10))
    assert periodic_items_make(today=D(2026, 12, 20)) == 3
    assert periodic_items_make(today=D(2026, 12, 20)) == 0
    assert periodic_items_make(today=D(2026, 12, 21)) == 1
    assert task.items.count() == 4


def test_the_database_refuses_a_second_item_for_the_same_period(province):
    task = standing(province, "monthly", issued_on=D(2026, 11, 10), until=D(2027, 3, 31))
    periodic_items_make(today=D(2026, 11, 10))
    item = task.items.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectiveTask.objects.create(
            directive=item.directive, content="x", lead_unit=item.lead_unit, lead_path=item.lead_path,
            monitor=item.monitor, deadline=item.deadline, parent=task, period_start=item.period_start,
            period_end=item.period_end, agency=item.agency, signer=item.signer, issued_on=item.issued_on,
        )  # fmt: skip


def test_no_item_for_a_period_starting_after_the_end_date(province):
    task = standing(province, "monthly", issued_on=D(2026, 11, 10), until=D(2027, 1, 15))
    assert periodic_items_make(today=D(2027, 6, 1)) == 3  # November, December, January
    assert max(task.items.values_list("period_start", flat=True)) == D(2027, 1, 1)


def test_a_cancelled_standing_task_makes_no_item(province):
    task = standing(province, "weekly", issued_on=D(2026, 12, 1), until=D(2027, 2, 10))
    services.task_cancel(task=task, actor=province.theo_doi, reason="Văn bản đã được thay thế")
    assert periodic_items_make(today=D(2027, 1, 10)) == 0
    assert not task.items.exists()


def test_a_draft_directive_makes_no_item_until_it_is_given(province):
    units = province.units
    directive = enter(
        province,
        number="201/UBND-VP",
        issued_on=D(2026, 11, 10),
        publish=False,
        tasks=[
            task_input(province, units.snv, deadline=D(2027, 3, 31), recurrence="monthly",
                       recurrence_until=D(2027, 3, 31))
        ],
    )  # fmt: skip
    assert periodic_items_make(today=D(2026, 12, 2)) == 0
    services.directive_publish(directive=directive, actor=province.theo_doi)
    assert periodic_items_make(today=D(2026, 12, 2)) == 2


def test_items_are_reported_and_approved_while_the_standing_task_refuses_a_report(province):
    task = standing(province, "monthly", issued_on=D(2026, 11, 10), until=D(2027, 3, 31))
    periodic_items_make()
    with pytest.raises(Refused) as refused:
        services.task_report(task=task, actor=province.giam_doc, content="Báo cáo", proposal="done")
    assert refused.value.kind == Refused.Kind.NOT_ALLOWED
    item = task.items.get(period_start=D(2026, 11, 1))
    report = services.task_report(
        task=item, actor=province.giam_doc, content="Đã báo cáo tháng 11", proposal="done"
    )
    assert DirectiveTask.objects.get(pk=item.pk).status == S.REPORTED
    done = services.report_approve(report=report, actor=province.theo_doi)
    assert done.status == S.DONE
    assert DirectiveTask.objects.get(pk=task.pk).status == S.NEW  # the container stays open


def test_the_daily_job_is_found_by_the_scheduler():
    job = autodiscover()["directives.periodic_items"]
    assert (job.every, job.at) == ("day", dt.time(6, 30))


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_instant_make_each_item_once(province):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite test database is shared by threads without BEGIN IMMEDIATE locks")
    task = standing(province, "weekly", issued_on=D(2026, 12, 1), until=D(2027, 2, 10))
    barrier = threading.Barrier(2)
    made: list[object] = [None, None]

    def run(i):
        try:
            barrier.wait(timeout=10)
            made[i] = periodic_items_make(today=D(2027, 2, 10))
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            made[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(made) == [0, 11]  # type: ignore[type-var]
    assert task.items.count() == 11
