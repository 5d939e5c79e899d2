"""Documents search (DOC-10; Phụ lục VI F-6d): incoming and outgoing documents the person may see,
found by number and notation ("so 1234" finds "1234/QĐ-UBND"), subject, sender, signer and the
text of their files, diacritics, case and đ/d never mattering (``congvu.core.search``); filtered
on every field; ordered by relevance or by date; a page of ``PAGE_SIZE`` at a time.

Built for PostgreSQL at 300,000 documents (goal: p95 ≤ 50 ms):

- the full-text index of the stored vector (``*_vector_gin``, migrations 0003–0004; FTS5 on
  SQLite) finds the matches;
- visibility is ``search.policies``: the person's agencies (clerks, leaders) and one uncorrelated
  ``id IN (SELECT … FROM documents_documentreader …)``, never a probe per row;
- a clerk's search reads each agency kept apart, walking its newest documents through their own
  index and handing only the older ones to the full-text index (``_walk``), then the clerk's own
  path as a list of ids;
- each direction is asked for at most one page's worth of rows (``LIMIT``), by date;
- relevance ranks at most ``RANK_POOL`` most recent matches of each direction in Python, from their
  fields (a hit in the number and notation first, then the subject, then sender and signer, then
  only the files' text), the same on both databases.

Pages are numbered and limited (``MAX_PAGE``): a search is for finding, the registers are for
reading everything.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape  # Django's, lazy-aware, costs a wrapper per piece: ≈ 40 a search
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from congvu.core import search as core_search
from congvu.core.decisions import Refused
from congvu.core.text import fold, search_text
from congvu.documents.models import (
    URGENCY_RANK,
    Direction,
    IncomingDocument,
    OutgoingDocument,
    Urgency,
)
from congvu.documents.search import policies
from congvu.org.models import Unit

PAGE_SIZE = 20
MAX_SIZE = 60  # the header's page of one kind asks for 51
MAX_PAGE = 10
RANK_POOL = 80
MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MAX_FILTER_CHARS = 100
YEARS = (1990, 2100)
ORDERS = ("relevance", "date")

_FIELDS_IN = (
    "id", "agency_id", "document_type__name", "code_number", "code_notation", "subject", "sender_name",
    "signer_name", "urgency", "status", "arrival_date", "arrival_number", "issued_date", "created_at",
)  # fmt: skip
_FIELDS_OUT = (
    "id", "agency__name", "document_type__name", "code_number", "code_notation", "subject", "signer_name",
    "urgency", "status", "issued_date", "created_at", "number",
)  # fmt: skip
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Filters:
    """F-6d: every field a clerk searches by. Empty means no restriction."""

    direction: str = ""  # "incoming" / "outgoing"
    year: int | None = None
    document_type: int | None = None
    field: int | None = None
    urgency: str = ""
    sender: str = ""
    signer: str = ""
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass
class Hit:
    """One document found: what the results list shows."""

    direction: str
    pk: int
    number: str
    subject: str
    party: str  # incoming: the sender; outgoing: the issuing agency
    signer: str
    document_type: str
    date: dt.date | None
    urgency: str
    status: str
    score: int = 0
    url: str = ""
    number_html: SafeString = field(default_factory=lambda: mark_safe(""))  # noqa: S308 - empty
    subject_html: SafeString = field(default_factory=lambda: mark_safe(""))  # noqa: S308 - empty

    @property
    def is_urgent(self) -> bool:
        return self.urgency != Urgency.NORMAL

    @property
    def urgency_label(self) -> str:
        return str(Urgency(self.urgency).label)

    @property
    def status_label(self) -> str:
        model = IncomingDocument if self.direction == Direction.INCOMING else OutgoingDocument
        return str(model.Status(self.status).label)

    @property
    def direction_label(self) -> str:
        return str(Direction(self.direction).label)


@dataclass
class Results:
    hits: list[Hit]
    page: int
    has_next: bool
    query: str
    tokens: list[str]


# --- input ----------------------------------------------------------------------------------------


def clean_query(text: str | None) -> str:
    """The words typed, bounded (``MAX_QUERY_CHARS`` characters, ``MAX_WORDS`` words)."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise Refused.invalid(f"Nội dung tìm kiếm dài quá {MAX_QUERY_CHARS} ký tự.", field="q")
    return " ".join(text.split()[: MAX_WORDS * 2])


