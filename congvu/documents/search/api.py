"""Documents search in the API (DOC-10, F-6d): the same selector as the screen.

    GET /api/v1/documents/search?q=&direction=incoming|outgoing&year=&document_type_id=&field_id=
        &urgency=&sender=&signer=&status=&date_from=&date_to=&order=relevance|date&page=&limit=

``q`` is folded full-text search (accents, case, đ/d do not matter; "so 1234" finds 1234/QĐ-UBND)
over number and notation, subject, sender, signer and the text of the files. Pages are numbered
(1–10) and ``has_next`` says whether another follows. Errors as ``core.api_errors``: 400 with the
``field`` for refused input.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.documents.search import selectors

router = Router(tags=["documents"])


class HitOut(Schema):
    direction: str
    id: int
    number: str
    subject: str
    sender: str
    signer: str
    document_type: str
    date: dt.date | None
    urgency: str
    urgency_display: str
    status: str
    status_display: str
    url: str


class SearchPage(Schema):
    items: list[HitOut]
    page: int
    has_next: bool


@router.get("", response=errors(400, ok=SearchPage), operation_id="documents_search")
def document_search(
    request: HttpRequest,
    q: str = "",
    direction: Literal["", "incoming", "outgoing"] = "",
    year: int | None = None,
    document_type_id: Id | None = None,
    field_id: Id | None = None,
    urgency: str = "",
    sender: str = "",
    signer: str = "",
    status: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    order: Literal["relevance", "date"] = "relevance",
    page: int = 1,
    limit: int = selectors.PAGE_SIZE,
):
    """Documents the person may see that match the words and filters, a page at a time."""
    filters = selectors.Filters(
        direction=direction, year=year, document_type=document_type_id, field=field_id, urgency=urgency,
        sender=sender, signer=signer, status=status, date_from=date_from, date_to=date_to,
    )  # fmt: skip
    results = selectors.document_search(
        request.user, q, filters, order, page=page, size=max(1, min(limit, selectors.PAGE_SIZE))
    )
    return {
        "items": [
            {
                "direction": h.direction,
                "id": h.pk,
                "number": h.number,
                "subject": h.subject,
                "sender": h.party,
                "signer": h.signer,
                "document_type": h.document_type,
                "date": h.date,
                "urgency": h.urgency,
                "urgency_display": h.urgency_label,
                "status": h.status,
                "status_display": h.status_label,
                "url": h.url,
            }  # fmt: skip
            for h in results.hits
        ],
        "page": results.page,
        "has_next": results.has_next,
    }
