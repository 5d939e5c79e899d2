"""Consultations in the API (COL-5): a second adapter over the same policies, services and selectors.

    GET   /api/v1/consultations?scope=to_answer|mine|all&cursor=&limit=
    POST  /api/v1/consultations                      appoint {agency_id, drafter_id, subject, note}
    GET   /api/v1/consultations/{id}                 the consultation, the caller's answer, allowed_actions
    POST  /api/v1/consultations/{id}/post            {title, description, deadline, audience, people_ids, unit_ids}
    POST  /api/v1/consultations/{id}/answer          {answer: comment|no_comment|excused, text}
    GET   /api/v1/consultations/{id}/report          who answered, what, when; who has not
    POST  /api/v1/consultations/{id}/extend          {deadline, reason}
    POST  /api/v1/consultations/{id}/close           {reason}

Files (the draft's, an answer's) travel through the screens. Answers (``core.api_errors``): 404 for
what is missing or not visible (alike); 403 with the reason when visible but not allowed; 409 in the
wrong state or past the deadline; 400 with the ``field`` for refused input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from congvu.collaboration.consultations import policies as may
from congvu.collaboration.consultations import selectors, services
from congvu.collaboration.consultations.models import Consultation
from congvu.collaboration.consultations.workflow import access_for
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org.models import Unit

router = Router(tags=["collaboration: consultations"])
MAX_LIMIT = 200
ACT = (403, 404, 409)


class Named(Schema):
    id: int
    name: str


class ConsultationOut(Schema):
    id: int
    status: str
    status_display: str
    agency: Named
    subject: str
    title: str
    drafter: Named
    deadline: dt.datetime | None = None
    dated_on: dt.date
    kept_until: dt.date
    answered: int | None = None
    total: int | None = None


class ConsultationPage(Schema):
    items: list[ConsultationOut]
    next_cursor: str | None = None


class MyAnswerOut(Schema):
    answer: str
    text: str
    answered_at: dt.datetime | None = None


class ConsultationDetailOut(ConsultationOut):
    description: str
    appointed_by: Named
    appointed_on_behalf_of: Named | None = None
    audience: str
    posted_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    files: list[Named]
    my_answer: MyAnswerOut | None = None
    allowed_actions: list[str]


class AnswerRowOut(Schema):
    person: Named
    answer: str
    text: str
    answered_at: dt.datetime | None = None
    attachment: Named | None = None


class ReportOut(Schema):
    consultation_id: int
    total: int
    answered: list[AnswerRowOut]
    excused: list[AnswerRowOut]
    not_answered: list[Named]


class AppointIn(Schema):
    agency_id: Id | None = None
    drafter_id: Id
    subject: str
    note: str = ""


class PostIn(Schema):
    title: str = ""
    description: str = ""
    deadline: dt.datetime
    audience: Literal["agency", "chosen"] = "agency"
    people_ids: list[Id] = []
    unit_ids: list[Id] = []


class AnswerIn(Schema):
    answer: Literal["comment", "no_comment", "excused"]
    text: str = ""


class ExtendIn(Schema):
    deadline: dt.datetime
    reason: str = ""


class ReasonIn(Schema):
    reason: str = ""


def _named(obj: Any) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": getattr(obj, "full_name", None) or getattr(obj, "name", None) or str(obj)}


def _out(c: Consultation) -> dict:
    return {
        "id": c.pk,
        "status": c.status,
        "status_display": c.get_status_display(),
        "agency": _named(c.agency),
        "subject": c.subject,
        "title": c.title,
        "drafter": _named(c.drafter),
        "deadline": c.deadline,
        "dated_on": c.dated_on,
        "kept_until": c.kept_until,
        "answered": getattr(c, "answered", None),
        "total": getattr(c, "total", None),
    }


def _detail(user: Any, pk: int) -> dict:
    c = may.access_consultation(user, pk)
    page = selectors.detail(user, c)
    mine = page.mine
    return {
        **_out(c),
        "description": c.description,
        "appointed_by": _named(c.appointed_by),
        "appointed_on_behalf_of": _named(c.appointed_on_behalf_of),
        "audience": c.audience,
        "posted_at": c.posted_at,
        "closed_at": c.closed_at,
        "files": [{"id": f.file_id, "name": f.file.original_name} for f in page.files],
        "my_answer": (
            {"answer": mine.answer, "text": mine.text, "answered_at": mine.answered_at}
            if mine is not None
            else None
        ),
        "allowed_actions": page.actions,
    }


@router.get("", response=errors(ok=ConsultationPage), operation_id="consultations_list")
def consultation_list(
    request: HttpRequest,
    scope: Literal["to_answer", "mine", "all"] = "all",
    cursor: str = "",
    limit: int = 50,
):
    """What waits on the caller's answer, what they draft or appointed, or everything visible."""
    page = selectors.page(request.user, scope=scope, after=cursor or None, size=max(1, min(limit, MAX_LIMIT)))
    return {"items": [_out(c) for c in page.items], "next_cursor": page.next_cursor}


