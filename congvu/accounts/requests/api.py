"""Account requests over the API (ORG-3): the same policies and services as the screens.

GET  /account-requests                    the list (keyset pages: ?after=<cursor>)
POST /account-requests                    file a draft with its lines
GET  /account-requests/{id}               one request with its lines
PUT  /account-requests/{id}               replace the lines of a draft or returned request
POST /account-requests/{id}/submit|withdraw|process|reject
GET  /account-requests/{id}/pdf           the printed Phụ lục 1 or 2
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from congvu.accounts.models import AccountRequest, User
from congvu.accounts.requests import policies as policies
from congvu.accounts.requests import selectors as selectors
from congvu.accounts.requests import services as services
from congvu.accounts.requests.workflow import ACCOUNT_REQUEST_WORKFLOW
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org.models import Position, Unit

router = Router(tags=["account requests"])


class LineIn(Schema):
    id: Id | None = None
    full_name: str = ""
    unit_id: Id | None = None
    position_id: Id | None = None
    email: str = ""
    date_of_birth: dt.date | None = None
    target_user_id: Id | None = None
    change_description: str = ""
    change_reason: str = ""
    note: str = ""


class RequestIn(Schema):
    kind: str = Field(description="create | change | suspend | retire")
    unit_id: Id
    note: str = ""
    lines: list[LineIn]


class LinesIn(Schema):
    note: str | None = None
    lines: list[LineIn]


class LineOut(Schema):
    id: int
    full_name: str
    unit_id: Id
    unit_name: str
    position_id: Id
    position_name: str
    email: str
    date_of_birth: dt.date | None
    target_user_id: Id | None
    target_username: str | None
    change_description: str
    change_reason: str
    note: str
    result_username: str | None


class RequestOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    unit_id: Id
    unit_name: str
    filed_by: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    due_on: dt.date | None
    is_overdue: bool
    deadline: str | None
    processed_at: dt.datetime | None
    note: str
    response: str


class RequestDetailOut(RequestOut):
    lines: list[LineOut]
    warnings: list[str]
    allowed_actions: list[str]


class RequestPage(Schema):
    items: list[RequestOut]
    next_cursor: str | None


class SavedOut(Schema):
    request: RequestDetailOut
    warnings: list[str]


class ReasonIn(Schema):
    reason: str = ""


class NoteIn(Schema):
    note: str = ""


class CreatedAccountOut(Schema):
    line_id: Id
    full_name: str
    username: str
    one_time_password: str


class ProcessOut(Schema):
    request: RequestDetailOut
    created: list[CreatedAccountOut]


def _access(request: HttpRequest, pk: int) -> AccountRequest:
    return policies.access_account_request(request.user, pk)


def _summary(r: AccountRequest) -> dict:
    badge = selectors.deadline_badge(r)
    return {
        "id": r.pk,
        "kind": r.kind,
        "kind_label": str(r.get_kind_display()),
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "unit_id": r.unit_id,
        "unit_name": r.unit.name,
        "filed_by": r.filed_by.full_name,
        "created_at": r.created_at,
        "submitted_at": r.submitted_at,
        "due_on": r.due_on,
        "is_overdue": r.is_overdue,
        "deadline": badge.label if badge else None,
        "processed_at": r.processed_at,
        "note": r.note,
        "response": r.response,
    }


def _detail(r: AccountRequest, user) -> dict:
    lines = selectors.request_lines(r)
    warnings = selectors.line_warnings(lines, r.kind) if r.status != AccountRequest.Status.DONE else {}
    return {
        **_summary(r),
        "lines": [
            {
                "id": line.pk,
                "full_name": line.full_name,
                "unit_id": line.unit_id,
                "unit_name": line.unit.name,
                "position_id": line.position_id,
                "position_name": line.position.name,
                "email": line.email,
                "date_of_birth": line.date_of_birth,
                "target_user_id": line.target_user_id,
                "target_username": line.target_user.username if line.target_user else None,
                "change_description": line.change_description,
                "change_reason": line.change_reason,
                "note": line.note,
                "result_username": line.result_user.username if line.result_user else None,
            }
            for line in lines
        ],
        "warnings": [text for texts in warnings.values() for text in texts],
        "allowed_actions": ACCOUNT_REQUEST_WORKFLOW.allowed_names(r, user),
    }


def _lines(payload: list[LineIn]) -> list[services.LineData]:
    """Turn ids into rows; an unknown id is refused with the line's number."""
    unit_ids = {line.unit_id for line in payload if line.unit_id}
    position_ids = {line.position_id for line in payload if line.position_id}
    user_ids = {line.target_user_id for line in payload if line.target_user_id}
    units = Unit.objects.in_bulk(unit_ids)
    positions = Position.objects.in_bulk(position_ids)
    users = User.objects.in_bulk(user_ids)
    result = []
    for index, line in enumerate(payload):
        for value, found, what, field in (
            (line.unit_id, units, "đơn vị", "unit"),
            (line.position_id, positions, "chức vụ", "position"),
            (line.target_user_id, users, "tài khoản", "target_user"),
        ):
            if value and value not in found:
                raise Refused(
                    f"Dòng {index + 1}: không có {what} số {value}.", field=f"lines.{index}.{field}"
                )
        result.append(
            services.LineData(
                id=line.id,
                full_name=line.full_name,
                unit=units.get(line.unit_id) if line.unit_id else None,
                position=positions.get(line.position_id) if line.position_id else None,
                email=line.email,
                date_of_birth=line.date_of_birth,
                target_user=users.get(line.target_user_id) if line.target_user_id else None,
                change_description=line.change_description,
                change_reason=line.change_reason,
                note=line.note,
            )
        )
    return result


