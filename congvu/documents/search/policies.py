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
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from congvu.documents import policies as documents
from congvu.documents.models import DocumentReader, OutgoingDocument
from congvu.org import policies as org
from congvu.org import tree


def _people(user: Any) -> list[Any]:
    return [user, *tree.principals(user)] if getattr(user, "pk", None) else []


def _on_path(user: Any, field: str) -> Q:
    """``id IN (documents whose path the person, or a unit under one they lead, is on)``."""
    people = _people(user)
    condition = Q(user_id__in=[p.pk for p in people])
    led = sorted({path for p in people for path in org.facts(p).led_unit_paths})
    if led:
        condition |= tree.subtree_q(tree.outermost(led), "unit_")
    readers = DocumentReader.objects.filter(condition, **{f"{field}__isnull": False})
    return Q(pk__in=readers.values(f"{field}_id"))


def incoming_q(user: Any) -> Q | None:
    """The incoming documents the person may find; None: none at all."""
    if not getattr(user, "pk", None):
        return None
    q = _on_path(user, "incoming")
    agencies = sorted(documents.clerk_agency_ids(user) | documents.leader_agency_ids(user))
    if agencies:
        q |= Q(agency_id__in=agencies)
    return q


def outgoing_q(user: Any) -> Q | None:
    """The outgoing documents the person may find; None: none at all."""
    if not getattr(user, "pk", None):
        return None
    ids = [p.pk for p in _people(user)]
    q = _on_path(user, "outgoing") | Q(drafter_id__in=ids) | Q(signer_id__in=ids)
    clerk = sorted(documents.clerk_agency_ids(user))
    if clerk:  # the clerk sees what reaches the clerk's desk, not other people's drafts
        S = OutgoingDocument.Status
        q |= Q(agency_id__in=clerk) & ~Q(status__in=[S.DRAFT, S.CANCELLED])
    leaders = sorted(documents.leader_agency_ids(user))
    if leaders:
        q |= Q(agency_id__in=leaders, status=OutgoingDocument.Status.ISSUED)
    return q
