"""Screens of the evaluation report (TASK-5) and of the usage report (TASK-7), with their exports.

Each figure of the evaluation table links to the list of the work behind it
(:func:`report_items`), which reads through the same predicates as the figure.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from congvu.assignments.reports import exports
from congvu.assignments.reports import selectors as reports
from congvu.assignments.reports.forms import EvaluationFilterForm, UsageFilterForm
from congvu.core.decisions import Refused
from congvu.core.pagination import keyset_page

ITEMS_PAGE_SIZE = 50


def _drill_params(report: reports.EvaluationReport, row: reports.StatRow | None) -> dict[str, Any]:
    """The query of the list behind a row's figures: the period, the unit, the row's key."""
    params: dict[str, Any] = {"tu": report.period.start.isoformat(), "den": report.period.end.isoformat()}
    scope = report.scope
    unit, exact = scope.unit, scope.exact
    if row is not None and row.unit_id:
        params["don_vi"], exact = row.unit_id, row.exact
        unit = None
    elif unit is not None:
        params["don_vi"] = unit.pk
    if exact:
        params["truc_tiep"] = 1
    if row is not None and row.person_id:
        params["nguoi"] = row.person_id
    if row is not None and row.lead_unit_id:
        params["don_vi_chu_tri"] = row.lead_unit_id
    return params


def _links(report: reports.EvaluationReport, row: reports.StatRow | None) -> dict[str, str]:
    base = reverse("assignments:report_items")
    params = _drill_params(report, row)
    return {m: f"{base}?{urlencode({**params, 'chi_tieu': m})}" for m in reports.MEASURES}


def _evaluation_from_request(request: HttpRequest, *, limit: int | None) -> dict[str, Any]:
    """Parse the filters, build the scope and the report (or the errors)."""
    user = request.user
    base = reports.report_scope(user)
    units = reports.scope_units(base, also=request.GET.get("don_vi"))
    form = EvaluationFilterForm(request.GET, units=units, leader=base.is_leader)
    scope, period, report, refused = base, None, None, None
    if form.is_valid() and not base.is_leader and request.GET.get("don_vi"):
        refused = Refused.not_allowed("Ông/bà chỉ xem được số liệu của chính mình.")
        form.add_error(None, refused.message)
    if form.is_valid():
        period = form.period_or_error()
        unit_id = form.cleaned_data.get("don_vi")
        unit = next((u for u in units if u.pk == unit_id), None) if unit_id else None
        try:
            scope = reports.narrow(base, unit, exact=request.GET.get("truc_tiep") == "1")
        except Refused as narrowed:
            refused = narrowed
            form.add_error("don_vi" if "don_vi" in form.fields else None, narrowed.message)
    elif "don_vi" in form.errors:
        form.errors["don_vi"] = form.error_class(
            ["Ông/bà chỉ xem được số liệu của đơn vị mình phụ trách (và của chính mình)."]
        )
    if period is not None and not form.errors:
        report = reports.evaluation_report(
            scope, period, group=form.cleaned_data.get("theo") or None, limit=limit
        )
    return {"form": form, "scope": scope, "report": report, "refused": refused}


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The evaluation report ("Báo cáo đánh giá"): figures per unit or per person, a chart, exports."""
    context = _evaluation_from_request(request, limit=reports.SCREEN_ROW_LIMIT)
    result = context["report"]
    if result is not None:
        for row in result.rows:
            row.links = _links(result, row)
            if row.unit_id and not row.exact:
                query = request.GET.copy()
                query["don_vi"] = str(row.unit_id)
                query.pop("truc_tiep", None)
                row.drill_url = f"?{query.urlencode()}"
        result.total.links = _links(result, None)
        context["chart"] = reports.chart(result)
        context["export_query"] = request.GET.urlencode()
        context["measures"] = reports.MEASURES
    context["can_see_usage"] = reports.may_read_usage(request.user)
    status = 200 if result is not None else 400 if request.GET else 200
    return render(request, "assignments/report_evaluation.html", context, status=status)


def _export(request: HttpRequest) -> reports.EvaluationReport:
    context = _evaluation_from_request(request, limit=None)
    if context["report"] is None:
        if context["refused"] is not None:
            raise context["refused"]
        errors = [e for errors in context["form"].errors.values() for e in errors]
        raise Refused.invalid(errors[0] if errors else "Bộ lọc không hợp lệ.")
    return context["report"]


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    result = _export(request)
    return _download(exports.evaluation_xlsx(result), exports.filename("danh-gia", result, "xlsx"), XLSX)