def _bounded(text: str, name: str, label: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_FILTER_CHARS:
        raise Refused.invalid(f"{label} dài quá {MAX_FILTER_CHARS} ký tự.", field=name)
    return text


def check_filters(filters: Filters) -> Filters:
    """Refuse values out of their domain with a Vietnamese message (the form checks them too)."""
    if filters.direction and filters.direction not in Direction.values:
        raise Refused.invalid("Loại văn bản (đến/đi) không hợp lệ.", field="direction")
    if filters.urgency and filters.urgency not in Urgency.values:
        raise Refused.invalid("Độ khẩn không hợp lệ.", field="urgency")
    statuses = set(IncomingDocument.Status.values) | set(OutgoingDocument.Status.values)
    if filters.status and filters.status not in statuses:
        raise Refused.invalid("Trạng thái không hợp lệ.", field="status")
    if filters.year is not None and not YEARS[0] <= filters.year <= YEARS[1]:
        raise Refused.invalid(f"Năm phải từ {YEARS[0]} đến {YEARS[1]}.", field="year")
    for name in ("date_from", "date_to"):
        value = getattr(filters, name)
        if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
            raise Refused.invalid(f"Ngày phải trong khoảng năm {YEARS[0]}–{YEARS[1]}.", field=name)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise Refused.invalid("“Từ ngày” phải trước “đến ngày”.", field="date_to")
    filters.sender = _bounded(filters.sender, "sender", "Cơ quan ban hành")
    filters.signer = _bounded(filters.signer, "signer", "Người ký")
    return filters


# --- the querysets --------------------------------------------------------------------------------


def _tokens(*texts: str) -> list[str]:
    """The folded words; "số" (or "so") just before a number means "number", as in "số 1234"
    for 1234/QĐ-UBND, and is dropped."""
    tokens = [t for text in texts for t in core_search.query_tokens(text)]
    kept = [
        t
        for i, t in enumerate(tokens)
        if not (t == "so" and i + 1 < len(tokens) and tokens[i + 1][0].isdigit())
    ]
    return kept[: MAX_WORDS * 2]


def _filtered(qs: QuerySet[Any], filters: Filters, date_field: str) -> QuerySet[Any]:
    if filters.document_type:
        qs = qs.filter(document_type_id=filters.document_type)
    if filters.field:
        qs = qs.filter(field_id=filters.field)
    if filters.urgency:
        qs = qs.filter(urgency=filters.urgency)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(**{f"{date_field}__gte": dt.date(filters.year, 1, 1)}).filter(
            **{f"{date_field}__lte": dt.date(filters.year, 12, 31)}
        )
    if filters.date_from:
        qs = qs.filter(**{f"{date_field}__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{date_field}__lte": filters.date_to})
    return qs


def _tsquery(tokens: list[str]) -> str:
    return " & ".join([*tokens[:-1], f"{tokens[-1]}:*"])


def agency_lexeme(agency_id: int) -> str:
    """The word migration 0004 adds to each document's stored vector for its agency ("@a12"): no
    folded text holds "@", so only a query that asks for it finds it."""
    return f"'@a{int(agency_id)}'"


def _row_holds(table: str, tokens: list[str]) -> ExpressionWrapper:
    """PostgreSQL: the row's stored vector holds the tokens, tested on the row itself (no index
    offered to the planner)."""
    test = RawSQL(  # noqa: S611 - the table from the model, the words a parameter
        f"COALESCE(\"{table}\".\"search_vector\", ''::tsvector) @@ to_tsquery('simple'::regconfig, %s)",
        (_tsquery(tokens),),
    )
    return ExpressionWrapper(test, output_field=BooleanField())


def full_text(
    qs: QuerySet[Any], tokens: list[str], *, indexed: bool = True, agency: int | None = None
) -> QuerySet[Any]:
    """Rows whose search text holds every token: whole words, the last one also as the start of a
    word (typing "quyet dinh chuyen do" finds "… chuyển đổi số"). Whole words let PostgreSQL's GIN
    index intersect its lists instead of collecting every word that starts the same way (2–3 times
    faster on common words at 300,000 documents); the same meaning on SQLite's FTS5.

    ``indexed=False`` (PostgreSQL) tests each row's stored vector without offering the GIN index to
    the planner: for a query driven from something narrower (a few days of the agency's documents,
    the ids on a person's path), where the planner, misled by its estimate for several words, would
    otherwise read every match in the index and then throw most of them away.

    ``agency`` (PostgreSQL, indexed): the GIN index also keeps to that agency's documents (through
    ``agency_lexeme``), so that only they are read from the table, whatever the planner expects.

    Tokens come from ``congvu.core.search.query_tokens``: letters and digits only, no syntax."""
    model = qs.model
    table = model._meta.db_table
    if connections[qs.db].vendor == "postgresql":
        # The stored vector of migration 0004 (generated by the database from search_text).
        if not indexed:
            return qs.alias(_documents_match=_row_holds(table, tokens)).filter(_documents_match=True)
        column = f'"{table}"."search_vector"'
        if agency is not None:
            sql = f"{column} @@ (to_tsquery('simple'::regconfig, %s) && %s::tsquery)"
            vector = RawSQL(sql, (_tsquery(tokens), agency_lexeme(agency)))  # noqa: S611
        else:
            vector = RawSQL(f"{column} @@ to_tsquery('simple'::regconfig, %s)", (_tsquery(tokens),))  # noqa: S611
        return qs.alias(_documents_match=ExpressionWrapper(vector, output_field=BooleanField())).filter(
            _documents_match=True
        )
    fts = core_search.fts_table_name(table)
    match = " ".join([*(f'"{t}"' for t in tokens[:-1]), f'"{tokens[-1]}"*'])
    return qs.filter(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", (match,)))  # noqa: S608, S611 - table names from the model, the match a parameter


def _with_words(qs: QuerySet[Any], words: list[str], *, indexed: bool) -> QuerySet[Any]:
    return full_text(qs, words, indexed=indexed) if words else qs


def _incoming(filters: Filters, visible: Q | None) -> QuerySet[IncomingDocument] | None:
    """The incoming documents within ``visible`` that pass the filters, before the words."""
    if filters.direction == Direction.OUTGOING or visible is None:
        return None
    if filters.status and filters.status not in IncomingDocument.Status.values:
        return None
    return _filtered(IncomingDocument.objects.filter(visible), filters, "arrival_date")


def _outgoing(filters: Filters, visible: Q | None) -> QuerySet[OutgoingDocument] | None:
    """The outgoing documents within ``visible`` that pass the filters, before the words. An
    outgoing document's "sender" is the agency that issues it."""
    if filters.direction == Direction.INCOMING or visible is None:
        return None
    if filters.status and filters.status not in OutgoingDocument.Status.values:
        return None
    qs = OutgoingDocument.objects.filter(visible)
    if filters.sender:
        agencies = Unit.objects.all()
        for word in search_text(filters.sender).split()[:MAX_WORDS]:
            agencies = agencies.filter(search_text__contains=word)  # units are few: no index needed
        qs = qs.filter(agency_id__in=agencies.values("pk"))
    return _filtered(qs, filters, "issued_date")


def _words_in(query: str, filters: Filters) -> list[str]:
    return _tokens(query, filters.sender, filters.signer)


def _words_out(query: str, filters: Filters) -> list[str]:
    return _tokens(query, filters.signer)


# --- relevance ------------------------------------------------------------------------------------


# ``core.text.search_text`` for text stored NFC (as every document field is), as one table lookup
# per character: ranking folds three fields of a few hundred rows per search.
_FOLD_TABLE = {
    code: folded
    for code in range(0x00C0, 0x2000)
    if (folded := fold(chr(code))) != chr(code).casefold() or not chr(code).isalnum()
}
_NOT_WORD = re.compile(r"[\W_]+")


def _words(text: str | None) -> list[str]:
    text = text or ""
    if not text.isascii() and unicodedata.normalize("NFC", text) != text:
        return search_text(text).split()
    return _NOT_WORD.sub(" ", text.translate(_FOLD_TABLE).casefold()).split()


def _hits_of(tokens: list[str], words: list[str]) -> int:
    """How many query tokens this field holds: a whole word counts 2, a word's start 1."""
    whole = set(words)
    line = f" {' '.join(words)}"  # " quyet dinh ...": a word starts with the token where " token" is
    score = 0
    for token in tokens:
        if token in whole:
            score += 2
        elif f" {token}" in line:
            score += 1
    return score


def relevance(tokens: list[str], *, number: str, subject: str, parties: str) -> int:
    """A document's score for the tokens: a hit in the number and notation weighs most, then the
    subject (more if the words stand together as typed), then sender and signer; a document found
    only by its files' text scores 0 and comes after, newest first."""
    if not tokens:
        return 0
    subject_words = _words(subject)
    score = 8 * _hits_of(tokens, _words(number)) + 4 * _hits_of(tokens, subject_words)
    score += 2 * _hits_of(tokens, _words(parties))
    if len(tokens) > 1 and f" {' '.join(tokens)}" in f" {' '.join(subject_words)}":
        score += 6
    return score


# --- rows -----------------------------------------------------------------------------------------


def _number(code_number: str, code_notation: str) -> str:
    if code_number and code_notation:
        return f"{code_number}/{code_notation}"
    return code_number or code_notation


def _incoming_hit(row: dict[str, Any]) -> Hit:
    return Hit(
        direction=Direction.INCOMING,
        pk=row["id"],
        number=_number(row["code_number"], row["code_notation"]),
        subject=row["subject"],
        party=row["sender_name"],
        signer=row["signer_name"],
        document_type=row["document_type__name"],
        date=row["arrival_date"] or row["created_at"].date(),
        urgency=row["urgency"],
        status=row["status"],
    )


def _outgoing_hit(row: dict[str, Any]) -> Hit:
    return Hit(
        direction=Direction.OUTGOING,
        pk=row["id"],
        number=_number(row["code_number"], row["code_notation"]),
        subject=row["subject"],
        party=row["agency__name"],
        signer=row["signer_name"],
        document_type=row["document_type__name"],
        date=row["issued_date"] or row["created_at"].date(),
        urgency=row["urgency"],
        status=row["status"],
    )


_PK = 918273645  # stands for the document's id in a reversed address
_ADDRESSES: dict[tuple[str, str, str], str] = {}


def _url(name: str, pk: int) -> str:
    """The document's screen: reversed once per URL configuration, the id put in (20 ``reverse()``
    calls were ≈ 1.5 ms of a search)."""
    key = (name, get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    address = _ADDRESSES.get(key)
    if address is None:
        try:
            address = reverse(name, args=[_PK])
        except NoReverseMatch:  # the screen of that part is not mounted (yet)
            address = ""
        _ADDRESSES[key] = address
    return address.replace(str(_PK), str(int(pk)))


URL_NAMES = {Direction.INCOMING: "documents:incoming_detail", Direction.OUTGOING: "documents:outgoing_detail"}


def highlight(text: str, tokens: list[str]) -> SafeString:
    """``text`` escaped, each word that starts with one of the tokens (folded) in ``<mark>``."""
    if not tokens:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    out: list[str] = []
    last = 0
    starts = tuple(tokens)
    nfc = text.isascii() or unicodedata.normalize("NFC", text) == text
    for match in _WORD.finditer(text):
        word = match.group(0)
        folded = word.translate(_FOLD_TABLE).casefold() if nfc else fold(word)
        if folded.startswith(starts):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(word)}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped


def _ordered_dates(qs: QuerySet[Any], date_field: str) -> QuerySet[Any]:
    return qs.order_by(F(date_field).desc(nulls_last=True), "-id")


# Search walks back in time: the newest days first, then wider, then the rest. A common word is
# found many times in the first window, so the database reads a few hundred rows (on PostgreSQL
# it walks the window newest first and stops, ``_window_walk``) instead of tens of thousands; a
# rare word costs one read of the window. The order is exact: every row of a newer window comes
# before every row of an older one.
WINDOWS_DAYS = (10,)


def _newest(
    qs: QuerySet[Any],
    date_field: str,
    fields: tuple[str, ...],
    wanted: int,
    *,
    windows: tuple[int, ...],
    recent: QuerySet[Any] | None = None,
    words: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The ``wanted`` newest rows (by ``date_field``, undated last), window by window: ``recent``
    (the same rows, matched without the full-text index, holding ``words``) for the windows,
    ``qs`` for the rest."""
    if not windows:
        return list(_ordered_dates(qs, date_field).values(*fields)[:wanted])
    recent = qs if recent is None else recent
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    upper: dt.date | None = None  # the previous window's start (exclusive upper bound now)
    for days in windows:
        start = today - dt.timedelta(days=days)
        bounds = Q(**{f"{date_field}__gte": start})
        if upper is not None:
            bounds &= Q(**{f"{date_field}__lt": upper})
        if connections[qs.db].vendor == "postgresql":
            rows += _window_walk(recent, words or [], bounds, date_field, fields, wanted - len(rows))
        else:
            window = recent.filter(bounds)
            rows += _ordered_dates(window, date_field).values(*fields)[: wanted - len(rows)]
        if len(rows) >= wanted:
            return rows
        upper = start
    assert upper is not None
    rest = qs.filter(Q(**{f"{date_field}__lt": upper}) | Q(**{f"{date_field}__isnull": True}))
    rows += _ordered_dates(rest, date_field).values(*fields)[: wanted - len(rows)]
    return rows


def _window_walk(
    recent: QuerySet[Any],
    words: list[str],
    bounds: Q,
    date_field: str,
    fields: tuple[str, ...],
    wanted: int,
) -> list[dict[str, Any]]:
    """The ``wanted`` newest rows of ``recent`` within the window ``bounds`` (dated rows only), on
    PostgreSQL: the window is walked newest first through the date index and each row tested
    against everything ``recent`` asks (visibility, filters, words), the walk stopping at the
    ``wanted``-th hit. As one filtered query, the planner, which cannot tell how many rows the
    words keep, sorts the whole window (a province's ten days: 7,000 rows for a common word whose
    81 newest are in the first 600)."""
    model = recent.model
    table = model._meta.db_table
    if words:  # the words first: a row without them is never probed for who may see it
        condition = Q(_row_holds(table, words)) & Q(recent.query.where)
    else:
        condition = Q(recent.query.where)
    hit = ExpressionWrapper(condition, output_field=BooleanField())
    window = model._default_manager.filter(bounds).annotate(_documents_hit=hit)
    walk = window.order_by(F(date_field).desc(), "-id").values("id", date_field, "_documents_hit")
    sql, params = walk.query.sql_with_params()
    hits = RawSQL(  # noqa: S611 - SQL the ORM built
        # OFFSET 0: the walk is read as it is written, never merged into the outer query.
        f'SELECT walk."id" FROM ({sql} OFFSET 0) AS walk WHERE walk."_documents_hit" '  # noqa: S608
        f'ORDER BY walk."{date_field}" DESC, walk."id" DESC LIMIT %s',
        (*params, wanted),
    )
    found = model._default_manager.filter(pk__in=hits)
    return list(found.order_by(F(date_field).desc(), "-id").values(*fields))


# A clerk keeps an agency that receives thousands of documents a year. On PostgreSQL, the clerk's
# search reads each agency's part on its own: it walks the agency's documents newest first through
# (agency, date, id) and tests each one's stored vector, stopping once it has found enough (a
# common word: a few hundred rows); past WALK_BUDGET rows it asks the full-text index for the older
# ones of that agency only (a rare word: a few hundred matches) — one statement per agency. The
# documents on the clerk's own path outside those agencies are a listed part (usually none: then
# no query). The parts are merged newest first: the same rows, in the same order, as one query
# over everything the clerk may see (``policies.clerk_parts``).
WALK_BUDGET = 3000


def _newest_first(row: dict[str, Any], date_field: str) -> tuple[bool, dt.date, int]:
    day = row[date_field]
    return (day is not None, day or dt.date.min, row["id"])


def _walk(
    qs: QuerySet[Any], words: list[str], date_field: str, fields: tuple[str, ...], wanted: int, agency: int
) -> list[dict[str, Any]]:
    """The ``wanted`` newest rows of one agency's part (``qs``) that hold ``words`` (PostgreSQL),
    in one statement: the walk's hits, then — only when they are fewer than ``wanted`` and the walk
    stopped at its budget — the older matches from the full-text index."""
    ordered = _ordered_dates(qs, date_field)
    if not words:
        return list(ordered.values(*fields)[:wanted])
    table = qs.model._meta.db_table
    walk = ordered.annotate(_documents_hit=_row_holds(table, words))
    walk_sql, walk_params = walk.values(*fields, "_documents_hit")[:WALK_BUDGET].query.sql_with_params()
    # The last row the walk may read: the older matches are those after it, newest-first.
    last_sql, last_params = ordered.values(date_field, "id")[
        WALK_BUDGET - 1 : WALK_BUDGET
    ].query.sql_with_params()
    day, pk = f'"{table}"."{date_field}"', f'"{table}"."id"'
    after_last = RawSQL(  # noqa: S611 - names from the model
        "EXISTS (SELECT 1 FROM walk_last WHERE "  # noqa: S608 - names from the model
        f'(walk_last."{date_field}" IS NULL AND {day} IS NULL AND {pk} < walk_last."id") '
        f'OR (walk_last."{date_field}" IS NOT NULL AND ({day} < walk_last."{date_field}" '
        f'OR ({day} = walk_last."{date_field}" AND {pk} < walk_last."id") OR {day} IS NULL)))',
        (),
    )
    older = full_text(qs, words, indexed=True, agency=agency).filter(
        ExpressionWrapper(after_last, output_field=BooleanField())
    )
    older_sql, older_params = (
        _ordered_dates(older, date_field).values(*fields)[:wanted].query.sql_with_params()
    )
    columns = ", ".join(f'"{name}"' for name in fields)
    with connections[qs.db].cursor() as cursor:
        # The walk is read lazily, in its order: it stops at the ``wanted``-th hit. The older part
        # (and the last row of the walk) is read only when the hits are too few: a one-time test.
        cursor.execute(
            f"WITH walk_hits AS MATERIALIZED (SELECT {columns} FROM ({walk_sql}) AS walk "  # noqa: S608 - SQL the ORM built
            f'WHERE walk."_documents_hit" ORDER BY walk."{date_field}" DESC NULLS LAST, walk."id" DESC LIMIT %s), '
            f"walk_last AS MATERIALIZED ({last_sql}) "
            f"SELECT {columns} FROM walk_hits UNION ALL "
            f"SELECT {columns} FROM ({older_sql}) AS older WHERE (SELECT count(*) FROM walk_hits) < %s",
            (*walk_params, wanted, *last_params, *older_params, wanted),
        )
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor]
    return sorted(rows, key=lambda row: _newest_first(row, date_field), reverse=True)[:wanted]


def _parts_newest(
    parts: policies.Parts,
    base: Any,
    words: list[str],
    date_field: str,
    fields: tuple[str, ...],
    wanted: int,
) -> list[dict[str, Any]]:
    """The ``wanted`` newest rows of a clerk's parts, merged (``base(visible)``: a part's rows
    that pass the filters, before the words)."""
    rows: dict[int, dict[str, Any]] = {}
    for agency, visible in parts.agencies.items():
        qs = base(visible)
        if qs is not None:
            rows.update((row["id"], row) for row in _walk(qs, words, date_field, fields, wanted, agency))
    listed = base(parts.listed)
    if listed is not None:
        listed = _with_words(listed, words, indexed=False)
        rows.update((row["id"], row) for row in _ordered_dates(listed, date_field).values(*fields)[:wanted])
    return sorted(rows.values(), key=lambda row: _newest_first(row, date_field), reverse=True)[:wanted]


def _clerk_parts(user: Any, direction: str) -> policies.Parts | None:
    if connections[IncomingDocument.objects.db].vendor != "postgresql":
        return None
    return policies.clerk_parts(user, direction)


def _rows(user: Any, query: str, filters: Filters, wanted: int, direction: str) -> list[dict[str, Any]]:
    """The ``wanted`` newest documents of one direction the person may see that match (dicts of
    ``_FIELDS_IN`` / ``_FIELDS_OUT``)."""
    incoming = direction == Direction.INCOMING
    base = _incoming if incoming else _outgoing
    words = (_words_in if incoming else _words_out)(query, filters)
    date_field, fields = ("arrival_date", _FIELDS_IN) if incoming else ("issued_date", _FIELDS_OUT)
    parts = _clerk_parts(user, direction)
    if parts is not None:
        return _parts_newest(parts, lambda visible: base(filters, visible), words, date_field, fields, wanted)
    # Someone who leads an agency may see most of its documents: walk back in time. Anyone else
    # sees the few on their path: one query, driven from them.
    windows = WINDOWS_DAYS if policies.sees_agencies(user) else ()
    # The recent windows are driven by the date (or the person's own ids); the rest by the index.
    qs = base(filters, (policies.incoming_q if incoming else policies.outgoing_q)(user))
    if qs is None:
        return []
    recent = _with_words(qs, words, indexed=False) if windows else None
    matches = _with_words(qs, words, indexed=bool(windows))
    return _newest(matches, date_field, fields, wanted, windows=windows, recent=recent, words=words)


def document_search(
    user: Any,
    query: str,
    filters: Filters | None = None,
    order: str = "relevance",
    *,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> Results:
    """One page of the documents the person may see that match ``query`` and ``filters``.

    ``order``: "relevance" (default; falls back to date when no words were typed) or "date"
    (newest first). At most ``MAX_PAGE`` pages of ``PAGE_SIZE``.
    """
    query = clean_query(query)
    filters = check_filters(filters or Filters())
    if order not in ORDERS:
        raise Refused.invalid("Cách sắp xếp không hợp lệ.", field="order")
    if not 1 <= page <= MAX_PAGE:
        raise Refused.invalid(f"Chỉ xem được {MAX_PAGE} trang kết quả đầu; hãy lọc thêm.", field="page")
    tokens = _tokens(query)
    wanted = page * size + 1  # one more: is there a next page?
    by_relevance = order == "relevance" and bool(tokens)
    pool = max(wanted, RANK_POOL) if by_relevance else wanted
    hits: list[Hit] = []
    if filters.direction != Direction.OUTGOING:
        hits += [_incoming_hit(row) for row in _rows(user, query, filters, pool, Direction.INCOMING)]
    if filters.direction != Direction.INCOMING:
        hits += [_outgoing_hit(row) for row in _rows(user, query, filters, pool, Direction.OUTGOING)]
    newest = sorted(hits, key=lambda h: (h.date or dt.date.min, h.pk), reverse=True)
    if by_relevance:
        for hit in hits:
            hit.score = relevance(
                tokens, number=hit.number, subject=hit.subject, parties=f"{hit.party} {hit.signer}"
            )
        # Stable: equal scores keep the newest-first order.
        newest.sort(key=lambda h: (h.score, URGENCY_RANK[Urgency(h.urgency)]), reverse=True)
    start = (page - 1) * size
    shown = newest[start : start + size]
    for hit in shown:
        hit.url = _url(URL_NAMES[Direction(hit.direction)], hit.pk)
        hit.number_html = highlight(hit.number, tokens)
        hit.subject_html = highlight(hit.subject, tokens)
    return Results(hits=shown, page=page, has_next=len(newest) > start + size, query=query, tokens=tokens)


# --- the header's search box (``core.registry.search_provider``) ----------------------------------


def document_hits(user: Any, query: str, limit: int) -> list[Any]:
    """The documents the person may see that match the words, most relevant first."""
    from congvu.core import registry

    if not _tokens(query):
        return []
    results = document_search(user, query, size=limit)
    return [
        registry.SearchHit(
            f"{hit.number} – {hit.subject}" if hit.number else hit.subject,
            hit.url or f"{reverse('documents:search')}?{urlencode({'q': hit.number or hit.subject[:80]})}",
            hit.direction_label,
            " · ".join(
                filter(
                    None,
                    [
                        hit.urgency_label if hit.is_urgent else "",
                        hit.party,
                        f"{hit.date:%d/%m/%Y}" if hit.date else "",
                        hit.status_label,
                    ],
                )
            ),
        )  # fmt: skip
        for hit in results.hits
    ]
