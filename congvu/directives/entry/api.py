"""Directives in the API (DIR-1, DIR-8, DIR-9): a second adapter over the same policies, services
and selectors as the entry screens.

    GET    /api/v1/directives?q=&status=&signer_id=&urgency=&late=&cursor=&limit=   the list
    POST   /api/v1/directives                        enter a directive with its tasks ({..., publish})
    GET    /api/v1/directives/{id}                   the directive and its tasks
    POST   /api/v1/directives/{id}/publish           give a draft's tasks to the agencies
    POST   /api/v1/directives/{id}/edit              correct a draft's own fields
    POST   /api/v1/directives/{id}/tasks             add a task
    GET    /api/v1/directives/grants                 the office's view grants (DIR-8)
    POST   /api/v1/directives/grants                 {user_id, unit_id}
    POST   /api/v1/directives/grants/{id}/revoke

Answers (``core.api_errors``): 404 for a directive missing or not visible (alike); 403 when the
person may not do that; 409 when the directive's state does not allow it; 400 with the ``field``
for refused input — a task's field as ``tasks.<i>.<field>``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.directives import policies, services
from congvu.directives.entry import selectors
from congvu.directives.models import Directive, DirectiveTask, Urgency, ViewGrant
from congvu.org import selectors as org_selectors
from congvu.org.models import Unit

router = Router(tags=["directives"])

MAX_LIMIT = 200
ACT = (400, 403, 404, 409)


# --- schemas --------------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    full_name: str


class MonitorOut(PersonOut):
    phone: str
    email: str


class UnitOut(Schema):
    id: int
    name: str


class DirectiveOut(Schema):
    id: int
    agency: UnitOut
    number: str
    kind: str
    kind_display: str
    subject: str
    issued_on: dt.date
    signer: PersonOut
    urgency: str
    urgency_display: str
    status: str
    status_display: str
    entry_due: dt.date
    published_on: dt.date | None = None
    entered_late: bool
    late: bool
    task_count: int


class DirectivePage(Schema):
    items: list[DirectiveOut]
    next_cursor: str | None = None


class TaskOut(Schema):
    id: int
    position: int
    content: str
    lead_unit: UnitOut
    co_units: list[UnitOut]
    deadline: dt.date
    deadline_working_days: int | None = None
    status: str
    status_display: str
    monitor: MonitorOut
    recurrence: str
    recurrence_until: dt.date | None = None


class DirectiveDetailOut(DirectiveOut):
    entered_by: PersonOut
    file_name: str | None = None
    tasks: list[TaskOut]
    allowed_actions: list[str]


class TaskIn(Schema):
    content: str
    lead_unit_id: Id | None = None
    co_unit_ids: list[Id] = []
    monitor_id: Id | None = None
    deadline: dt.date | None = None
    deadline_working_days: int | None = None
    recurrence: str = ""
    recurrence_until: dt.date | None = None


class DirectiveIn(Schema):
    agency_id: Id | None = None
    number: str
    kind: str = Directive.Kind.OFFICIAL_LETTER
    subject: str
    issued_on: dt.date
    signer_id: Id
    urgency: str = Urgency.NORMAL
    tasks: list[TaskIn] = []
    publish: bool = True


class DirectiveEditIn(Schema):
    number: str
    kind: str = Directive.Kind.OFFICIAL_LETTER
    subject: str
    issued_on: dt.date
    signer_id: Id
    urgency: str = Urgency.NORMAL


class GrantOut(Schema):
    id: int
    user: PersonOut
    unit: UnitOut
    granted_by: PersonOut
    granted_at: dt.datetime


class GrantPage(Schema):
    items: list[GrantOut]
    next_cursor: str | None = None


class OkOut(Schema):
    ok: bool


class GrantIn(Schema):
    user_id: Id
    unit_id: Id


# --- output ---------------------------------------------------------------------------------------


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "full_name": user.full_name}


def _unit(unit: Unit) -> dict[str, Any]:
    return {"id": unit.pk, "name": unit.name}


def _out(directive: Directive, task_count: int | None = None) -> dict[str, Any]:
    return {
        "id": directive.pk,
        "agency": _unit(directive.agency),
        "number": directive.number,
        "kind": directive.kind,
        "kind_display": str(directive.get_kind_display()),
        "subject": directive.subject,
        "issued_on": directive.issued_on,
        "signer": _person(directive.signer),
        "urgency": directive.urgency,
        "urgency_display": str(directive.get_urgency_display()),
        "status": directive.status,
        "status_display": str(directive.get_status_display()),
        "entry_due": directive.entry_due,
        "published_on": directive.published_on,
        "entered_late": directive.entered_late,
        "late": getattr(directive, "late", directive.entered_late),
        "task_count": task_count if task_count is not None else getattr(directive, "task_count", 0),
    }


def _task_out(task: DirectiveTask) -> dict[str, Any]:
    return {
        "id": task.pk,
        "position": task.position,
        "content": task.content,
        "lead_unit": _unit(task.lead_unit),
        "co_units": [_unit(u) for u in task.co_units.all()],
        "deadline": task.deadline,
        "deadline_working_days": task.deadline_working_days,
        "status": task.status,
        "status_display": str(task.get_status_display()),
        "monitor": {**_person(task.monitor), "phone": task.monitor.phone, "email": task.monitor.email},
        "recurrence": task.recurrence,
        "recurrence_until": task.recurrence_until,
    }


def _detail(user: Any, pk: int) -> dict[str, Any]:
    from django.utils import timezone

    directive = policies.access_directive(user, pk)
    selectors.decorate([directive], timezone.localdate())
    tasks = selectors.directive_tasks(directive)
    actions = selectors.directive_actions(user, directive)
    return {
        **_out(directive, len(tasks)),
        "entered_by": _person(directive.entered_by),
        "file_name": directive.file.original_name if directive.file else None,
        "tasks": [_task_out(t) for t in tasks],
        "allowed_actions": [name for name, allowed in actions.items() if allowed],
    }


def _grant_out(grant: ViewGrant) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "user": _person(grant.user),
        "unit": _unit(grant.unit),
        "granted_by": _person(grant.granted_by),
        "granted_at": grant.granted_at,
    }


# --- input ----------------------------------------------------------------------------------------


def _units(pks: list[int], *, field: str) -> list[Unit]:
    """The units with these ids, in the order given, each once; refused when one is missing."""
    wanted = list(dict.fromkeys(pks))
    if len(wanted) > services.MAX_CO_UNITS:
        raise Refused.invalid(f"Tối đa {services.MAX_CO_UNITS} cơ quan phối hợp.", field=field)
    found = {u.pk: u for u in Unit.objects.filter(pk__in=wanted)}
    if len(found) != len(wanted):
        raise Refused.invalid("Không tìm thấy cơ quan.", field=field)
    return [found[pk] for pk in wanted]


def _task_input(payload: TaskIn, field_prefix: str) -> services.TaskInput:
    return services.TaskInput(
        content=payload.content,
        lead_unit=org_selectors.unit_or_refuse(payload.lead_unit_id, field=f"{field_prefix}lead_unit_id"),
        monitor=org_selectors.person_or_refuse(payload.monitor_id, field=f"{field_prefix}monitor_id"),
        deadline=payload.deadline,
        deadline_working_days=payload.deadline_working_days,
        co_units=_units(payload.co_unit_ids, field=f"{field_prefix}co_unit_ids"),
        recurrence=payload.recurrence,
        recurrence_until=payload.recurrence_until,
    )


API_TASK_FIELDS = {"lead_unit": "lead_unit_id", "co_units": "co_unit_ids", "monitor": "monitor_id"}


def _api_field(refused: Refused) -> Refused:
    """The service names a task's field ``tasks-<i>-<field>``; the API says ``tasks.<i>.<field>``
    with the API's names (``lead_unit_id`` …)."""
    name = refused.field or ""
    if name.startswith("tasks-"):
        _prefix, index, sub = (name.split("-", 2) + ["", ""])[:3]
        return refused.on_field(f"tasks.{index}.{API_TASK_FIELDS.get(sub, sub)}")
    if name == "signer":
        return refused.on_field("signer_id")
    if name in API_TASK_FIELDS:
        return refused.on_field(API_TASK_FIELDS[name])
    return refused