@login_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    result = _export(request)
    return _download(
        exports.evaluation_pdf(result), exports.filename("danh-gia", result, "pdf"), "application/pdf"
    )


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_GET
def report_items(request: HttpRequest) -> HttpResponse:
    """The work behind one figure of the evaluation report (same scope, period and predicate)."""
    get = request.GET
    measure = get.get("chi_tieu") or "assigned"
    start, end = _date(get.get("tu")), _date(get.get("den"))
    today = timezone.localdate()
    try:
        if measure not in reports.MEASURES:
            raise Refused("Chỉ tiêu không hợp lệ.")
        period = (
            reports.custom_period(start, end)
            if start and end
            else reports.period_for("year", year=today.year)
        )
        scope = reports.unit_in_scope(
            reports.report_scope(request.user), get.get("don_vi"), exact=get.get("truc_tiep") == "1"
        )
    except Refused as refused:
        raise (
            refused if refused.kind != Refused.Kind.INVALID else Refused.not_allowed(refused.message)
        ) from None
    person_id, lead_unit_id = _int(get.get("nguoi")), _int(get.get("don_vi_chu_tri"))
    qs = (
        reports.items_queryset(
            scope, period, measure=measure, person_id=person_id, lead_unit_id=lead_unit_id, today=today
        )
        .select_related("lead_user", "lead_unit", "unit")
        .defer("description", "search_text")
    )
    page = keyset_page(qs, order=("deadline", "id"), after=get.get("sau") or None, size=ITEMS_PAGE_SIZE)
    for item in page.items:
        item.timing_label, item.timing_tone = reports.timing_of(item, period=period, today=today)
    who = _who(person_id, lead_unit_id)
    back = (
        {"ky": period.kind, "nam": period.start.year}
        if period.kind != "custom"
        else {"ky": "custom", "tu": start, "den": end}
    )
    if scope.unit is not None and not scope.exact:
        back["don_vi"] = scope.unit.pk
    if person_id or lead_unit_id:
        back["theo"] = "person"
    query = get.copy()
    query.pop("sau", None)
    return render(
        request,
        "assignments/report_items.html",
        {
            "page": page,
            "measure": measure,
            "measure_label": reports.MEASURES[measure],
            "period": period,
            "scope": scope,
            "who": who,
            "query": query.urlencode(),
            "back_url": f"{reverse('assignments:report')}?{urlencode(back)}",
        },
    )


def _who(person_id: int | None, lead_unit_id: int | None) -> str:
    from congvu.accounts.models import User
    from congvu.org.models import Unit

    if person_id:
        person = User.objects.filter(pk=person_id).only("full_name").first()
        return person.full_name if person else ""
    if lead_unit_id:
        unit = Unit.objects.filter(pk=lead_unit_id).only("name").first()
        return f"{unit.name} (đơn vị chủ trì)" if unit else ""
    return ""


# --- usage ---------------------------------------------------------------------------------------


def _usage_from_request(request: HttpRequest) -> dict[str, Any]:
    base = reports.usage_scope(request.user)
    units = reports.usage_units(base)
    form = UsageFilterForm(request.GET, units=units)
    result = None
    if form.is_valid():
        period = form.period_or_error()
        try:
            scope = reports.usage_narrow(base, form.cleaned_data.get("don_vi"))
        except Refused as refused:
            form.add_error("don_vi", refused.message)
        if period is not None and not form.errors:
            result = reports.usage_report(scope, period)
    return {"form": form, "report": result}


@login_required
@require_GET
def usage_report(request: HttpRequest) -> HttpResponse:
    """The usage report ("Báo cáo sử dụng"): accounts, sign-ins and work updated per unit."""
    context = _usage_from_request(request)
    if context["report"] is not None:
        for row in context["report"].rows:
            if not row.exact:
                query = request.GET.copy()
                query["don_vi"] = str(row.unit_id)
                row.drill_url = f"?{query.urlencode()}"
    context["export_query"] = request.GET.urlencode()
    context["figures"] = reports.USAGE_FIGURES
    return render(request, "assignments/usage_report.html", context, status=200 if context["report"] else 400)


@login_required
@require_GET
def usage_xlsx(request: HttpRequest) -> HttpResponse:
    result = _usage_from_request(request)["report"]
    if result is None:
        raise Refused.invalid("Bộ lọc không hợp lệ.")
    return _download(exports.usage_xlsx(result), exports.filename("su-dung", result, "xlsx"), XLSX)


urlpatterns = [
    path("bao-cao/", report, name="report"),
    path("bao-cao/cong-viec/", report_items, name="report_items"),
    path("bao-cao/xlsx/", report_xlsx, name="report_xlsx"),
    path("bao-cao/pdf/", report_pdf, name="report_pdf"),
    path("bao-cao/su-dung/", usage_report, name="usage"),
    path("bao-cao/su-dung/xlsx/", usage_xlsx, name="usage_xlsx"),
]
