"""Registers in the API (DOC-9, R-REG-1): a second adapter over the same policies, services and
selectors as the screens.

    GET   /api/v1/documents/registers?agency_id=          the person's agencies' registers
    POST  /api/v1/documents/registers                      create {agency_id, name, direction, document_type_ids, is_default, is_active}
    GET   /api/v1/documents/registers/{id}                 one register
    PATCH /api/v1/documents/registers/{id}                 {name, direction, document_type_ids, is_default, is_active}
    GET   /api/v1/documents/registers/{id}/rows?year=&month=&date_from=&date_to=&document_type_id=&urgency=
          &field_id=&unit_id=&person_id=&processing=&book=registration|follow_up&cursor=&limit=
                                                           the register's rows of a year, in number order,
                                                           with the Phụ lục IV columns (keyset cursor); an
                                                           incoming register's follow-up register with
                                                           ``book=follow_up``
    GET   /api/v1/documents/registers/{id}/export?format=xlsx|pdf&book=&year=&…   the file (audited)
    GET   /api/v1/documents/registers/{id}/statistics?year=&month=&date_from=&date_to=
    GET   /api/v1/documents/review-chains?agency_id=       an agency's review chains, with their steps
    POST  /api/v1/documents/review-chains                  create {agency_id, name, steps: [{label, kind, person_id, role}]}
    GET   /api/v1/documents/review-chains/{id}
    PATCH /api/v1/documents/review-chains/{id}             {name, is_default, is_active, steps (in their new order)}

Reading is for the agency's clerks and leaders; keeping for its clerk or administrator. Answers
(``core.api_errors``): 404 for a register missing or not the person's, 403 when they may read but
not keep it, 400 with ``field`` for refused input (a PDF over 1,000 rows names ``month``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from congvu.catalogues.models import DocumentType
from congvu.core.api_errors import errors
from congvu.core.api_inputs import DB_INTEGER_MAX, Id
from congvu.core.calendar import check_in_horizon
from congvu.core.decisions import Refused
from congvu.core.pagination import keyset_page
from congvu.documents.models import Direction, Register, Urgency
from congvu.documents.registers import exports, policies, selectors, services
from congvu.documents.registers.forms import MAX_DAYS

router = Router(tags=["documents-registers"])

MAX_LIMIT = 200
# An id, or 0 for "none" (the documents with no field, no unit), as the statistics count them.
IdOrNone = Annotated[int, Field(ge=0, le=DB_INTEGER_MAX)]


class RegisterOut(Schema):
    id: int
    agency_id: int
    agency_name: str
    name: str
    direction: str
    direction_display: str
    document_type_ids: list[int]
    is_default: bool
    is_active: bool


class RegisterIn(Schema):
    agency_id: Id
    name: str = Field(max_length=200)
    direction: Literal["incoming", "outgoing"]
    document_type_ids: list[Id] = Field(default=[], max_length=100)
    is_default: bool = False
    is_active: bool = True


class RegisterPatch(Schema):
    name: str | None = Field(default=None, max_length=200)
    direction: Literal["incoming", "outgoing"] | None = None
    document_type_ids: list[Id] | None = Field(default=None, max_length=100)
    is_default: bool | None = None
    is_active: bool | None = None


class RegisterColumnOut(Schema):
    name: str
    label: str


class RegisterRowOut(Schema):
    document_id: int
    urgency: str
    cells: dict[str, Any]


class RegisterRowsPage(Schema):
    register_info: RegisterOut
    year: int
    columns: list[RegisterColumnOut]
    items: list[RegisterRowOut]
    next_cursor: str | None = None


class RegisterFigureOut(Schema):
    label: str
    total: int
    filters: dict[str, int]
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    in_time: int = 0


class RegisterStatisticsOut(Schema):
    register_id: int
    year: int
    total: int
    processing: RegisterFigureOut | None = None
    by_month: list[RegisterFigureOut]
    by_type: list[RegisterFigureOut]
    by_field: list[RegisterFigureOut]
    by_unit: list[RegisterFigureOut]
    by_person: list[RegisterFigureOut]


def _out(register: Register) -> dict[str, Any]:
    return {
        "id": register.pk,
        "agency_id": register.agency_id,
        "agency_name": register.agency.name,
        "name": register.name,
        "direction": register.direction,
        "direction_display": str(Direction(register.direction).label),
        "document_type_ids": sorted(t.pk for t in register.document_types.all()),
        "is_default": register.is_default,
        "is_active": register.is_active,
    }


def _types(ids: list[int]) -> list[DocumentType]:
    types = list(DocumentType.objects.filter(pk__in=ids))
    if len(types) != len(set(ids)):
        raise Refused.invalid("Loại văn bản không hợp lệ.", field="document_type_ids")
    return types


API_FIELDS = {"document_types": "document_type_ids"}


def _api_field(refused: Refused) -> Refused:
    return refused.on_field(API_FIELDS[refused.field]) if refused.field in API_FIELDS else refused


def _filters(
    register: Register,
    *,
    year: int | None,
    month: int | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    document_type_id: int | None = None,
    urgency: str = "",
    field_id: int | None = None,
    unit_id: int | None = None,
    person_id: int | None = None,
    processing: str = "",
) -> tuple[int, selectors.RowFilter]:
    today = timezone.localdate()
    if year is not None and not selectors.MIN_YEAR <= year <= today.year + 1:
        raise Refused.invalid("Năm không hợp lệ.", field="year")
    if month is not None and not 1 <= month <= 12:
        raise Refused.invalid("Tháng từ 1 đến 12.", field="month")
    for name, day in (("date_from", date_from), ("date_to", date_to)):
        if day is not None:
            check_in_horizon(day, field=name)
    if date_from and date_to:
        if date_from > date_to:
            raise Refused.invalid("Ngày kết thúc phải sau ngày bắt đầu.", field="date_to")
        if (date_to - date_from).days > MAX_DAYS:
            raise Refused.invalid(f"Khoảng ngày tối đa {MAX_DAYS} ngày.", field="date_to")
    if urgency and urgency not in Urgency.values:
        raise Refused.invalid("Độ khẩn không hợp lệ.", field="urgency")
    if processing and processing not in selectors.PROCESSING:
        raise Refused.invalid("Tình trạng xử lý không hợp lệ.", field="processing")
    incoming = register.direction == Direction.INCOMING
    return year or today.year, selectors.RowFilter(
        month=month,
        date_from=date_from,
        date_to=date_to,
        document_type_id=document_type_id,
        urgency=urgency,
        field_id=field_id,
        unit_id=unit_id,
        person_id=person_id if incoming else None,
        processing=processing if incoming else "",
    )


@router.get("", response=errors(403, 404, ok=list[RegisterOut]), operation_id="documents_registers_list")
def register_list(request: HttpRequest, agency_id: Id | None = None):
    """The registers of the person's agencies (one agency with ``agency_id``)."""
    ids = policies.reader_agency_ids(request.user) | policies.keeper_agency_ids(request.user)
    if not ids:
        raise Refused.not_allowed(policies.NOT_READER)
    if agency_id is not None:
        if agency_id not in ids:
            raise Refused.not_found("Không tìm thấy cơ quan.")
        ids = {agency_id}
    registers = (
        Register.objects.filter(agency_id__in=sorted(ids))
        .select_related("agency")
        .prefetch_related("document_types")
        .order_by("agency__path", "direction", "-is_default", "sort_order", "name", "pk")
    )
    return [_out(r) for r in registers]


