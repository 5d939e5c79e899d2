"""Who finds what in documents search (DOC-10): exactly ``documents.policies.visible_incoming`` /
``visible_outgoing``, written so that PostgreSQL can plan it with a full-text match at 300,000
documents.

``documents.policies`` joins ``DocumentReader`` with one ``EXISTS`` per document row; under a
search that is a probe per candidate row. Here the same rule is two restrictions the planner
combines with the full-text index:

- the agencies a person keeps as clerk or leads: ``agency_id IN (...)`` (an indexed column);
- the documents whose path the person is on (``DocumentReader`` rows of the person, or of a unit
  under one they lead): ``id IN (SELECT incoming_id FROM documents_documentreader WHERE ...)``,
  an uncorrelated subquery read once through ``doc_reader_user_*_idx`` / ``doc_reader_path_idx``.

A clerk who leads no agency gets the same rule as parts, each read through its own index
(``clerk_parts``): one per agency kept, and the listed documents of their own path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from congvu.documents import policies as documents
from congvu.documents.models import DocumentReader, IncomingDocument, OutgoingDocument
from congvu.org import policies as org
from congvu.org import tree


def _people(user: Any) -> list[Any]:
    return [user, *tree.principals(user)] if getattr(user, "pk", None) else []


def _reader_condition(user: Any) -> Q:
    """``DocumentReader`` rows of the person (or those they act for), or of a unit under one they lead."""
    people = _people(user)
    condition = Q(user_id__in=[p.pk for p in people])
    led = sorted({path for p in people for path in org.facts(p).led_unit_paths})
    if led:
        condition |= tree.subtree_q(tree.outermost(led), "unit_")
    return condition


def _readers(user: Any, field: str) -> QuerySet[DocumentReader]:
    """The ids (``<field>_id``) of the documents whose path the person is on."""
    return DocumentReader.objects.filter(_reader_condition(user), **{f"{field}__isnull": False}).values(
        f"{field}_id"
    )


def _on_path(user: Any, field: str, *, wide: bool) -> Q:
    """The documents whose path the person, or a unit under one they lead, is on.

    For most people that set is small: ``id IN (SELECT … FROM documents_documentreader WHERE …)``,
    read once through the readers' indexes. An agency's leader leads a whole subtree, whose readers
    may be most of the table: then (``wide``) each candidate the full-text match left is probed
    through the readers' document index instead (``EXISTS``), never the whole subtree hashed."""
    if wide:
        return Q(Exists(DocumentReader.objects.filter(_reader_condition(user), **{field: OuterRef("pk")})))
    return Q(pk__in=_readers(user, field))


# Someone who keeps or leads no agency sees only the documents on their path: usually a few
# hundred. Their ids are read first (one indexed query) and given to the search as a list, so
# that the planner knows how few they are and drives the query from them.
LISTED_IDS = 5000


def _listed(ids_query: Any, model: Any) -> Q | None:
    """``model``'s rows whose ids ``ids_query`` reads, as a list; None when there are too many."""
    ids = list(ids_query[: LISTED_IDS + 1])
    if len(ids) > LISTED_IDS:
        return None
    if not ids:
        return Q(pk__in=[])  # nothing: the ORM asks the database nothing
    if connections[ids_query.db].vendor == "postgresql":
        # One array parameter, sent as its text ("{1,2,3}"): hundreds of separate parameters cost
        # more to send than to search, and a list of numbers more to encode than a string.
        column = f'"{model._meta.db_table}"."id"'
        literal = "{" + ",".join(str(int(pk)) for pk in ids) + "}"
        listed = RawSQL(f"{column} = ANY(%s::bigint[])", (literal,))  # noqa: S611 - ids as a parameter
        return Q(ExpressionWrapper(listed, output_field=BooleanField()))
    return Q(pk__in=ids)


def incoming_q(user: Any) -> Q | None:
    """The incoming documents the person may find; None: none at all."""
    if not getattr(user, "pk", None):
        return None
    if not sees_agencies(user):
        readers = _readers(user, "incoming")
        listed = _listed(readers.values_list("incoming_id", flat=True), IncomingDocument)
        return listed if listed is not None else Q(pk__in=readers)
    leaders = documents.leader_agency_ids(user)
    agencies = sorted(documents.clerk_agency_ids(user) | leaders)
    q = _on_path(user, "incoming", wide=bool(leaders))
    if agencies:
        q = Q(agency_id__in=agencies) | q  # the cheap test first
    return q


