"""GET /api/v1/search?q=&kind= — the header's search, for other clients."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from congvu.core.api_errors import errors
from congvu.portal.search import selectors

router = Router(tags=["search"])


class HitOut(Schema):
    title: str
    url: str
    detail: str


class GroupOut(Schema):
    kind: str
    label: str
    items: list[HitOut]
    more: bool


class SearchOut(Schema):
    groups: list[GroupOut]


@router.get("/search", response=errors(400, ok=SearchOut), operation_id="search")
def search(request: HttpRequest, q: str = "", kind: str = ""):
    """What the person may see, by kind (people, units, work …), without diacritics mattering."""
    groups = selectors.search(request.user, q, kind=kind)
    return {
        "groups": [
            {
                "kind": g.key,
                "label": g.label,
                "items": [{"title": h.title, "url": h.url, "detail": h.detail} for h in g.hits],
                "more": g.more,
            }
            for g in groups
        ]
    }