@router.post(
    "", response=errors(403, 404, ok=RegisterOut, ok_status=201), operation_id="documents_registers_create"
)
def register_create(request: HttpRequest, payload: RegisterIn):
    agency = policies.access_agency(request.user, payload.agency_id, keep=True)
    try:
        register = services.register_create(
            agency=agency,
            name=payload.name,
            direction=payload.direction,
            document_types=_types(payload.document_type_ids),
            is_default=payload.is_default,
            is_active=payload.is_active,
            actor=request.user,
        )
    except Refused as refused:
        raise _api_field(refused) from None
    return Status(201, _out(Register.objects.select_related("agency").get(pk=register.pk)))


@router.get("/{id}", response=errors(403, 404, ok=RegisterOut), operation_id="documents_registers_read")
def register_read(request: HttpRequest, id: Id):
    return _out(policies.access_register(request.user, id))


@router.patch("/{id}", response=errors(403, 404, ok=RegisterOut), operation_id="documents_registers_update")
def register_update(request: HttpRequest, id: Id, payload: RegisterPatch):
    register = policies.access_register(request.user, id, "keep")
    types = (
        _types(payload.document_type_ids)
        if payload.document_type_ids is not None
        else list(register.document_types.all())
    )
    try:
        services.register_update(
            register=register,
            name=payload.name if payload.name is not None else register.name,
            direction=payload.direction or register.direction,
            document_types=types,
            is_default=payload.is_default if payload.is_default is not None else register.is_default,
            is_active=payload.is_active if payload.is_active is not None else register.is_active,
            actor=request.user,
        )
    except Refused as refused:
        raise _api_field(refused) from None
    return _out(Register.objects.select_related("agency").get(pk=register.pk))


