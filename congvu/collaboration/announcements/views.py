"""The announcement screens (COL-4) under /phoi-hop/thong-bao-chung/: the list (unread marked, or
unread only), an announcement (opening it marks it read), compose and edit with the audience,
removing, the poster's read receipts, and the administrator's extension of the keeping.
Adapters only: access first, then the form, then one service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.collaboration.announcements import forms, policies, selectors, services
from congvu.collaboration.announcements.models import Announcement
from congvu.core.screens import form_page, press_button, query_without


def _detail_url(announcement: Announcement) -> str:
    return reverse("collaboration:announcements_detail", args=[announcement.pk])


@require_safe
@login_required
def announcements_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("chua_doc") == "1"
    page = selectors.announcements_page(request.user, unread_only=unread_only, after=request.GET.get("sau"))
    return render(
        request,
        "collaboration/announcements/list.html",
        {
            "page": page,
            "unread_only": unread_only,
            "query": query_without(request, "sau"),
            "may_post": policies.can_post(request.user),
            "unread": selectors.unread_count(request.user),
        },
    )


@require_safe
@login_required
def announcements_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = policies.access_announcement(request.user, pk)
    services.announcement_mark_read(announcement=announcement, actor=request.user)
    return render(
        request,
        "collaboration/announcements/detail.html",
        {
            "announcement": announcement,
            "units": selectors.audience_units(announcement),
            "may_edit": policies.can_edit(request.user, announcement),
            "may_extend": policies.can_extend(request.user, announcement),
        },
    )


def _units(data: dict) -> list:
    return list(data.get("units") or [])


@login_required
def announcements_compose(request: HttpRequest) -> HttpResponse:
    policies.can_post(request.user).require()
    held = policies.capacities(request.user)
    form = forms.AnnouncementForm(request.POST or None, held=held)
    return form_page(
        request,
        form,
        lambda data: services.announcement_post(
            capacity_key=data["capacity"],
            title=data["title"],
            body=data["body"],
            whole_agency=bool(data.get("whole_agency")),
            units=_units(data),
            actor=request.user,
        ),
        success=_("Đã đăng thông báo."),
        redirect_to=_detail_url,
        template="collaboration/announcements/form.html",
        context={"editing": None},
    )


@login_required
def announcements_edit(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = policies.access_announcement(request.user, pk)
    policies.can_edit(request.user, announcement).require()
    held = policies.capacities(request.user)
    initial = {
        "capacity": announcement.capacity_key,
        "whole_agency": announcement.whole_agency,
        "units": [u.pk for u in selectors.audience_units(announcement)],
        "title": announcement.title,
        "body": announcement.body,
    }
    form = forms.AnnouncementForm(
        request.POST or None, held=held, fixed=announcement.capacity_key, initial=initial
    )
    return form_page(
        request,
        form,
        lambda data: services.announcement_edit(
            announcement=announcement,
            title=data["title"],
            body=data["body"],
            whole_agency=bool(data.get("whole_agency")),
            units=_units(data),
            actor=request.user,
        ),
        success=_("Đã cập nhật thông báo."),
        redirect_to=_detail_url,
        template="collaboration/announcements/form.html",
        context={"editing": announcement},
    )


@require_POST
@login_required
def announcements_remove(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = policies.access_announcement(request.user, pk)
    return press_button(
        request,
        lambda: services.announcement_remove(announcement=announcement, actor=request.user),
        success=_("Đã gỡ thông báo."),
        redirect_to=reverse("collaboration:announcements_list"),
    )


@require_safe
@login_required
def announcements_receipts(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = policies.access_announcement(request.user, pk)
    policies.can_see_receipts(request.user, announcement).require()
    return render(
        request,
        "collaboration/announcements/receipts.html",
        {"announcement": announcement, "receipts": selectors.receipts(announcement)},
    )


@login_required
def announcements_extend(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = policies.access_announcement(request.user, pk)
    policies.can_extend(request.user, announcement).require()
    form = forms.ExtendForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.announcement_extend(
            announcement=announcement,
            keep_until=data["keep_until"],
            reason=data["reason"],
            actor=request.user,
        ),
        success=_("Đã gia hạn lưu trữ thông báo."),
        redirect_to=_detail_url,
        template="collaboration/announcements/extend.html",
        context={"announcement": announcement},
    )


urlpatterns: list[URLPattern] = [
    path("thong-bao-chung/", announcements_list, name="announcements_list"),
    path("thong-bao-chung/soan/", announcements_compose, name="announcements_compose"),
    path("thong-bao-chung/<int:pk>/", announcements_detail, name="announcements_detail"),
    path("thong-bao-chung/<int:pk>/sua/", announcements_edit, name="announcements_edit"),
    path("thong-bao-chung/<int:pk>/go/", announcements_remove, name="announcements_remove"),
    path("thong-bao-chung/<int:pk>/da-doc/", announcements_receipts, name="announcements_receipts"),
    path("thong-bao-chung/<int:pk>/gia-han/", announcements_extend, name="announcements_extend"),
]