@router.post(
    "", response=errors(403, ok=ConsultationDetailOut, ok_status=201), operation_id="consultations_appoint"
)
def consultation_appoint(request: HttpRequest, payload: AppointIn):
    agencies = may.leader_agencies(request.user)
    if not agencies:
        raise Refused.not_allowed(may.NOT_LEADER)
    agency = (
        agencies[0]
        if payload.agency_id is None
        else next((a for a in agencies if a.pk == payload.agency_id), None)
    )
    if agency is None:
        raise Refused.invalid("Bạn không là lãnh đạo của cơ quan này.", field="agency_id")
    people = {p.pk: p for p in selectors.people_of_agency(agency)}
    try:
        c = services.consultation_appoint(
            agency=agency,
            drafter=people.get(payload.drafter_id),
            subject=payload.subject,
            note=payload.note,
            actor=request.user,
        )
    except Refused as refused:
        raise refused.on_field({"drafter": "drafter_id"}.get(refused.field or "", refused.field)) from None
    return Status(201, _detail(request.user, c.pk))


@router.get("/{pk}", response=errors(404, ok=ConsultationDetailOut), operation_id="consultations_detail")
def consultation_detail(request: HttpRequest, pk: Id):
    return _detail(request.user, pk)


@router.post("/{pk}/post", response=errors(*ACT, ok=ConsultationDetailOut), operation_id="consultations_post")
def consultation_post(request: HttpRequest, pk: Id, payload: PostIn):
    c = access_for(request.user, pk, "post")
    people = {p.pk: p for p in selectors.people_of_agency(c.agency)}
    missing = [i for i in payload.people_ids if i not in people]
    if missing:
        raise Refused.invalid("Người được chọn không thuộc cơ quan.", field="people_ids")
    units = list(Unit.objects.filter(pk__in=payload.unit_ids[: services.MAX_CHOSEN_UNITS + 1]))
    if len(units) != len(set(payload.unit_ids[: services.MAX_CHOSEN_UNITS + 1])):
        raise Refused.invalid("Không tìm thấy đơn vị.", field="unit_ids")
    try:
        services.consultation_post(
            consultation=c,
            title=payload.title,
            description=payload.description,
            deadline=payload.deadline,
            audience=payload.audience,
            people=[people[i] for i in dict.fromkeys(payload.people_ids)],
            units=units,
            actor=request.user,
        )
    except Refused as refused:
        renamed = {"people": "people_ids", "units": "unit_ids"}
        raise refused.on_field(renamed.get(refused.field or "", refused.field)) from None
    return _detail(request.user, pk)


@router.post(
    "/{pk}/answer", response=errors(*ACT, ok=ConsultationDetailOut), operation_id="consultations_answer"
)
def consultation_answer(request: HttpRequest, pk: Id, payload: AnswerIn):
    c = may.access_consultation(request.user, pk)
    services.consultation_answer(
        consultation=c, answer=payload.answer, text=payload.text, keep_attachment=True, actor=request.user
    )
    return _detail(request.user, pk)


def _row(r: Any) -> dict:
    return {
        "person": _named(r.user),
        "answer": r.answer,
        "text": r.text,
        "answered_at": r.answered_at,
        "attachment": {"id": r.attachment_id, "name": r.attachment.original_name}
        if r.attachment_id
        else None,
    }


@router.get("/{pk}/report", response=errors(403, 404, 409, ok=ReportOut), operation_id="consultations_report")
def consultation_report(request: HttpRequest, pk: Id):
    c = access_for(request.user, pk, "report")
    report = selectors.report(c)
    return {
        "consultation_id": c.pk,
        "total": report.total,
        "answered": [_row(r) for r in report.answered],
        "excused": [_row(r) for r in report.excused],
        "not_answered": [_named(r.user) for r in report.silent],
    }


@router.post(
    "/{pk}/extend", response=errors(*ACT, ok=ConsultationDetailOut), operation_id="consultations_extend"
)
def consultation_extend(request: HttpRequest, pk: Id, payload: ExtendIn):
    c = may.access_consultation(request.user, pk)
    services.consultation_extend(
        consultation=c, deadline=payload.deadline, reason=payload.reason, actor=request.user
    )
    return _detail(request.user, pk)


@router.post(
    "/{pk}/close", response=errors(*ACT, ok=ConsultationDetailOut), operation_id="consultations_close"
)
def consultation_close(request: HttpRequest, pk: Id, payload: ReasonIn):
    c = may.access_consultation(request.user, pk)
    services.consultation_close(consultation=c, reason=payload.reason, actor=request.user)
    return _detail(request.user, pk)
