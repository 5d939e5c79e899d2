"""What the appraisal screens read (SCORE-5; seed 003 Đ10): a council member's appraisal accounts,
the units of each with the covered leaves left to score, one unit's rows beside its self-scores,
and the numbers of "Hôm nay".

An account is read by its appraiser and by whoever acts for them under a delegation; anyone else
gets a 404 (the same as a missing account)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.org import tree
from congvu.scoring import policies, services
from congvu.scoring.models import Appraisal, Assessment, Criterion, Evidence, Period, Score

MAX_ACCOUNTS = 50  # a person's appraisal accounts listed (one per period; the newest first)
HOME_ROWS = 5
NOT_FOUND = "Không tìm thấy tài khoản thẩm định."
UNIT_NOT_FOUND = "Không tìm thấy báo cáo tự đánh giá đã gửi của đơn vị này trong kỳ."


def people_ids(user: Any) -> list[int]:
    """The person and those they act for now (ORG-8)."""
    if getattr(user, "pk", None) is None:
        return []
    return [user.pk, *(p.pk for p in tree.principals(user))]


def _accounts(user: Any) -> Any:
    return Appraisal.objects.filter(appraiser_id__in=people_ids(user)).select_related("period", "appraiser")


def access_appraisal(user: Any, pk: int) -> Appraisal:
    """The account, for its appraiser or their delegate; else 404 alike."""
    found = _accounts(user).filter(pk=pk).prefetch_related(_criteria()).first()
    if found is None:
        raise Refused.not_found(NOT_FOUND)
    return found


def _criteria() -> Prefetch:
    return Prefetch("criteria", queryset=Criterion.objects.order_by("sort_key"))


def access_assessment(appraisal: Appraisal, pk: int) -> Assessment:
    """A submitted assessment of the account's period (an appraiser reads no other)."""
    found = (
        Assessment.objects.filter(pk=pk, period_id=appraisal.period_id, status=Assessment.Status.SUBMITTED)
        .select_related("unit", "period")
        .first()
    )
    if found is None:
        raise Refused.not_found(UNIT_NOT_FOUND)
    return found


# --- the queue ------------------------------------------------------------------------------------


@dataclass
class UnitLine:
    assessment: Assessment
    submitted: bool
    left: int = 0


@dataclass
class Account:
    appraisal: Appraisal
    codes: list[str]
    units: list[UnitLine] = field(default_factory=list)
    left_units: int = 0
    submitted_units: int = 0
    deadline_passed: bool = False
    steps: list[Any] = field(default_factory=list)
    reason: str = ""  # why it cannot be scored now (locked, deadline, period closed)


def queue(user: Any, *, pk: int | None = None) -> list[Account]:
    """The person's accounts (and their principals'), the newest period first, each with its units:
    a submitted unit with the covered leaves left, a unit not yet submitted as such. The reads per
    account do not grow with the number of units."""
    from congvu.scoring.workflow import APPRAISAL_WORKFLOW

    found = _accounts(user) if pk is None else _accounts(user).filter(pk=pk)
    accounts = list(
        found.prefetch_related(_criteria()).order_by("-period__year", "-period_id", "pk")[:MAX_ACCOUNTS]
    )
    result = []
    for appraisal in accounts:
        left = services.appraisal_left(appraisal)
        units = [
            UnitLine(a, a.status == Assessment.Status.SUBMITTED, left.get(a.pk, 0))
            for a in Assessment.objects.filter(period_id=appraisal.period_id)
            .select_related("unit")
            .order_by("unit_path")[: services.MAX_UNITS]
        ]
        decision = APPRAISAL_WORKFLOW.check("score", appraisal, user)
        result.append(
            Account(
                appraisal=appraisal,
                codes=[c.code for c in appraisal.criteria.all()],
                units=units,
                left_units=len(left),
                submitted_units=sum(1 for u in units if u.submitted),
                deadline_passed=policies.appraisal_deadline_passed(appraisal.period),
                steps=APPRAISAL_WORKFLOW.allowed(appraisal, user, ["submit"]),
                reason="" if decision else decision.reason,
            )
        )
    return result


# --- one unit -------------------------------------------------------------------------------------


@dataclass
class Row:
    score: Score
    criterion: Criterion
    survey: bool
    evidence: list[Evidence]


@dataclass
class UnitPage:
    appraisal: Appraisal
    assessment: Assessment
    rows: list[Row]
    previous_id: int | None
    next_id: int | None
    position: int
    total: int


