"""Scoring periods in the API (SCORE-2): a second adapter over the same policies, services and
selectors as the period screens.

    GET    /api/v1/scoring/periods                        the periods with their counts (Home Affairs)
    GET    /api/v1/scoring/periods/{id}                   one period: units, appraisers, allowed steps
    POST   /api/v1/scoring/periods                        create a period (a draft)
    POST   /api/v1/scoring/periods/{id}/open              open it
    POST   /api/v1/scoring/periods/{id}/publish           publish the results
    POST   /api/v1/scoring/periods/{id}/appraisers        appoint a council member {appraiser_id, criteria_ids}
    POST   /api/v1/scoring/periods/{id}/survey-scores     {scores: [{assessment_id, criterion_id, score}]}
    POST   /api/v1/scoring/assessments/{id}/reopen        {reason, deadline?}
    POST   /api/v1/scoring/appraisals/{id}/unlock         {reason}
    GET    /api/v1/scoring/entry-requests                 Home Affairs: pending; a leader: their own
    POST   /api/v1/scoring/entry-requests                 {unit_id, person_id, reason}
    POST   /api/v1/scoring/entry-requests/{id}/approve
    POST   /api/v1/scoring/entry-requests/{id}/reject     {reason}

Answers (``core.api_errors``): 404 for a period missing or not readable (alike); 403 when the
person may not do that; 409 when the state does not allow it; 400 with the ``field`` for refused
input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org import selectors as org_selectors
from congvu.scoring import policies, services
from congvu.scoring.models import Appraisal, Assessment, CriteriaSet, EntryRequest, Period
from congvu.scoring.periods import selectors

router = Router(tags=["scoring"])

ACT = (400, 403, 404, 409)
MAX_SCORES = services.MAX_UNITS * 10


# --- schemas --------------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    full_name: str


class UnitOut(Schema):
    id: int
    name: str


class PeriodOut(Schema):
    id: int
    year: int
    kind: str
    title: str
    status: str
    status_display: str
    criteria_set_id: int
    self_deadline: dt.date
    appraisal_deadline: dt.date
    with_survey: bool
    units_total: int
    units_submitted: int
    appraisers_total: int
    appraisers_sent: int


class AssessmentOut(Schema):
    id: int
    unit: UnitOut
    status: str
    status_display: str
    due_on: dt.date
    self_total: str
    submitted_at: dt.datetime | None = None


class AppraisalOut(Schema):
    id: int
    appraiser: PersonOut
    status: str
    criteria: list[str]
    units_left: int


class PeriodDetailOut(PeriodOut):
    survey_questions: list[str]
    assessments: list[AssessmentOut]
    appraisals: list[AppraisalOut]
    allowed_actions: list[str]


class PeriodIn(Schema):
    criteria_set_id: Id
    title: str
    self_deadline: dt.date
    appraisal_deadline: dt.date
    unit_ids: list[Id]
    with_survey: bool = True
    survey_questions: list[str] = []


class AppointIn(Schema):
    appraiser_id: Id
    criteria_ids: list[Id]


class SurveyScoreIn(Schema):
    assessment_id: Id
    criterion_id: Id
    score: str | None = None


class SurveyIn(Schema):
    scores: list[SurveyScoreIn]


class SavedOut(Schema):
    changed: int


class ReopenIn(Schema):
    reason: str
    deadline: dt.date | None = None


class ReasonIn(Schema):
    reason: str


class StatusOut(Schema):
    id: int
    status: str


class RequestOut(Schema):
    id: int
    unit: UnitOut
    person: PersonOut
    reason: str
    status: str
    status_display: str
    requested_by: PersonOut
    requested_at: dt.datetime


class RequestIn(Schema):
    unit_id: Id
    person_id: Id
    reason: str


# --- output ---------------------------------------------------------------------------------------


def _person(p: Any) -> dict[str, Any]:
    return {"id": p.pk, "full_name": p.full_name}


def _unit(u: Any) -> dict[str, Any]:
    return {"id": u.pk, "name": u.name}


def _out(period: Period, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "id": period.pk,
        "year": period.year,
        "kind": period.kind,
        "title": period.title,
        "status": period.status,
        "status_display": str(period.get_status_display()),
        "criteria_set_id": period.criteria_set_id,
        "self_deadline": period.self_deadline,
        "appraisal_deadline": period.appraisal_deadline,
        "with_survey": period.with_survey,
        **counts,
    }


def _counts(period: Period) -> dict[str, int]:
    return {
        key: getattr(period, key, 0)
        for key in ("units_total", "units_submitted", "appraisers_total", "appraisers_sent")
    }


def _detail(user: Any, pk: int) -> dict[str, Any]:
    period = selectors.access_period(user, pk)
    units = selectors.period_units(period)
    appraisals = selectors.period_appraisals(period)
    counts = {
        "units_total": len(units),
        "units_submitted": sum(1 for a in units if a.status == Assessment.Status.SUBMITTED),
        "appraisers_total": len(appraisals),
        "appraisers_sent": sum(1 for a in appraisals if a.status == Appraisal.Status.SUBMITTED),
    }
    steps = selectors.offered(user, period)
    return {
        **_out(period, counts),
        "survey_questions": list(period.survey_questions or []),
        "assessments": [
            {
                "id": a.pk,
                "unit": _unit(a.unit),
                "status": a.status,
                "status_display": str(a.get_status_display()),
                "due_on": a.due_on,
                "self_total": str(a.self_total),
                "submitted_at": a.submitted_at,
            }
            for a in units
        ],
        "appraisals": [
            {
                "id": ap.pk,
                "appraiser": _person(ap.appraiser),
                "status": ap.status,
                "criteria": [c.code for c in ap.covered],  # type: ignore[attr-defined]
                "units_left": ap.units_left,  # type: ignore[attr-defined]
            }
            for ap in appraisals
        ],
        "allowed_actions": [name for name, allowed in steps.items() if allowed],
    }


def _request_out(r: EntryRequest) -> dict[str, Any]:
    return {
        "id": r.pk,
        "unit": _unit(r.unit),
        "person": _person(r.person),
        "reason": r.reason,
        "status": r.status,
        "status_display": str(r.get_status_display()),
        "requested_by": _person(r.requested_by),
        "requested_at": r.requested_at,
    }


def _field(refused: Refused, names: dict[str, str]) -> Refused:
    name = refused.field or ""
    return refused.on_field(names[name]) if name in names else refused


# --- periods --------------------------------------------------------------------------------------


@router.get("/periods", response=errors(403, ok=list[PeriodOut]), operation_id="scoring_periods_list")
def period_list(request: HttpRequest):
    """The periods, newest first, with their counts (Home Affairs)."""
    policies.is_manager(request.user).require()
    return [_out(p, _counts(p)) for p in selectors.period_rows()]


@router.get(
    "/periods/{int:period_id}", response=errors(404, ok=PeriodDetailOut), operation_id="scoring_periods_get"
)
def period_get(request: HttpRequest, period_id: Id):
    return _detail(request.user, period_id)


@router.post(
    "/periods",
    response=errors(*ACT, ok=PeriodDetailOut, ok_status=201),
    operation_id="scoring_periods_create",
)
def period_create(request: HttpRequest, payload: PeriodIn):
    """Create a period in preparation: set, title, deadlines, units, survey."""
    policies.is_manager(request.user).require()
    if len(payload.unit_ids) > services.MAX_UNITS:
        raise Refused.invalid(f"Một kỳ chấm điểm có tối đa {services.MAX_UNITS} đơn vị.", field="unit_ids")
    if len(payload.survey_questions) > services.MAX_SURVEY_QUESTIONS:
        raise Refused.invalid(
            f"Phiếu khảo sát có tối đa {services.MAX_SURVEY_QUESTIONS} câu hỏi.", field="survey_questions"
        )
    criteria_set = CriteriaSet.objects.filter(pk=payload.criteria_set_id).first()
    if criteria_set is None:
        raise Refused.invalid("Không tìm thấy bộ tiêu chí.", field="criteria_set_id")
    try:
        period = services.period_create(
            criteria_set=criteria_set,
            title=payload.title,
            self_deadline=payload.self_deadline,
            appraisal_deadline=payload.appraisal_deadline,
            unit_ids=payload.unit_ids,
            with_survey=payload.with_survey,
            survey_questions=payload.survey_questions,
            actor=request.user,
        )
    except Refused as refused:
        raise _field(refused, {"units": "unit_ids"}) from None
    return Status(201, _detail(request.user, period.pk))


@router.post(
    "/periods/{int:period_id}/open",
    response=errors(*ACT, ok=PeriodDetailOut),
    operation_id="scoring_periods_open",
)
def period_open(request: HttpRequest, period_id: Id):
    period = selectors.access_period(request.user, period_id)
    services.period_open(period=period, actor=request.user)
    return _detail(request.user, period_id)


@router.post(
    "/periods/{int:period_id}/publish",
    response=errors(*ACT, ok=PeriodDetailOut),
    operation_id="scoring_periods_publish",
)
def period_publish(request: HttpRequest, period_id: Id):
    period = selectors.access_period(request.user, period_id)
    services.period_publish(period=period, actor=request.user)
    return _detail(request.user, period_id)


@router.post(
    "/periods/{int:period_id}/appraisers",
    response=errors(*ACT, ok=PeriodDetailOut),
    operation_id="scoring_periods_appoint",
)
def period_appoint(request: HttpRequest, period_id: Id, payload: AppointIn):
    """Appoint a council member for the criteria (areas, criteria or sub-criteria) they cover."""
    period = selectors.access_period(request.user, period_id)
    if len(payload.criteria_ids) > 2000:
        raise Refused.invalid("Quá nhiều tiêu chí.", field="criteria_ids")
    appraiser = org_selectors.person_or_refuse(payload.appraiser_id, field="appraiser_id")
    try:
        services.appraisal_appoint(
            period=period, appraiser=appraiser, criteria_ids=payload.criteria_ids, actor=request.user
        )
    except Refused as refused:
        raise _field(refused, {"criteria": "criteria_ids", "appraiser": "appraiser_id"}) from None
    return _detail(request.user, period_id)


@router.post(
    "/periods/{int:period_id}/survey-scores",
    response=errors(*ACT, ok=SavedOut),
    operation_id="scoring_periods_survey",
)
def period_survey(request: HttpRequest, period_id: Id, payload: SurveyIn):
    """The survey points of survey leaves, per unit ("1,5" or "1.5"; "" or null clears)."""
    period = selectors.access_period(request.user, period_id)
    if len(payload.scores) > MAX_SCORES:
        raise Refused.invalid("Quá nhiều điểm trong một lần lưu.", field="scores")
    scores = {(s.assessment_id, s.criterion_id): (s.score or "")[:20] for s in payload.scores}
    try:
        changed = services.survey_scores_save(period=period, scores=scores, actor=request.user)
    except Refused as refused:
        raise _field(refused, {"survey": "scores"}) from None
    return {"changed": changed}


@router.post(
    "/assessments/{int:assessment_id}/reopen",
    response=errors(*ACT, ok=StatusOut),
    operation_id="scoring_assessments_reopen",
)
def assessment_reopen(request: HttpRequest, assessment_id: Id, payload: ReopenIn):
    """Home Affairs gives a submitted report back, with the reason (and a new deadline if past)."""
    assessment = Assessment.objects.select_related("period", "unit").filter(pk=assessment_id).first()
    if assessment is None:
        raise Refused.not_found("Không tìm thấy bản tự đánh giá.")
    selectors.access_period(request.user, assessment.period_id)
    done = services.assessment_reopen(
        assessment=assessment, actor=request.user, reason=payload.reason, deadline=payload.deadline
    )
    return {"id": done.pk, "status": done.status}


@router.post(
    "/appraisals/{int:appraisal_id}/unlock",
    response=errors(*ACT, ok=StatusOut),
    operation_id="scoring_appraisals_unlock",
)
def appraisal_unlock(request: HttpRequest, appraisal_id: Id, payload: ReasonIn):
    appraisal = Appraisal.objects.select_related("period", "appraiser").filter(pk=appraisal_id).first()
    if appraisal is None:
        raise Refused.not_found("Không tìm thấy tài khoản thẩm định.")
    selectors.access_period(request.user, appraisal.period_id)
    done = services.appraisal_unlock(appraisal=appraisal, actor=request.user, reason=payload.reason)
    return {"id": done.pk, "status": done.status}


# --- entry requests -------------------------------------------------------------------------------


@router.get(
    "/entry-requests", response=errors(403, ok=list[RequestOut]), operation_id="scoring_requests_list"
)
def request_list(request: HttpRequest):
    """Home Affairs: the pending requests; a unit's leader: the requests they made."""
    user = request.user
    manager = policies.manages(user)
    if not manager and not selectors.requestable_units(user):
        raise Refused.not_allowed(policies.NOT_REQUESTER)
    return [_request_out(r) for r in selectors.request_rows(user, manager=manager)]


