"""Outgoing documents in the API (DOC-4, DOC-5): a second adapter over the same policies, services
and selectors as the screens.

    GET   /api/v1/documents/outgoing?scope=mine|to_review|to_number|register&status=&q=&urgent=
          &document_type_id=&register_id=&year=&cursor=&limit=
    POST  /api/v1/documents/outgoing                 create (multipart: the fields, ``draft_file``,
                                                      ``attachments``; id lists comma-separated)
    PATCH /api/v1/documents/outgoing/{id}            the drafter's details before review (JSON)
    GET   /api/v1/documents/outgoing/{id}            the document, its review steps, recipients,
                                                      versions and allowed_actions
    POST  /api/v1/documents/outgoing/{id}/submit | pass_on | approve | withdraw | check   {note}
    POST  /api/v1/documents/outgoing/{id}/return | cancel                                  {reason}
    POST  /api/v1/documents/outgoing/{id}/number     {register_id, number}  (= issue a number)
    POST  /api/v1/documents/outgoing/{id}/send       {recipient_unit_ids, recipient_external_ids,
                                                      recipient_names, issued_amount}
    GET   /api/v1/documents/outgoing/{id}/versions   POST (multipart ``file``, ``note``)
    GET   /api/v1/documents/outgoing/{id}/comments   POST {text, disagreement, version}

Answers (``core.api_errors``): 404 missing or not visible (alike), 403 not allowed (with the
reason), 409 wrong state or lost race, 400 refused input naming its ``field``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field as Bounded

from congvu.catalogues.models import DocumentType, ExternalAgency, Field
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.documents import policies
from congvu.documents.models import DraftVersion, OutgoingDocument, Register, ReviewChain, ReviewComment
from congvu.documents.outgoing import selectors, services
from congvu.documents.workflow import OUTGOING_WORKFLOW
from congvu.org import selectors as org_selectors

router = Router(tags=["documents"])
ACT = (400, 403, 404, 409)
MAX_IDS = 200


# --- schemas ---------------------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    full_name: str


class OutgoingOut(Schema):
    id: int
    subject: str
    status: str
    status_display: str
    document_type: str
    number_and_notation: str
    issued_date: dt.date | None = None
    urgency: str
    is_priority: bool
    drafter: PersonOut
    signer: PersonOut | None = None
    due_date: dt.date | None = None
    review_due_date: dt.date | None = None
    created_at: dt.datetime


class OutgoingPage(Schema):
    items: list[OutgoingOut]
    next_cursor: str | None = None


class ReviewOut(Schema):
    round: int
    order: int
    label: str
    reviewer: PersonOut | None = None
    role: str
    state: str
    due_date: dt.date | None = None
    decided_at: dt.datetime | None = None
    disagreement: str


class RecipientOut(Schema):
    name: str
    unit_id: int | None = None
    external_id: int | None = None
    state: str
    sent_at: dt.datetime | None = None
    delivered_id: int | None = None


class VersionOut(Schema):
    number: int
    author: PersonOut
    created_at: dt.datetime
    note: str
    file_id: int
    file_name: str


class CommentOut(Schema):
    id: int
    version: int | None = None
    author: PersonOut
    text: str
    created_at: dt.datetime


class OutgoingDetailOut(OutgoingOut):
    agency_id: int
    drafting_unit_id: int
    chain_id: int | None = None
    in_reply_to_id: int | None = None
    register_id: int | None = None
    description: str
    reviews: list[ReviewOut]
    recipients: list[RecipientOut]
    versions: list[VersionOut]
    allowed_actions: list[str]


class DraftPatch(Schema):
    document_type_id: Id | None = None
    subject: Annotated[str, Bounded(max_length=500)] | None = None
    field_id: Id | None = None
    signer_id: Id | None = None
    chain_id: Id | None = None
    due_date: dt.date | None = None
    urgency: str | None = None
    is_priority: bool | None = None
    description: Annotated[str, Bounded(max_length=500)] | None = None
    recipient_unit_ids: list[Id] | None = Bounded(None, max_length=MAX_IDS)
    recipient_external_ids: list[Id] | None = Bounded(None, max_length=MAX_IDS)
    recipient_names: list[Annotated[str, Bounded(max_length=200)]] | None = Bounded(None, max_length=MAX_IDS)


class NoteIn(Schema):
    note: str = Bounded("", max_length=2000)


class ReasonIn(Schema):
    reason: str = Bounded("", max_length=2000)


class NumberIn(Schema):
    register_id: Id | None = None
    number: int | None = Bounded(None, ge=1, le=999_999)


class SendIn(Schema):
    recipient_unit_ids: list[Id] = Bounded(default_factory=list, max_length=MAX_IDS)
    recipient_external_ids: list[Id] = Bounded(default_factory=list, max_length=MAX_IDS)
    recipient_names: list[Annotated[str, Bounded(max_length=200)]] = Bounded(
        default_factory=list, max_length=MAX_IDS
    )
    issued_amount: int | None = Bounded(None, ge=1, le=999)


class CommentIn(Schema):
    text: str = Bounded(max_length=2000)
    disagreement: bool = False
    version: int | None = Bounded(None, ge=1, le=32767)


# --- helpers ----------------------------------------------------------------------------------------------


def _person(user: Any) -> dict | None:
    return {"id": user.pk, "full_name": user.full_name} if user is not None else None


def _out(doc: OutgoingDocument) -> dict:
    review = doc.current_review if doc.current_review_id else None
    return {
        "id": doc.pk,
        "subject": doc.subject,
        "status": doc.status,
        "status_display": doc.get_status_display(),
        "document_type": doc.document_type.name,
        "number_and_notation": doc.number_and_notation,
        "issued_date": doc.issued_date,
        "urgency": doc.urgency,
        "is_priority": doc.is_priority,
        "drafter": _person(doc.drafter),
        "signer": _person(doc.signer),
        "due_date": doc.due_date,
        "review_due_date": review.due_date if review else None,
        "created_at": doc.created_at,
    }


def _detail(user: Any, pk: int) -> dict:
    doc = policies.access_outgoing(user, pk)
    parts = selectors.detail(doc)
    reviews = [r for _round, steps in parts["rounds"] for r in steps]
    return {
        **_out(doc),
        "agency_id": doc.agency_id,
        "drafting_unit_id": doc.drafting_unit_id,
        "chain_id": doc.chain_id,
        "in_reply_to_id": doc.in_reply_to_id,
        "register_id": doc.register_id,
        "description": doc.description,
        "reviews": [
            {
                "round": r.round,
                "order": r.order,
                "label": r.label,
                "reviewer": _person(r.reviewer),
                "role": r.role,
                "state": r.state,
                "due_date": r.due_date,
                "decided_at": r.decided_at,
                "disagreement": r.disagreement,
            }
            for r in reviews
        ],
        "recipients": [
            {
                "name": r.name,
                "unit_id": r.unit_id,
                "external_id": r.external_id,
                "state": r.state,
                "sent_at": r.sent_at,
                "delivered_id": r.delivered_id,
            }
            for r in parts["recipients"]
        ],
        "versions": [_version(v.version) for v in parts["versions"]],
        "allowed_actions": OUTGOING_WORKFLOW.allowed_names(doc, user),
    }


def _version(v: DraftVersion) -> dict:
    return {
        "number": v.number,
        "author": _person(v.author),
        "created_at": v.created_at,
        "note": v.note,
        "file_id": v.file_id,
        "file_name": v.file.original_name,
    }


def _ids(text: str, field: str) -> list[int]:
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    if len(parts) > MAX_IDS or not all(p.isdigit() and len(p) <= 18 for p in parts):
        raise Refused.invalid("Danh sách mã không hợp lệ (các số cách nhau bằng dấu phẩy).", field=field)
    return [int(p) for p in parts]


def _units(ids: list[int], field: str) -> list[Any]:
    return [org_selectors.unit_or_refuse(pk, field=field) for pk in ids]


def _externals(ids: list[int], field: str) -> list[ExternalAgency]:
    found = {a.pk: a for a in ExternalAgency.objects.filter(pk__in=ids)}
    if set(ids) - set(found):
        raise Refused.invalid("Không tìm thấy cơ quan trong danh mục.", field=field)
    return [found[pk] for pk in ids]


def _one(model: Any, pk: int | None, field: str, message: str) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise Refused.invalid(message, field=field)
    return found


# --- endpoints ------------------------------------------------------------------------------------------


@router.get("", response=errors(403, ok=OutgoingPage), operation_id="documents_outgoing_list")
def outgoing_list(
    request: HttpRequest,
    scope: Literal["mine", "to_review", "to_number", "register"] = "mine",
    status: str = "",
    q: Annotated[str, Bounded(max_length=200)] = "",
    urgent: bool = False,
    document_type_id: Id | None = None,
    register_id: Id | None = None,
    year: Annotated[int | None, Bounded(ge=2000, le=2100)] = None,
    cursor: Annotated[str, Bounded(max_length=500)] = "",
    limit: Annotated[int, Bounded(ge=1, le=selectors.MAX_PAGE)] = 30,
):
    """The screens' lists, read by the same selector."""
    if status and status not in OutgoingDocument.Status.values:
        raise Refused.invalid("Trạng thái không hợp lệ.", field="status")
    if scope == "to_number" and not policies.clerk_agency_ids(request.user):
        raise Refused.not_allowed(policies.NOT_CLERK)
    filters = selectors.Filters(
        text=q,
        status=status,
        urgent_only=urgent,
        document_type_id=document_type_id,
        register_id=register_id,
        year=year,
    )
    page = selectors.page(request.user, scope=scope, filters=filters, after=cursor or None, size=limit)
    return {"items": [_out(d) for d in page.items], "next_cursor": page.next_cursor}