def _agency(user: Any, agency_id: int | None) -> Unit:
    agencies = policies.office_agencies(user)
    if not agencies:
        raise Refused.not_allowed(policies.NOT_OFFICE)
    if agency_id is None:
        if len(agencies) > 1:
            raise Refused.invalid("Vui lòng chọn cơ quan ban hành.", field="agency_id")
        return agencies[0]
    agency = next((a for a in agencies if a.pk == agency_id), None)
    if agency is None:
        raise Refused.invalid("Cơ quan ban hành không do Văn phòng của bạn theo dõi.", field="agency_id")
    return agency


# --- directives -----------------------------------------------------------------------------------


@router.get("", response=errors(400, ok=DirectivePage), operation_id="directives_list")
def directive_list(
    request: HttpRequest,
    q: str = "",
    status: str = "",
    signer_id: Id | None = None,
    urgency: str = "",
    late: bool = False,
    cursor: str = "",
    limit: int = 50,
):
    """The list "Văn bản chỉ đạo", read by the same selector as the screen."""
    if status and status not in Directive.Status.values:
        raise Refused.invalid("Trạng thái không hợp lệ.", field="status")
    if urgency and urgency != "urgent" and urgency not in Urgency.values:
        raise Refused.invalid("Độ khẩn không hợp lệ.", field="urgency")
    if len(q) > 200:
        raise Refused.invalid("Từ khóa tìm kiếm dài quá 200 ký tự.", field="q")
    filters = selectors.Filters(
        text=q,
        status=status,
        signer=org_selectors.person_or_refuse(signer_id, field="signer_id") if signer_id else None,
        urgency=urgency,
        late=late,
    )
    page = selectors.directive_page(
        request.user, filters=filters, after=cursor or None, size=max(1, min(limit, MAX_LIMIT))
    )
    return {"items": [_out(d) for d in page.items], "next_cursor": page.next_cursor}


