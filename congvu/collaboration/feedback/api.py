"""Feedback in the API (ADM-5), a second adapter over the same policies, services and selectors.

    POST  /api/v1/feedback                          report {kind, description, page_path}
    GET   /api/v1/feedback/mine?status=&kind=&cursor=&limit=
    GET   /api/v1/feedback?status=&kind=&cursor=&limit=     every report (administrators)
    GET   /api/v1/feedback/{id}                      the report, its replies, allowed_actions
    POST  /api/v1/feedback/{id}/transitions/{name}  start | resolve | reject | reopen {reason}
    POST  /api/v1/feedback/{id}/assign              {assignee_id}
    POST  /api/v1/feedback/{id}/replies             {body}

A lost-account report through the API ends every session of the account and revokes every API
token, the calling one included (the caller holds no session to keep).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Router, Schema, Status

from congvu.collaboration.feedback import policies, selectors, services
from congvu.collaboration.feedback.models import FeedbackReport
from congvu.collaboration.feedback.workflow import FEEDBACK_WORKFLOW
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused

router = Router(tags=["collaboration: feedback"])

MAX_LIMIT = 200
ACT = (403, 404, 409)


class Person(Schema):
    id: int
    full_name: str


class ReplyOut(Schema):
    id: int
    author: Person
    body: str
    created_at: dt.datetime


class ReportOut(Schema):
    id: int
    kind: str
    kind_display: str
    status: str
    status_display: str
    description: str
    page_path: str
    reporter: Person
    assignee: Person | None = None
    created_at: dt.datetime
    closed_at: dt.datetime | None = None
    sessions_ended: int
    tokens_revoked: int
    has_attachment: bool


class ReportDetailOut(ReportOut):
    replies: list[ReplyOut]
    allowed_actions: list[str]


class ReportPage(Schema):
    items: list[ReportOut]
    next_cursor: str | None = None


class ReportIn(Schema):
    kind: str
    description: str
    page_path: str = ""


class ReasonIn(Schema):
    reason: str = ""


class AssignIn(Schema):
    assignee_id: Id


class ReplyIn(Schema):
    body: str


def _person(user) -> dict | None:
    return {"id": user.pk, "full_name": user.full_name} if user is not None else None


def _out(report: FeedbackReport) -> dict:
    return {
        "id": report.pk,
        "kind": report.kind,
        "kind_display": str(report.get_kind_display()),
        "status": report.status,
        "status_display": str(report.get_status_display()),
        "description": report.description,
        "page_path": report.page_path,
        "reporter": _person(report.reporter),
        "assignee": _person(report.assignee),
        "created_at": report.created_at,
        "closed_at": report.closed_at,
        "sessions_ended": report.sessions_ended,
        "tokens_revoked": report.tokens_revoked,
        "has_attachment": report.attachment_id is not None,
    }


def _detail(user, pk: int) -> dict:
    report = policies.access_report(user, pk)
    return {
        **_out(report),
        "replies": [
            {"id": r.pk, "author": _person(r.author), "body": r.body, "created_at": r.created_at}
            for r in selectors.replies_of(report)
        ],
        "allowed_actions": FEEDBACK_WORKFLOW.allowed_names(report, user),
    }


def _page(request: HttpRequest, *, mine: bool, status: str, kind: str, cursor: str, limit: int) -> dict:
    page = selectors.report_list(
        request.user,
        mine=mine,
        status=status,
        kind=kind,
        after=cursor or None,
        size=max(1, min(limit, MAX_LIMIT)),
    )
    return {"items": [_out(r) for r in page.items], "next_cursor": page.next_cursor}


@router.post("", response=errors(403, ok=ReportDetailOut, ok_status=201), operation_id="feedback_create")
def feedback_create(request: HttpRequest, payload: ReportIn):
    session = getattr(request, "session", None)
    report = services.report_create(
        actor=request.user,
        kind=payload.kind,
        description=payload.description,
        page_path=payload.page_path,
        keep_session_key=session.session_key if session is not None else None,
    )
    return Status(201, _detail(request.user, report.pk))


@router.get("/mine", response=errors(ok=ReportPage), operation_id="feedback_mine")
def feedback_mine(request: HttpRequest, status: str = "", kind: str = "", cursor: str = "", limit: int = 50):
    return _page(request, mine=True, status=status, kind=kind, cursor=cursor, limit=limit)


@router.get("", response=errors(403, ok=ReportPage), operation_id="feedback_list")
def feedback_list(request: HttpRequest, status: str = "", kind: str = "", cursor: str = "", limit: int = 50):
    policies.can_triage(request.user).require()
    return _page(request, mine=False, status=status, kind=kind, cursor=cursor, limit=limit)


@router.get("/{int:report_id}", response=errors(404, ok=ReportDetailOut), operation_id="feedback_get")
def feedback_get(request: HttpRequest, report_id: Id):
    return _detail(request.user, report_id)


@router.post(
    "/{int:report_id}/transitions/{name}",
    response=errors(*ACT, ok=ReportDetailOut),
    operation_id="feedback_transition",
)
def feedback_transition(request: HttpRequest, report_id: Id, name: str, payload: ReasonIn | None = None):
    report = policies.access_report(request.user, report_id)
    if name not in FEEDBACK_WORKFLOW.transitions:
        raise Refused.not_found("Không có thao tác này.")
    services.report_transition(
        report=report, name=name, actor=request.user, reason=payload.reason if payload else ""
    )
    return _detail(request.user, report_id)


@router.post(
    "/{int:report_id}/assign", response=errors(*ACT, ok=ReportDetailOut), operation_id="feedback_assign"
)
def feedback_assign(request: HttpRequest, report_id: Id, payload: AssignIn):
    report = policies.access_report(request.user, report_id)
    FEEDBACK_WORKFLOW.require("assign", report, request.user)
    assignee = get_user_model().objects.filter(pk=payload.assignee_id).first()
    if assignee is None:
        raise Refused.invalid("Không tìm thấy người được giao.", field="assignee_id")
    try:
        services.report_assign(report=report, assignee=assignee, actor=request.user)
    except Refused as refused:
        raise refused.on_field("assignee_id") if refused.field == "assignee" else refused from None
    return _detail(request.user, report_id)


@router.post(
    "/{int:report_id}/replies",
    response=errors(*ACT, ok=ReportDetailOut, ok_status=201),
    operation_id="feedback_reply",
)
def feedback_reply(request: HttpRequest, report_id: Id, payload: ReplyIn):
    report = policies.access_report(request.user, report_id)
    services.reply_create(report=report, body=payload.body, actor=request.user)
    return Status(201, _detail(request.user, report_id))