def unit_page(appraisal: Appraisal, assessment: Assessment) -> UnitPage:
    """The covered leaves of one unit in tree order, with the self-score, explanation and evidence;
    the units before and after it (submitted ones, by the tree of units)."""
    covered = services.covered_leaf_ids(list(appraisal.criteria.all()))
    scores = list(
        Score.objects.filter(assessment=assessment, criterion_id__in=covered)
        .select_related("criterion")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.select_related("file")))
        .order_by("criterion__sort_key")
    )
    rows = [Row(s, s.criterion, s.criterion.is_survey, list(s.evidence.all())) for s in scores]
    order = list(
        Assessment.objects.filter(period_id=appraisal.period_id, status=Assessment.Status.SUBMITTED)
        .order_by("unit_path")
        .values_list("pk", flat=True)[: services.MAX_UNITS]
    )
    at = order.index(assessment.pk) if assessment.pk in order else 0
    return UnitPage(
        appraisal=appraisal,
        assessment=assessment,
        rows=rows,
        previous_id=order[at - 1] if at > 0 else None,
        next_id=order[at + 1] if at + 1 < len(order) else None,
        position=at + 1,
        total=len(order),
    )


# --- "Hôm nay" ------------------------------------------------------------------------------------


@dataclass
class Waiting:
    appraisal_id: int
    title: str
    deadline: Any
    units: int


def waiting(user: Any) -> list[Waiting]:
    """The open accounts (period open, deadline ahead) of the person or those they act for, each with
    the number of submitted units that still have covered leaves to score: two reads (one for
    someone with no open account), whatever the number of accounts, units and criteria. Read once
    per request."""
    cached = getattr(user, "_scoring_appraisal_waiting", None)
    if cached is not None:
        return cached
    ids = people_ids(user)
    result: list[Waiting] = []
    if ids:
        today = timezone.localdate()
        nodes = list(
            Appraisal.criteria.through.objects.filter(
                appraisal__appraiser_id__in=ids,
                appraisal__status=Appraisal.Status.OPEN,
                appraisal__period__status=Period.Status.OPEN,
                appraisal__period__appraisal_deadline__gte=today,
            )
            .order_by("appraisal__period__appraisal_deadline", "appraisal_id")
            .values_list(
                "appraisal_id",
                "appraisal__period_id",
                "appraisal__period__title",
                "appraisal__period__appraisal_deadline",
                "criterion__sort_key",
            )
        )
        whens = []
        heads: dict[int, Waiting] = {}
        for appraisal_id, period_id, title, deadline, sort_key in nodes:
            heads.setdefault(appraisal_id, Waiting(appraisal_id, title, deadline, 0))
            under = Q(criterion__sort_key=sort_key) | Q(criterion__sort_key__startswith=sort_key + ".")
            whens.append(When(Q(assessment__period_id=period_id) & under, then=Value(appraisal_id)))
        if whens:
            pairs = (
                Score.objects.filter(
                    assessment__status=Assessment.Status.SUBMITTED,
                    assessment__period_id__in={n[1] for n in nodes},
                    criterion__is_leaf=True,
                    appraised_score__isnull=True,
                )
                .exclude(criterion__method=Criterion.Method.SURVEY)
                .annotate(owner=Case(*whens, default=Value(0), output_field=IntegerField()))
                .exclude(owner=0)
                .order_by()
                .values_list("owner", "assessment_id")
                .distinct()
            )
            for owner, _assessment_id in pairs:
                heads[owner].units += 1
        result = list(heads.values())
    if getattr(user, "pk", None) is not None:
        user._scoring_appraisal_waiting = result
    return result


def counts(user: Any) -> list[Any]:
    """ "Chờ tôi xử lý": the submitted units with covered leaves left, across open accounts."""
    from django.utils.translation import gettext as _

    from congvu.core import registry

    total = sum(w.units for w in waiting(user))
    if not total:
        return []
    return [registry.Count(_("Thẩm định chấm điểm"), total, reverse("scoring:appraisal_queue"), waiting=True)]


def home_section(user: Any) -> dict[str, Any] | None:
    """The open accounts, those with units left first; the way to the queue (no menu entry: the
    menu stays free of a read on every page)."""
    rows = sorted(waiting(user), key=lambda w: (not w.units, w.deadline))
    if not rows:
        return None
    return {"accounts": rows[:HOME_ROWS], "more": len(rows) > HOME_ROWS}
