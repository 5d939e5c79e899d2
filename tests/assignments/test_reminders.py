"""Reminders of due and overdue work (TASK-3; seed 000 Đ9.1): in the app and by e-mail, exactly once.

March 2026 has no holiday: Thursday 12, Friday 13, Saturday 14, Sunday 15, Monday 16.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from congvu.assignments import jobs, services
from congvu.assignments.models import Assignment
from congvu.core import scheduler
from congvu.notifications.models import Notification
from tests.assignments.workflow_cast import S, build_cast, fresh
from tests.conftest import travel_to


@pytest.fixture
def cast(province):
    return build_cast(province)


WED, THU, FRI, SAT, SUN, MON, TUE = (dt.date(2026, 3, d) for d in (11, 12, 13, 14, 15, 16, 17))


def work(cast, deadline, *, title="Rà soát biên chế", state=S.ASSIGNED):
    """Sơn → Minh, Hà co-assignee, Tuấn following: reminders go to Minh and Hà, never to Tuấn."""
    with travel_to(dt.date(2026, 3, 2)):  # given at the start of the month
        item = services.assignment_create(
            actor=fresh(cast.assigner),
            title=title,
            lead_user=cast.lead,
            start_date=dt.date(2026, 3, 2),
            deadline=deadline,
            co_assignees=[cast.co_assignee],
            followers=[cast.follower],
        )
    if state != S.ASSIGNED:
        Assignment.objects.filter(pk=item.pk).update(status=state)
    return item


def reminders(kind):
    return Notification.objects.filter(kind=kind)


def test_the_reminder_jobs_are_registered_with_the_scheduler():
    registry = scheduler.autodiscover()
    assert registry["assignments.due_reminders"].every == "day"
    assert registry["assignments.due_reminders"].at == dt.time(7, 0)
    assert registry["assignments.overdue_reminders"].at == dt.time(7, 5)


def test_work_due_next_working_day_is_reminded_exactly_once(cast, django_capture_on_commit_callbacks):
    item = work(cast, MON)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.remind_due(FRI) == 2  # Friday: Monday is the next working day
    assert jobs.remind_due(FRI) == 0  # a second run (or a second scheduler) sends nothing
    notes = reminders("assignment.due")
    assert set(notes.values_list("recipient__username", flat=True)) == {
        "minhnv",
        "hattt",
    }  # lead, co-assignee
    assert set(notes.values_list("event_key", flat=True)) == {f"assignment:{item.pk}:due:2026-03-16"}
    assert notes.first().title_text == "Sắp đến hạn: Rà soát biên chế"
    assert sorted(m.to[0] for m in mail.outbox) == ["hattt@binhson.gov.vn", "minhnv@binhson.gov.vn"]


def test_reminders_respect_working_days(cast):
    monday = work(cast, MON, title="Hạn thứ Hai")
    sunday = work(cast, MON, title="Hạn Chủ nhật")
    # A deadline on a day off can no longer be typed; rows from before the rule (or imported) keep theirs.
    Assignment.objects.filter(pk=sunday.pk).update(deadline=SUN)
    friday = work(cast, FRI, title="Hạn thứ Sáu")
    assert jobs.remind_due(THU) == 2  # only Friday's work: Monday's is not due "in 1 working day" yet
    assert set(reminders("assignment.due").values_list("event_key", flat=True)) == {
        f"assignment:{friday.pk}:due:2026-03-13"
    }
    assert jobs.remind_due(SAT) == 0  # nothing leaves on a day off
    assert jobs.remind_due(FRI) == 4  # Friday covers the weekend and Monday
    keys = set(reminders("assignment.due").values_list("event_key", flat=True))
    assert {f"assignment:{monday.pk}:due:2026-03-16", f"assignment:{sunday.pk}:due:2026-03-15"} <= keys


def test_finished_cancelled_and_submitted_work_is_not_reminded(cast):
    for state in (S.DONE, S.CANCELLED, S.SUBMITTED):
        work(cast, MON, title=f"Việc {state}", state=state)
        work(cast, WED, title=f"Việc quá hạn {state}", state=state)
    assert jobs.remind_due(FRI) == 0
    assert jobs.remind_overdue(FRI) == 0
    assert not Notification.objects.filter(kind__in=["assignment.due", "assignment.overdue"]).exists()


def test_overdue_work_is_reminded_once_per_deadline(cast):
    late = work(cast, WED, state=S.IN_PROGRESS)
    today = work(cast, THU, title="Hạn hôm nay", state=S.RETURNED)
    assert jobs.remind_overdue(THU) == 2  # Wednesday's work; Thursday's is due today, not late yet
    notes = reminders("assignment.overdue")
    assert set(notes.values_list("event_key", flat=True)) == {f"assignment:{late.pk}:overdue:2026-03-11"}
    assert notes.first().title_text == "Quá hạn: Rà soát biên chế"
    assert jobs.remind_overdue(FRI) == 2  # Thursday's work only: Wednesday's was told already
    assert jobs.remind_overdue(MON) == 0
    assert notes.filter(event_key=f"assignment:{today.pk}:overdue:2026-03-12").count() == 2


def test_a_granted_extension_brings_a_new_due_reminder(cast):
    item = work(cast, MON)
    assert jobs.remind_due(FRI) == 2
    with travel_to(FRI):
        extension = services.request_extension(
            item=item, actor=fresh(cast.lead), new_deadline=dt.date(2026, 3, 18), reason="Chờ số liệu"
        )
        services.decide_extension(extension=extension, actor=fresh(cast.assigner), grant=True)
    assert jobs.remind_due(MON) == 0  # Tuesday is not the new deadline
    assert jobs.remind_due(TUE) == 2
    assert jobs.remind_due(TUE) == 0
    # Still unread, the reminder of the old deadline is brought up to date, not doubled.
    assert sorted(reminders("assignment.due").values_list("event_key", "repeats")) == [
        (f"assignment:{item.pk}:due:2026-03-18", 2),
        (f"assignment:{item.pk}:due:2026-03-18", 2),
    ]
    assert jobs.remind_overdue(dt.date(2026, 3, 19)) == 2  # and it is overdue against the new deadline only


def test_work_given_to_a_unit_reminds_its_head(cast):
    province = cast.province
    with travel_to(dt.date(2026, 3, 2)):
        item = services.assignment_create(
            actor=fresh(province.giam_doc), title="Kiện toàn tổ chức", lead_unit=province.units.tcbc,
            start_date=dt.date(2026, 3, 2), deadline=MON,
        )  # fmt: skip
    assert jobs.remind_due(FRI) == 1
    note = reminders("assignment.due").get()
    assert (note.recipient_id, note.event_key) == (
        province.truong_phong.pk,
        f"assignment:{item.pk}:due:2026-03-16",
    )


def test_a_second_run_costs_a_few_queries_per_batch_whatever_was_sent(
    cast, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(jobs, "BATCH", 10)
    for n in range(35):
        work(cast, MON, title=f"Việc số {n}")
    assert jobs.remind_due(FRI) == 70
    # 4 batches × (items, co-assignees, reminders already sent), and the calendar's year at most.
    with django_assert_max_num_queries(4 * 3 + 1):
        assert jobs.remind_due(FRI) == 0


def test_the_jobs_run_through_the_tasks_api_for_the_day_they_run(cast, monkeypatch):
    due = work(cast, MON)
    late = work(cast, WED, title="Quá hạn")
    friday_morning = dt.datetime(2026, 3, 13, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    monkeypatch.setattr(timezone, "now", lambda: friday_morning)
    assert jobs.due_reminders.call() == 2  # Minh and Hà, for the work due on Monday
    assert jobs.overdue_reminders.call() == 2  # Minh and Hà, for the work due on Wednesday
    sent = Notification.objects.order_by("kind", "recipient_id").values_list(
        "kind", "recipient_id", "event_key"
    )
    lead, co_assignee = sorted([cast.lead.pk, cast.co_assignee.pk])
    assert list(sent.filter(kind__in=["assignment.due", "assignment.overdue"])) == [
        ("assignment.due", lead, f"assignment:{due.pk}:due:2026-03-16"),
        ("assignment.due", co_assignee, f"assignment:{due.pk}:due:2026-03-16"),
        ("assignment.overdue", lead, f"assignment:{late.pk}:overdue:2026-03-11"),
        ("assignment.overdue", co_assignee, f"assignment:{late.pk}:overdue:2026-03-11"),
    ]


@pytest.mark.parametrize("today", [SAT, SUN])
def test_nothing_is_sent_on_a_day_off(cast, today):
    work(cast, MON)
    work(cast, WED, title="Quá hạn")
    assert jobs.remind_due(today) == 0
    assert jobs.remind_overdue(today) == 0
