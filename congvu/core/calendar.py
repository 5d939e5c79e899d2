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

_CACHE_SECONDS = 60
_lock = threading.Lock()
_years: dict[int, tuple[float, frozenset[dt.date], frozenset[dt.date], dict[dt.date, str]]] = {}


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


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start: dt.date, days: int) -> dt.date:
    """'N ngày làm việc' from ``start``: the first day is not counted (Civil Code Art. 147; R-WD-3)."""
    if days < 0:
        raise ValueError("days must not be negative")
    if days == 0:
        return start if is_working_day(start) else next_working_day(start)
    current = start
    for _ in range(days):
        current = next_working_day(current)
    return current


def add_calendar_days(start: dt.date, days: int) -> dt.date:
    """'N ngày' (calendar): D + N, moved to the next working day when that day is off (Art. 148)."""
    due = start + dt.timedelta(days=days)
    return due if is_working_day(due) else next_working_day(due)


def count_working_days(first: dt.date, last: dt.date) -> int:
    """Working days in the closed interval [first, last]."""
    count, day = 0, first
    while day <= last:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count
