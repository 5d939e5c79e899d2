"""SCORE-6 in the API: the same selectors and policies as the results screens.

    GET /api/v1/scoring/periods/{id}/results                    the ranking
    GET /api/v1/scoring/periods/{id}/results/{assessment_id}    one unit's result, node by node

Points and the index are strings with two decimals ("89.00"), never floats. Answers: 404 for a
period or a unit result the person may not know of; 403 for the people of an assessed unit
before publication.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.scoring import policies, rules
from congvu.scoring.models import Assessment, Period
from congvu.scoring.results import selectors

router = Router(tags=["scoring results"])


class ScoringAreaResultOut(Schema):
    area_id: Id
    code: str
    name: str
    maximum: str
    self_total: str
    final_total: str


class ScoringUnitResultOut(Schema):
    assessment_id: Id
    unit_id: Id
    unit: str
    submitted: bool
    rank: int | None = None
    self_total: str
    final_total: str
    maximum: str
    index: str
    grade: str | None = None
    areas: list[ScoringAreaResultOut]


class ScoringResultsOut(Schema):
    period_id: Id
    title: str
    year: int
    kind: str
    status: str
    published: bool
    with_survey: bool
    maximum: str
    units: list[ScoringUnitResultOut]


class ScoringNodeResultOut(Schema):
    code: str
    name: str
    level: int
    is_leaf: bool
    is_survey: bool
    counted: bool
    maximum: str
    self_score: str | None = None
    appraised_score: str | None = None
    appraisal_reason: str = ""
    survey_score: str | None = None
    final: str


class ScoringUnitDetailOut(Schema):
    period_id: Id
    published: bool
    result: ScoringUnitResultOut
    nodes: list[ScoringNodeResultOut]


def _text(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def _period(period_id: int) -> Period:
    period = Period.objects.filter(pk=period_id).first()
    if period is None:
        raise Refused.not_found("Không tìm thấy kỳ chấm điểm.")
    return period


def _unit(found: selectors.PeriodResults, unit: Any) -> dict[str, Any]:
    return {
        "assessment_id": unit.assessment_id,
        "unit_id": unit.unit_id,
        "unit": unit.unit_name,
        "submitted": unit.submitted,
        "rank": unit.rank,
        "self_total": _text(unit.self_total),
        "final_total": _text(unit.final_total),
        "maximum": _text(unit.maximum),
        "index": _text(unit.index),
        "grade": rules.grade(unit.index) if unit.rank is not None else None,
        "areas": [
            {
                "area_id": a.pk,
                "code": a.code,
                "name": a.name,
                "maximum": _text(found.area_maxima[a.pk]),
                "self_total": _text(unit.areas[a.pk].self_total),
                "final_total": _text(unit.areas[a.pk].final_total),
            }
            for a in found.areas
        ],
    }


@router.get(
    "/periods/{int:period_id}/results",
    response=errors(403, 404, ok=ScoringResultsOut),
    operation_id="scoring_period_results",
)
def period_results(request: HttpRequest, period_id: Id) -> Any:
    """The ranking of a period: ranked units first (competition ranks), then those that never
    submitted (``rank``: null)."""
    period = _period(period_id)
    policies.may_open_results(request.user, period).require()
    found = selectors.period_results(period)
    return {
        "period_id": period.pk,
        "title": period.title,
        "year": period.year,
        "kind": period.kind,
        "status": period.status,
        "published": period.status == Period.Status.PUBLISHED,
        "with_survey": period.with_survey,
        "maximum": _text(found.maximum),
        "units": [_unit(found, u) for u in found.units],
    }


@router.get(
    "/periods/{int:period_id}/results/{int:assessment_id}",
    response=errors(403, 404, ok=ScoringUnitDetailOut),
    operation_id="scoring_unit_result",
)
def unit_result(request: HttpRequest, period_id: Id, assessment_id: Id) -> Any:
    """One unit's result: every node of the tree with its maximum, self, appraised (and the
    reason), survey and final score; the unit's totals, index and rank."""
    period = _period(period_id)
    assessment = (
        Assessment.objects.select_related("unit").filter(pk=assessment_id, period_id=period.pk).first()
    )
    if assessment is None:
        raise Refused.not_found("Không tìm thấy kết quả của đơn vị.")
    assessment.period = period
    policies.may_read_unit_result(request.user, assessment).require()
    detail = selectors.unit_detail(assessment)
    return {
        "period_id": period.pk,
        "published": period.status == Period.Status.PUBLISHED,
        "result": _unit(detail.results, detail.result),
        "nodes": [
            {
                "code": r.code,
                "name": r.name,
                "level": r.level,
                "is_leaf": r.is_leaf,
                "is_survey": r.is_survey,
                "counted": r.counted,
                "maximum": _text(r.max_points),
                "self_score": None if r.is_survey else _text(r.self_score),
                "appraised_score": _text(r.appraised) if r.is_leaf else None,
                "appraisal_reason": r.reason,
                "survey_score": _text(r.survey) if r.is_leaf else None,
                "final": _text(r.final),
            }
            for r in detail.rows
        ],
    }
