"""Screens of the work calendars (COL-1, TASK-6): the week (Monday–Sunday, morning and afternoon),
the month, an entry's form, publishing the agency's week, the printed week (PDF, DOCX), the month's
file, the keepers. Adapters only: access first, then the form, then one service."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.collaboration.calendar import exports, forms, policies, selectors, services
from congvu.collaboration.calendar.models import CalendarEntry, WorkCalendar
from congvu.core import personal
from congvu.core.screens import form_page, press_button, stored_file_download
from congvu.org import tree
from congvu.org.models import Unit


def week_url(calendar: WorkCalendar | int, day: dt.date) -> str:
    pk = calendar if isinstance(calendar, int) else calendar.pk
    return f"{reverse('collaboration:calendar_week')}?lich={pk}&ngay={day.isoformat()}"


def _calendar_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("lich") or ""
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _chosen(request: HttpRequest) -> tuple[WorkCalendar | None, list[WorkCalendar]]:
    choices = selectors.calendar_choices(request.user)
    pk = _calendar_id(request)
    if pk is None:
        default = selectors.default_calendar(request.user, choices)
        pk = default.pk if default else None
    if pk is None:
        return None, choices
    chosen = next((c for c in choices if c.pk == pk), None)  # the visible ones: read already
    return chosen or policies.access_calendar(request.user, pk), choices


WEEK_BODY = "collaboration/calendar/_week_body.html"
NONE_BODY = "collaboration/calendar/_none_body.html"


@require_safe
@login_required
def calendar_week(request: HttpRequest) -> HttpResponse:
    """The week, kept for the person (``congvu.core.personal``) until a calendar is written
    (``services.calendar_changed``), they act, or the organisation changes."""
    day = selectors.parse_day(request.GET.get("ngay"), timezone.localdate())

    def build() -> tuple[str, dict[str, object]]:
        calendar, choices = _chosen(request)
        openable = policies.openable(request.user, choices)
        if calendar is None:
            return NONE_BODY, {"openable": openable}
        page = selectors.week_page(request.user, calendar, day, choices=choices)
        return WEEK_BODY, {"page": page, "openable": openable, "view": "week"}

    facts = [*tree.standing(request.user), _calendar_id(request), selectors.monday_of(day).isoformat()]
    part, body = personal.kept_html(request, "calendar-week", facts, build, topics=[services.TOPIC])
    outer = "collaboration/calendar/week.html" if part == WEEK_BODY else "collaboration/calendar/none.html"
    return render(request, outer, {"body": body})


@require_safe
@login_required
def calendar_month(request: HttpRequest) -> HttpResponse:
    calendar, _choices = _chosen(request)
    if calendar is None:
        return redirect("collaboration:calendar_week")
    day = selectors.parse_day(request.GET.get("ngay"), timezone.localdate())
    page = selectors.month_page(request.user, calendar, day)
    return render(request, "collaboration/calendar/month.html", {"page": page, "view": "month"})


@require_POST
@login_required
def calendar_open(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind") or ""
    raw_unit = request.POST.get("unit") or ""
    unit = (
        Unit.objects.filter(pk=int(raw_unit)).first() if raw_unit.isdigit() and len(raw_unit) < 19 else None
    )
    opened: list[WorkCalendar] = []

    def call() -> WorkCalendar:
        calendar = services.calendar_open(
            kind=kind,
            unit=unit,
            leader=request.user if kind == WorkCalendar.Kind.LEADER else None,
            actor=request.user,
        )
        opened.append(calendar)
        return calendar

    response = press_button(
        request, call, success=_("Đã lập lịch công tác."), redirect_to=reverse("collaboration:calendar_week")
    )
    if opened:
        return redirect(week_url(opened[0], timezone.localdate()))
    return response


# --- entries --------------------------------------------------------------------------------------


def _entry_form(request: HttpRequest, calendar: WorkCalendar, **kwargs: object) -> forms.EntryForm:
    return forms.EntryForm(
        request.POST or None,
        people=selectors.agency_people(calendar),
        units=selectors.agency_units(calendar),
        **kwargs,  # type: ignore[arg-type]
    )


@login_required
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = policies.access_calendar(request.user, pk, "keep")
    day = selectors.parse_day(request.GET.get("ngay"), timezone.localdate())
    form = _entry_form(request, calendar, initial={"day": day})
    return form_page(
        request,
        form,
        lambda data: services.entry_create(calendar=calendar, data=form.entry_data(), actor=request.user),
        success=_("Đã thêm vào lịch công tác."),
        redirect_to=lambda entry: week_url(calendar, entry.day),
        template="collaboration/calendar/entry_form.html",
        context={"calendar": calendar, "back": week_url(calendar, day)},
    )


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = policies.access_entry(request.user, pk, "edit")
    form = _entry_form(request, entry.calendar, initial=forms.EntryForm.initial_for(entry))
    return form_page(
        request,
        form,
        lambda data: services.entry_update(entry=entry, data=form.entry_data(), actor=request.user),
        success=_("Đã sửa mục lịch công tác."),
        redirect_to=lambda saved: week_url(saved.calendar_id, saved.day),
        template="collaboration/calendar/entry_form.html",
        context={"calendar": entry.calendar, "entry": entry, "back": week_url(entry.calendar, entry.day)},
    )


@require_POST
@login_required
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry: CalendarEntry = policies.access_entry(request.user, pk, "delete")
    return press_button(
        request,
        lambda: services.entry_delete(entry=entry, actor=request.user),
        success=_("Đã xóa mục lịch công tác."),
        redirect_to=week_url(entry.calendar, entry.day),
    )


# --- the agency's week ----------------------------------------------------------------------------


@require_POST
@login_required
def week_publish(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = policies.access_calendar(request.user, pk, "publish")
    day = selectors.parse_day(request.POST.get("tuan"), timezone.localdate())
    return press_button(
        request,
        lambda: services.week_publish(
            calendar=calendar, week_start=selectors.monday_of(day), actor=request.user
        ),
        success=_("Đã công bố lịch công tác tuần."),
        redirect_to=week_url(calendar, day),
    )


def _export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    calendar = policies.access_calendar(request.user, pk)
    day = selectors.parse_day(request.GET.get("ngay"), timezone.localdate())
    page = selectors.week_page(request.user, calendar, day, choices=[])
    if file_format == "pdf":
        content, content_type = exports.week_pdf(page), "application/pdf"
    else:
        content = exports.week_docx(page)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    services.calendar_exported(
        calendar=calendar, week_start=page.monday, file_format=file_format, actor=request.user
    )
    response = HttpResponse(content, content_type=content_type)
    name = f"lich-cong-tac-tuan-{page.number}-{page.monday:%Y}.{file_format}"
    disposition = "inline" if file_format == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_safe
@login_required
def week_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "pdf")


@require_safe
@login_required
def week_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "docx")


# --- the month's file and the keepers -------------------------------------------------------------


@login_required
def file_attach(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = policies.access_calendar(request.user, pk, "keep")
    today = timezone.localdate()
    form = forms.FileForm(request.POST or None, request.FILES or None, initial={"month": f"{today:%Y-%m}"})
    return form_page(
        request,
        form,
        lambda data: services.calendar_file_attach(
            calendar=calendar,
            month=data["month"],
            upload=data["upload"],
            note=data.get("note") or "",
            actor=request.user,
        ),
        success=_("Đã đính kèm tệp lịch công tác của tháng."),
        redirect_to=lambda attached: (
            f"{reverse('collaboration:calendar_month')}?lich={calendar.pk}&ngay={attached.month.isoformat()}"
        ),
        template="collaboration/calendar/file_form.html",
        context={"calendar": calendar},
        fallback="upload",
    )


@require_safe
@login_required
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    attached = policies.access_file(request.user, pk)
    services.calendar_file_downloaded(attached=attached, actor=request.user)
    return stored_file_download(attached.stored_file)


@login_required
def keepers(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = policies.access_calendar(request.user, pk, "manage")
    form = forms.KeepersForm(
        request.POST or None,
        people=selectors.agency_people(calendar),
        initial={"keepers": [str(k) for k in calendar.keepers.values_list("pk", flat=True)]},
    )
    return form_page(
        request,
        form,
        lambda data: services.calendar_keepers_set(
            calendar=calendar, keepers=form.chosen(), actor=request.user
        ),
        success=_("Đã cập nhật người giữ lịch."),
        redirect_to=week_url(calendar, timezone.localdate()),
        template="collaboration/calendar/keepers.html",
        context={"calendar": calendar},
    )


urlpatterns: list[URLPattern] = [
    path("lich-cong-tac/", calendar_week, name="calendar_week"),
    path("lich-cong-tac/thang/", calendar_month, name="calendar_month"),
    path("lich-cong-tac/lap/", calendar_open, name="calendar_open"),
    path("lich-cong-tac/<int:pk>/them/", entry_create, name="calendar_entry_create"),
    path("lich-cong-tac/muc/<int:pk>/sua/", entry_edit, name="calendar_entry_edit"),
    path("lich-cong-tac/muc/<int:pk>/xoa/", entry_delete, name="calendar_entry_delete"),
    path("lich-cong-tac/<int:pk>/cong-bo/", week_publish, name="calendar_publish"),
    path("lich-cong-tac/<int:pk>/tuan.pdf", week_pdf, name="calendar_week_pdf"),
    path("lich-cong-tac/<int:pk>/tuan.docx", week_docx, name="calendar_week_docx"),
    path("lich-cong-tac/<int:pk>/tep/", file_attach, name="calendar_file_attach"),
    path("lich-cong-tac/tep/<int:pk>/", file_download, name="calendar_file_download"),
    path("lich-cong-tac/<int:pk>/nguoi-giu-lich/", keepers, name="calendar_keepers"),
]