@router.post(
    "", response=errors(*ACT, ok=OutgoingDetailOut, ok_status=201), operation_id="documents_outgoing_create"
)
def outgoing_create(
    request: HttpRequest,
    document_type_id: Form[int],
    subject: Form[str],
    field_id: Form[int | None] = None,
    signer_id: Form[int | None] = None,
    recipient_unit_ids: Form[str] = "",
    recipient_external_ids: Form[str] = "",
    recipient_names: Form[str] = "",
    due_date: Form[dt.date | None] = None,
    urgency: Form[str] = "normal",
    is_priority: Form[bool] = False,
    description: Form[str] = "",
    reply_to_id: Form[int | None] = None,
    chain_id: Form[int | None] = None,
    agency_id: Form[int | None] = None,
    draft_file: UploadedFile | None = File(None),  # noqa: B008 - ninja's way of an optional file
    attachments: list[UploadedFile] | None = File(None),  # noqa: B008
):
    """DOC-4: a new draft (or a reply to ``reply_to_id``) with its first version."""
    reply_to = None
    if reply_to_id is not None:
        try:
            reply_to = policies.access_incoming(request.user, reply_to_id)
        except Refused:
            raise Refused.invalid("Không tìm thấy văn bản đến cần trả lời.", field="reply_to_id") from None
    doc = services.draft_create(
        actor=request.user,
        document_type=_one(DocumentType, document_type_id, "document_type", "Không tìm thấy loại văn bản."),
        subject=subject,
        field=_one(Field, field_id, "field", "Không tìm thấy lĩnh vực."),
        signer=org_selectors.person_or_refuse(signer_id, field="signer"),
        recipient_units=_units(_ids(recipient_unit_ids, "recipients"), "recipients"),
        recipient_externals=_externals(_ids(recipient_external_ids, "recipients"), "recipients"),
        recipient_names=[n for n in recipient_names.splitlines() if n.strip()],
        due_date=due_date,
        urgency=urgency,
        is_priority=is_priority,
        description=description,
        upload=draft_file,
        uploads=attachments or [],
        reply_to=reply_to,
        chain=_one(ReviewChain, chain_id, "chain", "Không tìm thấy quy trình duyệt."),
        agency=org_selectors.unit_or_refuse(agency_id, field="agency"),
    )
    return Status(201, _detail(request.user, doc.pk))


