"""What the period screens read (SCORE-2): the periods with their counts, one period's units and
appraisers, the survey grid, the entry accounts and requests. Every list is bounded and reads in a
fixed number of queries whatever the number of units."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from congvu.core import personal
from congvu.core.decisions import Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import RoleGrant, Unit
from congvu.scoring import policies, services
from congvu.scoring.models import Appraisal, Assessment, CriteriaSet, Criterion, EntryRequest, Period
from congvu.scoring.workflow import APPRAISAL_WORKFLOW, ASSESSMENT_WORKFLOW, PERIOD_WORKFLOW

MAX_PERIODS = 100
MAX_ROWS = 200
MAX_GRANTS = 500


def url_or_blank(name: str, *args: Any) -> str:
    """The address of a screen another package may not have registered yet: "" when it has not."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- who is involved (the menu's cheap test) ------------------------------------------------------


def involved(user: Any) -> bool:
    """Home Affairs, an entry account, an appraiser, the leader of an assessed unit, or a member of
    a unit assessed in a published period: org facts (read once per request) and one small query,
    kept on the user for the request and in the shared cache between requests (``_in_a_period``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_scoring_involved", None)
    if cached is not None:
        return bool(cached)
    facts = org.facts(user)
    answer = policies.manages(user) or any(g.role == RoleGrant.Role.SCORING_ENTRY for g in facts.roles)
    if not answer:
        answer = personal.kept(
            user, "scoring-involved", tree.standing(user), lambda: _in_a_period(user), topics=[services.TOPIC]
        )
    user._scoring_involved = answer
    return answer


def _in_a_period(user: Any) -> bool:
    """An appraiser, the leader of an assessed unit or a member of a unit assessed in a published
    period (kept between requests until a period, an appraiser or an assessed unit changes —
    ``services.periods_changed`` — or the organisation does)."""
    facts = org.facts(user)
    members = sorted({path for m in facts.memberships for path in tree.ancestor_paths(m.unit.path)})
    q = Q(appraisals__appraiser_id=user.pk)
    if facts.led_unit_paths:
        q |= Q(assessments__unit_path__in=sorted(facts.led_unit_paths))
    if members:
        q |= Q(status=Period.Status.PUBLISHED, assessments__unit_path__in=members)
    return Period.objects.filter(q).exists()


# --- the periods ----------------------------------------------------------------------------------


def period_rows() -> list[Period]:
    """The periods, newest first, with their counts: units submitted / total, appraisers sent /
    total (one query)."""
    submitted = Q(assessments__status=Assessment.Status.SUBMITTED)
    sent = Q(appraisals__status=Appraisal.Status.SUBMITTED)
    return list(
        Period.objects.select_related("criteria_set").annotate(
            units_total=Count("assessments", distinct=True),
            units_submitted=Count("assessments", filter=submitted, distinct=True),
            appraisers_total=Count("appraisals", distinct=True),
            appraisers_sent=Count("appraisals", filter=sent, distinct=True),
        )[:MAX_PERIODS]
    )


def pending_requests() -> QuerySet[EntryRequest]:
    return EntryRequest.objects.filter(status=EntryRequest.Status.PENDING)


def my_assessments(user: Any) -> list[Assessment]:
    """ "Đơn vị tôi": the assessments the person works on (entry account or leader)."""
    return list(
        Assessment.objects.filter(policies.own_assessments_q(user))
        .select_related("period", "unit")
        .order_by("-period__year", "-period_id", "unit_path")[:MAX_ROWS]
    )


def my_appraisals(user: Any) -> list[Appraisal]:
    people = [user.pk, *(p.pk for p in tree.principals(user))]
    return list(
        Appraisal.objects.filter(appraiser_id__in=people)
        .select_related("period", "appraiser")
        .order_by("-period__year", "-period_id")[:MAX_ROWS]
    )


def published_periods(user: Any) -> list[Period]:
    """Published periods whose results the person may read (their unit was assessed, or any for
    Home Affairs)."""
    qs = Period.objects.filter(status=Period.Status.PUBLISHED)
    if not policies.manages(user):
        qs = qs.filter(pk__in=policies.visible_assessments(user).values("period_id"))
    return list(qs.order_by("-year", "-pk")[:MAX_ROWS])


def access_period(user: Any, pk: int) -> Period:
    """The period for Home Affairs and the period's appraisers; 404 alike for anyone else."""
    period = Period.objects.select_related("criteria_set", "created_by").filter(pk=pk).first()
    if period is None:
        raise Refused.not_found("Không tìm thấy kỳ chấm điểm.")
    if policies.manages(user):
        return period
    people = [user.pk, *(p.pk for p in tree.principals(user))]
    if period.appraisals.filter(appraiser_id__in=people).exists():
        return period
    raise Refused.not_found("Không tìm thấy kỳ chấm điểm.")


def manager_or_refuse(user: Any) -> None:
    policies.is_manager(user).require()


def period_units(period: Period) -> list[Assessment]:
    return list(
        period.assessments.select_related("unit", "submitted_by").order_by("unit_path")[: services.MAX_UNITS]
    )


def period_appraisals(period: Period) -> list[Appraisal]:
    """The appraisers with the criteria they cover and how many units each has left."""
    rows = list(period.appraisals.select_related("appraiser").prefetch_related("criteria").order_by("pk"))
    for row in rows:
        row.covered = sorted(row.criteria.all(), key=lambda c: c.sort_key)  # type: ignore[attr-defined]
        row.units_left = len(services.appraisal_left(row))  # type: ignore[attr-defined]
    return rows


