"""Reports and the work plan in the API (TASK-5..TASK-7): the same selectors, policies and services
as the screens.

    GET  /api/v1/assignments/statistics?unit_id=&exact=&person_id=&start=&end=&group=person|unit
    GET  /api/v1/assignments/usage?unit_id=&start=&end=
    GET  /api/v1/assignments/plans?year=
    POST /api/v1/assignments/plans                                {unit_id, year, title}
    GET  /api/v1/assignments/plans/{id}                           the plan with its items and their work
    POST /api/v1/assignments/plans/{id}/items                     {title, owner_unit_id, quarter, note}
    POST /api/v1/assignments/plan-items/{id}/create-assignments   one work item for the owner unit

``start``/``end`` default to the current year. Answers: 403 with the reason for a unit outside the
person's scope or an action they may not take; 404 for a plan that is missing or not visible;
400 ``{"detail", "field"}`` for refused input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from congvu.assignments.plans import policies as plan_policies
from congvu.assignments.plans import services as plan_services
from congvu.assignments.reports import selectors as reports
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org import selectors as org_selectors

router = Router(tags=["assignment reports"])


# --- schemas -------------------------------------------------------------------------------------


class StatRowOut(Schema):
    key: str
    label: str
    person_id: Id | None = None
    lead_unit_id: Id | None = None
    unit_id: Id | None = None
    exact: bool = False
    assigned: int
    on_time: int
    late: int
    overdue: int
    in_progress: int
    returned: int
    rated: int
    avg_rating: float | None = None
    on_time_rate: float | None = None


class StatisticsOut(Schema):
    start: dt.date
    end: dt.date
    period: str
    group: str
    unit_id: Id | None = None
    unit: str
    rows: list[StatRowOut]
    totals: StatRowOut
    truncated: bool = False


class UsageRowOut(Schema):
    unit_id: Id | None = None
    label: str
    exact: bool = False
    accounts: int
    signed_in: int
    sign_ins: int
    items_updated: int
    updates: int
    signed_in_rate: float | None = None


class UsageOut(Schema):
    start: dt.date
    end: dt.date
    period: str
    unit_id: Id | None = None
    unit: str
    rows: list[UsageRowOut]
    totals: UsageRowOut


class WorkOut(Schema):
    id: int
    title: str
    status: str
    deadline: dt.date


class PlanItemOut(Schema):
    id: int
    title: str
    owner_unit_id: Id
    owner_unit: str
    quarter: int
    note: str
    assignments: list[WorkOut] = []


class PlanOut(Schema):
    id: int
    unit_id: Id
    unit: str
    year: int
    title: str
    items: list[PlanItemOut] | None = None


class PlanIn(Schema):
    unit_id: Id
    year: int
    title: str = ""


class PlanItemIn(Schema):
    title: str
    owner_unit_id: Id
    quarter: int
    note: str = ""


class CreatedWorkOut(Schema):
    id: int
    title: str
    lead_unit_id: Id
    deadline: dt.date
    status: str
    plan_item_id: Id


# --- statistics ----------------------------------------------------------------------------------


def _period(start: dt.date | None, end: dt.date | None) -> reports.Period:
    if start is None and end is None:
        return reports.period_for("year", year=timezone.localdate().year)
    if start is None or end is None:
        raise Refused("Vui lòng cho cả start và end (yyyy-mm-dd).", field="start" if start is None else "end")
    return reports.custom_period(start, end)


@router.get("/statistics", response=errors(400, ok=StatisticsOut), operation_id="assignments_statistics")
def statistics(
    request: HttpRequest,
    unit_id: Id | None = None,
    exact: bool = False,
    person_id: Id | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    group: Literal["person", "unit"] | None = None,
) -> Any:
    """The evaluation figures of the period (TASK-5), per person or per unit, with the totals."""
    period = _period(start, end)
    try:
        scope = reports.unit_in_scope(reports.report_scope(request.user), unit_id, exact=exact)
    except Refused as refused:
        raise refused.on_field("unit_id") if refused.field == "unit" else refused from None
    return reports.evaluation_report(scope, period, group=group, person_id=person_id).as_dict()


@router.get("/usage", response=errors(400, 403, ok=UsageOut), operation_id="assignments_usage")
def usage_report(
    request: HttpRequest, unit_id: Id | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> Any:
    """Accounts, sign-ins and work updated per unit (TASK-7): administrators and leaders."""
    period = _period(start, end)
    try:
        scope = reports.usage_narrow(reports.usage_scope(request.user), unit_id)
    except Refused as refused:
        raise refused.on_field("unit_id") if refused.field == "unit" else refused from None
    return reports.usage_report(scope, period).as_dict()


# --- the work plan -------------------------------------------------------------------------------


def _plan_out(plan: Any, *, with_items: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": plan.pk,
        "unit_id": plan.unit_id,
        "unit": plan.unit.name,
        "year": plan.year,
        "title": plan.title,
    }
    if with_items:
        data["items"] = [
            {
                "id": item.pk,
                "title": item.title,
                "owner_unit_id": item.owner_unit_id,
                "owner_unit": item.owner_unit.name,
                "quarter": item.quarter,
                "note": item.note,
                "assignments": [
                    {"id": w.pk, "title": w.title, "status": w.status, "deadline": w.deadline}
                    for w in item.assignments.all()
                ],
            }
            for item in plan_services.plan_items(plan)
        ]
    return data


@router.get("/plans", response=errors(400, ok=list[PlanOut]), operation_id="assignments_plans")
def plans(request: HttpRequest, year: int | None = None) -> Any:
    year = year or timezone.localdate().year
    return [_plan_out(p, with_items=False) for p in plan_services.plans_of_year(request.user, year)]


@router.post(
    "/plans", response=errors(400, 403, ok=PlanOut, ok_status=201), operation_id="assignments_plan_create"
)
def plan_create(request: HttpRequest, payload: PlanIn) -> Any:
    unit = org_selectors.unit_or_refuse(payload.unit_id, field="unit_id", message="Không tìm thấy đơn vị.")
    assert unit is not None  # the id is required by the schema
    plan_policies.can_keep_plan(request.user, unit).require()
    plan = plan_services.plan_create(actor=request.user, unit=unit, year=payload.year, title=payload.title)
    return Status(201, _plan_out(plan, with_items=True))


@router.get("/plans/{int:plan_id}", response=errors(404, ok=PlanOut), operation_id="assignments_plan_get")
def plan_get(request: HttpRequest, plan_id: Id) -> Any:
    return _plan_out(plan_policies.access_plan(request.user, plan_id), with_items=True)


@router.post(
    "/plans/{int:plan_id}/items",
    response=errors(400, 403, 404, 409, ok=PlanItemOut, ok_status=201),
    operation_id="assignments_plan_item_add",
)
def plan_item_add(request: HttpRequest, plan_id: Id, payload: PlanItemIn) -> Any:
    plan = plan_policies.access_plan(request.user, plan_id)
    plan_policies.can_keep_plan(request.user, plan.unit).require()
    owner = org_selectors.unit_or_refuse(
        payload.owner_unit_id, field="owner_unit_id", message="Không tìm thấy đơn vị chủ trì."
    )
    assert owner is not None  # the id is required by the schema
    item = plan_services.plan_item_add(
        actor=request.user,
        plan=plan,
        title=payload.title,
        owner_unit=owner,
        quarter=payload.quarter,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": item.pk,
            "title": item.title,
            "owner_unit_id": owner.pk,
            "owner_unit": owner.name,
            "quarter": item.quarter,
            "note": item.note,
            "assignments": [],
        },
    )


@router.post(
    "/plan-items/{int:item_id}/create-assignments",
    response=errors(400, 403, 404, 409, ok=CreatedWorkOut, ok_status=201),
    operation_id="assignments_plan_item_create_work",
)
def plan_item_create_work(request: HttpRequest, item_id: Id) -> Any:
    item = plan_policies.access_plan_item(request.user, item_id)
    work = plan_services.plan_item_create_work(actor=request.user, item=item)
    return Status(
        201,
        {
            "id": work.pk,
            "title": work.title,
            "lead_unit_id": work.lead_unit_id,
            "deadline": work.deadline,
            "status": work.status,
            "plan_item_id": item.pk,
        },
    )
