"""Directive tasks in the API (DIR-2..DIR-5, DIR-9): a second adapter over the same policies,
selectors and services as the screens.

    GET   /api/v1/directives/tasks?tab=all|mine|monitor|signed&status=&overdue=&q=&agency=&signer=
          &start=&end=&category=&standing=&cursor=&limit=
    GET   /api/v1/directives/tasks/{id}                  the task, its reports, its timeline, allowed_actions
    POST  /api/v1/directives/tasks/{id}/report           {content, proposal, document_number, document_date}
    POST  /api/v1/directives/tasks/{id}/report/upload    the same as a multipart form, with "file" (optional)
    POST  /api/v1/directives/tasks/{id}/return           {reason}
    POST  /api/v1/directives/tasks/{id}/reassign         {lead_unit_id, reason}
    POST  /api/v1/directives/tasks/{id}/update           {content, deadline, monitor_id, co_unit_ids}
    POST  /api/v1/directives/tasks/{id}/cancel           {reason}
    POST  /api/v1/directives/tasks/{id}/appoint          {handler_id | null}
    POST  /api/v1/directives/tasks/{id}/distribute       {lead_user_id | lead_unit_id, title,
                                                          deadline | deadline_working_days}
    GET   /api/v1/directives/reports/queue?cursor=&limit= the office's reports waiting, oldest first
    POST  /api/v1/directives/reports/{id}/approve        {note}
    POST  /api/v1/directives/reports/{id}/reject         {reason}

``category`` is one of the statistics' categories (done_on_time, done_late, in_progress, overdue,
not_updated), as of today. Answers (``core.api_errors``): 404 for a task missing or not visible
(alike); 403 with the reason when the person may not act; 409 when the action does not apply in the
current state (a report already reviewed); 400 with the ``field`` for refused input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status, UploadedFile

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.directives import policies, services
from congvu.directives.entry.api import MonitorOut, PersonOut, UnitOut
from congvu.directives.models import DirectiveTask, TaskReport
from congvu.directives.tasks import selectors
from congvu.org import selectors as org_selectors

router = Router(tags=["directives"])

MAX_LIMIT = 200
ACT = (400, 403, 404, 409)


# --- schemas --------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    directive_id: int
    directive_number: str
    content: str
    status: str
    status_display: str
    urgency: str
    lead_unit: UnitOut
    handler: PersonOut | None = None
    monitor: MonitorOut
    signer: PersonOut
    issued_on: dt.date
    deadline: dt.date
    overdue: bool
    first_reported_at: dt.datetime | None = None
    completed_on: dt.date | None = None
    parent_id: int | None = None
    recurrence: str


class TaskPage(Schema):
    items: list[TaskOut]
    next_cursor: str | None = None


class FileOut(Schema):
    id: int
    name: str
    size: int


class ReportOut(Schema):
    id: int
    task_id: int
    content: str
    document_number: str
    document_date: dt.date | None = None
    file: FileOut | None = None
    proposal: str
    status: str
    status_display: str
    submitted_by: PersonOut
    submitted_on_behalf_of: PersonOut | None = None
    submitted_at: dt.datetime
    due_on: dt.date | None = None
    reported_late: bool
    reviewed_by: PersonOut | None = None
    reviewed_at: dt.datetime | None = None
    review_note: str


class QueueReportOut(ReportOut):
    lead_unit: UnitOut
    task_content: str
    directive_number: str


class QueuePage(Schema):
    items: list[QueueReportOut]
    next_cursor: str | None = None


class EventOut(Schema):
    kind: str
    kind_display: str
    actor: PersonOut
    on_behalf_of: PersonOut | None = None
    at: dt.datetime
    note: str
    unit: UnitOut | None = None
    report_id: int | None = None


class TaskDetailOut(TaskOut):
    directive_subject: str
    co_units: list[UnitOut]
    reports: list[ReportOut]
    timeline: list[EventOut]
    allowed_actions: list[str]


class ReportIn(Schema):
    content: str = ""
    proposal: str = ""
    document_number: str = ""
    document_date: dt.date | None = None


class ReasonIn(Schema):
    reason: str = ""


class NoteIn(Schema):
    note: str = ""


class ReassignIn(Schema):
    lead_unit_id: Id
    reason: str = ""


class UpdateIn(Schema):
    content: str | None = None
    deadline: dt.date | None = None
    monitor_id: Id | None = None
    co_unit_ids: list[Id] | None = None


class AppointIn(Schema):
    handler_id: Id | None = None


class DistributeIn(Schema):
    lead_user_id: Id | None = None
    lead_unit_id: Id | None = None
    title: str = ""
    deadline: dt.date | None = None
    deadline_working_days: int | None = None


class DistributedOut(Schema):
    id: int
    url: str
    title: str
    deadline: dt.date


# --- shaping --------------------------------------------------------------------------------------


def _person(user: Any) -> dict[str, Any] | None:
    return {"id": user.pk, "full_name": user.full_name} if user is not None else None


def _unit(unit: Any) -> dict[str, Any] | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def _out(task: DirectiveTask) -> dict[str, Any]:
    return {
        "id": task.pk,
        "directive_id": task.directive_id,
        "directive_number": task.directive.number,
        "content": task.content,
        "status": task.status,
        "status_display": task.get_status_display(),
        "urgency": task.urgency,
        "lead_unit": _unit(task.lead_unit),
        "handler": _person(task.handler),
        "monitor": {
            "id": task.monitor.pk,
            "full_name": task.monitor.full_name,
            "phone": task.monitor.phone,
            "email": task.monitor.email,
        },
        "signer": _person(task.signer),
        "issued_on": task.issued_on,
        "deadline": task.deadline,
        "overdue": bool(getattr(task, "overdue", False)),
        "first_reported_at": task.first_reported_at,
        "completed_on": task.completed_on,
        "parent_id": task.parent_id,
        "recurrence": task.recurrence,
    }


def _report(report: TaskReport) -> dict[str, Any]:
    file = report.file
    return {
        "id": report.pk,
        "task_id": report.task_id,
        "content": report.content,
        "document_number": report.document_number,
        "document_date": report.document_date,
        "file": {"id": file.pk, "name": file.original_name, "size": file.size} if file else None,
        "proposal": report.proposal,
        "status": report.status,
        "status_display": report.get_status_display(),
        "submitted_by": _person(report.submitted_by),
        "submitted_on_behalf_of": _person(report.submitted_on_behalf_of),
        "submitted_at": report.submitted_at,
        "due_on": report.due_on,
        "reported_late": report.reported_late,
        "reviewed_by": _person(report.reviewed_by),
        "reviewed_at": report.reviewed_at,
        "review_note": report.review_note,
    }


def _detail(user: Any, task_id: int) -> dict[str, Any]:
    task = policies.access_task(user, task_id)
    page = selectors.task_detail(task)
    actions = selectors.task_actions(user, page)
    allowed = list(actions.names)
    if actions.review:
        allowed += ["approve", "reject"]
    return {
        **_out(task),
        "directive_subject": task.directive.subject,
        "co_units": [_unit(u) for u in page.co_units],
        "reports": [_report(r) for r in page.reports],
        "timeline": [
            {
                "kind": e.kind,
                "kind_display": e.get_kind_display(),
                "actor": _person(e.actor),
                "on_behalf_of": _person(e.on_behalf_of),
                "at": e.at,
                "note": e.note,
                "unit": _unit(e.unit),
                "report_id": e.report_id,
            }
            for e in page.timeline
        ],
        "allowed_actions": allowed,
    }


# --- endpoints ------------------------------------------------------------------------------------


@router.get("/tasks", response=errors(400, 403, ok=TaskPage), operation_id="directives_tasks_list")
def task_list(
    request: HttpRequest,
    tab: Literal["all", "mine", "monitor", "signed"] = "all",
    status: str = "",
    overdue: bool = False,
    q: str = "",
    agency: Id | None = None,
    signer: Id | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    category: Literal["", "done_on_time", "done_late", "in_progress", "overdue", "not_updated"] = "",
    standing: bool = False,
    cursor: str = "",
    limit: int = 50,
):
    """The same list as the screen "Nhiệm vụ chỉ đạo", read by the same selector."""
    if len(q) > 200:
        raise Refused.invalid("Từ khóa tìm kiếm dài quá 200 ký tự.", field="q")
    for name, day in (("start", start), ("end", end)):
        if day is not None:
            from congvu.core import calendar

            calendar.check_in_horizon(day, field=name)
    filters = selectors.Filters(
        tab=tab,
        status=status,
        overdue=overdue,
        text=q,
        agency=org_selectors.unit_or_refuse(agency, field="agency") if agency is not None else None,
        signer=org_selectors.person_or_refuse(signer, field="signer") if signer is not None else None,
        start=start,
        end=end,
        category=category,
        standing=standing,
    )
    page = selectors.task_page(
        request.user, filters=filters, after=cursor or None, size=max(1, min(limit, MAX_LIMIT))
    )
    return {"items": [_out(t) for t in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/tasks/{int:task_id}", response=errors(404, ok=TaskDetailOut), operation_id="directives_tasks_get"
)
def task_get(request: HttpRequest, task_id: Id):
    return _detail(request.user, task_id)


def _report_on(request: HttpRequest, task_id: int, fields: dict[str, Any], upload: Any = None) -> Any:
    task = policies.access_task(request.user, task_id)
    services.task_report(task=task, actor=request.user, upload=upload, **fields)
    return Status(201, _detail(request.user, task_id))


@router.post(
    "/tasks/{int:task_id}/report",
    response=errors(*ACT, ok=TaskDetailOut, ok_status=201),
    operation_id="directives_tasks_report",
)
def task_report(request: HttpRequest, task_id: Id, payload: ReportIn):
    """DIR-2: the lead agency's report (JSON, without a file: see ``/report/upload``)."""
    return _report_on(request, task_id, payload.model_dump())