def offered(user: Any, period: Period) -> dict[str, bool]:
    """The period's steps offered to the person (``PERIOD_WORKFLOW.allowed``), by name."""
    steps = set(PERIOD_WORKFLOW.allowed_names(period, user))
    return {step: step in steps for step in PERIOD_WORKFLOW.steps}


def may_reopen(user: Any, assessment: Assessment) -> bool:
    return assessment.status == Assessment.Status.SUBMITTED and bool(
        ASSESSMENT_WORKFLOW.check("reopen", assessment, user)
    )


def may_unlock(user: Any, appraisal: Appraisal) -> bool:
    return appraisal.status == Appraisal.Status.SUBMITTED and bool(
        APPRAISAL_WORKFLOW.check("unlock", appraisal, user)
    )


# --- choices --------------------------------------------------------------------------------------


def assessable_units() -> list[Unit]:
    """The agencies a period may assess: departments, districts and communes (bounded)."""
    return list(
        Unit.objects.filter(
            is_active=True,
            kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.DISTRICT, Unit.Kind.COMMUNE],
        ).order_by("path")[: services.MAX_UNITS]
    )


def entry_units() -> list[Unit]:
    """The units Home Affairs gives entry accounts on: the assessable agencies and their divisions
    (a sub-unit's account enters for its agency, seed 003 Đ6.1)."""
    return list(
        Unit.objects.filter(
            is_active=True,
            kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.DIVISION, Unit.Kind.DISTRICT, Unit.Kind.COMMUNE],
        ).order_by("path")[: services.MAX_UNITS]
    )


def criteria_sets() -> list[CriteriaSet]:
    return list(CriteriaSet.objects.order_by("-year", "kind", "name")[:MAX_PERIODS])


def coverable(period: Period) -> list[Criterion]:
    """Areas and criteria an appraiser may be given (sub-criteria come with their criterion)."""
    return list(
        Criterion.objects.filter(
            criteria_set_id=period.criteria_set_id,
            level__in=(Criterion.Level.AREA, Criterion.Level.CRITERION),
        ).order_by("sort_key")
    )


def survey_grid(period: Period) -> tuple[list[Criterion], list[tuple[Assessment, list[Any]]]]:
    """Units × survey leaves, with the scores entered (three queries)."""
    from congvu.scoring.models import Score

    leaves = list(
        Criterion.objects.filter(
            criteria_set_id=period.criteria_set_id, is_leaf=True, method=Criterion.Method.SURVEY
        ).order_by("sort_key")
    )
    assessments = period_units(period)
    scores = {
        (s.assessment_id, s.criterion_id): s
        for s in Score.objects.filter(assessment__period=period, criterion__in=leaves)
    }
    rows = [(a, [(leaf, scores.get((a.pk, leaf.pk))) for leaf in leaves]) for a in assessments]
    return leaves, rows


# --- entry accounts -------------------------------------------------------------------------------


def entry_grants() -> list[RoleGrant]:
    return list(
        RoleGrant.objects.filter(role=RoleGrant.Role.SCORING_ENTRY)
        .select_related("user", "unit")
        .order_by("unit__path", "user__full_name")[:MAX_GRANTS]
    )


def request_rows(user: Any, *, manager: bool) -> list[EntryRequest]:
    qs = EntryRequest.objects.select_related("unit", "person", "requested_by", "decided_by")
    if not manager:
        people = [user.pk, *(p.pk for p in tree.principals(user))]
        qs = qs.filter(requested_by_id__in=people)
    else:
        qs = qs.filter(status=EntryRequest.Status.PENDING)
    return list(qs[:MAX_ROWS])


def requestable_units(user: Any) -> list[Unit]:
    """The units whose entry accounts the person may ask for: the units they lead and below."""
    paths: set[str] = set(org.facts(user).led_unit_paths)
    for principal in tree.principals(user):
        paths.update(org.facts(principal).led_unit_paths)
    if not paths:
        return []
    q = Q(pk__in=[])
    for path in sorted(paths):
        q |= Q(path__startswith=path)
    return list(Unit.objects.filter(q, is_active=True).order_by("path")[:MAX_ROWS])


def access_request(pk: int) -> EntryRequest:
    found = EntryRequest.objects.select_related("unit", "person", "requested_by").filter(pk=pk).first()
    if found is None:
        raise Refused.not_found("Không tìm thấy đề nghị.")
    return found


def access_grant(pk: int) -> RoleGrant:
    found = (
        RoleGrant.objects.select_related("user", "unit")
        .filter(pk=pk, role=RoleGrant.Role.SCORING_ENTRY)
        .first()
    )
    if found is None:
        raise Refused.not_found("Không tìm thấy tài khoản nhập liệu.")
    return found


# --- home -----------------------------------------------------------------------------------------


def request_counts(user: Any) -> list[Any]:
    """ "Chờ tôi xử lý": the pending entry requests, for Home Affairs only (no query for others)."""
    from django.utils.translation import gettext as _

    from congvu.core import registry

    if not policies.manages(user):
        return []
    count = pending_requests().count()
    if not count:
        return []
    label = _("Đề nghị cấp tài khoản nhập liệu chấm điểm")
    return [registry.Count(label, count, reverse("scoring:entry_accounts"), "warn", waiting=True)]
