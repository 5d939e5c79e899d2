"""What the criteria-set screens and API read (SCORE-1): the sets with their figures, one set's
tree with the totals per area, and who may read a set."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from congvu.core.decisions import Decision
from congvu.org import tree
from congvu.scoring import policies, rules
from congvu.scoring.models import CriteriaSet, Criterion, Period

MAX_SETS = 300  # a province keeps a few sets a year: the list is bounded, newest year first


def sets_with_figures() -> QuerySet[CriteriaSet]:
    """Every set with its number of nodes, its total (the sum of the areas), whether a period uses
    it and whether one already opened (frozen)."""
    periods = Period.objects.filter(criteria_set=OuterRef("pk"))
    return (
        CriteriaSet.objects.select_related("copied_from")
        .annotate(
            node_count=Count("criteria"),
            total=Coalesce(Sum("criteria__max_points", filter=Q(criteria__level=1)), Decimal("0")),
            used=Exists(periods),
            frozen=Exists(periods.exclude(status=Period.Status.DRAFT)),
        )
        .order_by("-year", "kind", "name", "pk")
    )


def _decorate(sets: list[CriteriaSet]) -> list[CriteriaSet]:
    for s in sets:
        s.total_shown = rules.show(s.total)  # type: ignore[attr-defined]
    return sets


def set_list() -> list[CriteriaSet]:
    return _decorate(list(sets_with_figures()[:MAX_SETS]))


def set_with_figures(pk: int) -> CriteriaSet | None:
    return next(iter(_decorate(list(sets_with_figures().filter(pk=pk)))), None)


@dataclass
class AreaBlock:
    area: Criterion
    nodes: list[Criterion] = field(default_factory=list)
    leaves: int = 0


def tree_of(criteria_set: CriteriaSet) -> list[AreaBlock]:
    """The tree in code order, grouped per area (the area's own maximum is its total, R-PAR-1)."""
    blocks: list[AreaBlock] = []
    for node in criteria_set.criteria.order_by("sort_key"):
        node.max_shown = rules.show(node.max_points)  # type: ignore[attr-defined]
        node.tiers_shown = "; ".join(rules.show(Decimal(t)) for t in node.tiers or ())  # type: ignore[attr-defined]
        node.step_shown = rules.show(node.deduction_step) if node.deduction_step is not None else ""  # type: ignore[attr-defined]
        if node.level == Criterion.Level.AREA or not blocks:
            blocks.append(AreaBlock(area=node))
            if node.level == Criterion.Level.AREA:
                continue
        blocks[-1].nodes.append(node)
        blocks[-1].leaves += int(node.is_leaf)
    return blocks


def may_read_set(user: Any, criteria_set: CriteriaSet) -> Decision:
    """Home Affairs reads every set; the appraisers and the units of a period that uses the set read
    it (they score by it)."""
    if policies.manages(user):
        return Decision.allow()
    principals = [user.pk, *(p.pk for p in tree.principals(user))]
    if criteria_set.periods.filter(appraisals__appraiser_id__in=principals).exists():
        return Decision.allow()
    if policies.visible_assessments(user).filter(period__criteria_set=criteria_set).exists():
        return Decision.allow()
    return Decision.deny("Bạn không có quyền xem bộ tiêu chí này.")


def readable_sets(user: Any) -> QuerySet[CriteriaSet]:
    """The sets the person may read (all of them for Home Affairs)."""
    qs = sets_with_figures()
    if policies.manages(user):
        return qs
    principals = [user.pk, *(p.pk for p in tree.principals(user))]
    assessed = policies.visible_assessments(user).values("period__criteria_set_id")
    appraised = Period.objects.filter(appraisals__appraiser_id__in=principals).values("criteria_set_id")
    return qs.filter(Q(pk__in=appraised) | Q(pk__in=assessed))
