"""The unit's self-assessment (SCORE-3, SCORE-4), under /cham-diem/tu-danh-gia/:

    <pk>/                       the page: header, the tree of one area (tabs), the survey tab
    <pk>/luu/?linh-vuc=<code>   save one area's leaves (assessment_save)
    <pk>/khao-sat/              save the survey answers
    <pk>/tai-lieu/<score>/      add a piece of evidence (a file or a Công Vụ link)
    <pk>/tai-lieu/<id>/bo/      remove it;  <pk>/tai-lieu/<id>/tep/  download its file
    <pk>/duyet/ tra-lai/ gui/   the leader approves, sends back (with a reason); submit
    <pk>/bao-cao.pdf  .xlsx     the self-assessment report

Adapters only: the access check (404 alike for missing and not visible), the form, one service
call, a redirect with a message — or the page again with what was typed and the refusal on its row.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.core.screens import press_button, stored_file_download, submit_form
from congvu.scoring import rules, services
from congvu.scoring.assessments import exports, selectors
from congvu.scoring.assessments.forms import AreaForm, EvidenceForm, ReasonForm, SurveyForm
from congvu.scoring.models import Assessment, Criterion, Evidence, Score
from congvu.scoring.workflow import ASSESSMENT_WORKFLOW

SURVEY_TAB = "khao-sat"


def _detail_url(assessment: Assessment, area: str = "", anchor: str = "") -> str:
    url = reverse("scoring:assessment_detail", args=[assessment.pk])
    if area:
        url += f"?linh-vuc={area}"
    return url + (f"#{anchor}" if anchor else "")


def _render(
    request: HttpRequest,
    assessment: Assessment,
    *,
    tab: str | None = None,
    area_form: AreaForm | None = None,
    survey_form: SurveyForm | None = None,
    evidence: tuple[int, EvidenceForm] | None = None,
    send_back_form: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    sheet = selectors.sheet(assessment)
    tab = tab if tab is not None else request.GET.get("linh-vuc", "")
    period = assessment.period
    survey = bool(period.survey_questions)
    on_survey = survey and tab == SURVEY_TAB
    area = None if on_survey else sheet.area(tab)
    can_save = ASSESSMENT_WORKFLOW.check("save", assessment, user)
    allowed = {step.name for step in ASSESSMENT_WORKFLOW.allowed(assessment, user)}
    if area is not None and area_form is None:
        area_form = AreaForm(rows=area.rows, disabled=not can_save)
    if on_survey and survey_form is None:
        survey_form = SurveyForm(
            initial={f"q{k}": v for k, v in (assessment.survey_answers or {}).items()},
            questions=list(period.survey_questions),
            disabled=not can_save,
        )
    rows = []
    if area is not None and area_form is not None:
        for row in area.rows:
            ev_form = None
            if can_save and row.node.is_leaf and not row.node.is_survey and row.score is not None:
                ev_form = (
                    evidence[1]
                    if evidence and evidence[0] == row.score.pk
                    else EvidenceForm(prefix=f"e{row.score.pk}", target=f"ev-{row.score.pk}")
                )
            rows.append(
                {
                    "row": row,
                    "fields": area_form.fields_of(row) if row.node.is_leaf else {},
                    "evidence_form": ev_form,
                }
            )
    left, tone = selectors.due_state(assessment.due_on)
    problems = services.missing(assessment) if "approve" in allowed else []
    return render(
        request,
        "scoring/assessments/detail.html",
        {
            "assessment": assessment,
            "period": period,
            "sheet": sheet,
            "area": area,
            "rows": rows,
            "area_form": area_form,
            "survey": survey,
            "on_survey": on_survey,
            "survey_tab": SURVEY_TAB,
            "survey_form": survey_form,
            "can_save": can_save,
            "allowed": allowed,
            "buttons": allowed - {"save"},
            "problems": problems,
            "send_back_form": send_back_form or ReasonForm(prefix="back"),
            "open_send_back": send_back_form is not None,
            "days_left": left,
            "days_over": -left,
            "due_tone": tone,
            "total": rules.show(sheet.total),
            "scored_max": rules.show(sheet.scored_max),
            "methods": Criterion.Method,
        },
        status=status,
    )


@require_safe
@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, selectors.access(request.user, pk))


@require_POST
@login_required
def assessment_save(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Lưu": one area's leaves; a refusal shows the page again with everything typed."""
    assessment = selectors.access(request.user, pk)
    code = request.POST.get("area", "")
    area = selectors.sheet(assessment).area(code)
    if area is None:
        raise Http404
    form = AreaForm(request.POST, rows=area.rows)
    outcome = submit_form(
        request,
        form,
        lambda data: services.assessment_save(
            assessment=assessment, actor=request.user, entries=form.entries()
        ),
        success=_("Đã lưu điểm tự đánh giá lĩnh vực %(code)s.") % {"code": area.code},
        redirect_to=_detail_url(assessment, area.code),
    )
    if outcome.response is not None:
        return outcome.response
    return _render(request, assessment, tab=area.code, area_form=form, status=outcome.status)


