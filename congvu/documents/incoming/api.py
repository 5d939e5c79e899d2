"""Incoming documents and dossiers in the API (DOC-1..DOC-3): a second adapter over the same
policies, services and selectors as the screens.

    GET   /api/v1/documents/incoming?scope=all|register|todo&year=&status=&urgency=&document_type_id=
          &sender=&q=&cursor=&limit=
    POST  /api/v1/documents/incoming                     register (the clerk; JSON, then its files:)
    POST  /api/v1/documents/incoming/{id}/files          multipart "files": the document itself (the first, when it
                                                          has none yet: a scan kept as is), then its attachments;
                                                          before routing, as an edit of the registration
    GET   /api/v1/documents/incoming/{id}/files/{file}   one of its files (audited)
    GET   /api/v1/documents/incoming/{id}                the document, its files, its route, its dossiers,
                                                          allowed_actions
    POST  /api/v1/documents/incoming/{id}/accept         the clerk registers a document another agency sent
    POST  /api/v1/documents/incoming/{id}/distribute     {lead_user_id | lead_unit_id, coordinator_*, informed_*,
                                                          instruction, deadline, urgency, create_work, work_title}
    POST  /api/v1/documents/incoming/{id}/forward        the same
    POST  /api/v1/documents/incoming/{id}/close          {dossier_id | new_dossier, note}
    POST  /api/v1/documents/incoming/{id}/share          {people_ids, note}
    GET   /api/v1/documents/dossiers?year=&q=&cursor=&limit=
    POST  /api/v1/documents/dossiers                     {unit_id, year, notation, title, maintenance, description}
    GET   /api/v1/documents/dossiers/{id}                the dossier and its numbered documents

Answers (``core.api_errors``): 404 for what is missing or not visible (alike); 403 with the reason
when visible but not allowed; 409 in the wrong state; 400 with the ``field`` for refused input — a
duplicate registration answers 400 on ``confirm_duplicate``, a vague subject on ``confirm_subject``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import File, Router, Schema, Status, UploadedFile

from congvu.catalogues.models import DocumentType, ExternalAgency
from congvu.catalogues.models import Field as DocumentField
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.core.screens import stored_file_download
from congvu.documents import policies as may
from congvu.documents import services as document_services
from congvu.documents.files import selectors as file_selectors
from congvu.documents.incoming import selectors, services
from congvu.documents.incoming.policies import access_dossier
from congvu.documents.models import Dossier, IncomingDocument, Urgency
from congvu.org import selectors as org_selectors
from congvu.org.models import Unit

router = Router(tags=["documents: incoming"])
dossiers = Router(tags=["documents: dossiers"])

MAX_LIMIT = 200
ACT = (400, 403, 404, 409)


# --- schemas --------------------------------------------------------------------------------------


class Named(Schema):
    id: int
    name: str


class IncomingOut(Schema):
    id: int
    status: str
    status_display: str
    agency: Named
    arrival_year: int | None = None
    arrival_number: int | None = None
    arrival_date: dt.date | None = None
    document_type: Named
    code_number: str
    code_notation: str
    number_and_notation: str
    issued_date: dt.date | None = None
    subject: str
    sender_name: str
    sender_agency_id: int | None = None
    signer_name: str
    urgency: str
    urgency_display: str
    is_urgent: bool
    is_priority: bool
    due_date: dt.date | None = None
    lead: Named | None = None
    lead_kind: Literal["user", "unit"] | None = None


class IncomingPage(Schema):
    items: list[IncomingOut]
    next_cursor: str | None = None


class RecipientOut(Schema):
    role: str
    kind: Literal["user", "unit"]
    id: int
    name: str
    state: str


class StepOut(Schema):
    id: int
    sent_at: dt.datetime
    sender: Named
    on_behalf_of: Named | None = None
    instruction: str
    deadline: dt.date | None = None
    urgency: str
    assignment_id: int | None = None
    recipients: list[RecipientOut]


class EntryOut(Schema):
    dossier_id: int
    notation: str
    ordinal: int


class FileOut(Schema):
    id: int  # the kept file's id, in the address of its download
    name: str
    size: int
    kind: Literal["main", "attachment"]


class IncomingDetailOut(IncomingOut):
    files: list[FileOut]
    signer_position: str
    page_amount: int | None = None
    description: str
    field_id: int | None = None
    duplicate_of_id: int | None = None
    registered_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    route: list[StepOut]
    dossiers: list[EntryOut]
    allowed_actions: list[str]


class IncomingIn(Schema):
    agency_id: Id | None = None  # the clerk's agency when they keep one register only
    document_type_id: Id
    subject: str
    sender_agency_id: Id | None = None
    sender_name: str = ""
    code_number: str = ""
    code_notation: str = ""
    issued_date: dt.date | None = None
    signer_name: str = ""
    signer_position: str = ""
    urgency: str = Urgency.NORMAL
    is_priority: bool = False
    field_id: Id | None = None
    page_amount: int | None = None
    due_date: dt.date | None = None
    description: str = ""
    arrival_date: dt.date | None = None
    arrival_number: int | None = None
    confirm_duplicate: bool = False
    confirm_subject: bool = False


class AcceptIn(Schema):
    arrival_date: dt.date | None = None
    arrival_number: int | None = None


class RouteIn(Schema):
    lead_user_id: Id | None = None
    lead_unit_id: Id | None = None
    coordinator_user_ids: list[Id] = []
    coordinator_unit_ids: list[Id] = []
    informed_user_ids: list[Id] = []
    informed_unit_ids: list[Id] = []
    instruction: str = ""
    deadline: dt.date | None = None
    urgency: str | None = None
    create_work: bool = False
    work_title: str = ""


class ShareIn(Schema):
    people_ids: list[Id]
    note: str = ""


class DossierIn(Schema):
    unit_id: Id
    year: int | None = None
    notation: str
    title: str
    maintenance: str
    description: str = ""


class CloseIn(Schema):
    dossier_id: Id | None = None
    new_dossier: DossierIn | None = None
    note: str = ""


class DossierOut(Schema):
    id: int
    agency: Named
    unit: Named
    year: int
    notation: str
    title: str
    maintenance: str
    status: str


class DossierPage(Schema):
    items: list[DossierOut]
    next_cursor: str | None = None


class DossierEntryOut(Schema):
    ordinal: int
    incoming_id: int | None = None
    outgoing_id: int | None = None
    subject: str
    added_at: dt.datetime


class DossierDetailOut(DossierOut):
    description: str
    entries: list[DossierEntryOut]


# --- output ---------------------------------------------------------------------------------------


def _named(obj: Any) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": getattr(obj, "full_name", None) or obj.name}


def _out(doc: IncomingDocument) -> dict:
    lead = doc.lead_user if doc.lead_user_id else doc.lead_unit if doc.lead_unit_id else None
    return {
        "id": doc.pk,
        "status": doc.status,
        "status_display": doc.get_status_display(),
        "agency": {"id": doc.agency_id, "name": doc.agency.name},
        "arrival_year": doc.arrival_year,
        "arrival_number": doc.arrival_number,
        "arrival_date": doc.arrival_date,
        "document_type": _named(doc.document_type),
        "code_number": doc.code_number,
        "code_notation": doc.code_notation,
        "number_and_notation": doc.number_and_notation,
        "issued_date": doc.issued_date,
        "subject": doc.subject,
        "sender_name": doc.sender_name,
        "sender_agency_id": doc.sender_agency_id,
        "signer_name": doc.signer_name,
        "urgency": doc.urgency,
        "urgency_display": doc.get_urgency_display(),
        "is_urgent": doc.is_urgent,
        "is_priority": doc.is_priority,
        "due_date": doc.due_date,
        "lead": _named(lead),
        "lead_kind": "user" if doc.lead_user_id else "unit" if doc.lead_unit_id else None,
    }


def _detail(user: Any, pk: int) -> dict:
    doc = may.access_incoming(user, pk)
    page = selectors.document_page(user, doc)
    return {
        **_out(doc),
        "files": [
            {"id": f.file_id, "name": f.file.original_name, "size": f.file.size, "kind": f.kind}
            for f in page.files
        ],
        "signer_position": doc.signer_position,
        "page_amount": doc.page_amount,
        "description": doc.description,
        "field_id": doc.field_id,
        "duplicate_of_id": doc.duplicate_of_id,
        "registered_at": doc.registered_at,
        "closed_at": doc.closed_at,
        "route": [
            {
                "id": entry.step.pk,
                "sent_at": entry.step.sent_at,
                "sender": _named(entry.step.sender),
                "on_behalf_of": _named(entry.step.on_behalf_of),
                "instruction": entry.step.instruction,
                "deadline": entry.step.deadline,
                "urgency": entry.step.urgency,
                "assignment_id": entry.step.assignment_id,
                "recipients": [
                    {
                        "role": r.role,
                        "kind": "user" if r.user_id else "unit",
                        "id": r.user_id or r.unit_id,
                        "name": (_named(r.user) or _named(r.unit) or {"name": ""})["name"],
                        "state": r.state,
                    }
                    for r in [*entry.leads, *entry.coordinators, *entry.informed]
                ],
            }
            for entry in page.timeline
        ],
        "dossiers": [
            {"dossier_id": e.dossier_id, "notation": e.dossier.notation, "ordinal": e.ordinal}
            for e in page.entries
        ],
        "allowed_actions": page.actions,
    }


def _dossier_out(dossier: Dossier) -> dict:
    return {
        "id": dossier.pk,
        "agency": _named(dossier.agency),
        "unit": _named(dossier.unit),
        "year": dossier.year,
        "notation": dossier.notation,
        "title": dossier.title,
        "maintenance": dossier.maintenance,
        "status": dossier.status,
    }


def _catalogue(model: Any, pk: int | None, *, field: str, message: str) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise Refused.invalid(message, field=field)
    return found


def _units(ids: list[int], *, field: str) -> list[Unit]:
    wanted = list(dict.fromkeys(ids))
    found = {u.pk: u for u in Unit.objects.filter(pk__in=wanted)}
    if len(found) != len(wanted):
        raise Refused.invalid("Không tìm thấy đơn vị.", field=field)
    return [found[pk] for pk in wanted]


def _route(payload: RouteIn) -> services.Route:
    leads: list[Any] = []
    if payload.lead_user_id is not None:
        leads.append(org_selectors.person_or_refuse(payload.lead_user_id, field="lead_user_id"))
    if payload.lead_unit_id is not None:
        leads.append(org_selectors.unit_or_refuse(payload.lead_unit_id, field="lead_unit_id"))
    return services.Route(
        leads=leads,
        coordinators=[
            *org_selectors.people_or_refuse(payload.coordinator_user_ids, field="coordinator_user_ids"),
            *_units(payload.coordinator_unit_ids, field="coordinator_unit_ids"),
        ],
        informed=[
            *org_selectors.people_or_refuse(payload.informed_user_ids, field="informed_user_ids"),
            *_units(payload.informed_unit_ids, field="informed_unit_ids"),
        ],
        instruction=payload.instruction,
        deadline=payload.deadline,
        urgency=payload.urgency,
    )


ROUTE_FIELDS = {
    "lead": "lead_user_id",
    "coordinators": "coordinator_user_ids",
    "informed": "informed_user_ids",
}


def _api_field(refused: Refused, payload: RouteIn) -> Refused:
    if refused.field == "lead" and payload.lead_user_id is None and payload.lead_unit_id is not None:
        return refused.on_field("lead_unit_id")
    if refused.field in ROUTE_FIELDS:
        return refused.on_field(ROUTE_FIELDS[refused.field])
    return refused


def _filters(year: int | None, status: str, urgency: str, document_type_id: int | None, sender: str, q: str):
    if year is not None and not 2000 <= year <= 2100:
        raise Refused.invalid("Năm không hợp lệ.", field="year")
    if status and status not in IncomingDocument.Status.values:
        raise Refused.invalid("Trạng thái không hợp lệ.", field="status")
    if urgency and urgency != "urgent" and urgency not in Urgency.values:
        raise Refused.invalid("Độ khẩn không hợp lệ.", field="urgency")
    if len(sender) > 200 or len(q) > 200:
        raise Refused.invalid("Chuỗi tìm kiếm tối đa 200 ký tự.", field="q" if len(q) > 200 else "sender")
    return selectors.Filters(
        year=year, status=status, urgency=urgency, document_type_id=document_type_id, sender=sender, text=q
    )


# --- incoming -------------------------------------------------------------------------------------


@router.get("", response=errors(400, ok=IncomingPage), operation_id="documents_incoming_list")
def incoming_list(
    request: HttpRequest,
    scope: Literal["all", "register", "todo"] = "all",
    year: int | None = None,
    status: str = "",
    urgency: str = "",
    document_type_id: Id | None = None,
    sender: str = "",
    q: str = "",
    cursor: str = "",
    limit: int = 50,
):
    """Every document the person may read (``all``), the register view of the clerk's and leaders'
    agencies (``register``), or those waiting on the person (``todo``), filtered, newest first."""
    filters = _filters(year, status, urgency, document_type_id, sender, q)
    size = max(1, min(limit, MAX_LIMIT))
    after = cursor or None
    if scope == "register":
        page = selectors.register_page(request.user, filters=filters, after=after, size=size)
    elif scope == "todo":
        page = selectors.todo_page(request.user, filters=filters, after=after, size=size)
    else:
        page = selectors.visible_page(request.user, filters=filters, after=after, size=size)
    return {"items": [_out(doc) for doc in page.items], "next_cursor": page.next_cursor}


@router.post(
    "",
    response=errors(400, 403, ok=IncomingDetailOut, ok_status=201),
    operation_id="documents_incoming_register",
)
def incoming_register(request: HttpRequest, payload: IncomingIn):
    agencies = may.clerk_agencies(request.user)
    if not agencies:
        raise Refused.not_allowed(may.NOT_CLERK)
    chosen = (
        agencies[0]
        if payload.agency_id is None
        else next((a for a in agencies if a.pk == payload.agency_id), None)
    )
    if chosen is None:
        raise Refused.invalid("Bạn không là văn thư của cơ quan này.", field="agency_id")
    agency: Unit = chosen
    details = services.Details(
        document_type=_catalogue(
            DocumentType,
            payload.document_type_id,
            field="document_type_id",
            message="Không tìm thấy loại văn bản.",
        ),
        subject=payload.subject,
        sender_agency=_catalogue(
            ExternalAgency,
            payload.sender_agency_id,
            field="sender_agency_id",
            message="Không tìm thấy cơ quan gửi.",
        ),
        sender_name=payload.sender_name,
        code_number=payload.code_number,
        code_notation=payload.code_notation,
        issued_date=payload.issued_date,
        signer_name=payload.signer_name,
        signer_position=payload.signer_position,
        urgency=payload.urgency,
        is_priority=payload.is_priority,
        field=_catalogue(
            DocumentField, payload.field_id, field="field_id", message="Không tìm thấy lĩnh vực."
        ),
        page_amount=payload.page_amount,
        due_date=payload.due_date,
        description=payload.description,
    )
    try:
        doc = services.incoming_register(
            actor=request.user,
            agency=agency,
            details=details,
            arrival_date=payload.arrival_date,
            arrival_number=payload.arrival_number,
            confirm_duplicate=payload.confirm_duplicate,
            confirm_subject=payload.confirm_subject,
        )
    except Refused as refused:
        renamed = {"document_type": "document_type_id", "field": "field_id"}
        raise refused.on_field(renamed.get(refused.field or "", refused.field)) from None
    return Status(201, _detail(request.user, doc.pk))


@router.get(
    "/{int:doc_id}", response=errors(404, ok=IncomingDetailOut), operation_id="documents_incoming_get"
)
def incoming_get(request: HttpRequest, doc_id: Id):
    doc = may.access_incoming(request.user, doc_id)
    services.incoming_viewed(doc=doc, actor=request.user)
    return _detail(request.user, doc_id)


@router.post(
    "/{int:doc_id}/files",
    response=errors(*ACT, ok=IncomingDetailOut),
    operation_id="documents_incoming_files_add",
)
def incoming_files_add(request: HttpRequest, doc_id: Id, files: File[list[UploadedFile]]):
    doc = may.access_incoming(request.user, doc_id)
    try:
        services.incoming_files_add(doc=doc, actor=request.user, uploads=files)
    except Refused as refused:  # a file refused by the core file service names no field of its own
        if refused.kind == Refused.Kind.INVALID and not refused.field:
            raise refused.on_field("files") from None
        raise
    return _detail(request.user, doc_id)


@router.get(
    "/{int:doc_id}/files/{int:file_id}",
    response=errors(404, ok=None),
    operation_id="documents_incoming_file_download",
)
def incoming_file_download(request: HttpRequest, doc_id: Id, file_id: Id):
    doc = may.access_incoming(request.user, doc_id)
    stored = file_selectors.file_of(doc, file_id)
    document_services.file_downloaded(doc=doc, stored=stored, actor=request.user)
    return stored_file_download(stored)


@router.post(
    "/{int:doc_id}/accept",
    response=errors(*ACT, ok=IncomingDetailOut),
    operation_id="documents_incoming_accept",
)
def incoming_accept(request: HttpRequest, doc_id: Id, payload: AcceptIn | None = None):
    doc = may.access_incoming(request.user, doc_id)
    payload = payload or AcceptIn()
    services.incoming_accept(
        doc=doc, actor=request.user, arrival_date=payload.arrival_date, arrival_number=payload.arrival_number
    )
    return _detail(request.user, doc_id)


def _routed(request: HttpRequest, doc_id: int, payload: RouteIn, service: Any) -> dict:
    doc = may.access_incoming(request.user, doc_id)
    try:
        route = _route(payload)
        service(
            doc=doc,
            actor=request.user,
            route=route,
            create_work=payload.create_work,
            work_title=payload.work_title,
        )
    except Refused as refused:
        raise _api_field(refused, payload) from None
    return _detail(request.user, doc_id)


@router.post(
    "/{int:doc_id}/distribute",
    response=errors(*ACT, ok=IncomingDetailOut),
    operation_id="documents_incoming_distribute",
)
def incoming_distribute(request: HttpRequest, doc_id: Id, payload: RouteIn):
    return _routed(request, doc_id, payload, services.incoming_distribute)


@router.post(
    "/{int:doc_id}/forward",
    response=errors(*ACT, ok=IncomingDetailOut),
    operation_id="documents_incoming_forward",
)
def incoming_forward(request: HttpRequest, doc_id: Id, payload: RouteIn):
    return _routed(request, doc_id, payload, services.incoming_forward)


def _dossier_arguments(payload: DossierIn) -> dict[str, Any]:
    unit = org_selectors.unit_or_refuse(payload.unit_id, field="unit_id")
    return {
        "unit": unit,
        "year": payload.year,
        "notation": payload.notation,
        "title": payload.title,
        "maintenance": payload.maintenance,
        "description": payload.description,
    }


DOSSIER_FIELDS = {"unit": "unit_id", "dossier_title": "title"}


@router.post(
    "/{int:doc_id}/close",
    response=errors(*ACT, ok=IncomingDetailOut),
    operation_id="documents_incoming_close",
)
def incoming_close(request: HttpRequest, doc_id: Id, payload: CloseIn):
    doc = may.access_incoming(request.user, doc_id)
    dossier = None
    if payload.dossier_id is not None:
        try:
            dossier = access_dossier(request.user, payload.dossier_id)
        except Refused:
            raise Refused.invalid("Không tìm thấy hồ sơ.", field="dossier_id") from None
    try:
        services.incoming_close(
            doc=doc,
            actor=request.user,
            dossier=dossier,
            new_dossier=_dossier_arguments(payload.new_dossier) if payload.new_dossier else None,
            note=payload.note,
        )
    except Refused as refused:
        field = refused.field or ""
        if field in DOSSIER_FIELDS or field in {"notation", "maintenance", "year"}:
            raise refused.on_field(f"new_dossier.{DOSSIER_FIELDS.get(field, field)}") from None
        if field == "dossier":
            raise refused.on_field("dossier_id") from None
        raise
    return _detail(request.user, doc_id)


@router.post(
    "/{int:doc_id}/share",
    response=errors(*ACT, ok=IncomingDetailOut),
    operation_id="documents_incoming_share",
)
def incoming_share(request: HttpRequest, doc_id: Id, payload: ShareIn):
    """Share with colleagues (F-3b): they read the document from now on."""
    doc = may.access_incoming(request.user, doc_id)
    people = org_selectors.people_or_refuse(payload.people_ids, field="people_ids")
    try:
        services.incoming_share(doc=doc, actor=request.user, people=people, note=payload.note)
    except Refused as refused:
        raise (refused.on_field("people_ids") if refused.field == "people" else refused) from None
    return _detail(request.user, doc_id)


# --- dossiers -------------------------------------------------------------------------------------


@dossiers.get("", response=errors(400, ok=DossierPage), operation_id="documents_dossiers_list")
def dossier_list(
    request: HttpRequest, year: int | None = None, q: str = "", cursor: str = "", limit: int = 50
):
    if year is not None and not 2000 <= year <= 2100:
        raise Refused.invalid("Năm không hợp lệ.", field="year")
    if len(q) > 200:
        raise Refused.invalid("Chuỗi tìm kiếm tối đa 200 ký tự.", field="q")
    page = selectors.dossier_page(
        request.user, year=year, text=q, after=cursor or None, size=max(1, min(limit, MAX_LIMIT))
    )
    return {"items": [_dossier_out(d) for d in page.items], "next_cursor": page.next_cursor}


def _dossier_detail(user: Any, pk: int) -> dict:
    dossier = access_dossier(user, pk)
    return {
        **_dossier_out(dossier),
        "description": dossier.description,
        "entries": [
            {
                "ordinal": e.ordinal,
                "incoming_id": e.incoming_id,
                "outgoing_id": e.outgoing_id,
                "subject": _entry_subject(e),
                "added_at": e.added_at,
            }
            for e in selectors.dossier_entries(dossier)
        ],
    }


def _entry_subject(entry: Any) -> str:
    doc = entry.incoming or entry.outgoing
    return doc.subject if doc is not None else ""


@dossiers.post(
    "",
    response=errors(400, 403, ok=DossierDetailOut, ok_status=201),
    operation_id="documents_dossiers_create",
)
def dossier_create(request: HttpRequest, payload: DossierIn):
    try:
        dossier = services.dossier_create(actor=request.user, **_dossier_arguments(payload))
    except Refused as refused:
        raise refused.on_field(DOSSIER_FIELDS.get(refused.field or "", refused.field)) from None
    return Status(201, _dossier_detail(request.user, dossier.pk))


@dossiers.get(
    "/{int:dossier_id}", response=errors(404, ok=DossierDetailOut), operation_id="documents_dossiers_get"
)
def dossier_get(request: HttpRequest, dossier_id: Id):
    return _dossier_detail(request.user, dossier_id)
