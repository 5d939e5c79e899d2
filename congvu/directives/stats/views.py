"""Screens of DIR-6: the report of an issuing agency (per lead agency and per directing leader, a
chart, exports, closing a period) and the leader's dashboard.

Every figure links to the tasks list behind it (``directives:tasks``) with ``agency`` (the lead
agency), ``signer``, ``start``, ``end`` and ``category`` — the same predicates as the figure.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from congvu.core.decisions import Refused
from congvu.directives import policies
from congvu.directives.stats import exports, selectors, services
from congvu.directives.stats.forms import PeriodForm, current_quarter, parse_period, range_period
from congvu.org.models import Unit

NO_AGENCY = "Chỉ Văn phòng và lãnh đạo cơ quan ban hành mới xem được báo cáo chỉ đạo."


def _agency(request: HttpRequest, agencies: list[Unit]) -> Unit:
    """The issuing agency asked for (``co_quan``), or the person's first; 403 when they may not."""
    raw = request.GET.get("co_quan") or request.POST.get("co_quan") or ""
    if raw:
        pk = int(raw) if raw.isdigit() and len(raw) < 19 else 0
        agency = next((a for a in agencies if a.pk == pk), None) or Unit.objects.filter(pk=pk).first()
        if agency is None:
            raise Refused.not_found("Không tìm thấy cơ quan.")
    elif agencies:
        agency = agencies[0]
    else:
        raise Refused.not_allowed(NO_AGENCY)
    policies.can_see_agency_statistics(request.user, agency).require()
    return agency


def _date(value: str | None, field: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise Refused.invalid("Ngày không hợp lệ (yyyy-mm-dd).", field=field) from None


def task_links(stats: selectors.Statistics, row: selectors.StatRow | None) -> dict[str, str]:
    """The tasks list behind each figure of a row (the totals row when ``row`` is None)."""
    base = reverse("directives:tasks")
    params: dict[str, Any] = {}
    if row is not None and row.unit_id:
        params["agency"] = row.unit_id
    if row is not None and row.signer_id:
        params["signer"] = row.signer_id
    params.update({"start": stats.start.isoformat(), "end": stats.end.isoformat()})
    return {m: f"{base}?{urlencode({**params, 'category': m})}" for m in selectors.MEASURES}


def _with_links(stats: selectors.Statistics) -> selectors.Statistics:
    for row in [*stats.rows_by_agency, *stats.rows_by_leader]:
        row.links = task_links(stats, row)
    stats.totals.links = task_links(stats, None)
    return stats


def _context(request: HttpRequest) -> dict[str, Any]:
    """Parse the picker, read the live figures and, for a closed period, the frozen ones."""
    agencies = selectors.statistics_agencies(request.user)
    agency = _agency(request, agencies)
    if all(a.pk != agency.pk for a in agencies):
        agencies = [*agencies, agency]
    data = request.GET.copy()
    if not any(data.get(k) for k in ("ky", "tu", "den")):
        data["ky"] = current_quarter().code
    form = PeriodForm(data, agencies=agencies)
    period = form.period() if form.is_valid() else None
    context: dict[str, Any] = {"form": form, "agency": agency, "period": period, "agencies": agencies}
    if period is None:
        return context
    live = _with_links(selectors.statistics(agency=agency, start=period.start, end=period.end))
    snapshot = selectors.snapshot_of(agency.pk, period.start, period.end)
    frozen = _with_links(selectors.frozen(snapshot)) if snapshot else None
    view = "live" if request.GET.get("xem") == "hien_tai" or frozen is None else "frozen"
    query = {**period.query(), "co_quan": agency.pk}
    context.update(
        {
            "live": live,
            "frozen": frozen,
            "snapshot": snapshot,
            "view": view,
            "stats": frozen if view == "frozen" and frozen else live,
            "query": urlencode(query),
            "live_query": urlencode({**query, "xem": "hien_tai"}),
            "frozen_query": urlencode(query),
            "is_office": bool(policies.is_office_of(request.user, agency)),
            "can_close": snapshot is None and period.end <= live.as_of,
            "periods": selectors.closed_periods(agency.pk, limit=20),
            "measures": selectors.MEASURES,
        }
    )
    context["chart"] = selectors.chart(context["stats"])
    return context


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Báo cáo tình hình thực hiện chỉ đạo (DIR-6): per lead agency and per leader, with a chart."""
    context = _context(request)
    status = 200 if context["period"] is not None else 400
    return render(request, "directives/stats/report.html", context, status=status)


def _export_stats(request: HttpRequest) -> dict[str, Any]:
    context = _context(request)
    if context["period"] is None:
        errors = [e for errs in context["form"].errors.values() for e in errs]
        raise Refused.invalid(errors[0] if errors else "Kỳ báo cáo không hợp lệ.")
    # A closed period exports its frozen figures.
    context["stats"] = context["frozen"] or context["live"]
    return context


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    c = _export_stats(request)
    content = exports.statistics_xlsx(c["stats"], c["period"], snapshot=c["snapshot"])
    return _download(content, exports.filename(c["period"], "xlsx"), exports.XLSX)


@login_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    c = _export_stats(request)
    content = exports.statistics_pdf(c["stats"], c["period"], snapshot=c["snapshot"])
    return _download(content, exports.filename(c["period"], "pdf"), "application/pdf")


@login_required
@require_POST
def period_close(request: HttpRequest) -> HttpResponse:
    """The office closes the period shown (its figures are frozen)."""
    agencies = selectors.statistics_agencies(request.user)
    agency = _agency(request, agencies)
    data = request.POST
    back = reverse("directives:report")
    try:
        if data.get("ky"):
            period = parse_period(data["ky"], field="ky")
        else:
            period = range_period(_date(data.get("tu"), "start"), _date(data.get("den"), "end"))
        snapshot = services.period_close(
            agency=agency, kind=period.kind, start=period.start, end=period.end, actor=request.user
        )
    except Refused as refused:
        messages.error(request, refused.message)
        query = {k: data[k] for k in ("ky", "tu", "den") if data.get(k)}
        return redirect(f"{back}?{urlencode({**query, 'co_quan': agency.pk})}")
    messages.success(request, f"Đã chốt số liệu {period.label}.")
    return redirect(f"{back}?{urlencode({**period.query(), 'co_quan': agency.pk})}#chot-{snapshot.pk}")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Bảng điều khiển của lãnh đạo: the tasks of the directives they signed, overdue first."""
    board = selectors.dashboard(request.user)
    base = reverse("directives:tasks")
    links = {
        m: f"{base}?{urlencode({'signer': request.user.pk, 'start': f'{board.year}-01-01', 'end': f'{board.year}-12-31', 'category': m})}"
        for m in selectors.MEASURES
    }
    return render(
        request,
        "directives/stats/dashboard.html",
        {"board": board, "links": links, "measures": selectors.CATEGORIES},
    )


urlpatterns = [
    path("bao-cao/", report, name="report"),
    path("bao-cao/xlsx/", report_xlsx, name="report_xlsx"),
    path("bao-cao/pdf/", report_pdf, name="report_pdf"),
    path("bao-cao/chot-so-lieu/", period_close, name="period_close"),
    path("bang-dieu-khien/", dashboard, name="dashboard"),
]
