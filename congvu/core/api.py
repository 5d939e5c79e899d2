"""Core in the API (/api/v1/): working days, for every signed-in caller.

- ``GET  /workdays/add?date=&days=``   due date of "N ngày làm việc" from a date (R-WD-3)
- ``GET  /workdays/is?date=``          whether a day is a working day, and its name
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from congvu.core import calendar
from congvu.core.api_errors import errors

router = Router(tags=["core"])


class WorkdaysAddOut(Schema):
    start: dt.date
    days: int
    due: dt.date


class WorkdayIsOut(Schema):
    date: dt.date
    is_working_day: bool
    name: str


@router.get("/workdays/add", response=errors(400, ok=WorkdaysAddOut), summary="Hạn theo ngày làm việc")
def workdays_add(request: HttpRequest, date: dt.date, days: int):
    calendar.check_in_horizon(date, field="date")
    calendar.check_working_day_count(days, field="days")
    return {"start": date, "days": days, "due": calendar.add_working_days(date, days)}


@router.get("/workdays/is", response=errors(400, ok=WorkdayIsOut), summary="Có phải ngày làm việc")
def workdays_is(request: HttpRequest, date: dt.date):
    calendar.check_in_horizon(date, field="date")
    return {"date": date, "is_working_day": calendar.is_working_day(date), "name": calendar.day_name(date)}
