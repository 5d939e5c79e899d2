"""Writes of the calendar screen: the agency's overrides of the national calendar.

Calendar changes are audited with their before and after (R-WD-5, R-SEC-2) and the working-day
cache is dropped at once and again when the transaction commits, so a deadline computed right after
the change (in this process, or in another thread once committed) sees it (R-WD-1).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays
from django.conf import settings
from django.db import IntegrityError, transaction

from congvu.core import audit, calendar
from congvu.core.decisions import Refused
from congvu.core.models import CalendarOverride
from congvu.core.text import clean_text
from congvu.portal.calendar.policies import can_manage_calendar

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def _baseline_day_off(day: dt.date) -> bool:
    """Off in the national baseline (holidays package), before any override."""
    national = holidays.country_holidays("VN", years=day.year)
    if day.month == 11 and day.day == 24 and not settings.VN_CULTURE_DAY_2411:
        return False
    return day in national


def _clean_override(
    *, date: Any, kind: str, name: str, source: str, current: CalendarOverride | None
) -> dict:
    if not isinstance(date, dt.date):
        raise Refused("Vui lòng chọn ngày.", field="date")
    calendar.check_in_horizon(date, field="date")
    if kind not in CalendarOverride.Kind.values:
        raise Refused("Vui lòng chọn loại ngày: ngày nghỉ hoặc ngày làm bù.", field="kind")
    name = clean_text(name)
    if not name:
        raise Refused("Vui lòng nhập tên ngày (ví dụ: Nghỉ bù Tết Dương lịch).", field="name")
    if len(name) > 200:
        raise Refused("Tên ngày dài quá 200 ký tự.", field="name")
    source = clean_text(source)
    if len(source) > 200:
        raise Refused("Căn cứ dài quá 200 ký tự.", field="source")
    if kind == CalendarOverride.Kind.WORKING_DAY and date.weekday() < 5 and not _baseline_day_off(date):
        raise Refused(
            f"Ngày {date:%d/%m/%Y} ({WEEKDAYS[date.weekday()]}) vốn là ngày làm việc: chỉ khai báo ngày làm "
            "bù cho thứ Bảy, Chủ nhật hoặc ngày lễ.",
            field="kind",
        )
    taken = CalendarOverride.objects.filter(date=date)
    if current is not None:
        taken = taken.exclude(pk=current.pk)
    if taken.exists():
        raise Refused(f"Ngày {date:%d/%m/%Y} đã có trong lịch điều chỉnh; hãy sửa dòng đó.", field="date")
    return {"date": date, "kind": kind, "name": name, "source": source}


def _check(actor: Any) -> None:
    if actor is None:  # the system itself (data loading)
        return
    can_manage_calendar(actor).require()


def _changed_calendar() -> None:
    calendar.invalidate()
    transaction.on_commit(calendar.invalidate)


def calendar_override_create(
    *, date: dt.date, kind: str, name: str, source: str = "", actor: Any
) -> CalendarOverride:
    """Declare a weekday off (nghỉ bù, hoán đổi) or a Saturday worked (làm bù), with its source."""
    _check(actor)
    values = _clean_override(date=date, kind=kind, name=name, source=source, current=None)
    try:
        with transaction.atomic():
            row = CalendarOverride(**values)
            row.save(force_insert=True)
            audit.record(actor=actor, action="core.calendar.override_created", obj=row, after=values)
            _changed_calendar()
    except IntegrityError:
        raise Refused(f"Ngày {date:%d/%m/%Y} đã có trong lịch điều chỉnh.", field="date") from None
    return row


def calendar_override_update(
    *, override: CalendarOverride, date: dt.date, kind: str, name: str, source: str = "", actor: Any
) -> CalendarOverride:
    _check(actor)
    values = _clean_override(date=date, kind=kind, name=name, source=source, current=override)
    try:
        with transaction.atomic():
            row = CalendarOverride.objects.select_for_update().get(pk=override.pk)
            before = {k: getattr(row, k) for k in values}
            changed = {k: v for k, v in values.items() if before[k] != v}
            if not changed:
                return row
            for key, value in changed.items():
                setattr(row, key, value)
            row.save(update_fields=list(changed))
            audit.record(
                actor=actor,
                action="core.calendar.override_updated",
                obj=row,
                before={k: before[k] for k in changed},
                after=changed,
            )
            _changed_calendar()
    except IntegrityError:
        raise Refused(f"Ngày {date:%d/%m/%Y} đã có trong lịch điều chỉnh.", field="date") from None
    return row


def calendar_override_delete(*, override: CalendarOverride, actor: Any) -> None:
    """Remove an override: the day goes back to the national baseline."""
    _check(actor)
    with transaction.atomic():
        row = CalendarOverride.objects.select_for_update().get(pk=override.pk)
        before = {"date": row.date, "kind": row.kind, "name": row.name, "source": row.source}
        audit.record(actor=actor, action="core.calendar.override_deleted", obj=row, before=before)
        row.delete()
        _changed_calendar()
