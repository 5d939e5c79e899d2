"""Retention (COL-1; seed 002 Đ7.1: "Thời hạn lưu trữ ... là 01 năm. Vào tháng 01 của năm sau ... xóa
thông tin ... của năm trước"), with the clock frozen at the year's boundaries. The previous year is
cleared on the last day of January (or the first run after it); one audit event with the counts."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.calendar import jobs, services
from congvu.collaboration.calendar.models import CalendarEntry, CalendarFile, CalendarWeek
from congvu.core.models import AuditEvent, StoredFile
from tests.collaboration.calendar.cast import build_calendar_cast, entry
from tests.conftest import travel_to

DEC_31 = dt.date(2026, 12, 31)


@pytest.fixture
def cast(province):
    cast = build_calendar_cast(province)
    with travel_to(DEC_31):
        cast.last_day = entry(cast, cast.agency, content="Tổng kết công tác năm 2026", day=DEC_31)
        services.week_publish(calendar=cast.agency, week_start=dt.date(2026, 12, 28), actor=cast.chanh_vp)
        cast.file = services.calendar_file_attach(
            calendar=cast.tcbc,
            month=DEC_31,
            upload=("lich-12.txt", "Lịch tháng 12".encode()),
            actor=cast.truong_phong,
        )
    with travel_to(dt.date(2027, 1, 5)):
        cast.new_year = entry(
            cast, cast.agency, content="Họp triển khai nhiệm vụ năm 2027", day=dt.date(2027, 1, 5)
        )
    return cast


def _run_on(day):
    with travel_to(dt.datetime.combine(day, dt.time(2, 40), tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        return jobs.calendar_retention.call()


@pytest.mark.parametrize("day", [DEC_31, dt.date(2027, 1, 1), dt.date(2027, 1, 30)])
def test_the_year_is_kept_until_the_last_day_of_january(cast, day):
    assert _run_on(day) == 0
    assert CalendarEntry.objects.count() == 2 and CalendarFile.objects.count() == 1
    assert not AuditEvent.objects.filter(action="collaboration.calendarentry.cleared").exists()


@pytest.mark.parametrize("day", [dt.date(2027, 1, 31), dt.date(2027, 2, 14)])
def test_the_previous_year_is_cleared_at_the_end_of_january(cast, day):
    stored = cast.file.stored_file_id
    assert _run_on(day) == 1
    assert list(CalendarEntry.objects.all()) == [cast.new_year]
    assert not CalendarFile.objects.exists() and not StoredFile.objects.filter(pk=stored).exists()
    # the week straddling the new year stays for its January days
    assert CalendarWeek.objects.filter(week_start=dt.date(2026, 12, 28)).exists()
    cleared = AuditEvent.objects.get(action="collaboration.calendarentry.cleared")
    assert cleared.after == {"entries": 1, "weeks": 0, "files": 1, "before": "2027-01-01"}
    assert _run_on(day) == 0  # nothing left: no second event
    assert AuditEvent.objects.filter(action="collaboration.calendarentry.cleared").count() == 1


def test_the_retention_period_is_a_setting(cast, settings):
    settings.CALENDAR_RETENTION_YEARS = 2
    assert _run_on(dt.date(2027, 1, 31)) == 0
    assert services.retention_cutoff(dt.date(2028, 1, 31)) == dt.date(2027, 1, 1)


@pytest.mark.parametrize("value", ["một", "0", "51"])
def test_a_bad_retention_setting_fails_loudly(value):
    import os
    import subprocess
    import sys

    env = {**os.environ, "CONGVU_CALENDAR_RETENTION_YEARS": value}
    run = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import congvu.settings"], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode != 0 and "CONGVU_CALENDAR_RETENTION_YEARS" in run.stderr


def test_the_job_is_registered_daily():
    from congvu.core import scheduler

    scheduler.autodiscover()
    job = scheduler.REGISTRY["collaboration.calendar_retention"]
    assert job.every == "day"
