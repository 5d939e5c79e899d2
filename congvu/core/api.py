"""Core in the API (/api/v1/): working days for every signed-in caller; the calendar overrides
(changes by administrators) and the audit log (administrators).

- ``GET  /workdays/add?date=&days=``   due date of "N ngày làm việc" from a date (R-WD-3)
- ``GET  /workdays/is?date=``          whether a day is a working day, and its name
- ``GET  /calendar/overrides?year=``   the agency's overrides of a year
- ``POST /calendar/overrides``, ``PUT|DELETE /calendar/overrides/{id}``   administrators; audited
- ``GET  /audit-events``               administrators; the screen's filters, newest first, keyset
  cursor (``next_cursor`` → ``cursor``)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from congvu.core import admin_selectors as selectors
from congvu.core import calendar, services
from congvu.core.admin_forms import AuditFilterForm
from congvu.core.admin_policies import can_manage_calendar, can_view_audit_log
from congvu.core.decisions import Decision
from congvu.core.models import CalendarOverride
from congvu.core.pagination import keyset_page

router = Router(tags=["core"])

MAX_DAYS = 3650
MAX_AUDIT_LIMIT = 500


def _require(decision: Decision) -> None:
    if not decision:
        raise HttpError(403, decision.reason)


class WorkdaysAddOut(Schema):
    start: dt.date
    days: int
    due: dt.date


class WorkdayIsOut(Schema):
    date: dt.date
    is_working_day: bool
    name: str


class OverrideIn(Schema):
    date: dt.date
    kind: str
    name: str = ""
    source: str = ""


class OverrideOut(Schema):
    id: int
    date: dt.date
    kind: str
    name: str
    source: str


class AuditEventOut(Schema):
    id: int
    occurred_at: dt.datetime
    occurred_at_local: str
    actor_id: int | None
    actor_name: str
    on_behalf_of_id: int | None
    on_behalf_of_name: str
    actor_display: str
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_repr: str
    note: str
    ip: str | None
    result: str
    before: dict[str, Any]
    after: dict[str, Any]


class AuditPageOut(Schema):
    items: list[AuditEventOut]
    next_cursor: str | None


VN_OFFSET = dt.timezone(dt.timedelta(hours=7))


@router.get("/workdays/add", response=WorkdaysAddOut, summary="Hạn theo ngày làm việc")
def workdays_add(request: HttpRequest, date: dt.date, days: int):
    if not 0 <= days <= MAX_DAYS:
        raise HttpError(400, f"Số ngày làm việc từ 0 đến {MAX_DAYS}.")
    return {"start": date, "days": days, "due": calendar.add_working_days(date, days)}


@router.get("/workdays/is", response=WorkdayIsOut, summary="Có phải ngày làm việc")
def workdays_is(request: HttpRequest, date: dt.date):
    return {"date": date, "is_working_day": calendar.is_working_day(date), "name": calendar.day_name(date)}


@router.get("/calendar/overrides", response=list[OverrideOut], summary="Ngày điều chỉnh lịch của một năm")
def overrides_list(request: HttpRequest, year: int):
    if not 1900 < year < 2200:
        raise HttpError(400, "Năm không hợp lệ.")
    return list(CalendarOverride.objects.filter(date__year=year).order_by("date"))


@router.post("/calendar/overrides", response={201: OverrideOut}, summary="Thêm ngày điều chỉnh lịch")
def overrides_create(request: HttpRequest, payload: OverrideIn):
    _require(can_manage_calendar(request.user))
    row = services.calendar_override_create(actor=request.user, **payload.dict())
    return Status(201, row)


@router.put("/calendar/overrides/{override_id}", response=OverrideOut, summary="Sửa ngày điều chỉnh lịch")
def overrides_update(request: HttpRequest, override_id: int, payload: OverrideIn):
    _require(can_manage_calendar(request.user))
    override = get_object_or_404(CalendarOverride, pk=override_id)
    return services.calendar_override_update(override=override, actor=request.user, **payload.dict())


@router.delete("/calendar/overrides/{override_id}", response={204: None}, summary="Xóa ngày điều chỉnh lịch")
def overrides_delete(request: HttpRequest, override_id: int):
    _require(can_manage_calendar(request.user))
    override = get_object_or_404(CalendarOverride, pk=override_id)
    services.calendar_override_delete(override=override, actor=request.user)
    return Status(204, None)


def _event_out(event: Any) -> dict[str, Any]:
    return {
        "id": event.pk,
        "occurred_at": event.occurred_at,
        "occurred_at_local": event.occurred_at.astimezone(VN_OFFSET).isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "on_behalf_of_id": event.on_behalf_of_id,
        "on_behalf_of_name": event.on_behalf_of_name,
        "actor_display": str(event.actor_display),
        "action": event.action,
        "action_label": selectors.action_label(event.action),
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "note": event.note,
        "ip": event.ip,
        "result": event.result,
        "before": event.before or {},
        "after": event.after or {},
    }


@router.get("/audit-events", response=AuditPageOut, summary="Nhật ký hệ thống")
def audit_events(request: HttpRequest, cursor: str = "", limit: int = 0):
    """Query parameters as on the screen: actor, action (prefix), object_type, object_id, date_from,
    date_to (local days, YYYY-MM-DD), ip (address or its beginning), result."""
    _require(can_view_audit_log(request.user))
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(str(m) for m in msgs)}" for name, msgs in form.errors.items())
        raise HttpError(400, errors)
    size = max(1, min(limit or settings.PAGE_SIZE, MAX_AUDIT_LIMIT))
    page = keyset_page(
        selectors.audit_events(form.filters()), order=("-id",), after=cursor or None, size=size
    )
    return {"items": [_event_out(e) for e in page.items], "next_cursor": page.next_cursor}
