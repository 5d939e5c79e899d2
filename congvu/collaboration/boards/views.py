"""The board screens (COL-3, COL-6) under /phoi-hop/bang-tin/: the boards a person reads, a board's
posts, posting, editing and removing a post, and the administrator's screen of the organisations
and their committees. Adapters only: access first, then the form, then one service."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from congvu.collaboration.boards import forms, policies, selectors, services
from congvu.collaboration.boards.models import CommitteeMember, Organisation
from congvu.core.decisions import Refused
from congvu.core.screens import form_page, query_without, stored_file_download
from congvu.org.models import Unit


def _board_url(agency: Unit, organisation: Organisation | None) -> str:
    if organisation is not None:
        return reverse("collaboration:boards_organisation", args=[organisation.pk])
    return reverse("collaboration:boards_public", args=[agency.pk])


@require_safe
@login_required
def boards_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collaboration/boards/index.html",
        {"boards": selectors.boards(request.user), "managed": policies.managed_agencies(request.user)},
    )


def _board(request: HttpRequest, agency: Unit, organisation: Organisation | None) -> HttpResponse:
    page = selectors.board_posts(
        request.user, agency=agency, organisation=organisation, after=request.GET.get("sau")
    )
    may_post = policies.can_post(request.user, agency, organisation)
    return render(
        request,
        "collaboration/boards/board.html",
        {
            "agency": agency,
            "organisation": organisation,
            "page": page,
            "query": query_without(request, "sau"),
            "may_post": may_post,
            "compose_url": _board_url(agency, organisation) + "dang-bai/",
            "user_id": request.user.pk,
            "administers": policies.administers(request.user, agency),
            "committee": [s for s in selectors.committee(organisation) if _current(s)]
            if organisation
            else [],
        },
    )


def _current(seat: CommitteeMember) -> bool:
    today = timezone.localdate()
    return seat.started_on <= today and (seat.ended_on is None or seat.ended_on >= today)


@require_safe
@login_required
def boards_public(request: HttpRequest, agency_id: int) -> HttpResponse:
    return _board(request, policies.access_agency_board(request.user, agency_id), None)


@require_safe
@login_required
def boards_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = policies.access_organisation(request.user, pk)
    return _board(request, organisation.agency, organisation)


def _compose(request: HttpRequest, agency: Unit, organisation: Organisation | None) -> HttpResponse:
    policies.can_post(request.user, agency, organisation).require()
    form = forms.PostForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        lambda data: services.board_post_create(
            agency=agency,
            organisation=organisation,
            title=data["title"],
            body=data["body"],
            uploads=data.get("files") or [],
            actor=request.user,
        ),
        success=_("Đã đăng bài."),
        redirect_to=_board_url(agency, organisation),
        template="collaboration/boards/post_form.html",
        context={"agency": agency, "organisation": organisation, "back": _board_url(agency, organisation)},
    )


@login_required
def boards_public_compose(request: HttpRequest, agency_id: int) -> HttpResponse:
    return _compose(request, policies.access_agency_board(request.user, agency_id), None)


@login_required
def boards_organisation_compose(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = policies.access_organisation(request.user, pk)
    return _compose(request, organisation.agency, organisation)


@login_required
def boards_post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = policies.access_post(request.user, pk)
    policies.can_edit(request.user, post).require()
    form = forms.PostForm(
        request.POST or None, request.FILES or None, initial={"title": post.title, "body": post.body}
    )
    back = _board_url(post.agency, post.organisation)
    return form_page(
        request,
        form,
        lambda data: services.board_post_edit(
            post=post,
            title=data["title"],
            body=data["body"],
            uploads=data.get("files") or [],
            actor=request.user,
        ),
        success=_("Đã sửa bài đăng."),
        redirect_to=back,
        template="collaboration/boards/post_form.html",
        context={"agency": post.agency, "organisation": post.organisation, "post": post, "back": back},
    )


@login_required
def boards_post_remove(request: HttpRequest, pk: int) -> HttpResponse:
    post = policies.access_post(request.user, pk)
    policies.can_remove(request.user, post).require()
    back = _board_url(post.agency, post.organisation)
    return form_page(
        request,
        forms.RemoveForm(request.POST or None),
        lambda data: services.board_post_remove(
            post=post, reason=data.get("reason") or "", actor=request.user
        ),
        success=_("Đã gỡ bài đăng."),
        redirect_to=back,
        template="collaboration/boards/post_remove.html",
        context={
            "post": post,
            "back": back,
            "needs_reason": policies.removes_as_administrator(request.user, post),
        },
    )


@require_safe
@login_required
def boards_post_file(request: HttpRequest, pk: int, file_id: int) -> Any:
    post = policies.access_post(request.user, pk)
    attachment = post.attachments.select_related("file").filter(file_id=file_id).first()
    if attachment is None:
        raise Refused.not_found("Không tìm thấy tệp.")
    return stored_file_download(attachment.file)


# --- organisations (the agency's administrator) -------------------------------------------------------


def _managed_agency(request: HttpRequest) -> Unit:
    agencies = policies.managed_agencies(request.user)
    if not agencies:
        raise Refused.not_allowed(policies.NOT_ADMIN)
    wanted = request.GET.get("co_quan")
    return next((a for a in agencies if str(a.pk) == wanted), agencies[0])


@login_required
def boards_organisations(request: HttpRequest) -> HttpResponse:
    """The organisations of an agency the person administers; a new one is added here."""
    agency = _managed_agency(request)
    organisations = selectors.organisations_of(agency)
    return form_page(
        request,
        forms.OrganisationForm(request.POST or None),
        lambda data: services.organisation_create(
            agency=agency, kind=data["kind"], name=data["name"], actor=request.user
        ),
        success=_("Đã thêm tổ chức."),
        redirect_to=reverse("collaboration:boards_organisations") + f"?co_quan={agency.pk}",
        template="collaboration/boards/organisations.html",
        context={
            "agency": agency,
            "agencies": policies.managed_agencies(request.user),
            "organisations": organisations,
        },
    )


@login_required
def boards_committee(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's committee: its seats, a new seat, a term ended."""
    organisation = policies.access_organisation(request.user, pk)
    policies.can_manage_organisations(request.user, organisation.agency).require()
    here = reverse("collaboration:boards_committee", args=[organisation.pk])
    form = forms.SeatForm(request.POST or None, people=selectors.agency_people(organisation.agency))
    return form_page(
        request,
        form,
        lambda data: services.committee_member_add(
            organisation=organisation,
            user=data["user"],
            role=data["role"],
            started_on=data["started_on"],
            ended_on=data.get("ended_on"),
            actor=request.user,
        ),
        success=_("Đã thêm thành viên."),
        redirect_to=here,
        template="collaboration/boards/committee.html",
        context={
            "organisation": organisation,
            "seats": selectors.committee(organisation),
            "today": timezone.localdate(),
        },
    )


