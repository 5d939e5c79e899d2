"""The audit log screens (ADM-2, R-SEC-2): the list with its filters, one event with its diff and
chain check, and the export. Administrators only. There is deliberately no view that edits or
deletes an event."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvu.core import audit
from congvu.core.audit_export import to_csv, to_xlsx
from congvu.core.decisions import Refused
from congvu.portal.audit import selectors, services
from congvu.portal.audit.forms import AuditFilterForm
from congvu.portal.audit.policies import can_view_audit_log

EXPORT_MAX_ROWS = 100_000


def _filter_form(data) -> AuditFilterForm:
    form = AuditFilterForm(data)
    form.is_valid()
    return form


def _filters_of(form: AuditFilterForm) -> selectors.AuditFilters:
    """The valid part of the filters: a wrong field is reported and ignored, the others apply."""
    if not hasattr(form, "cleaned_data"):
        return selectors.AuditFilters()
    return form.filters()


@login_required
def audit_list(request):
    can_view_audit_log(request.user).require()
    form = _filter_form(request.GET)
    page = selectors.audit_page(_filters_of(form), after=request.GET.get("sau"))
    rows = selectors.audit_rows(list(page.items))
    params = request.GET.copy()
    params.pop("sau", None)
    return render(
        request,
        "portal/audit_list.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "query_string": params.urlencode(),
            "filter_items": [(name, value) for name, value in params.items() if value],
            "result_labels": selectors.RESULT_LABELS,
        },
    )


@login_required
def audit_detail(request, pk: int):
    can_view_audit_log(request.user).require()
    event = selectors.audit_event(pk)
    intact = audit.compute_hash(event.prev_hash, event) == event.hash
    (row,) = selectors.audit_rows([event])
    return render(
        request,
        "portal/audit_detail.html",
        {
            "event": event,
            "row": row,
            "label": row.label,
            "result_label": selectors.RESULT_LABELS.get(event.result, event.result),
            "diff": selectors.audit_diff(event),
            "intact": intact,
            "occurred_utc": event.occurred_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        },
    )


@login_required
@require_POST
def audit_export(request):
    """The filtered rows as CSV or XLSX; the export itself is recorded (R-SEC-2)."""
    can_view_audit_log(request.user).require()
    file_format = request.POST.get("format", "csv")
    if file_format not in {"csv", "xlsx"}:
        raise Refused.not_found("Định dạng không hỗ trợ.")
    form = _filter_form(request.POST)
    filters = _filters_of(form)
    back = f"{reverse('portal:audit_list')}?{request.POST.urlencode()}"
    if selectors.audit_events(filters).count() > EXPORT_MAX_ROWS:
        messages.error(
            request,
            _("Có hơn %(n)s dòng: hãy thu hẹp bộ lọc (ví dụ theo khoảng ngày) rồi xuất lại.")
            % {"n": f"{EXPORT_MAX_ROWS:,}".replace(",", ".")},
        )
        return redirect(back)
    events = selectors.audit_rows_for_export(filters, limit=EXPORT_MAX_ROWS)
    content, count = to_csv(events) if file_format == "csv" else to_xlsx(events)
    try:
        services.audit_export_record(
            actor=request.user, filters=filters.as_dict(), file_format=file_format, rows=count
        )
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect(back)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content_type = (
        "text/csv; charset=utf-8"
        if file_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.{file_format}"'
    return response


urlpatterns = [
    path("nhat-ky/", audit_list, name="audit_list"),
    path("nhat-ky/xuat/", audit_export, name="audit_export"),
    path("nhat-ky/<int:pk>/", audit_detail, name="audit_detail"),
]