@router.post(
    "/entry-requests",
    response=errors(*ACT, ok=RequestOut, ok_status=201),
    operation_id="scoring_requests_create",
)
def request_create(request: HttpRequest, payload: RequestIn):
    unit = org_selectors.unit_or_refuse(payload.unit_id, field="unit_id")
    assert unit is not None  # an id was given
    person = org_selectors.person_or_refuse(payload.person_id, field="person_id")
    try:
        made = services.entry_request_create(
            unit=unit, person=person, reason=payload.reason, actor=request.user
        )
    except Refused as refused:
        raise _field(refused, {"person": "person_id", "unit": "unit_id"}) from None
    return Status(201, _request_out(selectors.access_request(made.pk)))


def _request_or_404(user: Any, pk: int) -> EntryRequest:
    found = selectors.access_request(pk)
    if not policies.manages(user) and found.requested_by_id != user.pk:
        raise Refused.not_found("Không tìm thấy đề nghị.")
    return found


@router.post(
    "/entry-requests/{int:request_id}/approve",
    response=errors(*ACT, ok=RequestOut),
    operation_id="scoring_requests_approve",
)
def request_approve(request: HttpRequest, request_id: Id):
    found = _request_or_404(request.user, request_id)
    services.entry_request_approve(request=found, actor=request.user)
    return _request_out(selectors.access_request(request_id))


@router.post(
    "/entry-requests/{int:request_id}/reject",
    response=errors(*ACT, ok=RequestOut),
    operation_id="scoring_requests_reject",
)
def request_reject(request: HttpRequest, request_id: Id, payload: ReasonIn):
    found = _request_or_404(request.user, request_id)
    services.entry_request_reject(request=found, actor=request.user, reason=payload.reason)
    return _request_out(selectors.access_request(request_id))
