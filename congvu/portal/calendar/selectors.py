"""Reads for the calendar screen: the national baseline, the agency's overrides and the working
days of each month of a year (R-WD-1, R-WD-5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from congvu.core import calendar
from congvu.core.decisions import Refused
from congvu.core.models import CalendarOverride

# --- calendar -------------------------------------------------------------------------------------

WEEKDAY_NAMES = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)


def override_or_404(pk: int) -> CalendarOverride:
    override = CalendarOverride.objects.filter(pk=pk).first()
    if override is None:
        raise Refused.not_found("Không tìm thấy ngày điều chỉnh.")
    return override


def weekday_name(day: dt.date) -> str:
    return str(WEEKDAY_NAMES[day.weekday()])


@dataclass(frozen=True)
class BaselineDay:
    date: dt.date
    name: str
    is_workday: bool  # a make-up Saturday of the baseline
    counted: bool  # False: in the package but not applied here (24/11 until enacted)
    overridden: bool

    @property
    def weekday(self) -> str:
        return weekday_name(self.date)


@dataclass(frozen=True)
class OverrideRow:
    override: CalendarOverride

    @property
    def weekday(self) -> str:
        return weekday_name(self.override.date)


@dataclass(frozen=True)
class MonthCount:
    month: int
    working_days: int
    days: int


@dataclass(frozen=True)
class CalendarYear:
    year: int
    baseline: list[BaselineDay]
    overrides: list[OverrideRow]
    months: list[MonthCount]
    total: int


def calendar_year(year: int) -> CalendarYear:
    """The national baseline (read-only), the agency's overrides and the working days per month."""
    national = holidays.country_holidays("VN", years=year, language="vi")
    overrides = list(CalendarOverride.objects.filter(date__year=year).order_by("date"))
    overridden = {o.date for o in overrides}
    baseline = [
        BaselineDay(
            day,
            name,
            is_workday=False,
            counted=not (day.month == 11 and day.day == 24 and not settings.VN_CULTURE_DAY_2411),
            overridden=day in overridden,
        )
        for day, name in national.items()
    ]
    baseline += [
        BaselineDay(day, str(_("Ngày làm bù")), is_workday=True, counted=True, overridden=day in overridden)
        for day in getattr(national, "weekend_workdays", set())
        if day.year == year
    ]
    months = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        last = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
        months.append(MonthCount(month, calendar.count_working_days(first, last), last.day))
    return CalendarYear(
        year=year,
        baseline=sorted(baseline, key=lambda b: b.date),
        overrides=[OverrideRow(o) for o in overrides],
        months=months,
        total=sum(m.working_days for m in months),
    )