@router.get("/account-requests", response=errors(400, ok=RequestPage))
def list_requests(
    request: HttpRequest,
    status: str = "",
    unit_id: Id | None = None,
    overdue: bool = False,
    after: str | None = None,
):
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    page = selectors.request_queue_page(
        request.user, status=status, unit=unit, overdue_only=overdue, after=after
    )
    return {"items": [_summary(r) for r in page.items], "next_cursor": page.next_cursor}


@router.post("/account-requests", response=errors(400, 403, ok=SavedOut, ok_status=201))
def create_request(request: HttpRequest, payload: RequestIn):
    unit = Unit.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        raise Refused(f"Không có đơn vị số {payload.unit_id}.", field="unit")
    saved = services.request_create(
        actor=request.user, kind=payload.kind, unit=unit, lines=_lines(payload.lines), note=payload.note
    )
    r = policies.access_account_request(request.user, saved.account_request.pk)
    return Status(201, {"request": _detail(r, request.user), "warnings": saved.warnings})


@router.get("/account-requests/{request_id}", response=errors(404, ok=RequestDetailOut))
def get_request(request: HttpRequest, request_id: Id):
    return _detail(_access(request, request_id), request.user)


@router.put("/account-requests/{request_id}", response=errors(400, 403, 404, 409, ok=SavedOut))
def update_request(request: HttpRequest, request_id: Id, payload: LinesIn):
    r = _access(request, request_id)
    saved = services.request_update(
        account_request=r, actor=request.user, lines=_lines(payload.lines), note=payload.note
    )
    return {"request": _detail(_access(request, request_id), request.user), "warnings": saved.warnings}


@router.post(
    "/account-requests/{request_id}/submit", response=errors(400, 403, 404, 409, ok=RequestDetailOut)
)
def submit_request(request: HttpRequest, request_id: Id):
    r = _access(request, request_id)
    services.request_submit(account_request=r, actor=request.user)
    return _detail(_access(request, request_id), request.user)


@router.post(
    "/account-requests/{request_id}/withdraw", response=errors(400, 403, 404, 409, ok=RequestDetailOut)
)
def withdraw_request(request: HttpRequest, request_id: Id, payload: ReasonIn | None = None):
    r = _access(request, request_id)
    services.request_withdraw(account_request=r, actor=request.user, reason=payload.reason if payload else "")
    return _detail(_access(request, request_id), request.user)


@router.post(
    "/account-requests/{request_id}/reject", response=errors(400, 403, 404, 409, ok=RequestDetailOut)
)
def reject_request(request: HttpRequest, request_id: Id, payload: ReasonIn):
    r = _access(request, request_id)
    services.request_reject(account_request=r, actor=request.user, reason=payload.reason)
    return _detail(_access(request, request_id), request.user)


@router.post("/account-requests/{request_id}/process", response=errors(400, 403, 404, 409, ok=ProcessOut))
def process_request(
    request: HttpRequest, request_id: Id, response: HttpResponse, payload: NoteIn | None = None
):
    """Apply the lines. The one-time passwords of new accounts are in this answer only."""
    response["Cache-Control"] = "no-store"
    r = _access(request, request_id)
    result = services.request_process(
        account_request=r, actor=request.user, note=payload.note if payload else ""
    )
    return {
        "request": _detail(_access(request, request_id), request.user),
        "created": [
            {
                "line_id": c.line.pk,
                "full_name": c.line.full_name,
                "username": c.username,
                "one_time_password": c.one_time_password,
            }
            for c in result.created
        ],
    }


@router.get("/account-requests/{request_id}/pdf", response=errors(404))
def request_pdf(request: HttpRequest, request_id: Id):
    from congvu.accounts.requests.exports import pdf_filename, render_request_pdf

    r = _access(request, request_id)
    response = HttpResponse(render_request_pdf(r), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(r)}"'
    response["Cache-Control"] = "private, no-store"
    return response
