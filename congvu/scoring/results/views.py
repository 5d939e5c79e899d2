"""Screens of SCORE-6: a period's results and ranking, one unit's result, and the council report
(Đ11.2) as XLSX and PDF.

Who reads: ``policies.may_open_results`` (Home Affairs and the period's appraisers at any time,
the people of the assessed units after publication; 403 for them before, 404 for anyone else);
a unit's detail ``policies.may_read_unit_result``; the council report Home Affairs and the
appraisers only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from congvu.core.decisions import Refused
from congvu.scoring import policies, rules
from congvu.scoring.models import Assessment, Period
from congvu.scoring.results import exports, selectors


def _period(pk: int) -> Period:
    period = Period.objects.select_related("criteria_set").filter(pk=pk).first()
    if period is None:
        raise Refused.not_found("Không tìm thấy kỳ chấm điểm.")
    return period


def ranking_rows(results: selectors.PeriodResults) -> list[dict[str, Any]]:
    """The table's rows, every figure already written the Vietnamese way and the per-area cells
    joined once (a period of 120 units renders in a few milliseconds)."""
    period_pk = results.period.pk
    href = reverse("scoring:result_unit", args=[period_pk, 1]).removesuffix("1/")
    rows = []
    for unit in results.units:
        cells = "".join(
            f'<td class="num sr-area">{rules.show(unit.areas[a.pk].final_total) if unit.rank else "—"}</td>'
            for a in results.areas
        )
        rows.append(
            {
                "name": unit.unit_name,
                "href": f"{href}{unit.assessment_id}/",
                "rank": unit.rank,
                "self_total": rules.show(unit.self_total),
                "final_total": rules.show(unit.final_total),
                "index": selectors.percent(unit.index),
                "grade": rules.grade(unit.index) if unit.rank is not None else "",
                "area_cells": mark_safe(cells),  # noqa: S308 - numbers written by rules.show only
            }
        )
    return rows


def _context(period: Period) -> dict[str, Any]:
    results = selectors.period_results(period)
    return {
        "period": period,
        "results": results,
        "rows": ranking_rows(results),
        "areas": [(a, rules.show(results.area_maxima[a.pk])) for a in results.areas],
        "maximum": rules.show(results.maximum),
        "published": period.status == Period.Status.PUBLISHED,
        "ranked": sum(1 for u in results.units if u.rank is not None),
    }


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Kết quả và xếp hạng: the ranked units, then those that never submitted."""
    period = _period(pk)
    policies.may_open_results(request.user, period).require()
    context = _context(period)
    context["may_export"] = bool(policies.may_export_results(request.user, period))
    return render(request, "scoring/results/results.html", context)


@login_required
@require_GET
def result_unit(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    """One unit's result node by node: maximum, self, appraised (and why), survey, final."""
    period = _period(pk)
    assessment = (
        Assessment.objects.select_related("unit").filter(pk=assessment_pk, period_id=period.pk).first()
    )
    if assessment is None:
        raise Refused.not_found("Không tìm thấy kết quả của đơn vị.")
    assessment.period = period
    policies.may_read_unit_result(request.user, assessment).require()
    detail = selectors.unit_detail(assessment)
    areas = []
    for area in detail.results.areas:
        totals = detail.result.areas[area.pk]
        shown = (rules.show(totals.maximum), rules.show(totals.self_total), rules.show(totals.final_total))
        areas.append((area, *shown))
    return render(
        request,
        "scoring/results/unit.html",
        {
            "period": period,
            "assessment": assessment,
            "detail": detail,
            "areas": areas,
            "index": selectors.percent(detail.result.index),
            "final_total": rules.show(detail.result.final_total),
            "published": period.status == Period.Status.PUBLISHED,
            "ranked": sum(1 for u in detail.results.units if u.rank is not None),
        },
    )


def _export(request: HttpRequest, pk: int) -> tuple[Period, selectors.PeriodResults]:
    period = _period(pk)
    policies.may_open_results(request.user, period).require()
    policies.may_export_results(request.user, period).require()
    return period, selectors.period_results(period)


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    period, found = _export(request, pk)
    return _download(exports.results_xlsx(found), exports.filename(period, "xlsx"), exports.XLSX)


@login_required
@require_GET
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    period, found = _export(request, pk)
    return _download(exports.results_pdf(found), exports.filename(period, "pdf"), "application/pdf")


urlpatterns = [
    path("ky/<int:pk>/ket-qua/", results, name="results"),
    path("ky/<int:pk>/ket-qua/xlsx/", results_xlsx, name="results_xlsx"),
    path("ky/<int:pk>/ket-qua/pdf/", results_pdf, name="results_pdf"),
    path("ky/<int:pk>/ket-qua/<int:assessment_pk>/", result_unit, name="result_unit"),
]
