"""The totals and the ranking of a period (SCORE-6; R-PAR-2, R-PAR-3, R-PAR-6), read in three queries
whatever the number of units and criteria: the areas and the counted leaves (for the maxima per
area), the scores summed per assessment and area by the database, and the assessments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from congvu.scoring import rules
from congvu.scoring.models import Assessment, Criterion, Period, Score

ZERO = Decimal("0.00")
POINTS: DecimalField = DecimalField(max_digits=10, decimal_places=2)


@dataclass
class AreaResult:
    self_total: Decimal = ZERO
    final_total: Decimal = ZERO
    maximum: Decimal = ZERO


@dataclass
class UnitResult:
    assessment_id: int
    unit_id: int
    unit_name: str
    status: str
    self_total: Decimal
    final_total: Decimal
    maximum: Decimal
    index: Decimal
    rank: int | None  # None: the unit never submitted, so it is not ranked
    areas: dict[int, AreaResult] = field(default_factory=dict)

    @property
    def submitted(self) -> bool:
        return self.status == Assessment.Status.SUBMITTED


@dataclass
class PeriodResults:
    period: Period
    areas: list[Criterion]  # the top-level nodes, in order
    area_maxima: dict[int, Decimal]
    maximum: Decimal
    units: list[UnitResult]  # ranked first, then the units that never submitted


def counted_leaves_q(period: Period, prefix: str = "") -> Q:
    """The leaves that count: every leaf, survey leaves only when the period has a survey (R-PAR-6)."""
    q = Q(**{f"{prefix}is_leaf": True})
    if not period.with_survey:
        q &= ~Q(**{f"{prefix}method": Criterion.Method.SURVEY})
    return q


def period_results(period: Period) -> PeriodResults:
    """Each unit's self and final totals per area, index % and competition rank."""
    nodes = Criterion.objects.filter(
        Q(level=1) | counted_leaves_q(period), criteria_set_id=period.criteria_set_id
    ).order_by("sort_key")
    areas: list[Criterion] = []
    leaves: list[Criterion] = []
    fields = ("pk", "code", "name", "level", "area_id", "max_points", "is_leaf", "method", "sort_key")
    for node in nodes.only(*fields):
        if node.level == 1:
            areas.append(node)
        if node.is_leaf and (period.with_survey or not node.is_survey):  # an area may be a leaf
            leaves.append(node)
    maxima: dict[int, Decimal] = {a.pk: ZERO for a in areas}
    for leaf in leaves:
        area_id = leaf.area_id or leaf.pk
        maxima[area_id] = maxima.get(area_id, ZERO) + leaf.max_points
    maximum = sum(maxima.values(), ZERO)
    survey = Q(criterion__method=Criterion.Method.SURVEY)
    final = Case(
        When(survey, then=Coalesce("survey_score", Value(ZERO), output_field=POINTS)),
        default=Coalesce("appraised_score", "self_score", Value(ZERO), output_field=POINTS),
        output_field=POINTS,
    )
    sums = (
        Score.objects.filter(counted_leaves_q(period, "criterion__"), assessment__period=period)
        .values("assessment_id", area_id=F("criterion__area_id"))
        .annotate(
            self_sum=Coalesce(Sum("self_score", filter=~survey), Value(ZERO), output_field=POINTS),
            final_sum=Sum(final),
        )
        .order_by()
    )
    per_assessment: dict[int, dict[int, AreaResult]] = {}
    for row in sums:
        per_assessment.setdefault(row["assessment_id"], {})[row["area_id"]] = AreaResult(
            self_total=row["self_sum"] or ZERO,
            final_total=row["final_sum"] or ZERO,
            maximum=maxima.get(row["area_id"], ZERO),
        )
    units: list[UnitResult] = []
    for a in period.assessments.order_by("unit__path").values("pk", "unit_id", "unit__name", "status"):
        by_area = per_assessment.get(a["pk"], {})
        final_total = sum((r.final_total for r in by_area.values()), ZERO)
        self_total = sum((r.self_total for r in by_area.values()), ZERO)
        units.append(
            UnitResult(
                assessment_id=a["pk"],
                unit_id=a["unit_id"],
                unit_name=a["unit__name"],
                status=a["status"],
                self_total=self_total,
                final_total=final_total,
                maximum=maximum,
                index=rules.index_percent(final_total, maximum),
                rank=None,
                areas={area.pk: by_area.get(area.pk, AreaResult(maximum=maxima[area.pk])) for area in areas},
            )
        )
    ranked = [u for u in units if u.submitted]
    for unit, rank in zip(ranked, rules.ranks([u.index for u in ranked]), strict=True):
        unit.rank = rank
    ranked.sort(key=lambda u: (u.rank, u.unit_name))
    return PeriodResults(
        period=period,
        areas=areas,
        area_maxima=maxima,
        maximum=maximum,
        units=ranked + [u for u in units if not u.submitted],
    )
