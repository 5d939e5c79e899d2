"""Appraisal in the API (SCORE-5; seed 003 Đ10): a second adapter over the same selectors and
services as the screens.

    GET   /api/v1/scoring/appraisals                                  my accounts (and my principals')
    GET   /api/v1/scoring/appraisals/{id}                             criteria covered, units with left counts
    GET   /api/v1/scoring/appraisals/{id}/assessments/{assessment_id} the rows beside the self-scores
    POST  /api/v1/scoring/appraisals/{id}/assessments/{assessment_id}/scores
          {scores: [{criterion: "1.1.2", score: "1,5" | null, reason}]}
    POST  /api/v1/scoring/appraisals/{id}/submit                      send the results; the account locks

Answers (``core.api_errors``): 404 for an account that is not the caller's (or a principal's) or a
unit that has not submitted, alike with missing ones; 403 with the reason when the caller may not
act (deadline passed, period closed); 409 once the account is sent; 400 with the ``field`` for
refused input (``scores.<i>.score`` / ``scores.<i>.reason``) — nothing is saved then.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.scoring import services
from congvu.scoring.appraisal import selectors
from congvu.scoring.appraisal.forms import row_refusal
from congvu.scoring.workflow import APPRAISAL_WORKFLOW

router = Router(tags=["scoring"])

MAX_SCORES = 500  # rows in one save: more than any tree's leaves


# --- schemas --------------------------------------------------------------------------------------


class AppraisalUnitOut(Schema):
    assessment_id: int
    unit_id: int
    unit_name: str
    submitted: bool
    left: int


class AppraisalAccountOut(Schema):
    id: int
    period_id: int
    period_title: str
    appraiser_id: int
    appraiser_name: str
    status: str
    status_display: str
    self_deadline: dt.date
    appraisal_deadline: dt.date
    criteria: list[str]
    units_submitted: int
    units_left: int
    allowed_actions: list[str]
    locked_reason: str = ""


class AppraisalAccountDetailOut(AppraisalAccountOut):
    units: list[AppraisalUnitOut]


class AppraisalEvidenceOut(Schema):
    id: int
    title: str
    link: str = ""
    file_url: str = ""


class AppraisalRowOut(Schema):
    criterion: str
    name: str
    max: Decimal
    survey: bool
    self_score: Decimal | None = None
    explanation: str
    evidence: list[AppraisalEvidenceOut]
    survey_score: Decimal | None = None
    appraised_score: Decimal | None = None
    reason: str


class AppraisalUnitDetailOut(Schema):
    appraisal_id: int
    assessment_id: int
    unit_name: str
    editable: bool
    locked_reason: str = ""
    left: int
    previous_assessment_id: int | None = None
    next_assessment_id: int | None = None
    rows: list[AppraisalRowOut]


class AppraisalScoreIn(Schema):
    criterion: str = Field(max_length=20)
    score: str | None = Field(default=None, max_length=12)
    reason: str = Field(default="", max_length=2000)


class AppraisalScoresIn(Schema):
    scores: list[AppraisalScoreIn] = Field(max_length=MAX_SCORES)


class AppraisalSavedOut(AppraisalUnitDetailOut):
    changed: int


# --- reading --------------------------------------------------------------------------------------


def _account_out(account: selectors.Account, *, units: bool = False) -> dict[str, Any]:
    ap = account.appraisal
    out: dict[str, Any] = {
        "id": ap.pk,
        "period_id": ap.period_id,
        "period_title": ap.period.title,
        "appraiser_id": ap.appraiser_id,
        "appraiser_name": ap.appraiser.full_name,
        "status": ap.status,
        "status_display": ap.get_status_display(),
        "self_deadline": ap.period.self_deadline,
        "appraisal_deadline": ap.period.appraisal_deadline,
        "criteria": account.codes,
        "units_submitted": account.submitted_units,
        "units_left": account.left_units,
        "allowed_actions": [s.name for s in account.steps],
        "locked_reason": account.reason,
    }
    if units:
        out["units"] = [
            {
                "assessment_id": u.assessment.pk,
                "unit_id": u.assessment.unit_id,
                "unit_name": u.assessment.unit.name,
                "submitted": u.submitted,
                "left": u.left,
            }
            for u in account.units
        ]
    return out


@router.get(
    "/appraisals", response=errors(ok=list[AppraisalAccountOut]), operation_id="scoring_appraisals_list"
)
def appraisal_list(request: HttpRequest):
    """The caller's appraisal accounts (and those of whom they act for), newest period first — at
    most ``selectors.MAX_ACCOUNTS``."""
    return [_account_out(a) for a in selectors.queue(request.user)]


def _account(user: Any, appraisal_id: int) -> selectors.Account:
    found = selectors.queue(user, pk=appraisal_id)
    if not found:
        raise Refused.not_found(selectors.NOT_FOUND)
    return found[0]


@router.get(
    "/appraisals/{int:appraisal_id}",
    response=errors(404, ok=AppraisalAccountDetailOut),
    operation_id="scoring_appraisals_get",
)
def appraisal_get(request: HttpRequest, appraisal_id: Id):
    return _account_out(_account(request.user, appraisal_id), units=True)


def _unit(user: Any, appraisal_id: int, assessment_id: int) -> dict[str, Any]:
    appraisal = selectors.access_appraisal(user, appraisal_id)
    assessment = selectors.access_assessment(appraisal, assessment_id)
    page = selectors.unit_page(appraisal, assessment)
    decision = APPRAISAL_WORKFLOW.check("score", appraisal, user)
    return {
        "appraisal_id": appraisal.pk,
        "assessment_id": assessment.pk,
        "unit_name": assessment.unit.name,
        "editable": bool(decision),
        "locked_reason": "" if decision else decision.reason,
        "left": services.appraisal_left(appraisal).get(assessment.pk, 0),
        "previous_assessment_id": page.previous_id,
        "next_assessment_id": page.next_id,
        "rows": [
            {
                "criterion": r.criterion.code,
                "name": r.criterion.name,
                "max": r.criterion.max_points,
                "survey": r.survey,
                "self_score": r.score.self_score,
                "explanation": r.score.explanation,
                "evidence": [
                    {
                        "id": e.pk,
                        "title": e.title,
                        "link": e.link,
                        "file_url": reverse("scoring:assessment_evidence_file", args=[assessment.pk, e.pk])
                        if e.file_id
                        else "",
                    }
                    for e in r.evidence
                ],
                "survey_score": r.score.survey_score,
                "appraised_score": r.score.appraised_score,
                "reason": r.score.appraisal_reason,
            }
            for r in page.rows
        ],
    }


@router.get(
    "/appraisals/{int:appraisal_id}/assessments/{int:assessment_id}",
    response=errors(404, ok=AppraisalUnitDetailOut),
    operation_id="scoring_appraisals_unit",
)
def appraisal_unit(request: HttpRequest, appraisal_id: Id, assessment_id: Id):
    return _unit(request.user, appraisal_id, assessment_id)


# --- acting ---------------------------------------------------------------------------------------


@router.post(
    "/appraisals/{int:appraisal_id}/assessments/{int:assessment_id}/scores",
    response=errors(403, 404, 409, ok=AppraisalSavedOut),
    operation_id="scoring_appraisals_score",
)
def appraisal_score(request: HttpRequest, appraisal_id: Id, assessment_id: Id, payload: AppraisalScoresIn):
    """Scores of the covered leaves (by code); ``score`` null or "" clears one not yet sent. A
    different score needs a reason; all or nothing."""
    appraisal = selectors.access_appraisal(request.user, appraisal_id)
    assessment = selectors.access_assessment(appraisal, assessment_id)
    rows = {
        s.criterion.code: s
        for s in assessment.scores.select_related("criterion").filter(
            criterion__code__in=[typed.criterion.strip() for typed in payload.scores]
        )
    }
    entries: dict[int, services.AppraisalInput] = {}
    for i, typed in enumerate(payload.scores):
        row = rows.get(typed.criterion.strip())
        if row is None:
            raise Refused.not_allowed(
                f"Bạn không được phân công thẩm định tiêu chí {typed.criterion.strip()}."
            ).on_field(f"scores.{i}.criterion")
        if row.criterion_id in entries:
            raise Refused.invalid(f"Tiêu chí {row.criterion.code} có hai lần.", field=f"scores.{i}.criterion")
        if row.criterion.is_survey:
            raise Refused.invalid(
                f"Tiêu chí {row.criterion.code} lấy điểm từ điều tra xã hội học.", field=f"scores.{i}.score"
            )
        refused = row_refusal(row, typed.score, typed.reason)
        if refused is not None:
            raise refused.on_field(f"scores.{i}.{refused.field}")
        entries[row.criterion_id] = services.AppraisalInput(score=typed.score or "", reason=typed.reason)
    changed = services.appraisal_score(
        appraisal=appraisal, assessment=assessment, entries=entries, actor=request.user
    )
    return {**_unit(request.user, appraisal_id, assessment_id), "changed": changed}


@router.post(
    "/appraisals/{int:appraisal_id}/submit",
    response=errors(403, 404, 409, ok=AppraisalAccountDetailOut),
    operation_id="scoring_appraisals_submit",
)
def appraisal_submit(request: HttpRequest, appraisal_id: Id):
    """Send the results (Đ10.3): refused while units may still submit or some are not scored."""
    appraisal = selectors.access_appraisal(request.user, appraisal_id)
    services.appraisal_submit(appraisal=appraisal, actor=request.user)
    return _account_out(_account(request.user, appraisal_id), units=True)