@require_POST
@login_required
def survey_save(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.access(request.user, pk)
    form = SurveyForm(request.POST, questions=list(assessment.period.survey_questions))
    outcome = submit_form(
        request,
        form,
        lambda data: services.assessment_save(
            assessment=assessment, actor=request.user, survey_answers=form.answers()
        ),
        success=_("Đã lưu phiếu khảo sát."),
        redirect_to=_detail_url(assessment, SURVEY_TAB),
    )
    if outcome.response is not None:
        return outcome.response
    return _render(request, assessment, tab=SURVEY_TAB, survey_form=form, status=outcome.status)


def _score_of(assessment: Assessment, score_id: int) -> Score:
    score = (
        Score.objects.select_related("criterion", "assessment__period")
        .filter(assessment=assessment, pk=score_id)
        .first()
    )
    if score is None:
        raise Http404
    return score


def _evidence_of(assessment: Assessment, evidence_id: int) -> Evidence:
    found = (
        Evidence.objects.select_related("score__criterion", "score__assessment__period", "file")
        .filter(score__assessment=assessment, pk=evidence_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@require_POST
@login_required
def evidence_add(request: HttpRequest, pk: int, score_id: int) -> HttpResponse:
    assessment = selectors.access(request.user, pk)
    score = _score_of(assessment, score_id)
    form = EvidenceForm(request.POST, request.FILES, prefix=f"e{score.pk}", target=f"ev-{score.pk}")
    area = score.criterion.code.split(".")[0]
    outcome = submit_form(
        request,
        form,
        lambda data: services.evidence_add(
            score=score, actor=request.user, title=data["title"], upload=data["file"], link=data["link"]
        ),
        success=_("Đã thêm tài liệu kiểm chứng cho tiêu chí %(code)s.") % {"code": score.criterion.code},
        redirect_to=_detail_url(assessment, area, f"c-{score.criterion.code}"),
        fallback="file",
    )
    if outcome.response is not None:
        return outcome.response
    return _render(request, assessment, tab=area, evidence=(score.pk, form), status=outcome.status)


@require_POST
@login_required
def evidence_remove(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    assessment = selectors.access(request.user, pk)
    evidence = _evidence_of(assessment, evidence_id)
    code = evidence.score.criterion.code
    return press_button(
        request,
        lambda: services.evidence_remove(evidence=evidence, actor=request.user),
        success=_("Đã bỏ tài liệu kiểm chứng."),
        redirect_to=_detail_url(assessment, code.split(".")[0], f"c-{code}"),
    )


@require_safe
@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    assessment = selectors.access(request.user, pk)
    stored = _evidence_of(assessment, evidence_id).file
    if stored is None:
        raise Http404
    return stored_file_download(stored)


@require_POST
@login_required
def assessment_approve(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.access(request.user, pk)
    return press_button(
        request,
        lambda: services.assessment_approve(assessment=assessment, actor=request.user),
        success=_("Đã duyệt báo cáo tự đánh giá."),
        redirect_to=_detail_url(assessment),
    )


@require_POST
@login_required
def assessment_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.access(request.user, pk)
    form = ReasonForm(request.POST, prefix="back")
    outcome = submit_form(
        request,
        form,
        lambda data: services.assessment_send_back(
            assessment=assessment, actor=request.user, reason=data["reason"]
        ),
        success=_("Đã trả lại báo cáo để chỉnh sửa."),
        redirect_to=_detail_url(assessment),
        fallback="reason",
    )
    if outcome.response is not None:
        return outcome.response
    return _render(request, assessment, send_back_form=form, status=outcome.status)


@require_POST
@login_required
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.access(request.user, pk)
    return press_button(
        request,
        lambda: services.assessment_submit(assessment=assessment, actor=request.user),
        success=_("Đã gửi báo cáo tự đánh giá đến Sở Nội vụ."),
        redirect_to=_detail_url(assessment),
    )


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def assessment_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.access(request.user, pk)
    report = exports.report(assessment)
    return _download(exports.report_pdf(report), exports.filename(assessment, "pdf"), "application/pdf")


@require_safe
@login_required
def assessment_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.access(request.user, pk)
    report = exports.report(assessment)
    return _download(exports.report_xlsx(report), exports.filename(assessment, "xlsx"), exports.XLSX)


urlpatterns = [
    path("tu-danh-gia/<int:pk>/", assessment_detail, name="assessment_detail"),
    path("tu-danh-gia/<int:pk>/luu/", assessment_save, name="assessment_save"),
    path("tu-danh-gia/<int:pk>/khao-sat/", survey_save, name="assessment_survey"),
    path("tu-danh-gia/<int:pk>/tai-lieu/<int:score_id>/", evidence_add, name="assessment_evidence_add"),
    path(
        "tu-danh-gia/<int:pk>/tai-lieu/<int:evidence_id>/bo/",
        evidence_remove,
        name="assessment_evidence_remove",
    ),
    path(
        "tu-danh-gia/<int:pk>/tai-lieu/<int:evidence_id>/tep/", evidence_file, name="assessment_evidence_file"
    ),
    path("tu-danh-gia/<int:pk>/duyet/", assessment_approve, name="assessment_approve"),
    path("tu-danh-gia/<int:pk>/tra-lai/", assessment_send_back, name="assessment_send_back"),
    path("tu-danh-gia/<int:pk>/gui/", assessment_submit, name="assessment_submit"),
    path("tu-danh-gia/<int:pk>/bao-cao.pdf", assessment_report_pdf, name="assessment_report_pdf"),
    path("tu-danh-gia/<int:pk>/bao-cao.xlsx", assessment_report_xlsx, name="assessment_report_xlsx"),
]
