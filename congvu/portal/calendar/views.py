"""The calendar screen (R-WD-1, R-WD-5): the year with the national baseline and the agency's
overrides, adding, editing and removing an override, and the deadline calculator. Administrators
only; every change is audited by ``congvu.portal.calendar.services``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core import calendar
from congvu.core.screens import form_page, press_button, submit_form
from congvu.portal.calendar import selectors, services
from congvu.portal.calendar.forms import CalendarOverrideForm, DeadlineForm, YearForm
from congvu.portal.calendar.policies import can_manage_calendar


def _year(request) -> int:
    form = YearForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["nam"]
    return timezone.localdate().year


@login_required
def calendar_view(request):
    """The year view with the overrides form (POST creates an override) and the deadline calculator."""
    can_manage_calendar(request.user).require()
    year = _year(request)
    form = CalendarOverrideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        outcome = submit_form(
            request,
            form,
            lambda data: services.calendar_override_create(actor=request.user, **data),
            success=lambda row: _("Đã thêm %(day)s vào lịch.") % {"day": row},
            redirect_to=lambda row: f"{reverse('portal:calendar')}?nam={row.date.year}",
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
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
        "portal/calendar.html",
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
        status=status,
    )


@login_required
def calendar_override_edit(request, pk: int):
    can_manage_calendar(request.user).require()
    override = selectors.override_or_404(pk)
    form = CalendarOverrideForm.for_override(override, request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.calendar_override_update(override=override, actor=request.user, **data),
        success=lambda row: _("Đã lưu %(day)s.") % {"day": row},
        redirect_to=lambda row: f"{reverse('portal:calendar')}?nam={row.date.year}",
        template="portal/calendar_override_form.html",
        context={"override": override},
    )


@login_required
def calendar_override_delete(request, pk: int):
    can_manage_calendar(request.user).require()
    override = selectors.override_or_404(pk)
    if request.method == "POST":
        return press_button(
            request,
            lambda: services.calendar_override_delete(override=override, actor=request.user),
            success=_("Đã xóa %(day)s khỏi lịch điều chỉnh.") % {"day": override},
            redirect_to=f"{reverse('portal:calendar')}?nam={override.date.year}",
        )
    return render(request, "portal/calendar_override_delete.html", {"override": override})


urlpatterns = [
    path("lich/", calendar_view, name="calendar"),
    path("lich/<int:pk>/sua/", calendar_override_edit, name="calendar_override_edit"),
    path("lich/<int:pk>/xoa/", calendar_override_delete, name="calendar_override_delete"),
]