Book = Literal["registration", "follow_up"]


def _check_book(register: Register, book: str) -> None:
    if book == selectors.FOLLOW_UP and register.direction != Direction.INCOMING:
        raise Refused.invalid("Sổ theo dõi giải quyết chỉ có cho sổ văn bản đến.", field="book")


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@router.get(
    "/{id}/rows", response=errors(403, 404, ok=RegisterRowsPage), operation_id="documents_registers_rows"
)
def register_rows(
    request: HttpRequest,
    id: Id,
    year: int | None = None,
    month: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    document_type_id: Id | None = None,
    urgency: str = "",
    field_id: IdOrNone | None = None,
    unit_id: IdOrNone | None = None,
    person_id: Id | None = None,
    processing: str = "",
    book: Book = "registration",
    cursor: str = "",
    limit: int = 50,
):
    """The register's rows of ``year`` in number order; ``field_id=0`` / ``unit_id=0`` ask for the
    documents with no field / no unit, as the statistics count them; ``book=follow_up`` lays an
    incoming register out as its follow-up register (sổ theo dõi giải quyết văn bản đến)."""
    register = policies.access_register(request.user, id)
    _check_book(register, book)
    year_, filters = _filters(
        register,
        year=year,
        month=month,
        date_from=date_from,
        date_to=date_to,
        document_type_id=document_type_id,
        urgency=urgency,
        field_id=field_id,
        unit_id=unit_id,
        person_id=person_id,
        processing=processing,
    )
    page = keyset_page(
        selectors.register_rows(register, year_, filters, book=book),
        order=selectors.row_order(register),
        after=cursor or None,
        size=max(1, min(limit, MAX_LIMIT)),
    )
    cols = selectors.columns(register, book)
    return {
        "register_info": _out(register),
        "year": year_,
        "columns": [{"name": n, "label": label} for n, label in cols],
        "items": [
            {
                "document_id": doc.pk,
                "urgency": doc.urgency,
                "cells": {k: _cell(v) for k, v in selectors.row_cells(register, doc, book).items()},
            }
            for doc in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/{id}/export",
    response=errors(403, 404, ok=None),
    operation_id="documents_registers_export",
)
def register_export(
    request: HttpRequest,
    id: Id,
    format: Literal["xlsx", "pdf"] = "xlsx",
    year: int | None = None,
    month: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    book: Book = "registration",
):
    """The register as XLSX or PDF (a PDF holds at most 1,000 rows: narrow by ``month`` or dates);
    ``book=follow_up``: an incoming register's follow-up register."""
    register = policies.access_register(request.user, id)
    _check_book(register, book)
    year_, filters = _filters(register, year=year, month=month, date_from=date_from, date_to=date_to)
    try:
        services.register_export(
            register=register, year=year_, filters=filters, file_format=format, actor=request.user, book=book
        )
    except Refused as refused:
        raise refused.on_field("month") from None
    return exports.download(register, year_, filters, format, actor=request.user, book=book)


def _figure(figure: selectors.Figure) -> dict[str, Any]:
    return {
        "label": figure.label,
        "total": figure.total,
        "filters": figure.query,
        "on_time": figure.on_time,
        "late": figure.late,
        "overdue": figure.overdue,
        "in_time": figure.in_time,
    }


@router.get(
    "/{id}/statistics",
    response=errors(403, 404, ok=RegisterStatisticsOut),
    operation_id="documents_registers_statistics",
)
def register_statistics(
    request: HttpRequest,
    id: Id,
    year: int | None = None,
    month: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
):
    """Counts by month, type, field and unit; incoming: processing status per unit and person.
    Each figure's ``filters`` are the screen's query parameters of the rows it counts."""
    register = policies.access_register(request.user, id)
    year_, filters = _filters(register, year=year, month=month, date_from=date_from, date_to=date_to)
    stats = selectors.statistics(register, year_, filters)
    return {
        "register_id": register.pk,
        "year": year_,
        "total": stats.total,
        "processing": _figure(stats.processing) if stats.processing else None,
        "by_month": [_figure(f) for f in stats.by_month],
        "by_type": [_figure(f) for f in stats.by_type],
        "by_field": [_figure(f) for f in stats.by_field],
        "by_unit": [_figure(f) for f in stats.by_unit],
        "by_person": [_figure(f) for f in stats.by_person],
    }


# --- review chains --------------------------------------------------------------------------------

chains_router = Router(tags=["documents-review-chains"])


class ReviewStepIO(Schema):
    order: int | None = None
    label: str = Field(default="", max_length=100)
    kind: Literal["unit_head", "signer", "person", "role"]
    person_id: Id | None = None
    role: str = Field(default="", max_length=30)


class ReviewChainOut(Schema):
    id: int
    agency_id: int
    name: str
    is_default: bool
    is_active: bool
    steps: list[ReviewStepIO]


class ReviewChainIn(Schema):
    agency_id: Id
    name: str = Field(max_length=200)
    is_default: bool = False
    is_active: bool = True
    steps: list[ReviewStepIO] = Field(max_length=services.MAX_STEPS + 1)


class ReviewChainPatch(Schema):
    name: str | None = Field(default=None, max_length=200)
    is_default: bool | None = None
    is_active: bool | None = None
    steps: list[ReviewStepIO] | None = Field(default=None, max_length=services.MAX_STEPS + 1)


def _chain_out(chain: Any) -> dict[str, Any]:
    return {
        "id": chain.pk,
        "agency_id": chain.agency_id,
        "name": chain.name,
        "is_default": chain.is_default,
        "is_active": chain.is_active,
        "steps": [
            {"order": s.order, "label": s.label, "kind": s.kind, "person_id": s.person_id, "role": s.role}
            for s in chain.steps.all()
        ],
    }


def _step_inputs(steps: list[ReviewStepIO]) -> list[services.StepInput]:
    return [services.StepInput(label=s.label, kind=s.kind, person_id=s.person_id, role=s.role) for s in steps]


@chains_router.get(
    "", response=errors(403, 404, ok=list[ReviewChainOut]), operation_id="documents_review_chains_list"
)
def chain_list(request: HttpRequest, agency_id: Id | None = None):
    """The review chains of an agency the person keeps (the first when none is named)."""
    agency = policies.access_agency(request.user, agency_id, keep=True)
    return [_chain_out(c) for c in selectors.chains_of(agency)]


@chains_router.post(
    "",
    response=errors(403, 404, ok=ReviewChainOut, ok_status=201),
    operation_id="documents_review_chains_create",
)
def chain_create(request: HttpRequest, payload: ReviewChainIn):
    agency = policies.access_agency(request.user, payload.agency_id, keep=True)
    chain = services.chain_create(
        agency=agency,
        name=payload.name,
        steps=_step_inputs(payload.steps),
        is_default=payload.is_default,
        is_active=payload.is_active,
        actor=request.user,
    )
    return Status(201, _chain_out(chain))


@chains_router.get(
    "/{id}", response=errors(404, ok=ReviewChainOut), operation_id="documents_review_chains_read"
)
def chain_read(request: HttpRequest, id: Id):
    return _chain_out(policies.access_chain(request.user, id))


@chains_router.patch(
    "/{id}", response=errors(403, 404, ok=ReviewChainOut), operation_id="documents_review_chains_update"
)
def chain_update(request: HttpRequest, id: Id, payload: ReviewChainPatch):
    """Rename, re-order (send the steps in their new order), make default, stop or resume using."""
    chain = policies.access_chain(request.user, id)
    steps = (
        _step_inputs(payload.steps)
        if payload.steps is not None
        else [
            services.StepInput(label=s.label, kind=s.kind, person_id=s.person_id, role=s.role)
            for s in chain.steps.all()
        ]
    )
    chain = services.chain_update(
        chain=chain,
        name=payload.name if payload.name is not None else chain.name,
        steps=steps,
        is_default=payload.is_default if payload.is_default is not None else chain.is_default,
        is_active=payload.is_active if payload.is_active is not None else chain.is_active,
        actor=request.user,
    )
    return _chain_out(chain)
