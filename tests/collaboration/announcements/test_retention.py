"""Keeping announcements (seed 002 Đ7.4): "01 quý kể từ ngày thông báo", cleared "vào tháng đầu của
quý sau", unless an administrator extends one. The clock stands at the quarter's edges."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.announcements import jobs, policies, services
from congvu.collaboration.announcements.models import Announcement, AnnouncementRead
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from tests.conftest import VN, travel_to

D = dt.date


@pytest.mark.parametrize(
    ("posted", "kept_until"),
    [
        (D(2026, 3, 31), D(2026, 6, 30)),  # the last day of a quarter: June has no 31st
        (D(2026, 1, 1), D(2026, 4, 1)),
        (D(2026, 2, 15), D(2026, 5, 15)),
        (D(2025, 11, 30), D(2026, 2, 28)),
        (D(2027, 11, 30), D(2028, 2, 29)),  # a leap year
        (D(2025, 12, 31), D(2026, 3, 31)),
    ],
)
def test_an_announcement_is_kept_one_quarter_from_its_date(posted, kept_until):
    assert policies.keep_until_for(posted) == kept_until


@pytest.mark.parametrize(
    ("today", "cutoff"),
    [
        (D(2026, 4, 1), D(2026, 4, 1)),
        (D(2026, 4, 30), D(2026, 4, 1)),
        (D(2026, 5, 1), None),  # the second month of the quarter: no clearing
        (D(2026, 6, 30), None),
        (D(2026, 7, 1), D(2026, 7, 1)),
        (D(2027, 1, 15), D(2027, 1, 1)),
    ],
)
def test_clearing_happens_in_the_first_month_of_a_quarter(today, cutoff):
    assert policies.clearing_cutoff(today) == cutoff


def _post_on(day, province, title):
    with travel_to(dt.datetime.combine(day, dt.time(16, 30), tzinfo=VN)):
        return services.announcement_post(
            capacity_key=f"agency:{province.units.snv.pk}",
            title=title,
            body="Nội dung thông báo.",
            whole_agency=True,
            actor=province.giam_doc,
        )


def _clear_on(clock, day):
    clock.move_to(dt.datetime.combine(day, dt.time(2, 30), tzinfo=VN))
    return jobs.announcements_clear.call()


def test_posted_on_the_last_day_of_a_quarter_it_outlives_the_next_quarter_and_goes_in_july(province, clock):
    last_day = _post_on(D(2026, 3, 31), province, "Kế hoạch quý II")
    year_end = _post_on(D(2025, 12, 31), province, "Tổng kết năm 2025")
    assert last_day.keep_until == D(2026, 6, 30)
    AnnouncementRead.objects.create(announcement=year_end, user=province.chuyen_vien)
    # April: the one of 31/12 has been kept its quarter (to 31/03) and goes; the one of 31/03 stays
    assert _clear_on(clock, D(2026, 4, 1)) == 1
    assert list(Announcement.objects.values_list("title", flat=True)) == ["Kế hoạch quý II"]
    assert not AnnouncementRead.objects.exists()
    # late April, May, the last day of June: nothing more
    assert _clear_on(clock, D(2026, 4, 30)) == 0
    assert _clear_on(clock, D(2026, 5, 2)) == 0
    assert _clear_on(clock, D(2026, 6, 30)) == 0
    assert Announcement.objects.filter(pk=last_day.pk).exists()
    # July, the first month of the next quarter: it goes, once
    assert _clear_on(clock, D(2026, 7, 1)) == 1
    assert _clear_on(clock, D(2026, 7, 1)) == 0
    assert not Announcement.objects.exists()
    events = AuditEvent.objects.filter(action="collaboration.announcement.cleared").order_by("id")
    assert [e.after["count"] for e in events] == [1, 1]


def test_posted_on_the_first_day_of_a_quarter_it_is_kept_past_the_next_april(province, clock):
    first_day = _post_on(D(2026, 1, 1), province, "Chúc mừng năm mới")
    assert first_day.keep_until == D(2026, 4, 1)  # its quarter ends on 01/04: cleared in July
    assert _clear_on(clock, D(2026, 4, 2)) == 0
    assert _clear_on(clock, D(2026, 7, 1)) == 1


def test_an_extended_announcement_is_kept(province, clock):
    kept = _post_on(D(2026, 3, 31), province, "Quy chế chi tiêu nội bộ")
    gone = _post_on(D(2026, 3, 31), province, "Lịch trực tuần")
    clock.move_to(dt.datetime(2026, 6, 15, 9, tzinfo=VN))
    services.announcement_extend(
        announcement=kept,
        keep_until=D(2026, 12, 31),
        reason="Còn áp dụng đến hết năm",
        actor=province.quan_tri,
    )
    assert _clear_on(clock, D(2026, 7, 1)) == 1
    assert list(Announcement.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Announcement.objects.filter(pk=gone.pk).exists()
    assert _clear_on(clock, D(2026, 10, 1)) == 0  # kept through 31/12
    assert _clear_on(clock, D(2027, 1, 4)) == 1
    event = AuditEvent.objects.get(action="collaboration.announcement.extended")
    assert event.note == "Còn áp dụng đến hết năm" and event.after == {"keep_until": "2026-12-31"}


def test_clearing_settles_the_audience_notices(province, clock):
    _post_on(D(2025, 12, 31), province, "Tổng kết năm 2025")
    assert Notification.objects.filter(kind="collaboration.announcement", read_at__isnull=True).exists()
    _clear_on(clock, D(2026, 4, 1))
    assert not Notification.objects.filter(kind="collaboration.announcement", read_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("keep_until", "reason", "field"),
    [
        (D(2027, 1, 1), "", "reason"),
        (D(2026, 6, 30), "Còn cần", "keep_until"),  # not later than now
        (D(2029, 1, 1), "Còn cần", "keep_until"),  # beyond two years
        (D(2027, 1, 1), "[MẬT] Hồ sơ đang thanh tra", "reason"),  # a secrecy marking in the reason
        (D(2027, 1, 1), "Còn cần\x00", "reason"),  # a control character
        (D(2027, 1, 1), "x" * 501, "reason"),  # too long
    ],
)
def test_an_extension_needs_a_later_day_within_two_years_and_a_reason(
    province, clock, keep_until, reason, field
):
    from congvu.core.decisions import Refused

    announcement = _post_on(D(2026, 3, 31), province, "Quy chế")
    clock.move_to(dt.datetime(2026, 6, 15, 9, tzinfo=VN))
    with pytest.raises(Refused) as refused:
        services.announcement_extend(
            announcement=announcement, keep_until=keep_until, reason=reason, actor=province.quan_tri
        )
    assert refused.value.field == field
    announcement.refresh_from_db()
    assert announcement.keep_until == D(2026, 6, 30)
    with pytest.raises(Refused) as not_admin:
        services.announcement_extend(
            announcement=announcement, keep_until=D(2026, 12, 31), reason="x", actor=province.giam_doc
        )
    assert not_admin.value.status == 403


def test_the_clearing_job_is_scheduled_daily_and_found_by_the_scheduler():
    from congvu.core import scheduler

    scheduler.autodiscover()
    job = scheduler.REGISTRY["collaboration.announcements_clear"]
    assert job.every == scheduler.DAY and job.at == dt.time(2, 30)