@login_required
def boards_seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    seat = policies.access_seat(request.user, pk)
    organisation = policies.access_organisation(request.user, seat.organisation_id)
    policies.can_manage_organisations(request.user, organisation.agency).require()
    here = reverse("collaboration:boards_committee", args=[organisation.pk])
    return form_page(
        request,
        forms.EndSeatForm(request.POST or None, initial={"ended_on": timezone.localdate()}),
        lambda data: services.committee_member_end(seat=seat, ended_on=data["ended_on"], actor=request.user),
        success=_("Đã kết thúc nhiệm kỳ."),
        redirect_to=here,
        template="collaboration/boards/seat_end.html",
        context={"seat": seat, "organisation": organisation, "back": here},
    )


urlpatterns: list[URLPattern] = [
    path("bang-tin/", boards_index, name="boards_index"),
    path("bang-tin/co-quan/<int:agency_id>/", boards_public, name="boards_public"),
    path("bang-tin/co-quan/<int:agency_id>/dang-bai/", boards_public_compose, name="boards_public_compose"),
    path("bang-tin/to-chuc/<int:pk>/", boards_organisation, name="boards_organisation"),
    path(
        "bang-tin/to-chuc/<int:pk>/dang-bai/", boards_organisation_compose, name="boards_organisation_compose"
    ),
    path("bang-tin/bai/<int:pk>/sua/", boards_post_edit, name="boards_post_edit"),
    path("bang-tin/bai/<int:pk>/go/", boards_post_remove, name="boards_post_remove"),
    path("bang-tin/bai/<int:pk>/tep/<int:file_id>/", boards_post_file, name="boards_post_file"),
    path("bang-tin/quan-ly/", boards_organisations, name="boards_organisations"),
    path("bang-tin/quan-ly/to-chuc/<int:pk>/", boards_committee, name="boards_committee"),
    path("bang-tin/quan-ly/thanh-vien/<int:pk>/ket-thuc/", boards_seat_end, name="boards_seat_end"),
]