@router.post(
    "/tasks/{int:task_id}/report/upload",
    response=errors(*ACT, ok=TaskDetailOut, ok_status=201),
    operation_id="directives_tasks_report_upload",
)
def task_report_upload(
    request: HttpRequest,
    task_id: Id,
    content: Form[str] = "",
    proposal: Form[str] = "",
    document_number: Form[str] = "",
    document_date: Form[dt.date | None] = None,
    file: UploadedFile | None = File(None),  # noqa: B008 - ninja's way of an optional file
):
    """The same report sent as a multipart form, with the report document's file."""
    fields = {
        "content": content,
        "proposal": proposal,
        "document_number": document_number,
        "document_date": document_date,
    }
    return _report_on(request, task_id, fields, upload=file)


@router.post(
    "/tasks/{int:task_id}/return",
    response=errors(*ACT, ok=TaskDetailOut),
    operation_id="directives_tasks_return",
)
def task_return(request: HttpRequest, task_id: Id, payload: ReasonIn | None = None):
    task = policies.access_task(request.user, task_id)
    services.task_return(task=task, actor=request.user, reason=payload.reason if payload else "")
    return _detail(request.user, task_id)


@router.post(
    "/tasks/{int:task_id}/reassign",
    response=errors(*ACT, ok=TaskDetailOut),
    operation_id="directives_tasks_reassign",
)
def task_reassign(request: HttpRequest, task_id: Id, payload: ReassignIn):
    task = policies.access_task(request.user, task_id)
    unit = org_selectors.unit_or_refuse(payload.lead_unit_id, field="lead_unit_id")
    try:
        services.task_reassign(task=task, actor=request.user, lead_unit=unit, reason=payload.reason)
    except Refused as refused:
        raise (refused.on_field("lead_unit_id") if refused.field == "lead_unit" else refused) from None
    return _detail(request.user, task_id)


