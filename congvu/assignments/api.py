"""Work items in the API (TASK-1..TASK-4): a second adapter over the same policies and services.

    GET   /api/v1/assignments?scope=mine|to_approve|assigned_by_me|unit|leaders_given&unit_id=&status=&overdue=
          &due_before=&priority=&person_id=&q=&completed_year=
          &sort=deadline|-deadline|priority|newest|completed&cursor=&limit=
    POST  /api/v1/assignments                               create
    GET   /api/v1/assignments/{id}                          the item, its people, checklist, reports,
                                                             extensions, attachments, subtasks, allowed_actions
    PATCH /api/v1/assignments/{id}                          title, description, priority, follower_ids
    POST  /api/v1/assignments/{id}/progress                 {percent, text}
    POST  /api/v1/assignments/{id}/submit                   {note}
    POST  /api/v1/assignments/{id}/approve                  {rating, comment}
    POST  /api/v1/assignments/{id}/return                   {reason}
    POST  /api/v1/assignments/{id}/reassign                 {lead_user_id | lead_unit_id, reason}
    POST  /api/v1/assignments/{id}/extension                {new_deadline, reason}   (the lead asks)
    POST  /api/v1/assignments/{id}/extensions/{ext}/grant   {note}
    POST  /api/v1/assignments/{id}/extensions/{ext}/refuse  {reason}
    POST  /api/v1/assignments/{id}/cancel                   {reason}
    POST  /api/v1/assignments/{id}/attachments              multipart "file", through the core file service
    POST  /api/v1/assignments/{id}/checklist/{entry}        {done}

``due_before`` is inclusive (deadline on or before the date); ``status`` also takes ``open``; ``q`` is
folded full-text search (accents and case do not matter). Paths carry integer ids only, so the
report routes of ``api_reports.py`` under the same prefix never clash with ``/{id}``.

Answers (``core.api_errors``): 404 for an item that is missing or not visible (alike); 403 with the
reason when it is visible but the person may not do that; 409 when the action does not apply in the
item's current state (someone else may just have acted); 400 with the ``field`` for refused input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Router, Schema, Status, UploadedFile

from congvu.assignments import selectors, services
from congvu.assignments.models import Assignment, Extension
from congvu.assignments.policies import access_assignment
from congvu.assignments.workflow import ASSIGNMENT_WORKFLOW, EXTENSION_WORKFLOW
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org import selectors as org_selectors

router = Router(tags=["assignments"])

MAX_LIMIT = 200


# --- schemas --------------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    full_name: str


class UnitOut(Schema):
    id: int
    name: str


class LeadOut(Schema):
    kind: Literal["user", "unit"]
    id: int
    name: str


class AssignmentOut(Schema):
    id: int
    title: str
    status: str
    status_display: str
    priority: int
    priority_display: str
    lead: LeadOut
    assigner: PersonOut
    approver: PersonOut
    unit: UnitOut
    parent_id: Id | None = None
    start_date: dt.date
    deadline: dt.date
    progress: int
    overdue: bool
    timing: str
    returned_count: int
    rating: int | None = None
    completed_on: dt.date | None = None
    updated_at: dt.datetime


class AssignmentPage(Schema):
    items: list[AssignmentOut]
    next_cursor: str | None = None


class ParticipantOut(Schema):
    person: PersonOut
    role: str
    role_display: str


class ChecklistOut(Schema):
    id: int
    text: str
    done: bool


class FileOut(Schema):
    id: int
    name: str
    size: int


class ReportOut(Schema):
    id: int
    author: PersonOut
    on_behalf_of: PersonOut | None = None
    percent: int
    text: str
    files: list[FileOut]
    created_at: dt.datetime


class ExtensionOut(Schema):
    id: int
    requested_by: PersonOut
    requested_at: dt.datetime
    old_deadline: dt.date
    new_deadline: dt.date
    reason: str
    status: str
    status_display: str
    decided_by: PersonOut | None = None
    decided_at: dt.datetime | None = None
    decision_note: str
    allowed_actions: list[str] = []


class AttachmentOut(Schema):
    id: int
    file: FileOut
    added_by: PersonOut
    added_at: dt.datetime


class ChildOut(Schema):
    id: int
    title: str
    status: str
    status_display: str
    lead: LeadOut
    deadline: dt.date


class AssignmentDetailOut(AssignmentOut):
    description: str
    assigned_on_behalf_of: PersonOut | None = None
    evaluation: str
    rating_max: int
    submitted_at: dt.datetime | None = None
    participants: list[ParticipantOut]
    checklist: list[ChecklistOut]
    reports: list[ReportOut]
    extensions: list[ExtensionOut]
    attachments: list[AttachmentOut]
    children: list[ChildOut]
    allowed_actions: list[str]


class AssignmentIn(Schema):
    title: str
    description: str = ""
    lead_user_id: Id | None = None
    lead_unit_id: Id | None = None
    start_date: dt.date | None = None
    deadline: dt.date | None = None
    deadline_working_days: int | None = None
    priority: int = Assignment.Priority.NORMAL
    co_assignee_ids: list[Id] = []
    follower_ids: list[Id] = []
    parent_id: Id | None = None
    checklist: list[str] = []


class AssignmentPatch(Schema):
    title: str | None = None
    description: str | None = None
    priority: int | None = None
    follower_ids: list[Id] | None = None


class ProgressIn(Schema):
    percent: int
    text: str = ""


class NoteIn(Schema):
    note: str = ""


class ResultIn(Schema):
    note: str = ""
    incomplete_confirmed: bool = False


class ApproveIn(Schema):
    rating: int
    comment: str = ""


class ReasonIn(Schema):
    reason: str = ""


class ReassignIn(Schema):
    lead_user_id: Id | None = None
    lead_unit_id: Id | None = None
    reason: str = ""


class ExtensionIn(Schema):
    new_deadline: dt.date
    reason: str = ""


class ChecklistIn(Schema):
    done: bool


# --- output ---------------------------------------------------------------------------------------


def _person(user: Any) -> dict | None:
    return {"id": user.pk, "full_name": user.full_name} if user is not None else None


def _lead(item: Any) -> dict:
    if item.lead_user_id:
        return {"kind": "user", "id": item.lead_user_id, "name": item.lead_user.full_name}
    return {"kind": "unit", "id": item.lead_unit_id, "name": item.lead_unit.name}


def _file(stored: Any) -> dict:
    return {"id": stored.pk, "name": stored.original_name, "size": stored.size}


def _out(item: Assignment) -> dict:
    decorated = vars(item)  # a list's rows carry their labels, computed once for the page
    overdue = decorated["overdue"] if "overdue" in decorated else item.is_overdue()
    return {
        "id": item.pk,
        "title": item.title,
        "status": item.status,
        "status_display": decorated.get("status_label") or item.get_status_display(),
        "priority": item.priority,
        "priority_display": decorated.get("priority_label") or item.get_priority_display(),
        "lead": _lead(item),
        "assigner": _person(item.assigner),
        "approver": _person(item.approver),
        "unit": {"id": item.unit_id, "name": item.unit.name},
        "parent_id": item.parent_id,
        "start_date": item.start_date,
        "deadline": item.deadline,
        "progress": item.progress,
        "overdue": overdue,
        "timing": item.timing_when(overdue=overdue),
        "returned_count": item.returned_count,
        "rating": item.rating,
        "completed_on": item.completed_on,
        "updated_at": item.updated_at,
    }


def _extension_out(extension: Extension, item: Assignment, user: Any) -> dict:
    extension.assignment = item  # the guards read the item; it is loaded already
    return {
        "id": extension.pk,
        "requested_by": _person(extension.requested_by),
        "requested_at": extension.requested_at,
        "old_deadline": extension.old_deadline,
        "new_deadline": extension.new_deadline,
        "reason": extension.reason,
        "status": extension.status,
        "status_display": extension.get_status_display(),
        "decided_by": _person(extension.decided_by),
        "decided_at": extension.decided_at,
        "decision_note": extension.decision_note,
        "allowed_actions": [t.name for t in EXTENSION_WORKFLOW.allowed(extension, user)],
    }


def _detail(user: Any, pk: int) -> dict:
    item = access_assignment(user, pk)
    page = selectors.item_page(item)
    return {
        **_out(item),
        "description": item.description,
        "assigned_on_behalf_of": _person(item.assigned_on_behalf_of),
        "evaluation": item.evaluation,
        "rating_max": services.rating_max(),
        "submitted_at": item.submitted_at,
        "participants": [
            {"person": _person(p.user), "role": p.role, "role_display": p.get_role_display()}
            for p in page.participants
        ],
        "checklist": [{"id": c.pk, "text": c.text, "done": c.done} for c in page.checklist],
        "reports": [
            {
                "id": r.pk,
                "author": _person(r.author),
                "on_behalf_of": _person(r.on_behalf_of),
                "percent": r.percent,
                "text": r.text,
                "files": [_file(f) for f in r.files.all()],
                "created_at": r.created_at,
            }
            for r in page.reports
        ],
        "extensions": [_extension_out(e, item, user) for e in page.extensions],
        "attachments": [
            {"id": a.pk, "file": _file(a.file), "added_by": _person(a.added_by), "added_at": a.added_at}
            for a in page.attachments
        ],
        "children": [
            {
                "id": c.pk,
                "title": c.title,
                "status": c.status,
                "status_display": c.get_status_display(),
                "lead": _lead(c),
                "deadline": c.deadline,
            }
            for c in page.children
        ],
        "allowed_actions": ASSIGNMENT_WORKFLOW.allowed_names(item, user),
    }


# --- helpers --------------------------------------------------------------------------------------

# The service names its fields as the forms do; the API names them after its own parameters.
API_FIELDS = {
    "lead": None,
    "co_assignees": "co_assignee_ids",
    "followers": "follower_ids",
    "parent": "parent_id",
}


def _api_field(refused: Refused, lead_user_id: Id | None) -> Refused:
    if refused.field not in API_FIELDS:
        return refused
    if refused.field == "lead":
        return refused.on_field("lead_user_id" if lead_user_id is not None else "lead_unit_id")
    return refused.on_field(API_FIELDS[refused.field])


def _status_filter(status: str) -> str:
    if not status:
        return selectors.STATUS_ALL
    if status == "open":
        return selectors.STATUS_OPEN
    if status in Assignment.Status.values:
        return status
    raise Refused.invalid("Trạng thái không hợp lệ.", field="status")


# --- endpoints ------------------------------------------------------------------------------------

ACT = (400, 403, 404, 409)  # what an action on one item can answer besides success


@router.get("", response=errors(400, 403, ok=AssignmentPage), operation_id="assignments_list")
def assignment_list(
    request: HttpRequest,
    scope: Literal["mine", "to_approve", "assigned_by_me", "unit", "leaders_given"] = "mine",
    unit_id: Id | None = None,
    status: str = "",
    overdue: bool | None = None,
    due_before: dt.date | None = None,
    priority: int | None = None,
    person_id: Id | None = None,
    q: str = "",
    completed_year: int | None = None,
    sort: Literal["deadline", "-deadline", "priority", "newest", "completed"] = "deadline",
    cursor: str = "",
    limit: int = 50,
):
    """The same lists as the screens ("Việc của tôi", "Chờ tôi duyệt", "Việc tôi giao", the unit's
    work), read by the same selector."""
    if priority is not None and priority not in Assignment.Priority.values:
        raise Refused.invalid("Mức ưu tiên không hợp lệ.", field="priority")
    if completed_year is not None and not 2000 <= completed_year <= timezone.localdate().year + 1:
        raise Refused.invalid("Năm hoàn thành không hợp lệ.", field="completed_year")
    if sort == "completed":  # finished work only: open work has no completion date to order by
        if status not in ("", Assignment.Status.DONE):
            raise Refused.invalid("Sắp theo ngày hoàn thành chỉ dùng cho việc đã hoàn thành.", field="sort")
        status = Assignment.Status.DONE
    filters = selectors.Filters(
        text=q,
        status=_status_filter(status),
        priority=priority,
        person=org_selectors.person_or_refuse(person_id, field="person_id")
        if person_id is not None
        else None,
        unit=org_selectors.unit_or_refuse(unit_id, field="unit_id") if unit_id is not None else None,
        due_to=due_before,
        overdue=overdue,
        completed_year=completed_year,
        sort=sort,
    )
    page = selectors.assignment_page(
        request.user, scope=scope, filters=filters, after=cursor or None, size=max(1, min(limit, MAX_LIMIT))
    )
    return {"items": [_out(item) for item in page.items], "next_cursor": page.next_cursor}


@router.post(
    "",
    response=errors(400, 403, 404, 409, ok=AssignmentDetailOut, ok_status=201),
    operation_id="assignments_create",
)
def assignment_create(request: HttpRequest, payload: AssignmentIn):
    parent = None
    if payload.parent_id is not None:
        try:
            parent = access_assignment(request.user, payload.parent_id)
        except Refused:
            raise Refused.invalid("Không tìm thấy việc cha.", field="parent_id") from None
    try:
        item = services.assignment_create(
            actor=request.user,
            title=payload.title,
            description=payload.description,
            lead_user=org_selectors.person_or_refuse(payload.lead_user_id, field="lead_user_id"),
            lead_unit=org_selectors.unit_or_refuse(payload.lead_unit_id, field="lead_unit_id"),
            start_date=payload.start_date,
            deadline=payload.deadline,
            deadline_working_days=payload.deadline_working_days,
            priority=payload.priority,
            co_assignees=org_selectors.people_or_refuse(payload.co_assignee_ids, field="co_assignee_ids"),
            followers=org_selectors.people_or_refuse(payload.follower_ids, field="follower_ids"),
            parent=parent,
            checklist=payload.checklist,
        )
    except Refused as refused:
        raise _api_field(refused, payload.lead_user_id) from None
    return Status(201, _detail(request.user, item.pk))


@router.get(
    "/{int:assignment_id}", response=errors(404, ok=AssignmentDetailOut), operation_id="assignments_get"
)
def assignment_get(request: HttpRequest, assignment_id: Id):
    return _detail(request.user, assignment_id)


@router.patch(
    "/{int:assignment_id}", response=errors(*ACT, ok=AssignmentDetailOut), operation_id="assignments_update"
)
def assignment_update(request: HttpRequest, assignment_id: Id, payload: AssignmentPatch):
    item = access_assignment(request.user, assignment_id)
    changes = payload.model_dump(exclude_unset=True)
    for key in ("title", "description", "priority"):
        if key in changes and changes[key] is None:
            raise Refused.invalid("Giá trị không được để trống.", field=key)
    if "follower_ids" in changes:
        changes["followers"] = org_selectors.people_or_refuse(
            changes.pop("follower_ids") or [], field="follower_ids"
        )
    try:
        services.assignment_update(item=item, actor=request.user, **changes)
    except Refused as refused:
        raise _api_field(refused, None) from None
    return _detail(request.user, assignment_id)


@router.post(
    "/{int:assignment_id}/progress",
    response=errors(*ACT, ok=AssignmentDetailOut, ok_status=201),
    operation_id="assignments_progress",
)
def assignment_progress(request: HttpRequest, assignment_id: Id, payload: ProgressIn):
    item = access_assignment(request.user, assignment_id)
    services.progress_report(item=item, actor=request.user, percent=payload.percent, text=payload.text)
    return Status(201, _detail(request.user, assignment_id))


@router.post(
    "/{int:assignment_id}/submit",
    response=errors(*ACT, ok=AssignmentDetailOut),
    operation_id="assignments_submit",
)
def assignment_submit(request: HttpRequest, assignment_id: Id, payload: ResultIn | None = None):
    """The result: a note (files are attached first with ``/attachments``, or sent on the screen);
    below 100 % progress ``incomplete_confirmed`` must be true."""
    item = access_assignment(request.user, assignment_id)
    payload = payload or ResultIn()
    services.submit(
        item=item, actor=request.user, note=payload.note, incomplete_confirmed=payload.incomplete_confirmed
    )
    return _detail(request.user, assignment_id)


@router.post(
    "/{int:assignment_id}/approve",
    response=errors(*ACT, ok=AssignmentDetailOut),
    operation_id="assignments_approve",
)
def assignment_approve(request: HttpRequest, assignment_id: Id, payload: ApproveIn):
    item = access_assignment(request.user, assignment_id)
    services.approve(item=item, actor=request.user, rating=payload.rating, comment=payload.comment)
    return _detail(request.user, assignment_id)


@router.post(
    "/{int:assignment_id}/return",
    response=errors(*ACT, ok=AssignmentDetailOut),
    operation_id="assignments_return",
)
def assignment_return(request: HttpRequest, assignment_id: Id, payload: ReasonIn | None = None):
    item = access_assignment(request.user, assignment_id)
    services.return_result(item=item, actor=request.user, reason=payload.reason if payload else "")
    return _detail(request.user, assignment_id)


@router.post(
    "/{int:assignment_id}/reassign",
    response=errors(*ACT, ok=AssignmentDetailOut),
    operation_id="assignments_reassign",
)
def assignment_reassign(request: HttpRequest, assignment_id: Id, payload: ReassignIn):
    item = access_assignment(request.user, assignment_id)
    try:
        services.reassign(
            item=item,
            actor=request.user,
            reason=payload.reason,
            lead_user=org_selectors.person_or_refuse(payload.lead_user_id, field="lead_user_id"),
            lead_unit=org_selectors.unit_or_refuse(payload.lead_unit_id, field="lead_unit_id"),
        )
    except Refused as refused:
        raise _api_field(refused, payload.lead_user_id) from None
    return _detail(request.user, assignment_id)


@router.post(
    "/{int:assignment_id}/extension",
    response=errors(*ACT, ok=ExtensionOut, ok_status=201),
    operation_id="assignments_extension_request",
)
def assignment_extension_request(request: HttpRequest, assignment_id: Id, payload: ExtensionIn):
    item = access_assignment(request.user, assignment_id)
    extension = services.request_extension(
        item=item, actor=request.user, new_deadline=payload.new_deadline, reason=payload.reason
    )
    return Status(201, _extension_out(extension, item, request.user))


@router.post(
    "/{int:assignment_id}/extensions/{int:extension_id}/grant",
    response=errors(*ACT, ok=AssignmentDetailOut),
    operation_id="assignments_extension_grant",
)
def assignment_extension_grant(
    request: HttpRequest, assignment_id: Id, extension_id: Id, payload: NoteIn | None = None
):
    item = access_assignment(request.user, assignment_id)
    extension = selectors.extension_of(item, extension_id)
    services.decide_extension(
        extension=extension, actor=request.user, grant=True, note=payload.note if payload else ""
    )
    return _detail(request.user, assignment_id)


@router.post(
    "/{int:assignment_id}/extensions/{int:extension_id}/refuse",
    response=errors(*ACT, ok=AssignmentDetailOut),
    operation_id="assignments_extension_refuse",
)
def assignment_extension_refuse(
    request: HttpRequest, assignment_id: Id, extension_id: Id, payload: ReasonIn | None = None
):
    item = access_assignment(request.user, assignment_id)
    extension = selectors.extension_of(item, extension_id)
    services.decide_extension(
        extension=extension, actor=request.user, grant=False, note=payload.reason if payload else ""
    )
    return _detail(request.user, assignment_id)


@router.post(
    "/{int:assignment_id}/cancel",
    response=errors(*ACT, ok=AssignmentDetailOut),
    operation_id="assignments_cancel",
)
def assignment_cancel(request: HttpRequest, assignment_id: Id, payload: ReasonIn | None = None):
    item = access_assignment(request.user, assignment_id)
    services.cancel(item=item, actor=request.user, reason=payload.reason if payload else "")
    return _detail(request.user, assignment_id)


@router.post(
    "/{int:assignment_id}/attachments",
    response=errors(*ACT, ok=AttachmentOut, ok_status=201),
    operation_id="assignments_attachment_add",
)
def assignment_attachment_add(request: HttpRequest, assignment_id: Id, file: File[UploadedFile]):
    item = access_assignment(request.user, assignment_id)
    (attachment,) = services.add_attachments(item=item, actor=request.user, uploads=[file], field="file")
    return Status(
        201,
        {
            "id": attachment.pk,
            "file": _file(attachment.file),
            "added_by": _person(attachment.added_by),
            "added_at": attachment.added_at,
        },
    )


@router.post(
    "/{int:assignment_id}/checklist/{int:entry_id}",
    response=errors(*ACT, ok=ChecklistOut),
    operation_id="assignments_checklist_toggle",
)
def assignment_checklist_toggle(request: HttpRequest, assignment_id: Id, entry_id: Id, payload: ChecklistIn):
    item = access_assignment(request.user, assignment_id)
    entry = services.checklist_toggle(item=item, actor=request.user, checklist_id=entry_id, done=payload.done)
    return {"id": entry.pk, "text": entry.text, "done": entry.done}
