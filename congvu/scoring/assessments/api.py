"""The unit's self-assessment in the API (SCORE-3, SCORE-4): a second adapter over the same
policies, selectors and services as the screens.

    GET    /api/v1/scoring/assessments?period=&status=&cursor=&limit=   the assessments one may read
    GET    /api/v1/scoring/assessments/{id}                  with its scores and their evidence
    POST   /api/v1/scoring/assessments/{id}/save             {scores: [{criterion: code, score?,
                                                             achieved?, planned?, deductions?,
                                                             explanation?}], survey_answers?: {...}}
    POST   /api/v1/scoring/assessments/{id}/approve
    POST   /api/v1/scoring/assessments/{id}/send_back        {reason}
    POST   /api/v1/scoring/assessments/{id}/submit
    POST   /api/v1/scoring/assessments/{id}/evidence         multipart: criterion, title, file | link
    DELETE /api/v1/scoring/assessments/{id}/evidence/{evidence_id}

Scores are strings with two decimals ("1.50"). The appraised and survey scores are shown once the
period is published, or to Home Affairs and the period's appraisers. Answers (``core.api_errors``):
404 for an assessment missing or not visible (alike); 403 with the reason when the person may not
act; 409 when the state does not allow it; 400 with the ``field`` for refused input.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field, StringConstraints

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.scoring import rules, services
from congvu.scoring.assessments import selectors
from congvu.scoring.models import Assessment, Evidence, Score
from congvu.scoring.workflow import ASSESSMENT_WORKFLOW

router = Router(tags=["scoring"])

MAX_LIMIT = 200
ACT = (400, 403, 404, 409)
Text = Field(default=None, max_length=4000)
Number = Field(default=None, max_length=20)
Count = Annotated[str, StringConstraints(max_length=5)] | Annotated[int, Field(ge=0, le=1000)] | None


# --- schemas --------------------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    period_id: int
    period_title: str
    unit_id: int
    unit_name: str
    status: str
    status_display: str
    due_on: dt.date
    self_total: str
    approved_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None


class AssessmentPage(Schema):
    items: list[AssessmentOut]
    next_cursor: str | None = None


class EvidenceOut(Schema):
    id: int
    title: str
    link: str
    file_name: str | None = None
    download_url: str | None = None


class ScoreOut(Schema):
    criterion: str
    name: str
    max_points: str
    method: str
    evidence_required: bool
    self_score: str | None = None
    explanation: str
    achieved: str | None = None
    planned: str | None = None
    deductions: int | None = None
    evidence: list[EvidenceOut]
    survey_score: str | None = None
    appraised_score: str | None = None
    appraisal_reason: str | None = None


class AssessmentDetailOut(AssessmentOut):
    scored_max: str
    survey_questions: list[str]
    survey_answers: dict[str, str]
    scores: list[ScoreOut]
    allowed_actions: list[str]
    missing: list[str]


class ScoreIn(Schema):
    criterion: str = Field(max_length=20)
    score: str | None = Number
    achieved: str | None = Number
    planned: str | None = Number
    deductions: Count = None  # a whole number; "" clears the leaf
    explanation: str | None = Text


class SaveIn(Schema):
    scores: list[ScoreIn] = Field(default_factory=list, max_length=rules.MAX_NODES)
    survey_answers: dict[str, str] | None = None


class ReasonIn(Schema):
    reason: str = Field(default="", max_length=2000)


# --- helpers --------------------------------------------------------------------------------------


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _out(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "period_id": a.period_id,
        "period_title": a.period.title,
        "unit_id": a.unit_id,
        "unit_name": a.unit.name,
        "status": a.status,
        "status_display": str(a.get_status_display()),
        "due_on": a.due_on,
        "self_total": f"{a.self_total:.2f}",
        "approved_at": a.approved_at,
        "submitted_at": a.submitted_at,
    }


def _evidence(assessment: Assessment, e: Evidence) -> dict[str, Any]:
    from django.urls import reverse

    return {
        "id": e.pk,
        "title": e.title,
        "link": e.link,
        "file_name": e.file.original_name if e.file_id and e.file else None,
        "download_url": reverse("scoring:assessment_evidence_file", args=[assessment.pk, e.pk])
        if e.file_id
        else None,
    }


def _detail(user: Any, pk: int) -> dict[str, Any]:
    assessment = selectors.access(user, pk)
    sheet = selectors.sheet(assessment)
    final = selectors.shows_final_scores(user, assessment.period)
    scores = []
    for row in sheet.leaves():
        s = row.score
        if s is None:
            continue
        scores.append(
            {
                "criterion": row.node.code,
                "name": row.node.name,
                "max_points": f"{row.node.max_points:.2f}",
                "method": row.node.method,
                "evidence_required": row.node.evidence_required,
                "self_score": _money(s.self_score),
                "explanation": s.explanation,
                "achieved": _money(s.achieved),
                "planned": _money(s.planned),
                "deductions": s.deductions,
                "evidence": [_evidence(assessment, e) for e in row.evidence],
                "survey_score": _money(s.survey_score) if final else None,
                "appraised_score": _money(s.appraised_score) if final else None,
                "appraisal_reason": s.appraisal_reason if final else None,
            }
        )
    allowed = ASSESSMENT_WORKFLOW.allowed_names(assessment, user)
    return {
        **_out(assessment),
        "scored_max": f"{sheet.scored_max:.2f}",
        "survey_questions": list(assessment.period.survey_questions or []),
        "survey_answers": dict(assessment.survey_answers or {}),
        "scores": scores,
        "allowed_actions": allowed,
        "missing": services.missing(assessment) if "approve" in allowed else [],
    }


def _entries(assessment: Assessment, items: list[ScoreIn]) -> dict[int, services.ScoreInput]:
    ids = dict(
        Score.objects.filter(
            assessment=assessment, criterion__code__in=[i.criterion for i in items]
        ).values_list("criterion__code", "criterion_id")
    )
    entries: dict[int, services.ScoreInput] = {}
    for index, item in enumerate(items):
        criterion_id = ids.get(item.criterion)
        if criterion_id is None:
            raise Refused.invalid(
                f"Tiêu chí {item.criterion[:20]} không thuộc bản tự đánh giá này.",
                field=f"scores.{index}.criterion",
            )
        if criterion_id in entries:
            raise Refused.invalid(
                f"Tiêu chí {item.criterion} được gửi hai lần.", field=f"scores.{index}.criterion"
            )
        entries[criterion_id] = services.ScoreInput(
            score=item.score,
            achieved=item.achieved,
            planned=item.planned,
            deductions=item.deductions,
            explanation=item.explanation,
        )
    return entries


# --- endpoints ------------------------------------------------------------------------------------


@router.get("/assessments", response=errors(400, ok=AssessmentPage), operation_id="scoring_assessments_list")
def assessment_list(
    request: HttpRequest,
    period: Id | None = None,
    status: str = "",
    cursor: str = "",
    limit: int = 50,
):
    """The assessments the person may read, newest first; ``cursor`` is the last page's
    ``next_cursor``."""
    if status and status not in Assessment.Status.values:
        raise Refused.invalid("Trạng thái không hợp lệ.", field="status")
    after = None
    if cursor:
        if not cursor.isdigit() or len(cursor) > 12:
            raise Refused.invalid("Con trỏ trang không hợp lệ.", field="cursor")
        after = int(cursor)
    items, more = selectors.assessment_list(
        request.user, period=period, status=status, after=after, size=max(1, min(limit, MAX_LIMIT))
    )
    return {"items": [_out(a) for a in items], "next_cursor": str(more) if more else None}


@router.get(
    "/assessments/{int:assessment_id}",
    response=errors(404, ok=AssessmentDetailOut),
    operation_id="scoring_assessments_get",
)
def assessment_get(request: HttpRequest, assessment_id: Id):
    return _detail(request.user, assessment_id)


@router.post(
    "/assessments/{int:assessment_id}/save",
    response=errors(*ACT, ok=AssessmentDetailOut),
    operation_id="scoring_assessments_save",
)
def assessment_save(request: HttpRequest, assessment_id: Id, payload: SaveIn):
    """SCORE-3: the scores of some leaves (by criterion code) and the survey answers; all or nothing."""
    assessment = selectors.access(request.user, assessment_id)
    services.assessment_save(
        assessment=assessment,
        actor=request.user,
        entries=_entries(assessment, payload.scores),
        survey_answers=payload.survey_answers,
    )
    return _detail(request.user, assessment_id)


@router.post(
    "/assessments/{int:assessment_id}/approve",
    response=errors(*ACT, ok=AssessmentDetailOut),
    operation_id="scoring_assessments_approve",
)
def assessment_approve(request: HttpRequest, assessment_id: Id):
    """SCORE-4: the unit's leader approves the report (every leaf scored, the evidence there)."""
    services.assessment_approve(assessment=selectors.access(request.user, assessment_id), actor=request.user)
    return _detail(request.user, assessment_id)