@router.post(
    "/tasks/{int:task_id}/update",
    response=errors(*ACT, ok=TaskDetailOut),
    operation_id="directives_tasks_update",
)
def task_update(request: HttpRequest, task_id: Id, payload: UpdateIn):
    task = policies.access_task(request.user, task_id)
    co_units = None
    if payload.co_unit_ids is not None:
        if len(payload.co_unit_ids) > services.MAX_CO_UNITS:
            raise Refused.invalid(f"Tối đa {services.MAX_CO_UNITS} cơ quan phối hợp.", field="co_unit_ids")
        co_units = [
            u for pk in payload.co_unit_ids if (u := org_selectors.unit_or_refuse(pk, field="co_unit_ids"))
        ]
    monitor = (
        org_selectors.person_or_refuse(payload.monitor_id, field="monitor_id")
        if payload.monitor_id is not None
        else None
    )
    try:
        services.task_update(
            task=task,
            actor=request.user,
            content=payload.content,
            deadline=payload.deadline,
            monitor=monitor,
            co_units=co_units,
        )
    except Refused as refused:
        renamed = {"monitor": "monitor_id", "co_units": "co_unit_ids"}
        raise (refused.on_field(renamed[refused.field]) if refused.field in renamed else refused) from None
    return _detail(request.user, task_id)


