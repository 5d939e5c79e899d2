"""Working days and deadline arithmetic (standards §4; every deadline in every module uses it).

Baseline: the ``holidays`` package's Vietnamese calendar (lunar Tết at UTC+7, compensation days,
swaps it knows). On top: the ``CalendarOverride`` table, editable by administrators and seeded with
the official 2025 and 2026 rows, which always wins (R-WD-1). 24/11 (Ngày Văn hóa Việt Nam) counts
as a day off only when ``CONGVU_VN_CULTURE_DAY_2411`` is on (TV-WD-18).
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import holidays
from django.conf import settings
from django.utils import timezone

from congvu.core.decisions import Refused

_CACHE_SECONDS = 60
MAX_WORKING_DAYS = 3650  # the longest "N ngày làm việc" anyone may ask for (about fourteen years)
_lock = threading.Lock()
_years: dict[int, tuple[float, frozenset[dt.date], frozenset[dt.date], dict[dt.date, str]]] = {}


def horizon(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day a person may type: today ± ``CONGVU_DATE_HORIZON_YEARS`` years.

    Every date a form or the API takes is held to it, so no stored day lies where the calendar's
    arithmetic (or a year's holidays) would have to reach centuries away."""
    today = today or timezone.localdate()
    years = settings.DATE_HORIZON_YEARS
    return _shift_years(today, -years), _shift_years(today, years)


def _shift_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_in_horizon(day: dt.date, *, field: str | None, today: dt.date | None = None) -> dt.date:
    """``day`` when it lies within the horizon; otherwise refused on ``field`` (invalid input)."""
    first, last = horizon(today)
    if not first <= day <= last:
        raise Refused.invalid(
            f"Ngày {day:%d/%m/%Y} nằm ngoài khoảng cho phép (từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}).",
            field=field,
        )
    return day


def check_working_day_count(days: int, *, field: str, minimum: int = 0) -> int:
    """A count of working days someone typed, from ``minimum`` to ``MAX_WORKING_DAYS``."""
    if isinstance(days, bool) or not isinstance(days, int) or not minimum <= days <= MAX_WORKING_DAYS:
        raise Refused.invalid(f"Số ngày làm việc từ {minimum} đến {MAX_WORKING_DAYS}.", field=field)
    return days


def invalidate() -> None:
    """Forget cached years (called when an override row changes)."""
    with _lock:
        _years.clear()


def _load_year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date], dict[dt.date, str]]:
    from congvu.core.models import CalendarOverride

    now = time.monotonic()
    with _lock:
        cached = _years.get(year)
        if cached and now - cached[0] < _CACHE_SECONDS:
            return cached[1], cached[2], cached[3]
    national = holidays.country_holidays("VN", years=year, language="vi")
    off: set[dt.date] = set()
    names: dict[dt.date, str] = {}
    for day, name in national.items():
        if day.month == 11 and day.day == 24 and not settings.VN_CULTURE_DAY_2411:
            continue
        off.add(day)
        names[day] = name
    extra_work: set[dt.date] = {d for d in getattr(national, "weekend_workdays", set()) if d.year == year}
    for row in CalendarOverride.objects.filter(date__year=year):
        if row.kind == CalendarOverride.Kind.DAY_OFF:
            off.add(row.date)
            extra_work.discard(row.date)
        else:
            off.discard(row.date)
            extra_work.add(row.date)
        names[row.date] = row.name
    result = (frozenset(off), frozenset(extra_work), names)
    with _lock:
        _years[year] = (now, *result)
    return result


def is_working_day(day: dt.date, *, for_deadline: bool = True) -> bool:
    """A weekday that is not off, or a make-up Saturday (R-WD-2).

    Make-up Saturdays count for deadlines unless ``CONGVU_MAKEUP_SATURDAYS_COUNT`` is off.
    """
    off, extra_work, _ = _load_year(day.year)
    if day in extra_work:
        return settings.MAKEUP_SATURDAYS_COUNT or not for_deadline
    if day in off:
        return False
    return day.weekday() < 5


def day_name(day: dt.date) -> str:
    """The holiday or make-up day's name, '' for an ordinary day."""
    return _load_year(day.year)[2].get(day, "")


def _weekdays_through(ordinal: int) -> int:
    """Mondays to Fridays from 1 January of year 1 (ordinal 1, a Monday) through ``ordinal``."""
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def _corrections(first: dt.date, last: dt.date) -> int:
    """What the year's days off and make-up days change to the weekday count of [first, last]:
    one look at each such day, not at every day of the range."""
    total = 0
    for year in range(first.year, last.year + 1):
        off, extra_work, _ = _load_year(year)
        for day in off | extra_work:
            if first <= day <= last:
                total += is_working_day(day) - (day.weekday() < 5)
    return total


def count_working_days(first: dt.date, last: dt.date) -> int:
    """Working days in the closed interval [first, last], in O(days off and make-up days in range)."""
    if last < first:
        return 0
    weekdays = _weekdays_through(last.toordinal()) - _weekdays_through(first.toordinal() - 1)
    return weekdays + _corrections(first, last)


def _nth_working_day_after(day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day strictly after ``day`` (n >= 1): a search over the span, each step
    counted arithmetically, so a long count costs a few dozen lookups instead of a walk."""
    # The span holds n weekdays and room for the days off of the years it covers (a month a year).
    low, high = 1, 7 * n // 5 + 31 * (n // 240 + 1)
    while count_working_days(day + dt.timedelta(days=1), day + dt.timedelta(days=high)) < n:
        low, high = high, high * 2
    while low < high:  # the smallest offset whose span holds n working days
        middle = (low + high) // 2
        if count_working_days(day + dt.timedelta(days=1), day + dt.timedelta(days=middle)) >= n:
            high = middle
        else:
            low = middle + 1
    return day + dt.timedelta(days=low)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    return _nth_working_day_after(day, 1)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """'N ngày làm việc' from ``start``: the first day is not counted (Civil Code Art. 147; R-WD-3)."""
    if days < 0:
        raise ValueError("days must not be negative")
    if days == 0:
        return start if is_working_day(start) else next_working_day(start)
    return _nth_working_day_after(start, days)


def add_calendar_days(start: dt.date, days: int) -> dt.date:
    """'N ngày' (calendar): D + N, moved to the next working day when that day is off (Art. 148)."""
    due = start + dt.timedelta(days=days)
    return due if is_working_day(due) else next_working_day(due)