@router.get(
    "/{int:doc_id}", response=errors(404, ok=OutgoingDetailOut), operation_id="documents_outgoing_get"
)
def outgoing_get(request: HttpRequest, doc_id: Id):
    return _detail(request.user, doc_id)


@router.patch(
    "/{int:doc_id}", response=errors(*ACT, ok=OutgoingDetailOut), operation_id="documents_outgoing_update"
)
def outgoing_update(request: HttpRequest, doc_id: Id, payload: DraftPatch):
    """The drafter's details before review (``edit``); only the fields sent change."""
    doc = policies.access_outgoing(request.user, doc_id)
    sent = payload.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {}
    lookups = {
        "document_type_id": ("document_type", DocumentType, "Không tìm thấy loại văn bản."),
        "field_id": ("field", Field, "Không tìm thấy lĩnh vực."),
        "chain_id": ("chain", ReviewChain, "Không tìm thấy quy trình duyệt."),
    }
    for key, value in sent.items():
        if key in lookups:
            name, model, message = lookups[key]
            changes[name] = _one(model, value, name, message)
        elif key == "signer_id":
            changes["signer"] = org_selectors.person_or_refuse(value, field="signer")
        elif key in ("subject", "urgency", "is_priority", "due_date", "description"):
            if value is None and key != "due_date":
                raise Refused.invalid("Giá trị không được để trống.", field=key)
            changes[key] = value
    recipients: dict[str, Any] = {}
    if {"recipient_unit_ids", "recipient_external_ids", "recipient_names"} & set(sent):
        recipients = {
            "recipient_units": _units(payload.recipient_unit_ids or [], "recipient_unit_ids"),
            "recipient_externals": _externals(payload.recipient_external_ids or [], "recipient_external_ids"),
            "recipient_names": payload.recipient_names or [],
        }
    services.draft_edit(doc=doc, actor=request.user, **recipients, **changes)
    return _detail(request.user, doc_id)


