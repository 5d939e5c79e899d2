"""The jobs: closing at the deadline, reminding the day before (once each), and clearing a month after
the consultation's date at the beginning of the next month (seed 002 Đ7.5), with time frozen at the
period boundaries."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from congvu.collaboration.consultations import jobs, services
from congvu.collaboration.consultations.models import Consultation, ConsultationRecipient
from congvu.core import scheduler
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from tests.collaboration.consultations.conftest import appoint, post
from tests.conftest import VN, travel_to


def _posted_on(province, day: dt.date) -> Consultation:
    with travel_to(dt.datetime.combine(day, dt.time(9), tzinfo=VN)):
        c = post(province, appoint(province), deadline=timezone.now() + dt.timedelta(days=3))
        services.consultation_close(consultation=c, actor=province.truong_phong)
    return c


def _clear_at(moment: dt.datetime) -> int:
    with travel_to(moment):
        return jobs.consultations_clear.call()


def test_the_jobs_are_registered():
    scheduler.autodiscover()
    names = set(scheduler.REGISTRY)
    assert {
        "collaboration.consultations_expire",
        "collaboration.consultations_remind",
        "collaboration.consultations_clear",
    } <= names


def test_a_consultation_posted_in_november_is_kept_through_december_and_cleared_on_1_january(province):
    c = _posted_on(province, dt.date(2026, 11, 5))
    assert c.kept_until == dt.date(2026, 12, 5)
    assert _clear_at(dt.datetime(2026, 12, 1, 1, 30, tzinfo=VN)) == 0  # kept one month from 5/11
    assert _clear_at(dt.datetime(2026, 12, 31, 23, 59, tzinfo=VN)) == 0
    assert _clear_at(dt.datetime(2027, 1, 1, 1, 30, tzinfo=VN)) == 1
    assert not Consultation.objects.filter(pk=c.pk).exists()
    assert not ConsultationRecipient.objects.filter(consultation_id=c.pk).exists()
    assert (
        AuditEvent.objects.filter(action="collaboration.consultation.cleared", object_id=str(c.pk)).count()
        == 1
    )


def test_posted_on_the_last_day_of_a_month_it_waits_for_the_month_after_next(province):
    c = _posted_on(province, dt.date(2026, 10, 31))
    assert c.kept_until == dt.date(2026, 11, 30)
    assert _clear_at(dt.datetime(2026, 11, 30, 23, 0, tzinfo=VN)) == 0
    assert _clear_at(dt.datetime(2026, 12, 1, 0, 1, tzinfo=VN)) == 1


def test_posted_on_the_first_of_a_month_it_is_kept_until_the_first_of_the_next_and_cleared_a_month_later(
    province,
):
    c = _posted_on(province, dt.date(2026, 12, 1))
    assert c.kept_until == dt.date(2027, 1, 1)
    assert _clear_at(dt.datetime(2027, 1, 1, 1, 30, tzinfo=VN)) == 0
    assert _clear_at(dt.datetime(2027, 2, 1, 1, 30, tzinfo=VN)) == 1


def test_an_extended_consultation_is_kept_until_its_date(province):
    c = _posted_on(province, dt.date(2026, 11, 5))
    with travel_to(dt.date(2026, 12, 2)):
        services.consultation_keep(
            consultation=c,
            keep_until=dt.date(2027, 3, 15),
            reason="Phục vụ thanh tra",
            actor=province.quan_tri,
        )
    assert _clear_at(dt.datetime(2027, 1, 1, 1, 30, tzinfo=VN)) == 0
    assert _clear_at(dt.datetime(2027, 3, 31, 23, 0, tzinfo=VN)) == 0
    assert _clear_at(dt.datetime(2027, 4, 1, 1, 30, tzinfo=VN)) == 1


def test_an_open_consultation_is_never_cleared(province, clock):
    c = post(province, appoint(province))
    clock.move_to(dt.datetime(2027, 3, 1, 2, 0, tzinfo=VN))
    Consultation.objects.filter(pk=c.pk).update(deadline=timezone.now() + dt.timedelta(days=1))
    assert services.consultations_clear() == 0


def test_non_responders_are_reminded_the_day_before_the_deadline_once_each(province, clock):
    deadline = dt.datetime(2026, 12, 4, 17, 0, tzinfo=VN)
    c = post(province, appoint(province), deadline=deadline)
    services.consultation_answer(consultation=c, answer="no_comment", actor=province.chuyen_vien)
    clock.move_to(dt.datetime(2026, 12, 2, 8, 0, tzinfo=VN))  # two days before: not yet
    assert jobs.consultations_remind.call() == 0
    clock.move_to(dt.datetime(2026, 12, 3, 8, 0, tzinfo=VN))  # the day before
    assert jobs.consultations_remind.call() == 3
    assert jobs.consultations_remind.call() == 0  # once each
    reminded = set(
        Notification.objects.filter(kind="collaboration.consultation.reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert reminded == {"namhv", "lanvt", "hattt"}


def test_the_expire_job_closes_what_passed_its_deadline(province, clock):
    c = post(province, appoint(province))
    clock.move_to(c.deadline + dt.timedelta(minutes=1))
    assert jobs.consultations_expire.call() == 1
    c.refresh_from_db()
    assert c.status == Consultation.Status.CLOSED
