"""The agency's calendar overrides in the API (/api/v1/calendar/overrides): read by every
signed-in caller, changed by administrators; every change audited (R-WD-1, R-WD-5).

- ``GET  /calendar/overrides?year=``   the agency's overrides of a year
- ``POST /calendar/overrides``, ``PUT|DELETE /calendar/overrides/{id}``   administrators
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.core.models import CalendarOverride
from congvu.portal.calendar import selectors, services
from congvu.portal.calendar.policies import can_manage_calendar

router = Router(tags=["core"])


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


@router.get(
    "/calendar/overrides",
    response=errors(400, ok=list[OverrideOut]),
    summary="Ngày điều chỉnh lịch của một năm",
)
def overrides_list(request: HttpRequest, year: int):
    if not 1900 < year < 2200:
        raise Refused.invalid("Năm không hợp lệ.", field="year")
    return list(CalendarOverride.objects.filter(date__year=year).order_by("date"))


@router.post(
    "/calendar/overrides",
    response=errors(400, 403, ok=OverrideOut, ok_status=201),
    summary="Thêm ngày điều chỉnh lịch",
)
def overrides_create(request: HttpRequest, payload: OverrideIn):
    can_manage_calendar(request.user).require()
    row = services.calendar_override_create(actor=request.user, **payload.dict())
    return Status(201, row)


@router.put(
    "/calendar/overrides/{override_id}",
    response=errors(400, 403, 404, 409, ok=OverrideOut),
    summary="Sửa ngày điều chỉnh lịch",
)
def overrides_update(request: HttpRequest, override_id: Id, payload: OverrideIn):
    can_manage_calendar(request.user).require()
    override = selectors.override_or_404(override_id)
    return services.calendar_override_update(override=override, actor=request.user, **payload.dict())


@router.delete(
    "/calendar/overrides/{override_id}",
    response=errors(400, 403, 404, 409, ok=None, ok_status=204),
    summary="Xóa ngày điều chỉnh lịch",
)
def overrides_delete(request: HttpRequest, override_id: Id):
    can_manage_calendar(request.user).require()
    override = selectors.override_or_404(override_id)
    services.calendar_override_delete(override=override, actor=request.user)
    return Status(204, None)