NOTE_CALLS = {
    "submit": services.submit,
    "pass_on": services.pass_on,
    "approve": services.approve,
    "withdraw": services.withdraw,
    "check": services.check,
}


def _note_endpoint(verb: str) -> None:
    call = NOTE_CALLS[verb]

    @router.post(
        f"/{{int:doc_id}}/{verb}",
        response=errors(*ACT, ok=OutgoingDetailOut),
        operation_id=f"documents_outgoing_{verb}",
    )
    def endpoint(request: HttpRequest, doc_id: Id, payload: NoteIn | None = None):
        doc = policies.access_outgoing(request.user, doc_id)
        call(doc=doc, actor=request.user, note=payload.note if payload else "")
        return _detail(request.user, doc_id)

    endpoint.__name__ = f"outgoing_{verb}"


for _verb in NOTE_CALLS:
    _note_endpoint(_verb)


@router.post(
    "/{int:doc_id}/return",
    response=errors(*ACT, ok=OutgoingDetailOut),
    operation_id="documents_outgoing_return",
)
def outgoing_return(request: HttpRequest, doc_id: Id, payload: ReasonIn | None = None):
    doc = policies.access_outgoing(request.user, doc_id)
    services.return_draft(doc=doc, actor=request.user, reason=payload.reason if payload else "")
    return _detail(request.user, doc_id)


@router.post(
    "/{int:doc_id}/cancel",
    response=errors(*ACT, ok=OutgoingDetailOut),
    operation_id="documents_outgoing_cancel",
)
def outgoing_cancel(request: HttpRequest, doc_id: Id, payload: ReasonIn | None = None):
    doc = policies.access_outgoing(request.user, doc_id)
    services.cancel(doc=doc, actor=request.user, reason=payload.reason if payload else "")
    return _detail(request.user, doc_id)


