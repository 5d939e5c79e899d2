"""Working days and deadlines: the test vectors of standards §4.2 (TV-WD-*), on the seeded calendar."""

from __future__ import annotations

import datetime as dt

import hypothesis
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from hypothesis import strategies as st

from congvu.core import calendar
from congvu.core.models import CalendarOverride

D = dt.date

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The calendar caches years for a minute; a rolled-back test must not leave its rows behind."""
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.mark.parametrize(
    ("vector", "start", "days", "due"),
    [
        ("TV-WD-1", D(2025, 1, 24), 1, D(2025, 2, 3)),
        ("TV-WD-2", D(2025, 1, 24), 3, D(2025, 2, 5)),
        ("TV-WD-3", D(2025, 4, 25), 1, D(2025, 4, 26)),
        ("TV-WD-4", D(2025, 4, 25), 2, D(2025, 4, 28)),
        ("TV-WD-6", D(2025, 8, 29), 1, D(2025, 9, 3)),
        ("TV-WD-7", D(2025, 12, 31), 1, D(2026, 1, 5)),
        ("TV-WD-8", D(2026, 1, 9), 1, D(2026, 1, 10)),
        ("TV-WD-9", D(2026, 2, 13), 3, D(2026, 2, 25)),
        ("TV-WD-10", D(2026, 2, 13), 1, D(2026, 2, 23)),
        ("TV-WD-11", D(2026, 4, 24), 1, D(2026, 4, 28)),
        ("TV-WD-13", D(2026, 8, 21), 1, D(2026, 8, 22)),
    ],
)
def test_working_day_deadlines_match_the_official_vectors(vector, start, days, due):
    assert calendar.add_working_days(start, days) == due, vector


def test_tv_wd_16_calendar_days_move_off_a_day_off():
    assert calendar.add_calendar_days(D(2026, 2, 10), 10) == D(2026, 2, 23)


@pytest.mark.parametrize("year", [2025, 2026])
def test_tv_wd_17_each_official_year_has_250_working_days(year):
    assert calendar.count_working_days(D(year, 1, 1), D(year, 12, 31)) == 250


def test_tv_wd_17_and_18_culture_day_counts_only_when_configured(settings):
    settings.VN_CULTURE_DAY_2411 = False
    calendar.invalidate()
    assert calendar.is_working_day(D(2026, 11, 24))
    assert calendar.count_working_days(D(2026, 1, 1), D(2026, 12, 31)) == 250

    settings.VN_CULTURE_DAY_2411 = True
    calendar.invalidate()
    assert not calendar.is_working_day(D(2026, 11, 24))
    assert calendar.count_working_days(D(2026, 1, 1), D(2026, 12, 31)) == 249
    assert calendar.add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)


def test_make_up_saturdays_can_be_left_out_of_deadlines(settings):
    settings.MAKEUP_SATURDAYS_COUNT = False
    calendar.invalidate()
    assert not calendar.is_working_day(D(2026, 1, 10))
    assert calendar.is_working_day(D(2026, 1, 10), for_deadline=False)
    assert calendar.add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 12)


def test_the_seed_names_its_source_documents():
    rows = {row.date: row for row in CalendarOverride.objects.filter(date__year__in=[2025, 2026])}
    assert rows[D(2026, 1, 2)].kind == CalendarOverride.Kind.DAY_OFF
    assert rows[D(2026, 1, 2)].source == "CV 12729/VPCP-KGVX"
    assert rows[D(2026, 1, 10)].kind == CalendarOverride.Kind.WORKING_DAY
    assert rows[D(2025, 4, 26)].kind == CalendarOverride.Kind.WORKING_DAY
    assert rows[D(2026, 8, 22)].kind == CalendarOverride.Kind.WORKING_DAY
    assert rows[D(2025, 5, 2)].kind == CalendarOverride.Kind.DAY_OFF
    assert rows[D(2026, 8, 31)].source == "TB 9441/TB-BNV"
    assert all(row.source for row in rows.values())
    # The weekdays off of the official tables: 12 in 2025, 13 in 2026.
    days_off = [d for d, row in rows.items() if row.kind == CalendarOverride.Kind.DAY_OFF]
    assert sum(d.year == 2025 for d in days_off) == 12
    assert sum(d.year == 2026 for d in days_off) == 13
    assert all(d.weekday() < 5 for d in days_off)


def test_an_override_edited_by_an_administrator_wins_over_the_baseline():
    # The baseline says 02/09/2025 is Quốc khánh; suppose the agency must work that day.
    assert not calendar.is_working_day(D(2025, 9, 2))
    row = CalendarOverride.objects.get(date=D(2025, 9, 2))
    row.kind = CalendarOverride.Kind.WORKING_DAY
    row.name = "Trực lễ"
    row.save()
    calendar.invalidate()
    assert calendar.is_working_day(D(2025, 9, 2))
    assert calendar.add_working_days(D(2025, 8, 29), 1) == D(2025, 9, 2)

    # And a weekday the baseline calls ordinary, declared off by the agency.
    CalendarOverride.objects.create(
        date=D(2026, 3, 6), kind=CalendarOverride.Kind.DAY_OFF, name="Nghỉ bầu cử", source="QĐ 1/QĐ-UBND"
    )
    calendar.invalidate()
    assert not calendar.is_working_day(D(2026, 3, 6))
    assert calendar.day_name(D(2026, 3, 6)) == "Nghỉ bầu cử"


def test_deleting_a_seeded_row_falls_back_to_the_baseline():
    # The holidays package does not know 02/01/2026 (standards §4.3): without the row it is a working day.
    CalendarOverride.objects.filter(date=D(2026, 1, 2)).delete()
    calendar.invalidate()
    assert calendar.is_working_day(D(2026, 1, 2))


# --- the command ----------------------------------------------------------------------------------


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_command_add_prints_the_due_date_in_both_forms():
    output = run("add", "2025-01-24", "3")
    assert "2025-02-05" in output
    assert "Thứ Tư, 05/02/2025" in output


def test_command_add_accepts_vietnamese_dates_and_calendar_days():
    output = run("add", "10/02/2026", "10", "--calendar-days")
    assert "2026-02-23 (Thứ Hai, 23/02/2026)" in output


def test_command_is_explains_an_override_with_its_source():
    output = run("is", "2026-01-02")
    assert "là ngày nghỉ" in output
    assert "CV 12729/VPCP-KGVX" in output
    output = run("is", "10/01/2026")
    assert "là ngày làm việc" in output
    assert "làm bù" in output


def test_command_is_explains_weekends_and_ordinary_days():
    assert "là ngày nghỉ — nghỉ hằng tuần" in run("is", "2026-03-07")
    assert "là ngày làm việc — ngày thường" in run("is", "2026-03-05")


def test_command_is_names_a_baseline_holiday(settings):
    settings.VN_CULTURE_DAY_2411 = True
    calendar.invalidate()
    assert "Ngày Văn hóa Việt Nam" in run("is", "2026-11-24")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2026-13-01", "1"), "không hợp lệ"),
        (("add", "hôm nay", "1"), "không hợp lệ"),
        (("add", "2026-01-02", "ba"), "Số ngày"),
        (("add", "2026-01-02", "-1"), "không được âm"),
        (("is", "31/02/2026"), "không hợp lệ"),
    ],
)
def test_command_refuses_bad_input_in_vietnamese(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


# --- the arithmetic against a walk over the days ---------------------------------------------------
# The calendar counts weekdays arithmetically and corrects them by the year's days off and make-up
# days; a walk over every day, kept here only, is the reference it must agree with.

SPAN = (D(2024, 1, 1), D(2028, 12, 31))


def _walk_count(first: dt.date, last: dt.date) -> int:
    count, day = 0, first
    while day <= last:
        count += calendar.is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def _walk_add(start: dt.date, days: int) -> dt.date:
    day = start
    if days == 0:
        while not calendar.is_working_day(day):
            day += dt.timedelta(days=1)
        return day
    for _ in range(days):
        day += dt.timedelta(days=1)
        while not calendar.is_working_day(day):
            day += dt.timedelta(days=1)
    return day


@hypothesis.settings(max_examples=150, deadline=None, derandomize=True)
@hypothesis.given(
    first=st.dates(*SPAN), length=st.integers(min_value=-3, max_value=900), makeup=st.booleans()
)
def test_counting_working_days_agrees_with_a_walk_over_the_days(first, length, makeup):
    with override_settings(MAKEUP_SATURDAYS_COUNT=makeup):
        last = first + dt.timedelta(days=length)
        assert calendar.count_working_days(first, last) == _walk_count(first, last)


@hypothesis.settings(max_examples=150, deadline=None, derandomize=True)
@hypothesis.given(start=st.dates(*SPAN), days=st.integers(min_value=0, max_value=600), makeup=st.booleans())
def test_adding_working_days_agrees_with_a_walk_over_the_days(start, days, makeup):
    with override_settings(MAKEUP_SATURDAYS_COUNT=makeup):
        assert calendar.add_working_days(start, days) == _walk_add(start, days)


def test_a_long_count_looks_at_the_days_off_not_at_every_day(monkeypatch):
    """Fourteen years of working days: the calendar judges only the years' days off and make-up
    days (a few hundred), never each of the five thousand days, and reads each year once."""
    judged = []
    judge = calendar.is_working_day
    monkeypatch.setattr(calendar, "is_working_day", lambda day, **kw: judged.append(day) or judge(day, **kw))
    due = calendar.add_working_days(D(2026, 12, 2), calendar.MAX_WORKING_DAYS)
    assert due.year == 2041
    assert len(set(judged)) < 20 * 17  # 2026..2042, about twenty special days a year
    assert calendar.count_working_days(D(2026, 12, 3), due) == calendar.MAX_WORKING_DAYS
