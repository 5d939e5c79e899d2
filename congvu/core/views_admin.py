"""Administration screens of core: the "Quản trị" landing page, the audit log (ADM-2, R-SEC-2) and
the calendar of days off (R-WD-1, R-WD-5). Administrators only; others get 403.

There is deliberately no view that edits or deletes an audit event.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvu.core import admin_selectors as selectors
from congvu.core import audit, calendar, services
from congvu.core.admin_forms import AuditFilterForm, CalendarOverrideForm, DeadlineForm, YearForm
from congvu.core.admin_policies import (
    can_manage_calendar,
    can_open_administration,
    can_view_audit_log,
    require,
)
from congvu.core.audit_export import to_csv, to_xlsx
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent, CalendarOverride
from congvu.org.policies import is_system_administrator

EXPORT_MAX_ROWS = 100_000


@login_required
def admin_index(request):
    require(can_open_administration(request.user))
    return render(
        request, "core/admin_index.html", {"is_system_admin": is_system_administrator(request.user)}
    )


# --- audit log ------------------------------------------------------------------------------------


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
    require(can_view_audit_log(request.user))
    form = _filter_form(request.GET)
    page = selectors.audit_page(_filters_of(form), after=request.GET.get("sau"))
    rows = [(event, selectors.action_label(event.action)) for event in page.items]
    params = request.GET.copy()
    params.pop("sau", None)
    return render(
        request,
        "core/audit_list.html",
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
    require(can_view_audit_log(request.user))
    event = get_object_or_404(AuditEvent.objects.select_related("actor", "on_behalf_of"), pk=pk)
    intact = audit.compute_hash(event.prev_hash, event) == event.hash
    return render(
        request,
        "core/audit_detail.html",
        {
            "event": event,
            "label": selectors.action_label(event.action),
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
    require(can_view_audit_log(request.user))
    file_format = request.POST.get("format", "csv")
    if file_format not in {"csv", "xlsx"}:
        raise Http404("Định dạng không hỗ trợ.")
    form = _filter_form(request.POST)
    filters = _filters_of(form)
    back = f"{reverse('core:audit_list')}?{request.POST.urlencode()}"
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


# --- calendar -------------------------------------------------------------------------------------


def _year(request) -> int:
    form = YearForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["nam"]
    return timezone.localdate().year


@login_required
def calendar_view(request):
    """The year view with the overrides form (POST creates an override) and the deadline calculator."""
    require(can_manage_calendar(request.user))
    year = _year(request)
    form = CalendarOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.calendar_override_create(actor=request.user, **form.cleaned_data)
        except Refused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, _("Đã thêm %(day)s vào lịch.") % {"day": row})
            return redirect(f"{reverse('core:calendar')}?nam={row.date.year}")
    if request.method == "POST":
        date = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
        year = date.year if date else year

    deadline = DeadlineForm(request.GET if "start" in request.GET else None)
    due = None
    if deadline.is_bound and deadline.is_valid():
        due = calendar.add_working_days(deadline.cleaned_data["start"], deadline.cleaned_data["days"])
    this_year = timezone.localdate().year
    years = sorted({*range(this_year - 2, this_year + 3), year})
    return render(
        request,
        "core/calendar.html",
        {
            "cal": selectors.calendar_year(year),
            "year": year,
            "years": years,
            "form": form,
            "deadline": deadline,
            "due": due,
            "due_weekday": selectors.WEEKDAY_NAMES[due.weekday()] if due else "",
            "weekday_names": selectors.WEEKDAY_NAMES,
        },
    )


@login_required
def calendar_override_edit(request, pk: int):
    require(can_manage_calendar(request.user))
    override = get_object_or_404(CalendarOverride, pk=pk)
    form = CalendarOverrideForm.for_override(override, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.calendar_override_update(
                override=override, actor=request.user, **form.cleaned_data
            )
        except Refused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, _("Đã lưu %(day)s.") % {"day": row})
            return redirect(f"{reverse('core:calendar')}?nam={row.date.year}")
    return render(request, "core/calendar_override_form.html", {"form": form, "override": override})


@login_required
def calendar_override_delete(request, pk: int):
    require(can_manage_calendar(request.user))
    override = get_object_or_404(CalendarOverride, pk=pk)
    if request.method == "POST":
        year = override.date.year
        try:
            services.calendar_override_delete(override=override, actor=request.user)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Đã xóa %(day)s khỏi lịch điều chỉnh.") % {"day": override})
        return redirect(f"{reverse('core:calendar')}?nam={year}")
    return render(request, "core/calendar_override_delete.html", {"override": override})
