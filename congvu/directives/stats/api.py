"""DIR-6 in the API: the same selectors, policies and services as the report screen.

    GET  /api/v1/directives/statistics?agency_id=&period=2027-Q1   (or start=&end=; default: this quarter)
    GET  /api/v1/directives/periods?agency_id=                     the closed periods, newest first
    POST /api/v1/directives/periods                                {agency_id, period | start, end}: close

Answers: 403 for an agency whose statistics the person may not read (or close); 404 for an agency
that does not exist; 409 for a period not ended yet or already closed; 400 ``{"detail", "field"}``
for refused input (a bad period, a range upside down or too long).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.directives import policies
from congvu.directives.stats import selectors, services
from congvu.directives.stats.forms import Period, current_quarter, parse_period, range_period
from congvu.org.models import Unit

router = Router(tags=["directive reports"])


class DirectiveStatRowOut(Schema):
    key: str
    label: str
    unit_id: Id | None = None
    signer_id: Id | None = None
    done_on_time: int
    done_late: int
    in_progress: int
    overdue: int
    not_updated: int
    total: int
    on_time_rate: float | None = None
    done_rate: float | None = None


class DirectiveStatisticsOut(Schema):
    agency_id: Id
    agency: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    period: str
    frozen: bool = False
    rows_by_agency: list[DirectiveStatRowOut]
    rows_by_leader: list[DirectiveStatRowOut]
    totals: DirectiveStatRowOut


class DirectivePeriodOut(Schema):
    id: int
    agency_id: Id
    kind: str
    start: dt.date
    end: dt.date
    closed_at: dt.datetime
    closed_by_id: Id
    closed_by: str


class DirectivePeriodIn(Schema):
    agency_id: Id
    period: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def _agency(user: Any, agency_id: int | None) -> Unit:
    if agency_id is None:
        agencies = selectors.statistics_agencies(user)
        if not agencies:
            raise Refused.not_allowed(
                "Chỉ Văn phòng và lãnh đạo cơ quan ban hành mới xem được báo cáo chỉ đạo."
            )
        agency = agencies[0]
    else:
        found = Unit.objects.filter(pk=agency_id).first()
        if found is None:
            raise Refused.not_found("Không tìm thấy cơ quan.")
        agency = found
    policies.can_see_agency_statistics(user, agency).require()
    return agency


def _period(period: str | None, start: dt.date | None, end: dt.date | None) -> Period:
    if period:
        return parse_period(period, field="period")
    if start is None and end is None:
        return current_quarter()
    return range_period(start, end)


@router.get(
    "/statistics", response=errors(403, 404, ok=DirectiveStatisticsOut), operation_id="directives_statistics"
)
def statistics(
    request: HttpRequest,
    agency_id: Id | None = None,
    period: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Any:
    """The figures of the period per lead agency and per leader (DIR-6): the frozen ones for a
    closed period (``frozen``: true), the live ones otherwise."""
    agency = _agency(request.user, agency_id)
    chosen = _period(period, start, end)
    snapshot = selectors.snapshot_of(agency.pk, chosen.start, chosen.end)
    stats = (
        selectors.frozen(snapshot)
        if snapshot
        else selectors.statistics(agency=agency, start=chosen.start, end=chosen.end)
    )
    return {**stats.as_dict(), "period": chosen.label, "frozen": snapshot is not None}


def _period_out(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "agency_id": p.agency_id,
        "kind": p.kind,
        "start": p.start,
        "end": p.end,
        "closed_at": p.closed_at,
        "closed_by_id": p.closed_by_id,
        "closed_by": p.closed_by.full_name,
    }


@router.get(
    "/periods", response=errors(403, 404, ok=list[DirectivePeriodOut]), operation_id="directives_periods"
)
def periods(request: HttpRequest, agency_id: Id | None = None) -> Any:
    agency = _agency(request.user, agency_id)
    return [_period_out(p) for p in selectors.closed_periods(agency.pk)]


@router.post(
    "/periods",
    response=errors(403, 404, 409, ok=DirectivePeriodOut, ok_status=201),
    operation_id="directives_period_close",
)
def period_close(request: HttpRequest, payload: DirectivePeriodIn) -> Any:
    """The office closes a period: its figures are frozen."""
    agency = _agency(request.user, payload.agency_id)
    chosen = _period(payload.period, payload.start, payload.end)
    snapshot = services.period_close(
        agency=agency, kind=chosen.kind, start=chosen.start, end=chosen.end, actor=request.user
    )
    return Status(201, _period_out(snapshot))
