"""What the results screens, the API and the council report read (SCORE-6): the ranking of a period
(``congvu.scoring.selectors.period_results``) as table rows, and one unit's result node by node.

A unit's detail is three queries whatever the size of the tree: the tree, the unit's scores, and
the period's totals (for the rank) — the last two aggregated by the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from congvu.scoring import rules
from congvu.scoring.models import Assessment, Criterion, Period, Score
from congvu.scoring.selectors import ZERO, PeriodResults, UnitResult, counted_leaves_q, period_results

__all__ = ["NodeRow", "PeriodResults", "UnitDetail", "percent", "period_results", "unit_detail", "leaf_table"]


def percent(index: Decimal) -> str:
    """The index the Vietnamese way: "89,00 %"."""
    return f"{rules.show(index)} %"


@dataclass
class NodeRow:
    """One node of the tree for one unit: leaves carry the scores, other nodes the sums below."""

    code: str
    name: str
    level: int
    is_leaf: bool
    is_survey: bool
    counted: bool  # False: a survey node in a period without a survey (R-PAR-6)
    max_points: Decimal
    self_score: Decimal | None = None
    appraised: Decimal | None = None
    reason: str = ""
    survey: Decimal | None = None
    final: Decimal = ZERO

    @property
    def texts(self) -> dict[str, str]:
        """The figures the Vietnamese way, "—" where there is none (one dict: cheap to render)."""
        dash = "—"
        return {
            "max": rules.show(self.max_points),
            "self": dash if self.is_survey or self.self_score is None else rules.show(self.self_score),
            "appraised": rules.show(self.appraised) if self.is_leaf and self.appraised is not None else dash,
            "survey": rules.show(self.survey) if self.is_leaf and self.survey is not None else dash,
            "final": rules.show(self.final) if self.counted else dash,
            "reason": self.reason if self.adjusted else "",
        }

    @property
    def adjusted(self) -> bool:
        return self.is_leaf and self.appraised is not None and self.appraised != self.self_score


@dataclass
class UnitDetail:
    assessment: Assessment
    period: Period
    result: UnitResult
    results: PeriodResults
    rows: list[NodeRow] = field(default_factory=list)

    @property
    def grade(self) -> str:
        return rules.grade(self.result.index)


def unit_detail(assessment: Assessment) -> UnitDetail:
    """The tree of the period's set with the unit's scores; sums per node over the counted leaves."""
    period = assessment.period
    results = period_results(period)
    result = next(u for u in results.units if u.assessment_id == assessment.pk)
    nodes = list(
        Criterion.objects.filter(criteria_set_id=period.criteria_set_id)
        .order_by("sort_key")
        .values_list("pk", "code", "name", "level", "is_leaf", "method", "max_points", "sort_key")
    )
    scores: dict[int, dict[str, Any]] = {
        s["criterion_id"]: dict(s)
        for s in Score.objects.filter(assessment_id=assessment.pk).values(
            "criterion_id", "self_score", "appraised_score", "appraisal_reason", "survey_score"
        )
    }
    rows: list[NodeRow] = []
    open_rows: list[tuple[str, NodeRow]] = []  # (sort_key, row) of the ancestors of the current node
    for pk, code, name, level, is_leaf, method, max_points, key in nodes:
        while open_rows and not key.startswith(open_rows[-1][0] + "."):
            open_rows.pop()
        survey_node = method == Criterion.Method.SURVEY
        counted = not survey_node or period.with_survey
        row = NodeRow(code=code, name=name, level=level, is_leaf=is_leaf, is_survey=survey_node,
                      counted=counted, max_points=max_points)  # fmt: skip
        if is_leaf:
            score = scores.get(pk, {})
            row.self_score = score.get("self_score")
            row.appraised = score.get("appraised_score")
            row.reason = score.get("appraisal_reason") or ""
            row.survey = score.get("survey_score")
            row.final = rules.final_score(
                survey_node=survey_node, self_score=row.self_score, appraised=row.appraised, survey=row.survey
            )
            if counted:
                for _key, parent in open_rows:
                    parent.final += row.final
                    if not survey_node:
                        parent.self_score = (parent.self_score or ZERO) + (row.self_score or ZERO)
        else:
            row.self_score = ZERO
        rows.append(row)
        if not is_leaf:
            open_rows.append((key, row))
    return UnitDetail(assessment=assessment, period=period, result=result, results=results, rows=rows)


def leaf_table(period: Period) -> tuple[list[tuple[int, str, str]], dict[int, dict[int, tuple]]]:
    """The counted leaves of the period ``[(pk, code, name)]`` and, per assessment and leaf,
    ``(self, final)`` — the council report's detail sheet, in two queries."""
    leaves = list(
        Criterion.objects.filter(counted_leaves_q(period), criteria_set_id=period.criteria_set_id)
        .order_by("sort_key")
        .values_list("pk", "code", "name", "method")
    )
    survey = {pk for pk, _c, _n, method in leaves if method == Criterion.Method.SURVEY}
    table: dict[int, dict[int, tuple]] = {}
    for a_id, c_id, own, appraised, surveyed in Score.objects.filter(
        assessment__period=period, criterion_id__in=[pk for pk, *_ in leaves]
    ).values_list("assessment_id", "criterion_id", "self_score", "appraised_score", "survey_score"):
        final = rules.final_score(
            survey_node=c_id in survey, self_score=own, appraised=appraised, survey=surveyed
        )
        table.setdefault(a_id, {})[c_id] = (None if c_id in survey else own, final)
    return [(pk, code, name) for pk, code, name, _m in leaves], table
