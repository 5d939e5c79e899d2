"""What the self-assessment screens, the API, the exported report and "Hôm nay" read (SCORE-3,
SCORE-4): one assessment with its tree, its scores and their evidence in a fixed number of queries
whatever the number of criteria; the assessments waiting on a person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core import registry
from congvu.org import policies as org
from congvu.scoring import policies, rules
from congvu.scoring.models import Assessment, Criterion, Evidence, Period, Score

ZERO = Decimal("0.00")
HOME_ROWS = 20
HOME_LIMIT = 500  # a person works on a few units: the count is read with the rows
WARN_DAYS = 3


def access(user: Any, pk: Any) -> Assessment:
    """The assessment if the person may read it; 404 alike for missing and not visible."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = (
        policies.visible_assessments(user)
        .select_related("period", "period__criteria_set", "unit", "approved_by", "submitted_by")
        .filter(pk=number)
        .first()
    )
    if found is None:
        raise Http404
    return found


def due_state(due_on: dt.date, today: dt.date | None = None) -> tuple[int, str]:
    """(days left, tone): "warn" within three days, "bad" once past."""
    today = today or timezone.localdate()
    left = (due_on - today).days
    if left < 0:
        return left, "bad"
    return left, "warn" if left <= WARN_DAYS else ""


@dataclass
class Row:
    """One node of the tree, with its score when it is a leaf."""

    node: Criterion
    score: Score | None = None
    subtotal: Decimal = ZERO
    scored_max: Decimal = ZERO  # the maximum without the survey leaves
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return self.node.level

    @property
    def shown_max(self) -> str:
        return rules.show(Decimal(self.node.max_points))

    @property
    def shown_score(self) -> str:
        """The leaf's self-score, or the node's sum of its leaves'."""
        if not self.node.is_leaf:
            return rules.show(self.subtotal)
        return rules.show(self.score.self_score if self.score else None)

    @property
    def shown_scored_max(self) -> str:
        return rules.show(self.scored_max)

    @property
    def shown_survey(self) -> str:
        return rules.show(self.score.survey_score if self.score else None)

    @property
    def needs_evidence(self) -> bool:
        return bool(self.node.is_leaf and self.node.evidence_required and not self.evidence)


@dataclass
class Area:
    node: Criterion
    rows: list[Row]
    subtotal: Decimal
    scored_max: Decimal

    @property
    def code(self) -> str:
        return self.node.code

    @property
    def shown(self) -> str:
        return f"{rules.show(self.subtotal)} / {rules.show(self.scored_max)}"


@dataclass
class Sheet:
    """The whole self-assessment: the areas with their rows, the total and its maximum."""

    assessment: Assessment
    areas: list[Area]
    total: Decimal
    scored_max: Decimal

    @property
    def rows(self) -> list[Row]:
        return [row for area in self.areas for row in area.rows]

    def leaves(self) -> list[Row]:
        return [row for row in self.rows if row.node.is_leaf]

    def area(self, code: str | None) -> Area | None:
        for area in self.areas:
            if area.code == code:
                return area
        return self.areas[0] if self.areas else None


def sheet(assessment: Assessment) -> Sheet:
    """Three queries: the tree, the scores, their evidence (with the files)."""
    nodes = list(
        Criterion.objects.filter(criteria_set_id=assessment.period.criteria_set_id).order_by("sort_key")
    )
    scores = {
        s.criterion_id: s
        for s in Score.objects.filter(assessment=assessment).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("file").order_by("pk"))
        )
    }
    rows = [Row(node=n, score=scores.get(n.pk)) for n in nodes]
    for row in rows:
        if row.score is not None:
            row.evidence = list(row.score.evidence.all())
    leaves = [r for r in rows if r.node.is_leaf]
    for row in rows:
        prefix = row.node.sort_key + "."
        below = [
            leaf
            for leaf in leaves
            if leaf.node.sort_key == row.node.sort_key or leaf.node.sort_key.startswith(prefix)
        ]
        row.subtotal = sum(
            (leaf.score.self_score for leaf in below if leaf.score and leaf.score.self_score is not None),
            ZERO,
        )
        row.scored_max = sum(
            (Decimal(leaf.node.max_points) for leaf in below if not leaf.node.is_survey), ZERO
        )
    areas: list[Area] = []
    for row in rows:
        if row.node.parent_id is None:
            areas.append(Area(node=row.node, rows=[row], subtotal=row.subtotal, scored_max=row.scored_max))
        elif areas:
            areas[-1].rows.append(row)
    total = sum((a.subtotal for a in areas), ZERO)
    scored_max = sum((a.scored_max for a in areas), ZERO)
    return Sheet(assessment=assessment, areas=areas, total=total, scored_max=scored_max)


