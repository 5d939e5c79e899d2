"""The reminder screens (COL-7): what I received, what I sent (each recipient's state), the send
form, and a reminder's page with "Đã nhận", "Đã thực hiện" (with a report) and "Hủy".

Adapters only: access first (``policies.access_reminder``: 404 alike for missing and hidden), then
the form, then one service.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.collaboration.reminders import forms, policies, selectors, services
from congvu.collaboration.reminders.models import Reminder
from congvu.core.decisions import Refused
from congvu.core.screens import form_page, press_button, query_without, submit_form


def _detail_url(reminder: Reminder | int) -> str:
    pk = reminder if isinstance(reminder, int) else reminder.pk
    return reverse("collaboration:reminders_detail", args=[pk])


@require_safe
@login_required
def reminders_received(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("chua_xong") == "1"
    page = selectors.received_page(request.user, open_only=open_only, after=request.GET.get("sau"))
    today = timezone.localdate()
    for row in page.items:
        row.overdue = selectors.is_overdue(row, today)
    return render(
        request,
        "collaboration/reminders/received.html",
        {
            "page": page,
            "open_only": open_only,
            "query": query_without(request, "sau"),
            "may_send": policies.may_send_any(request.user),
            "tab": "received",
        },
    )


@require_safe
@login_required
def reminders_sent(request: HttpRequest) -> HttpResponse:
    page = selectors.sent_page(request.user, after=request.GET.get("sau"))
    today = timezone.localdate()
    for reminder in page.items:
        for row in reminder.recipients.all():
            row.overdue = selectors.is_overdue(row, today)
    return render(
        request,
        "collaboration/reminders/sent.html",
        {
            "page": page,
            "query": query_without(request, "sau"),
            "may_send": policies.may_send_any(request.user),
            "tab": "sent",
        },
    )


@login_required
def reminders_send(request: HttpRequest) -> HttpResponse:
    if not policies.may_send_any(request.user):
        raise Refused.not_allowed(
            _(
                "Chỉ lãnh đạo đơn vị hoặc cấp trên mới gửi nhắc việc được; nhắc việc là mệnh lệnh của cấp trên (Quy chế, Điều 8)."
            )
        )
    people = selectors.pickable_people(request.user)
    initial = {"link": (request.GET.get("lien_ket") or "")[: services.MAX_LINK]}
    form = forms.SendForm(request.POST or None, people=people, initial=initial)

    def call(data: dict) -> Reminder:
        return services.reminder_send(
            actor=request.user,
            recipients=form.chosen(),
            content=data.get("content") or "",
            due_on=data.get("due_on"),
            link=data.get("link") or "",
        )

    return form_page(
        request,
        form,
        call,
        success=_("Đã gửi nhắc việc."),
        redirect_to=_detail_url,
        template="collaboration/reminders/send.html",
        context={"tab": "send", "may_send": True},
        fallback="recipients",
    )


def _detail(request: HttpRequest, reminder: Reminder, *, status: int = 200, **forms_: Any) -> HttpResponse:
    page = selectors.reminder_page(request.user, reminder)
    return render(
        request,
        "collaboration/reminders/detail.html",
        {
            "page": page,
            "reminder": reminder,
            "may_send": policies.may_send_any(request.user),
            "complete_form": forms_.get("complete_form") or forms.CompleteForm(),
            "cancel_form": forms_.get("cancel_form") or forms.CancelForm(),
        },
        status=status,
    )


@require_safe
@login_required
def reminders_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, policies.access_reminder(request.user, pk))


@require_POST
@login_required
def reminders_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = policies.access_reminder(request.user, pk)
    row = policies.my_row(request.user, reminder)
    return press_button(
        request,
        lambda: services.reminder_acknowledge(row=row, actor=request.user),
        success=_("Đã xác nhận: đã nhận nhắc việc."),
        redirect_to=_detail_url(reminder),
    )


@require_POST
@login_required
def reminders_complete(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = policies.access_reminder(request.user, pk)
    row = policies.my_row(request.user, reminder)
    form = forms.CompleteForm(request.POST)
    outcome = submit_form(
        request,
        form,
        lambda data: services.reminder_complete(row=row, actor=request.user, report=data.get("report") or ""),
        success=_("Đã báo cáo: đã thực hiện nhắc việc."),
        redirect_to=_detail_url(reminder),
        fallback="report",
    )
    if outcome.response is not None:
        return outcome.response
    return _detail(request, reminder, status=outcome.status, complete_form=form)


@require_POST
@login_required
def reminders_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = policies.access_reminder(request.user, pk)
    form = forms.CancelForm(request.POST)
    outcome = submit_form(
        request,
        form,
        lambda data: services.reminder_cancel(
            reminder=reminder, actor=request.user, reason=data.get("reason") or ""
        ),
        success=_("Đã hủy nhắc việc."),
        redirect_to=_detail_url(reminder),
        fallback="reason",
    )
    if outcome.response is not None:
        return outcome.response
    return _detail(request, reminder, status=outcome.status, cancel_form=form)


urlpatterns: list[URLPattern] = [
    path("nhac-viec/", reminders_received, name="reminders_received"),
    path("nhac-viec/da-gui/", reminders_sent, name="reminders_sent"),
    path("nhac-viec/gui/", reminders_send, name="reminders_send"),
    path("nhac-viec/<int:pk>/", reminders_detail, name="reminders_detail"),
    path("nhac-viec/<int:pk>/da-nhan/", reminders_acknowledge, name="reminders_acknowledge"),
    path("nhac-viec/<int:pk>/da-thuc-hien/", reminders_complete, name="reminders_complete"),
    path("nhac-viec/<int:pk>/huy/", reminders_cancel, name="reminders_cancel"),
]