@router.post(
    "", response=errors(*ACT, ok=DirectiveDetailOut, ok_status=201), operation_id="directives_create"
)
def directive_create(request: HttpRequest, payload: DirectiveIn):
    """Enter a directive with its tasks (DIR-1); ``publish: false`` keeps a draft."""
    agency = _agency(request.user, payload.agency_id)
    if len(payload.tasks) > services.MAX_TASKS:
        raise Refused.invalid(f"Một văn bản chỉ đạo có tối đa {services.MAX_TASKS} nhiệm vụ.", field="tasks")
    tasks = [_task_input(t, f"tasks.{i}.") for i, t in enumerate(payload.tasks)]
    try:
        directive = services.directive_create(
            agency=agency,
            number=payload.number,
            subject=payload.subject,
            issued_on=payload.issued_on,
            signer=org_selectors.person_or_refuse(payload.signer_id, field="signer_id"),
            actor=request.user,
            kind=payload.kind,
            urgency=payload.urgency,
            tasks=tasks,
            publish=payload.publish,
        )
    except Refused as refused:
        raise _api_field(refused) from None
    return Status(201, _detail(request.user, directive.pk))


@router.get("/grants", response=errors(403, ok=GrantPage), operation_id="directives_grants_list")
def grant_list(request: HttpRequest, cursor: str = "", limit: int = 50):
    """DIR-8: the view grants on the office's agencies."""
    if not policies.office_agencies(request.user):
        raise Refused.not_allowed(policies.NOT_OFFICE)
    page = selectors.grant_page(request.user, after=cursor or None, size=max(1, min(limit, MAX_LIMIT)))
    return {"items": [_grant_out(g) for g in page.items], "next_cursor": page.next_cursor}


@router.post(
    "/grants", response=errors(403, 404, ok=GrantOut, ok_status=201), operation_id="directives_grants_create"
)
def grant_create(request: HttpRequest, payload: GrantIn):
    user = org_selectors.person_or_refuse(payload.user_id, field="user_id")
    unit = _units([payload.unit_id], field="unit_id")[0]
    try:
        grant = services.view_grant(user=user, unit=unit, actor=request.user)
    except Refused as refused:
        raise (refused.on_field("unit_id") if refused.field == "unit" else refused) from None
    grant = selectors.access_grant(request.user, grant.pk)
    return Status(201, _grant_out(grant))


@router.post(
    "/grants/{int:grant_id}/revoke",
    response=errors(403, 404, ok=OkOut),
    operation_id="directives_grants_revoke",
)
def grant_revoke(request: HttpRequest, grant_id: Id):
    grant = selectors.access_grant(request.user, grant_id)
    services.view_revoke(grant=grant, actor=request.user)
    return {"ok": True}


@router.get("/{int:directive_id}", response=errors(404, ok=DirectiveDetailOut), operation_id="directives_get")
def directive_get(request: HttpRequest, directive_id: Id):
    return _detail(request.user, directive_id)


@router.post(
    "/{int:directive_id}/publish",
    response=errors(*ACT, ok=DirectiveDetailOut),
    operation_id="directives_publish",
)
def directive_publish(request: HttpRequest, directive_id: Id):
    directive = policies.access_directive(request.user, directive_id)
    services.directive_publish(directive=directive, actor=request.user)
    return _detail(request.user, directive_id)


@router.post(
    "/{int:directive_id}/edit",
    response=errors(*ACT, ok=DirectiveDetailOut),
    operation_id="directives_edit",
)
def directive_edit(request: HttpRequest, directive_id: Id, payload: DirectiveEditIn):
    directive = policies.access_directive(request.user, directive_id)
    try:
        services.directive_update(
            directive=directive,
            actor=request.user,
            number=payload.number,
            subject=payload.subject,
            issued_on=payload.issued_on,
            signer=org_selectors.person_or_refuse(payload.signer_id, field="signer_id"),
            kind=payload.kind,
            urgency=payload.urgency,
        )
    except Refused as refused:
        raise _api_field(refused) from None
    return _detail(request.user, directive_id)


@router.post(
    "/{int:directive_id}/tasks",
    response=errors(*ACT, ok=TaskOut, ok_status=201),
    operation_id="directives_add_task",
)
def directive_add_task(request: HttpRequest, directive_id: Id, payload: TaskIn):
    directive = policies.access_directive(request.user, directive_id)
    try:
        task = services.directive_add_task(
            directive=directive, data=_task_input(payload, ""), actor=request.user
        )
    except Refused as refused:
        raise _api_field(refused) from None
    task = next(t for t in selectors.directive_tasks(directive) if t.pk == task.pk)
    return Status(201, _task_out(task))
