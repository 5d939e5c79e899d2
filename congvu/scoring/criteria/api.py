"""Criteria sets in the API (SCORE-1): a second adapter over the same selectors, services and
workbook format as the screens.

    GET   /api/v1/scoring/criteria-sets                  the sets the caller may read
    GET   /api/v1/scoring/criteria-sets/{id}             one set with its tree
    POST  /api/v1/scoring/criteria-sets/import           multipart: file, year, kind, name → 201
    GET   /api/v1/scoring/criteria-sets/{id}/export      the workbook (xlsx)

Home Affairs reads every set; the appraisers and the units of a period that uses a set read that
one (``selectors.may_read_set``); anyone else gets 404 for a set, as if it did not exist. Points
travel as strings with two decimals ("1.50"). Refusals use the one error shape
(``core.api_errors``): 400 with ``field`` for a refused workbook or input, 403 for a caller who may
not import.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status, UploadedFile

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.scoring import policies, rules, services
from congvu.scoring.criteria import exports, selectors
from congvu.scoring.models import CriteriaSet, Criterion

router = Router(tags=["scoring"])

NOT_FOUND = "Không tìm thấy bộ tiêu chí."


class SetOut(Schema):
    id: int
    year: int
    kind: str
    kind_display: str
    name: str
    node_count: int
    total_points: str
    frozen: bool
    used: bool
    copied_from_id: int | None = None
    created_at: dt.datetime


class NodeOut(Schema):
    code: str
    name: str
    level: int
    max_points: str
    method: str
    method_display: str
    tiers: list[str]
    deduction_step: str | None = None
    evidence_required: bool
    guidance: str
    is_leaf: bool


class SetDetailOut(SetOut):
    criteria: list[NodeOut]


class SetListOut(Schema):
    items: list[SetOut]


def _points(value: Any) -> str:
    return f"{value:.2f}"


def _out(s: CriteriaSet) -> dict[str, Any]:
    return {
        "id": s.pk,
        "year": s.year,
        "kind": s.kind,
        "kind_display": str(s.get_kind_display()),
        "name": s.name,
        "node_count": getattr(s, "node_count", 0),
        "total_points": _points(getattr(s, "total", 0)),
        "frozen": bool(getattr(s, "frozen", False)),
        "used": bool(getattr(s, "used", False)),
        "copied_from_id": s.copied_from_id,
        "created_at": s.created_at,
    }


def _node(c: Criterion) -> dict[str, Any]:
    return {
        "code": c.code,
        "name": c.name,
        "level": c.level,
        "max_points": _points(c.max_points),
        "method": c.method,
        "method_display": str(c.get_method_display()),
        "tiers": [_points(rules.points(t)) for t in c.tiers or ()],
        "deduction_step": _points(c.deduction_step) if c.deduction_step is not None else None,
        "evidence_required": c.evidence_required,
        "guidance": c.guidance,
        "is_leaf": c.is_leaf,
    }


def _readable(user: Any, set_id: int) -> CriteriaSet:
    found = selectors.set_with_figures(set_id)
    if found is None or not selectors.may_read_set(user, found):
        raise Refused.not_found(NOT_FOUND)
    return found


def _detail(s: CriteriaSet) -> dict[str, Any]:
    return {**_out(s), "criteria": [_node(c) for c in s.criteria.order_by("sort_key")]}


@router.get("/criteria-sets", response=errors(ok=SetListOut), operation_id="scoring_criteria_sets")
def set_list(request: HttpRequest) -> Any:
    """The sets the caller may read, newest year first (bounded)."""
    return {"items": [_out(s) for s in selectors.readable_sets(request.user)[: selectors.MAX_SETS]]}


@router.post(
    "/criteria-sets/import",
    response=errors(403, ok=SetDetailOut, ok_status=201),
    operation_id="scoring_criteria_sets_import",
)
def set_import(
    request: HttpRequest,
    file: File[UploadedFile],
    year: Form[int],
    kind: Form[str],
    name: Form[str],
) -> Any:
    """A new set from a workbook in the export format; Home Affairs only."""
    user = request.user
    policies.is_manager(user).require()
    if file.size is not None and file.size > exports.MAX_UPLOAD_BYTES:
        raise Refused.invalid("Tệp lớn hơn 2 MB: bộ tiêu chí không cần tệp lớn như vậy.", field="file")
    nodes = exports.read_workbook(file.name or "", file.read(exports.MAX_UPLOAD_BYTES + 1))
    with transaction.atomic():
        created = services.set_create(year=year, kind=kind, name=name, nodes=nodes, actor=user)
    found = selectors.set_with_figures(created.pk)
    assert found is not None
    return Status(201, _detail(found))


@router.get(
    "/criteria-sets/{int:set_id}",
    response=errors(404, ok=SetDetailOut),
    operation_id="scoring_criteria_set",
)
def set_detail(request: HttpRequest, set_id: Id) -> Any:
    return _detail(_readable(request.user, set_id))


@router.get(
    "/criteria-sets/{int:set_id}/export",
    response=errors(404),
    operation_id="scoring_criteria_set_export",
)
def set_export(request: HttpRequest, set_id: Id) -> Any:
    """The set as the workbook the import reads."""
    found = _readable(request.user, set_id)
    response = HttpResponse(exports.workbook(services.nodes_of(found)), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(found)}"'
    response["Cache-Control"] = "private, no-store"
    return response