@router.post(
    "/tasks/{int:task_id}/cancel",
    response=errors(*ACT, ok=TaskDetailOut),
    operation_id="directives_tasks_cancel",
)
def task_cancel(request: HttpRequest, task_id: Id, payload: ReasonIn | None = None):
    task = policies.access_task(request.user, task_id)
    services.task_cancel(task=task, actor=request.user, reason=payload.reason if payload else "")
    return _detail(request.user, task_id)


@router.post(
    "/tasks/{int:task_id}/appoint",
    response=errors(*ACT, ok=TaskDetailOut),
    operation_id="directives_tasks_appoint",
)
def task_appoint(request: HttpRequest, task_id: Id, payload: AppointIn):
    task = policies.access_task(request.user, task_id)
    handler = (
        org_selectors.person_or_refuse(payload.handler_id, field="handler_id")
        if payload.handler_id is not None
        else None
    )
    try:
        services.task_appoint(task=task, actor=request.user, handler=handler)
    except Refused as refused:
        raise (refused.on_field("handler_id") if refused.field == "handler" else refused) from None
    return _detail(request.user, task_id)


@router.post(
    "/tasks/{int:task_id}/distribute",
    response=errors(*ACT, ok=DistributedOut, ok_status=201),
    operation_id="directives_tasks_distribute",
)
def task_distribute(request: HttpRequest, task_id: Id, payload: DistributeIn):
    """Issue #10: a leader of the lead agency gives work inside the agency from the task, linked to
    it; the answer is the work item created (its id and the address of its page)."""
    task = policies.access_task(request.user, task_id)
    try:
        item = services.task_distribute(
            task=task,
            actor=request.user,
            lead_user=org_selectors.person_or_refuse(payload.lead_user_id, field="lead_user_id"),
            lead_unit=org_selectors.unit_or_refuse(payload.lead_unit_id, field="lead_unit_id"),
            title=payload.title,
            deadline=payload.deadline,
            deadline_working_days=payload.deadline_working_days,
        )
    except Refused as refused:
        if refused.field == "lead":
            refused = refused.on_field("lead_user_id" if payload.lead_user_id is not None else "lead_unit_id")
        raise refused from None
    url = reverse("assignments:detail", args=[item.pk])
    return Status(201, {"id": item.pk, "url": url, "title": item.title, "deadline": item.deadline})


@router.get(
    "/reports/queue", response=errors(400, 403, ok=QueuePage), operation_id="directives_reports_queue"
)
def report_queue(request: HttpRequest, cursor: str = "", limit: int = 50):
    """The office's review queue, oldest first (the screen "Duyệt báo cáo")."""
    if not selectors.is_office_anywhere(request.user):
        raise Refused.not_allowed(policies.NOT_OFFICE)
    page = selectors.review_queue(request.user, after=cursor or None, limit=max(1, min(limit, MAX_LIMIT)))
    items = [
        {
            **_report(r),
            "lead_unit": _unit(r.task.lead_unit),
            "task_content": r.task.content,
            "directive_number": r.task.directive.number,
        }
        for r in page.items
    ]
    return {"items": items, "next_cursor": page.next_cursor}


@router.post(
    "/reports/{int:report_id}/approve",
    response=errors(*ACT, ok=TaskDetailOut),
    operation_id="directives_reports_approve",
)
def report_approve(request: HttpRequest, report_id: Id, payload: NoteIn | None = None):
    report = policies.access_report(request.user, report_id)
    services.report_approve(report=report, actor=request.user, note=payload.note if payload else "")
    return _detail(request.user, report.task_id)


@router.post(
    "/reports/{int:report_id}/reject",
    response=errors(*ACT, ok=TaskDetailOut),
    operation_id="directives_reports_reject",
)
def report_reject(request: HttpRequest, report_id: Id, payload: ReasonIn | None = None):
    report = policies.access_report(request.user, report_id)
    services.report_reject(report=report, actor=request.user, reason=payload.reason if payload else "")
    return _detail(request.user, report.task_id)