@router.post(
    "/assessments/{int:assessment_id}/send_back",
    response=errors(*ACT, ok=AssessmentDetailOut),
    operation_id="scoring_assessments_send_back",
)
def assessment_send_back(request: HttpRequest, assessment_id: Id, payload: ReasonIn):
    services.assessment_send_back(
        assessment=selectors.access(request.user, assessment_id), actor=request.user, reason=payload.reason
    )
    return _detail(request.user, assessment_id)


@router.post(
    "/assessments/{int:assessment_id}/submit",
    response=errors(*ACT, ok=AssessmentDetailOut),
    operation_id="scoring_assessments_submit",
)
def assessment_submit(request: HttpRequest, assessment_id: Id):
    services.assessment_submit(assessment=selectors.access(request.user, assessment_id), actor=request.user)
    return _detail(request.user, assessment_id)


@router.post(
    "/assessments/{int:assessment_id}/evidence",
    response=errors(*ACT, ok=EvidenceOut, ok_status=201),
    operation_id="scoring_assessments_evidence_add",
)
def evidence_add(
    request: HttpRequest,
    assessment_id: Id,
    criterion: Form[str],
    title: Form[str] = "",
    link: Form[str] = "",
    file: UploadedFile | None = File(None),  # noqa: B008 - ninja's way of an optional file
):
    """A piece of evidence for one leaf: a file, or a link to a page of Công Vụ."""
    assessment = selectors.access(request.user, assessment_id)
    if len(criterion) > 20 or len(title) > 300 or len(link) > 500:
        raise Refused.invalid("Dữ liệu gửi lên quá dài.", field="criterion")
    score = (
        Score.objects.select_related("criterion", "assessment__period")
        .filter(assessment=assessment, criterion__code=criterion)
        .first()
    )
    if score is None:
        raise Refused.invalid("Tiêu chí không thuộc bản tự đánh giá này.", field="criterion")
    evidence = services.evidence_add(score=score, actor=request.user, title=title, upload=file, link=link)
    return Status(201, _evidence(assessment, evidence))


@router.delete(
    "/assessments/{int:assessment_id}/evidence/{int:evidence_id}",
    response=errors(*ACT, ok=AssessmentDetailOut),
    operation_id="scoring_assessments_evidence_remove",
)
def evidence_remove(request: HttpRequest, assessment_id: Id, evidence_id: Id):
    assessment = selectors.access(request.user, assessment_id)
    evidence = (
        Evidence.objects.select_related("score__criterion", "score__assessment__period")
        .filter(score__assessment=assessment, pk=evidence_id)
        .first()
    )
    if evidence is None:
        raise Refused.not_found("Không tìm thấy tài liệu kiểm chứng.")
    services.evidence_remove(evidence=evidence, actor=request.user)
    return _detail(request.user, assessment_id)