@router.post(
    "/{int:doc_id}/number",
    response=errors(*ACT, ok=OutgoingDetailOut),
    operation_id="documents_outgoing_number",
)
def outgoing_number(request: HttpRequest, doc_id: Id, payload: NumberIn | None = None):
    """Issue a number (DOC-5): from ``register_id`` (default: the agency's default outgoing register);
    ``number``, when given, must be the register's next one."""
    doc = policies.access_outgoing(request.user, doc_id)
    payload = payload or NumberIn(number=None)
    register = _one(Register, payload.register_id, "register", "Không tìm thấy sổ văn bản.")
    services.number(doc=doc, actor=request.user, register=register, typed=payload.number)
    return _detail(request.user, doc_id)


@router.post(
    "/{int:doc_id}/send", response=errors(*ACT, ok=OutgoingDetailOut), operation_id="documents_outgoing_send"
)
def outgoing_send(request: HttpRequest, doc_id: Id, payload: SendIn | None = None):
    doc = policies.access_outgoing(request.user, doc_id)
    payload = payload or SendIn(issued_amount=None)
    services.send(
        doc=doc,
        actor=request.user,
        recipient_units=_units(payload.recipient_unit_ids, "recipient_unit_ids"),
        recipient_externals=_externals(payload.recipient_external_ids, "recipient_external_ids"),
        recipient_names=payload.recipient_names,
        issued_amount=payload.issued_amount,
    )
    return _detail(request.user, doc_id)


@router.get(
    "/{int:doc_id}/versions",
    response=errors(404, ok=list[VersionOut]),
    operation_id="documents_outgoing_versions",
)
def outgoing_versions(request: HttpRequest, doc_id: Id):
    doc = policies.access_outgoing(request.user, doc_id)
    return [_version(v.version) for v in selectors.detail(doc)["versions"]]


@router.post(
    "/{int:doc_id}/versions",
    response=errors(*ACT, ok=VersionOut, ok_status=201),
    operation_id="documents_outgoing_version_add",
)
def outgoing_version_add(
    request: HttpRequest,
    doc_id: Id,
    note: Form[str] = "",
    file: UploadedFile | None = File(None),  # noqa: B008
):
    doc = policies.access_outgoing(request.user, doc_id)
    if file is None:
        raise Refused.invalid("Vui lòng đính kèm tệp dự thảo.", field="file")
    version = services.version_add(doc=doc, actor=request.user, upload=file, note=note)
    version = DraftVersion.objects.select_related("author", "file").get(pk=version.pk)
    return Status(201, _version(version))


def _comment(c: ReviewComment) -> dict:
    return {
        "id": c.pk,
        "version": c.version.number if c.version else None,
        "author": _person(c.author),
        "text": c.text,
        "created_at": c.created_at,
    }


@router.get(
    "/{int:doc_id}/comments",
    response=errors(404, ok=list[CommentOut]),
    operation_id="documents_outgoing_comments",
)
def outgoing_comments(request: HttpRequest, doc_id: Id):
    doc = policies.access_outgoing(request.user, doc_id)
    rows = ReviewComment.objects.filter(document=doc).select_related("author", "version").order_by("id")
    return [_comment(c) for c in rows]


@router.post(
    "/{int:doc_id}/comments",
    response=errors(*ACT, ok=CommentOut, ok_status=201),
    operation_id="documents_outgoing_comment",
)
def outgoing_comment(request: HttpRequest, doc_id: Id, payload: CommentIn):
    doc = policies.access_outgoing(request.user, doc_id)
    version = None
    if payload.version is not None:
        version = DraftVersion.objects.filter(document=doc, number=payload.version).first()
        if version is None:
            raise Refused.invalid("Không tìm thấy phiên bản.", field="version")
    note = services.comment(
        doc=doc, actor=request.user, text=payload.text, disagreement=payload.disagreement, version=version
    )
    return Status(201, _comment(ReviewComment.objects.select_related("author", "version").get(pk=note.pk)))
