"""Reads of the registers feature: an agency's registers, the rows of one register in one year with
the columns of the model register (Nghị định 30/2020 Phụ lục IV; R-REG-1) — for an incoming register
also of its follow-up register ("sổ theo dõi giải quyết văn bản đến", ``FOLLOW_UP``) — and the
statistics of one register (DOC-9; seed 002 Đ14.1) whose every figure is a filter of that register's
rows.

One read path for the screen, the XLSX and PDF exports and the API: ``register_rows`` (the
queryset, filtered) and ``row_cells`` (the columns of one row).

Processing status of an incoming document against its deadline (``due_date``), on the day asked:
- **on time** (đúng hạn): processing ended on or before the deadline, or ended with no deadline;
- **late** (trễ hạn): processing ended after the deadline;
- **overdue** (quá hạn): still open and the deadline has passed;
- **in time** (đang trong hạn): still open, deadline not passed or none.
The unit a document counts for is the unit leading it (``lead_unit``), or the primary unit of the
person leading it; the person is the lead person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractMonth, TruncDate
from django.utils import timezone

from congvu.catalogues.models import DocumentType
from congvu.catalogues.models import Field as DocumentField
from congvu.documents.models import (
    Direction,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    Register,
    ReviewChain,
    ReviewStep,
    Urgency,
)
from congvu.org.models import Membership, Unit

PAGE_SIZE = 50
MIN_YEAR = 2000

# The columns of the model registers, in the decree's order (Phụ lục IV: at least 10 each).
INCOMING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("arrival_date", "Ngày đến"),
    ("arrival_number", "Số đến"),
    ("author", "Tác giả"),
    ("number_notation", "Số, ký hiệu văn bản"),
    ("issued_date", "Ngày tháng văn bản"),
    ("type_subject", "Tên loại và trích yếu nội dung"),
    ("receiver", "Đơn vị hoặc người nhận"),
    ("routed_on", "Ngày chuyển"),
    ("signed_for", "Ký nhận"),
    ("note", "Ghi chú"),
)
OUTGOING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("number_notation", "Số, ký hiệu văn bản"),
    ("issued_date", "Ngày tháng văn bản"),
    ("type_subject", "Tên loại và trích yếu nội dung"),
    ("signer", "Người ký"),
    ("recipients", "Nơi nhận văn bản"),
    ("archive", "Đơn vị, người nhận bản lưu"),
    ("amount", "Số lượng bản"),
    ("sent_on", "Ngày chuyển"),
    ("signed_for", "Ký nhận"),
    ("note", "Ghi chú"),
)
# "Sổ theo dõi giải quyết văn bản đến" (Phụ lục IV: at least 7 columns): the incoming register's
# documents again, followed to their end — who handles each, by when, how far, and the reply.
FOLLOW_UP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("arrival_number", "Số đến"),
    ("document", "Tên loại, số, ký hiệu, ngày tháng và cơ quan ban hành"),
    ("receiver", "Đơn vị hoặc người nhận"),
    ("due_date", "Thời hạn giải quyết"),
    ("progress", "Tiến độ giải quyết"),
    ("reply", "Số, ký hiệu văn bản trả lời"),
    ("note", "Ghi chú"),
)
DATE_COLUMNS = frozenset({"arrival_date", "issued_date", "routed_on", "sent_on", "due_date"})

# The model registers an incoming register is read as: its register ("sổ đăng ký", the default) or
# its follow-up register ("sổ theo dõi giải quyết"); an outgoing register has only the first.
REGISTRATION = "registration"
FOLLOW_UP = "follow_up"
BOOKS = {REGISTRATION: "Sổ đăng ký", FOLLOW_UP: "Sổ theo dõi giải quyết"}

PROCESSING = {
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "overdue": "Quá hạn",
    "in_time": "Đang trong hạn",
}


def book_of(register: Register, book: str) -> str:
    """The model register ``book`` names, as the register has it (an outgoing register, and any
    name not known, is read as its register)."""
    return FOLLOW_UP if book == FOLLOW_UP and register.direction == Direction.INCOMING else REGISTRATION


def columns(register: Register, book: str = REGISTRATION) -> tuple[tuple[str, str], ...]:
    if register.direction != Direction.INCOMING:
        return OUTGOING_COLUMNS
    return FOLLOW_UP_COLUMNS if book == FOLLOW_UP else INCOMING_COLUMNS


# --- registers ------------------------------------------------------------------------------------


def registers_of(agency: Unit) -> list[Register]:
    """The agency's registers, incoming first, with the types each covers (two queries)."""
    return list(
        Register.objects.filter(agency=agency)
        .prefetch_related(
            Prefetch("document_types", queryset=DocumentType.objects.order_by("sort_order", "name"))
        )
        .order_by("direction", "-is_default", "sort_order", "name", "pk")
    )


