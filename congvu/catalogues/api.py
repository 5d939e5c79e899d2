"""Catalogues in the API (ADM-1): ``GET /api/v1/catalogues/<name>`` for every signed-in caller.

Names: document-types, fields, urgency-levels, confidentiality-levels, external-agencies. Each
returns ``{"items": [...], "next_cursor": ...}`` in the screens' order; inactive entries only with
``include_inactive=true``. Changes go through the screens (audited services).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import create_model

from congvu.catalogues import policies
from congvu.catalogues.registry import BY_API_NAME, Catalogue
from congvu.core.api_errors import errors
from congvu.core.pagination import keyset_page

router = Router(tags=["catalogues"])

MAX_LIMIT = 500


class DocumentTypeOut(Schema):
    id: int
    name: str
    abbreviation: str
    sort_order: int
    is_active: bool
    is_legal_default: bool


class FieldOut(Schema):
    id: int
    name: str
    code: str
    sort_order: int
    is_active: bool


class UrgencyLevelOut(Schema):
    id: int
    name: str
    edxml_priority: int
    is_active: bool
    is_legal_default: bool


class ConfidentialityLevelOut(Schema):
    id: int
    name: str
    is_secret: bool
    is_active: bool
    is_legal_default: bool


class ExternalAgencyOut(Schema):
    id: int
    name: str
    agency_code: str
    address: str
    email: str
    is_active: bool


class CatalogueInfo(Schema):
    name: str
    title: str
    path: str


def _page(
    request: HttpRequest, catalogue: Catalogue, q: str, include_inactive: bool, cursor: str, limit: int
):
    policies.can_read_catalogues(request.user).require()
    qs = catalogue.model._default_manager.all()
    if not include_inactive:
        qs = qs.filter(is_active=True)
    qs = catalogue.search(qs, q)
    page = keyset_page(qs, order=catalogue.order, after=cursor or None, size=max(1, min(limit, MAX_LIMIT)))
    return {"items": page.items, "next_cursor": page.next_cursor}


def _register(api_name: str, schema: type[Schema]) -> None:
    catalogue = BY_API_NAME[api_name]
    page_schema = create_model(
        f"{schema.__name__}Page",
        __base__=Schema,
        items=(list[schema], ...),  # type: ignore[valid-type]
        next_cursor=(str | None, None),
    )

    def endpoint(
        request: HttpRequest, q: str = "", include_inactive: bool = False, cursor: str = "", limit: int = 200
    ):
        return _page(request, catalogue, q, include_inactive, cursor, limit)

    router.get(
        f"/catalogues/{api_name}",
        response=errors(400, ok=page_schema),
        operation_id=f"catalogues_{api_name.replace('-', '_')}",
        summary=str(catalogue.title),
    )(endpoint)


for _name, _schema in (
    ("document-types", DocumentTypeOut),
    ("fields", FieldOut),
    ("urgency-levels", UrgencyLevelOut),
    ("confidentiality-levels", ConfidentialityLevelOut),
    ("external-agencies", ExternalAgencyOut),
):
    _register(_name, _schema)


@router.get("/catalogues", response=errors(400, ok=list[CatalogueInfo]), operation_id="catalogues_index")
def catalogue_index(request: HttpRequest):
    return [
        {"name": name, "title": str(c.title), "path": f"/api/v1/catalogues/{name}"}
        for name, c in BY_API_NAME.items()
    ]