def outgoing_q(user: Any) -> Q | None:
    """The outgoing documents the person may find; None: none at all."""
    if not getattr(user, "pk", None):
        return None
    ids = [p.pk for p in _people(user)]
    leaders = sorted(documents.leader_agency_ids(user))
    clerk = sorted(documents.clerk_agency_ids(user))
    if not leaders and not clerk:
        # One set, read once: the documents on their path, those they drafted and those they sign.
        # (As an OR of three tests the planner could not drive the query from the person.)
        readers = _readers(user, "outgoing")
        own = OutgoingDocument.objects.filter(Q(drafter_id__in=ids) | Q(signer_id__in=ids)).values("id")
        sql_readers, params_readers = readers.query.sql_with_params()
        sql_own, params_own = own.query.sql_with_params()
        union = RawSQL(f"{sql_readers} UNION {sql_own}", (*params_readers, *params_own))  # noqa: S611
        listed = _listed(
            OutgoingDocument.objects.filter(pk__in=union).values_list("pk", flat=True), OutgoingDocument
        )
        return listed if listed is not None else Q(pk__in=union)
    q = Q(drafter_id__in=ids) | Q(signer_id__in=ids) | _on_path(user, "outgoing", wide=bool(leaders))
    if clerk:  # the clerk sees what reaches the clerk's desk, not other people's drafts
        S = OutgoingDocument.Status
        q |= Q(agency_id__in=clerk) & ~Q(status__in=[S.DRAFT, S.CANCELLED])
    if leaders:
        q = Q(agency_id__in=leaders, status=OutgoingDocument.Status.ISSUED) | q
    return q


def sees_agencies(user: Any) -> bool:
    """The person keeps (clerk) or leads an agency: they may see most of its documents."""
    return bool(getattr(user, "pk", None)) and bool(
        documents.clerk_agency_ids(user) | documents.leader_agency_ids(user)
    )


@dataclass(frozen=True)
class Parts:
    """What a clerk may find in one direction, split so that each part is read through an index:
    the documents of each agency they keep (``agencies``: agency id → its condition), and those
    they reach otherwise (``listed``: their path, their drafts, what they sign — an id list)."""

    agencies: dict[int, Q]
    listed: Q


def clerk_parts(user: Any, direction: str) -> Parts | None:
    """``incoming_q`` / ``outgoing_q`` of a clerk as ``Parts`` (their union is exactly the same set);
    None for anyone else (a leader reads a subtree; others have only the listed part), or when
    their own documents are too many to list. The listed part leaves out what an agency part
    already holds, read from the path rows' copy of the agency (most of a clerk's path is in the
    agency they keep: then it is empty, and costs no query)."""
    if not getattr(user, "pk", None) or documents.leader_agency_ids(user):
        return None
    clerk = sorted(documents.clerk_agency_ids(user))
    if not clerk:
        return None
    elsewhere = ~Q(agency_id__in=clerk)
    if direction == "incoming":
        readers = _readers(user, "incoming").filter(elsewhere).values_list("incoming_id", flat=True)
        listed = _listed(readers, IncomingDocument)
        agencies = {a: Q(agency_id=a) for a in clerk}
    else:
        # An agency part holds what reaches the clerk's desk; drafts and cancelled documents of
        # those agencies are found only through the path, the drafter or the signer.
        S = OutgoingDocument.Status
        unfinished = [S.DRAFT, S.CANCELLED]
        ids = [p.pk for p in _people(user)]
        readers = _readers(user, "outgoing").filter(elsewhere).values_list("outgoing_id", flat=True)
        mine = elsewhere | Q(status__in=unfinished)
        drafted = OutgoingDocument.objects.filter(mine, drafter_id__in=ids)  # apart: each from its index
        signed = OutgoingDocument.objects.filter(mine, signer_id__in=ids)
        unfinished_on_path = OutgoingDocument.objects.filter(
            agency_id__in=clerk, status__in=unfinished, pk__in=_readers(user, "outgoing")
        )
        listed = _listed(
            readers.order_by().union(
                *(qs.order_by().values_list("id", flat=True) for qs in (drafted, signed, unfinished_on_path))
            ),
            OutgoingDocument,
        )
        agencies = {a: Q(agency_id=a) & ~Q(status__in=unfinished) for a in clerk}
    return None if listed is None else Parts(agencies=agencies, listed=listed)