def year_range(today: dt.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(range(today.year, max(MIN_YEAR, today.year - 10) - 1, -1))


def check_year(year: int, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return year if MIN_YEAR <= year <= today.year + 1 else today.year


# --- the rows of a register -----------------------------------------------------------------------


@dataclass(frozen=True)
class RowFilter:
    """Filters of a register's rows; every figure of the statistics is one of these."""

    month: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    document_type_id: int | None = None
    urgency: str = ""
    field_id: int | None = None  # 0: documents with no field
    unit_id: int | None = None  # 0: no unit (incoming: the leading unit; outgoing: the drafting unit)
    person_id: int | None = None  # incoming: the lead person
    processing: str = ""  # incoming: on_time, late, overdue, in_time

    def words(self) -> dict[str, str]:
        """The filters in force, for the audit record of an export."""
        out: dict[str, str] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value not in (None, ""):
                out[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out


def _handling_unit() -> Coalesce:
    primary_unit = Membership.objects.filter(
        user_id=OuterRef("lead_user_id"), is_primary=True, ended_on__isnull=True
    ).values("unit_id")[:1]
    return Coalesce(F("lead_unit_id"), Subquery(primary_unit, output_field=IntegerField()))


def processing_q(kind: str, today: dt.date) -> Q:
    """The documents of one processing status on ``today`` (needs the ``closed_on`` annotation)."""
    done = Q(status=IncomingDocument.Status.DONE)
    open_ = Q(status__in=IncomingDocument.OPEN_STATES)
    if kind == "on_time":
        return done & (Q(due_date__isnull=True) | Q(closed_on__isnull=True) | Q(closed_on__lte=F("due_date")))
    if kind == "late":
        return done & Q(due_date__isnull=False, closed_on__gt=F("due_date"))
    if kind == "overdue":
        return open_ & Q(due_date__lt=today)
    if kind == "in_time":
        return open_ & (Q(due_date__isnull=True) | Q(due_date__gte=today))
    raise ValueError(kind)


def _incoming_base(register: Register, year: int) -> QuerySet[IncomingDocument]:
    return IncomingDocument.objects.filter(
        register=register, arrival_year=year, arrival_number__isnull=False
    ).annotate(closed_on=TruncDate("closed_at"), handling_unit_id=_handling_unit())


def _outgoing_base(register: Register, year: int) -> QuerySet[OutgoingDocument]:
    return OutgoingDocument.objects.filter(register=register, number_year=year, number__isnull=False)


def _filtered(register: Register, year: int, filters: RowFilter, today: dt.date) -> QuerySet[Any]:
    incoming = register.direction == Direction.INCOMING
    qs: QuerySet[Any] = _incoming_base(register, year) if incoming else _outgoing_base(register, year)
    day = "arrival_date" if incoming else "issued_date"
    if filters.month:
        qs = qs.filter(**{f"{day}__month": filters.month})
    if filters.date_from:
        qs = qs.filter(**{f"{day}__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{day}__lte": filters.date_to})
    if filters.document_type_id:
        qs = qs.filter(document_type_id=filters.document_type_id)
    if filters.urgency:
        qs = qs.filter(urgency=filters.urgency)
    if filters.field_id is not None:
        qs = qs.filter(field_id=filters.field_id or None)
    if filters.unit_id is not None:
        unit_column = "handling_unit_id" if incoming else "drafting_unit_id"
        qs = qs.filter(**{unit_column: filters.unit_id or None})
    if incoming and filters.person_id:
        qs = qs.filter(lead_user_id=filters.person_id)
    if incoming and filters.processing in PROCESSING:
        qs = qs.filter(processing_q(filters.processing, today))
    return qs


def _issued_replies() -> QuerySet[OutgoingDocument]:
    """Replies that carry a number (a draft has none to write in the follow-up register)."""
    return OutgoingDocument.objects.filter(number__isnull=False).order_by("number_year", "number", "id")


def register_rows(
    register: Register,
    year: int,
    filters: RowFilter | None = None,
    *,
    today: dt.date | None = None,
    book: str = REGISTRATION,
) -> QuerySet[Any]:
    """The register's documents of ``year`` matching ``filters``, with what the columns of
    ``book`` read (ordered by number by the caller: ``row_order``)."""
    today = today or timezone.localdate()
    qs = _filtered(register, year, filters or RowFilter(), today)
    if register.direction == Direction.INCOMING:
        qs = qs.select_related("document_type", "lead_user", "lead_unit", "presented_to")
        if book_of(register, book) == FOLLOW_UP:
            replies = _issued_replies().only("id", "in_reply_to_id", "number", "code_number", "code_notation")
            qs = qs.prefetch_related(Prefetch("replies", queryset=replies))
        return qs
    return qs.select_related("document_type", "signer", "drafting_unit").prefetch_related(
        Prefetch(
            "recipients", queryset=OutgoingRecipient.objects.order_by("id").only("id", "document_id", "name")
        )
    )


def row_order(register: Register) -> tuple[str, str]:
    return ("arrival_number", "id") if register.direction == Direction.INCOMING else ("number", "id")


# What a row's columns read, as plain values: the screen reads them from the page's documents, an
# export straight from the database (no model instances: a year of 20,000 rows in a few seconds).
INCOMING_VALUES = (
    "id", "arrival_date", "arrival_number", "sender_name", "code_number", "code_notation", "issued_date",
    "document_type__name", "subject", "lead_unit__name", "lead_user__full_name", "presented_to__full_name",
    "first_routed_at", "description",
)  # fmt: skip
FOLLOW_UP_VALUES = (*INCOMING_VALUES, "due_date", "status", "closed_at")
OUTGOING_VALUES = (
    "id", "number", "code_number", "code_notation", "issued_date", "numbered_at", "document_type__name",
    "subject", "signer_name", "signer__full_name", "drafting_unit__name", "issued_amount", "issued_at",
    "description",
)  # fmt: skip


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _number_notation(number: str, notation: str) -> str:
    if number and notation:
        return f"{number}/{notation}"
    return number or notation


def _cells(direction: str, v: dict[str, Any], recipients: list[str]) -> dict[str, Any]:
    type_subject = f"{v['document_type__name']} – {v['subject']}"
    if direction == Direction.INCOMING:
        return {
            "arrival_date": v["arrival_date"],
            "arrival_number": v["arrival_number"],
            "author": v["sender_name"],
            "number_notation": _number_notation(v["code_number"], v["code_notation"]),
            "issued_date": v["issued_date"],
            "type_subject": type_subject,
            "receiver": v["lead_unit__name"]
            or v["lead_user__full_name"]
            or v["presented_to__full_name"]
            or "",
            "routed_on": _local_day(v["first_routed_at"]),
            "signed_for": "",
            "note": v["description"],
        }
    return {
        "number_notation": _number_notation(v["code_number"], v["code_notation"]) or f"{v['number']:02d}",
        "issued_date": v["issued_date"] or _local_day(v["numbered_at"]),
        "type_subject": type_subject,
        "signer": v["signer_name"] or v["signer__full_name"] or "",
        "recipients": "; ".join(recipients),
        "archive": f"Văn thư; {v['drafting_unit__name']}",
        "amount": v["issued_amount"],
        "sent_on": _local_day(v["issued_at"]),
        "signed_for": "",
        "note": v["description"],
    }


def _progress(status: str, due: dt.date | None, closed: dt.date | None, today: dt.date) -> str:
    """How far a document has come, against its deadline on ``today`` (the statuses of the
    module docstring, in the register's words)."""
    if status == IncomingDocument.Status.DONE:
        words = f"Đã giải quyết ngày {closed:%d/%m/%Y}" if closed else "Đã giải quyết"
        return f"{words} (trễ hạn)" if due and closed and closed > due else words
    if status == IncomingDocument.Status.IN_PROGRESS:
        return "Đang giải quyết (quá hạn)" if due and due < today else "Đang giải quyết"
    return "Chờ phân phối"


def _follow_up_cells(v: dict[str, Any], replies: list[str], today: dt.date) -> dict[str, Any]:
    number = _number_notation(v["code_number"], v["code_notation"])
    document = " ".join(
        filter(
            None,
            [
                v["document_type__name"],
                f"số {number}" if number else "",
                f"ngày {v['issued_date']:%d/%m/%Y}" if v["issued_date"] else "",
                f"của {v['sender_name']}" if v["sender_name"] else "",
            ],
        )
    )
    return {
        "arrival_number": v["arrival_number"],
        "document": document,
        "receiver": v["lead_unit__name"] or v["lead_user__full_name"] or v["presented_to__full_name"] or "",
        "due_date": v["due_date"],
        "progress": _progress(v["status"], v["due_date"], _local_day(v["closed_at"]), today),
        "reply": "; ".join(replies),
        "note": v["description"],
    }


def _reply_number(number: int | None, code_number: str, code_notation: str) -> str:
    return _number_notation(code_number, code_notation) or f"{number or 0:02d}"


def _model_values(doc: Any, names: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        value = doc
        for part in name.split("__"):
            value = getattr(value, part) if value is not None else None
        values[name] = value
    return values


def row_cells(
    register: Register, doc: Any, book: str = REGISTRATION, *, today: dt.date | None = None
) -> dict[str, Any]:
    """One row's columns, by name (dates as dates, numbers as numbers, the rest as text), from a
    document of ``register_rows`` (of the same ``book``)."""
    if book_of(register, book) == FOLLOW_UP:
        replies = [_reply_number(r.number, r.code_number, r.code_notation) for r in doc.replies.all()]
        return _follow_up_cells(_model_values(doc, FOLLOW_UP_VALUES), replies, today or timezone.localdate())
    if register.direction == Direction.INCOMING:
        return _cells(register.direction, _model_values(doc, INCOMING_VALUES), [])
    recipients = [r.name for r in doc.recipients.all()]
    return _cells(register.direction, _model_values(doc, OUTGOING_VALUES), recipients)


def printed(name: str, value: Any) -> str:
    """A cell as shown and printed: dates dd/mm/yyyy, the arrival number with its leading 0."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if name == "arrival_number":
        return f"{value:02d}"
    return str(value)


def stream_rows(
    register: Register, year: int, filters: RowFilter, *, chunk: int = 2000, book: str = REGISTRATION
) -> Iterator[dict[str, Any]]:
    """Every matching row in number order, read a chunk at a time by number (an export of a whole
    year keeps a few thousand rows in memory, not all; each chunk is one query, and one more for
    an outgoing chunk's recipients or a follow-up chunk's replies)."""
    incoming = register.direction == Direction.INCOMING
    follow_up = book_of(register, book) == FOLLOW_UP
    number = "arrival_number" if incoming else "number"
    names = (FOLLOW_UP_VALUES if follow_up else INCOMING_VALUES) if incoming else OUTGOING_VALUES
    today = timezone.localdate()
    base = _filtered(register, year, filters, today).order_by(number, "id")
    last: tuple[int, int] | None = None
    while True:
        qs = base
        if last is not None:
            qs = qs.filter(Q(**{f"{number}__gt": last[0]}) | Q(**{number: last[0], "id__gt": last[1]}))
        rows = list(qs.values(*names)[:chunk])
        if not rows:
            return
        ids = [r["id"] for r in rows]
        for row, extra in zip(rows, _chunk_lists(ids, incoming=incoming, follow_up=follow_up), strict=True):
            if follow_up:
                yield _follow_up_cells(row, extra, today)
            else:
                yield _cells(register.direction, row, extra)
        if len(rows) < chunk:
            return
        last = (rows[-1][number], rows[-1]["id"])


def _chunk_lists(ids: list[int], *, incoming: bool, follow_up: bool) -> list[list[str]]:
    """Per document of a chunk (in order): an outgoing document's recipients, an incoming one's
    issued replies for the follow-up register, nothing for the incoming register (one query, or
    none)."""
    found: dict[int, list[str]] = {}
    if follow_up:
        for doc_id, number, code_number, code_notation in (
            _issued_replies()
            .filter(in_reply_to_id__in=ids)
            .values_list("in_reply_to_id", "number", "code_number", "code_notation")
        ):
            found.setdefault(doc_id, []).append(_reply_number(number, code_number, code_notation))
    elif not incoming:
        for doc_id, name in (
            OutgoingRecipient.objects.filter(document_id__in=ids)
            .order_by("document_id", "id")
            .values_list("document_id", "name")
        ):
            found.setdefault(doc_id, []).append(name)
    return [found.get(pk, []) for pk in ids]


def filter_words(filters: RowFilter) -> list[str]:
    """The unit and person a list is narrowed to (from a statistics figure), in words."""
    from congvu.accounts.models import User

    words = []
    if filters.unit_id == 0:
        words.append("chưa phân công đơn vị")
    elif filters.unit_id:
        name = Unit.objects.filter(pk=filters.unit_id).values_list("name", flat=True).first()
        words.append(f"đơn vị: {name or '—'}")
    if filters.person_id:
        name = User.objects.filter(pk=filters.person_id).values_list("full_name", flat=True).first()
        words.append(f"người xử lý chính: {name or '—'}")
    return words


# --- statistics -----------------------------------------------------------------------------------


@dataclass
class Figure:
    """One counted group: its label, its counts and the filter that lists what it counts."""

    label: str
    total: int
    query: dict[str, Any]
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    in_time: int = 0


@dataclass
class Statistics:
    register: Register
    year: int
    filters: RowFilter
    total: int
    by_month: list[Figure] = field(default_factory=list)
    by_type: list[Figure] = field(default_factory=list)
    by_field: list[Figure] = field(default_factory=list)
    by_unit: list[Figure] = field(default_factory=list)
    by_person: list[Figure] = field(default_factory=list)
    processing: Figure | None = None


def _status_counts(today: dt.date) -> dict[str, Count]:
    return {kind: Count("id", filter=processing_q(kind, today)) for kind in PROCESSING}


def _figures(
    qs: QuerySet[Any], column: str, names: dict[Any, str], query_key: str, statuses: dict[str, Count] | None
) -> list[Figure]:
    rows = qs.order_by().values(column).annotate(total=Count("id"), **(statuses or {}))
    figures = []
    for row in rows:
        key = row[column]
        figure = Figure(
            label=names.get(key, "") if key is not None else "",
            total=row["total"],
            query={query_key: key if key is not None else 0},
        )
        for kind in statuses or {}:
            setattr(figure, kind, row[kind])
        figures.append(figure)
    figures.sort(key=lambda f: (-f.total, f.label))
    return figures


def statistics(
    register: Register, year: int, filters: RowFilter | None = None, *, today: dt.date | None = None
) -> Statistics:
    """Counts of the register's documents of ``year`` (within ``filters``' period) by month, type,
    field and unit; for an incoming register, their processing status per unit and per person.
    Each figure carries the filter under which the register screen lists exactly what it counts."""
    from congvu.accounts.models import User

    today = today or timezone.localdate()
    filters = filters or RowFilter()
    period = RowFilter(month=filters.month, date_from=filters.date_from, date_to=filters.date_to)
    qs = _filtered(register, year, period, today)
    incoming = register.direction == Direction.INCOMING
    statuses = _status_counts(today) if incoming else None
    day = "arrival_date" if incoming else "issued_date"

    total_row = qs.order_by().aggregate(total=Count("id"), **(statuses or {}))
    stats = Statistics(register=register, year=year, filters=period, total=total_row["total"])
    if incoming:
        stats.processing = Figure(label="", total=total_row["total"], query={})
        for kind in PROCESSING:
            setattr(stats.processing, kind, total_row[kind])

    months = qs.order_by().annotate(m=ExtractMonth(day)).values("m").annotate(total=Count("id"))
    counted = {row["m"]: row["total"] for row in months if row["m"] is not None}
    stats.by_month = [
        Figure(label=f"Tháng {m}", total=counted.get(m, 0), query={"thang": m}) for m in range(1, 13)
    ]

    type_names = dict(DocumentType.objects.values_list("pk", "name"))
    stats.by_type = _figures(qs, "document_type_id", type_names, "loai", None)
    field_names = dict(DocumentField.objects.values_list("pk", "name"))
    stats.by_field = _figures(qs, "field_id", field_names, "linh_vuc", None)
    for figure in stats.by_field:
        figure.label = figure.label or "Chưa xác định lĩnh vực"

    unit_column = "handling_unit_id" if incoming else "drafting_unit_id"
    stats.by_unit = _figures(qs, unit_column, {}, "don_vi", statuses)
    unit_ids = [f.query["don_vi"] for f in stats.by_unit if f.query["don_vi"]]
    unit_names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    for figure in stats.by_unit:
        figure.label = unit_names.get(figure.query["don_vi"], "") or "Chưa phân công"

    if incoming:
        people = _figures(qs.filter(lead_user__isnull=False), "lead_user_id", {}, "nguoi", statuses)
        ids = [f.query["nguoi"] for f in people]
        names = dict(User.objects.filter(pk__in=ids).values_list("pk", "full_name")) if ids else {}
        for figure in people:
            figure.label = names.get(figure.query["nguoi"], "")
        stats.by_person = people
    return stats


# --- review chains --------------------------------------------------------------------------------


def chains_of(agency: Unit) -> list[ReviewChain]:
    """The agency's review chains with their steps and the people they name (two queries)."""
    return list(
        ReviewChain.objects.filter(agency=agency)
        .prefetch_related(
            Prefetch("steps", queryset=ReviewStep.objects.select_related("person").order_by("order"))
        )
        .order_by("-is_default", "name", "pk")
    )


URGENCY_CHOICES = tuple(Urgency.choices)