def shows_final_scores(user: Any, period: Period) -> bool:
    """The appraised and survey scores: once published, or to Home Affairs and the appraisers."""
    if period.status == Period.Status.PUBLISHED:
        return True
    return bool(policies.may_read_results(user, period))


# --- lists ----------------------------------------------------------------------------------------


def assessment_list(
    user: Any, *, period: int | None = None, status: str = "", after: int | None = None, size: int = 50
) -> tuple[list[Assessment], int | None]:
    """The assessments the person may read, newest period first then by unit; keyset on the id
    (descending). Returns the page and the cursor of the next one."""
    qs: QuerySet[Assessment] = policies.visible_assessments(user).select_related("period", "unit")
    if period is not None:
        qs = qs.filter(period_id=period)
    if status:
        qs = qs.filter(status=status)
    if after is not None:
        qs = qs.filter(pk__lt=after)
    items = list(qs.order_by("-pk")[: size + 1])
    more = len(items) > size
    items = items[:size]
    return items, (items[-1].pk if more and items else None)


# --- "Hôm nay" ------------------------------------------------------------------------------------


def waiting_q(user: Any, today: dt.date) -> Q:
    """The person's units' assessments to work on: a draft or an approved report, the period open,
    the deadline not past."""
    in_time = Q(deadline__isnull=True, period__self_deadline__gte=today) | Q(deadline__gte=today)
    return (
        policies.own_assessments_q(user)
        & Q(
            status__in=(Assessment.Status.DRAFT, Assessment.Status.APPROVED),
            period__status=Period.Status.OPEN,
        )
        & in_time
    )


def home_section(user: Any) -> dict[str, Any] | None:
    """ "Tự đánh giá chấm điểm" on "Hôm nay": the entry accounts' and the unit leaders' own units'
    reports still to score, approve or send, nearest deadline first — one query."""
    if not getattr(user, "pk", None):
        return None
    exact, roots = policies.unit_paths(user)
    if not exact and not roots:
        return None
    today = timezone.localdate()
    found = list(
        Assessment.objects.filter(waiting_q(user, today))
        .select_related("period", "unit")
        .order_by("period__self_deadline", "unit_path", "pk")[:HOME_LIMIT]
    )
    if not found:
        return None
    rows = []
    for a in found[:HOME_ROWS]:
        left, tone = due_state(a.due_on, today)
        leader = org.leads_exactly(user, a.unit_path)
        if a.status == Assessment.Status.APPROVED:
            label = _("Đã duyệt, chờ gửi Sở Nội vụ")
        elif leader:
            label = _("Chờ duyệt")
        else:
            label = _("Đang tự đánh giá")
        rows.append({"assessment": a, "left": left, "tone": tone, "label": label})
    tone = "warn" if any(r["tone"] for r in rows) else ""
    count = len(found)
    first = reverse("scoring:assessment_detail", args=[found[0].pk])
    return {
        "rows": rows,
        "count": count,
        "more": len(found) > HOME_ROWS,
        "counts": [registry.Count(_("Tự đánh giá chấm điểm"), count, first, tone, waiting=True)],
    }
