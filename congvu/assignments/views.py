"""The work screens (issue #3; TASK-1..TASK-4): "Việc của tôi", "Việc tôi giao", "Việc của đơn vị",
"Giao việc", and the item page with one small form per action.

Adapters only: each view checks access (``policies.access_assignment``: 404 alike for missing and
invisible), parses a form, calls the service (uploads are handed to it: it stores them through the
core file service, and a refused file refuses the whole call, in one transaction) and redirects
back with a message. A refusal from a service is shown on the form and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.assignments import selectors, services
from congvu.assignments.forms import (
    ApproveForm,
    AssignmentForm,
    AttachForm,
    DeadlinePreviewForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FilterForm,
    ProgressForm,
    ReasonForm,
    ReassignForm,
    SubmitForm,
)
from congvu.assignments.models import Assignment
from congvu.assignments.policies import access_assignment
from congvu.core import personal
from congvu.core.screens import form_page, query_without, stored_file_download, submit_form
from congvu.org import tree

PERSON_FILTER_LIMIT = 400  # above this, the person filter waits for a unit to be chosen


# --- lists ----------------------------------------------------------------------------------------
# Each list is kept whole for the person (``congvu.core.personal.kept_page``) until they act, are
# sent something, or a work item they lead, approve or gave is saved by anyone (``apps``); the unit
# list also until any item of the subtrees it shows is saved. Only the co-handled tab is drawn each
# time: what a co-handler follows is saved by others without telling them.


@require_safe
@login_required
@personal.kept_page(
    "assignments.mine",
    facts=tree.page_standing,
    acting_for=tree.page_principal_ids,
    unless=lambda request: request.GET.get("nhom") == selectors.GROUP_FOLLOWING,
)
def mine(request: HttpRequest) -> HttpResponse:
    """The "Việc của tôi" page: counts at the top, one tab per group, overdue and urgent first."""
    user = request.user
    group = request.GET.get("nhom") or selectors.GROUP_TODO
    if group not in selectors.GROUP_KEYS:
        group = selectors.GROUP_TODO
    today = timezone.localdate()
    if group == selectors.GROUP_DONE:
        data = request.GET.copy()
        data.setdefault("nam", str(today.year))  # this year's finished work unless asked otherwise
        form = FilterForm(data, fields=("q", "uu_tien", "nam"), years=selectors.done_years(user, today))
    else:
        form = FilterForm(request.GET, fields=("q", "uu_tien", "sap_xep"))
    counts = selectors.my_counts(user, today)
    page = selectors.my_page(
        user, group=group, filters=form.filters(), after=request.GET.get("sau"), today=today
    )
    return render(
        request,
        "assignments/mine.html",
        {
            "group": group,
            "group_label": dict(selectors.GROUPS)[group],
            "tabs": selectors.tabs(counts, group),
            "keep": [("nhom", group)],
            "counts": counts,
            "page": page,
            "form": form,
            "query": query_without(request, "sau"),
            "today": today,
            "show_lead": group in {selectors.GROUP_TO_APPROVE, selectors.GROUP_FOLLOWING},
        },
    )


@require_safe
@login_required
@personal.kept_page("assignments.given", facts=tree.page_standing, acting_for=tree.page_principal_ids)
def given(request: HttpRequest) -> HttpResponse:
    """The "Việc tôi giao" page: what I gave, also on someone's behalf; by status, overdue, person, text."""
    user = request.user
    form = FilterForm(
        request.GET,
        fields=("q", "trang_thai", "nguoi", "uu_tien", "han_tu", "han_den", "sap_xep"),
        people=selectors.given_people(user),
    )
    page = selectors.given_page(user, filters=form.filters(), after=request.GET.get("sau"))
    return render(
        request,
        "assignments/given.html",
        {"page": page, "form": form, "query": query_without(request, "sau"), "keep": []},
    )


@require_safe
@login_required
@personal.kept_page(
    "assignments.unit",
    facts=tree.page_standing,
    acting_for=tree.page_principal_ids,
    topics=lambda request: selectors.unit_scope_topics(request.user),
)
def unit(request: HttpRequest) -> HttpResponse:
    """The "Việc của đơn vị" page: a leader's whole subtree, filterable and sortable."""
    user = request.user
    units = selectors.unit_scope_units(user)
    if not units:
        return render(request, "assignments/unit.html", {"no_scope": True}, status=403)
    chosen = next((u for u in units if str(u.pk) == request.GET.get("don_vi")), None)
    people_units = [u for u in units if chosen is None or u.path.startswith(chosen.path)]
    people = selectors.unit_filter_people(user, people_units, limit=PERSON_FILTER_LIMIT)
    fields = ("q", "don_vi", "nguoi", "trang_thai", "uu_tien", "han_tu", "han_den", "sap_xep")
    form = FilterForm(request.GET, fields=fields, people=people, units=units)
    page = selectors.unit_page(user, filters=form.filters(), after=request.GET.get("sau"))
    return render(
        request,
        "assignments/unit.html",
        {
            "page": page,
            "form": form,
            "query": query_without(request, "sau"),
            "people_waiting": not people,
            "keep": [],
        },
    )


@require_safe
@login_required
def leaders(request: HttpRequest) -> HttpResponse:
    """The "Việc lãnh đạo giao" page: the office head and the directive monitor follow the work the
    agency's leaders gave, overdue first (seed 000 Đ7.2.b)."""
    user = request.user
    units = selectors.leaders_units(user)
    if not units:
        return render(request, "assignments/leaders.html", {"no_scope": True}, status=403)
    fields = ("q", "don_vi", "trang_thai", "uu_tien", "han_tu", "han_den", "sap_xep")
    form = FilterForm(request.GET, fields=fields, units=units)
    page = selectors.leaders_page(user, filters=form.filters(), after=request.GET.get("sau"))
    return render(
        request,
        "assignments/leaders.html",
        {"page": page, "form": form, "query": query_without(request, "sau"), "keep": []},
    )


# --- giving work ----------------------------------------------------------------------------------


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """The "Giao việc" page: to a person or a unit the policy allows; a subtask with ``?parent=<id>``."""
    user = request.user
    parent = None
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    if parent_id and str(parent_id).isdigit():
        parent = access_assignment(user, int(parent_id))
    candidates = selectors.assign_candidates(user)
    form = AssignmentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        actor=user,
        candidates=candidates,
        parent=parent,
    )
    return form_page(
        request,
        form,
        lambda data: services.assignment_create_with_files(
            actor=user, uploads=data["attachments"], **form.service_kwargs()
        ),
        success=lambda item: _("Đã giao việc “%(title)s”.") % {"title": item.title},
        redirect_to=lambda item: reverse("assignments:detail", args=[item.pk]),
        template="assignments/create.html",
        context={"parent": parent},
    )


@require_safe
@login_required
def deadline_preview(request: HttpRequest) -> HttpResponse:
    """The date "N ngày làm việc" gives from the start date (htmx, beside the form field)."""
    day, problem = DeadlinePreviewForm(request.GET).preview()
    return render(request, "assignments/_deadline_preview.html", {"day": day, "problem": problem})


# --- the item page --------------------------------------------------------------------------------


def _action_forms(
    request: HttpRequest, page: selectors.ItemPage, actions: selectors.ItemActions
) -> dict[str, Any]:
    item = page.item
    forms: dict[str, Any] = {}
    if actions.report:
        forms["report"] = ProgressForm(item=item, prefix="report")
    if actions.submit:
        forms["submit"] = SubmitForm(prefix="submit", item=item)
    if actions.approve:
        forms["approve"] = ApproveForm(prefix="approve")
    if actions.return_:
        forms["return"] = ReasonForm(prefix="return")
    if actions.reassign:
        forms["reassign"] = ReassignForm(
            prefix="reassign", actor=request.user, candidates=selectors.assign_candidates(request.user)
        )
    if actions.request_extension:
        forms["extension"] = ExtensionRequestForm(prefix="extension")
    if actions.decide_extension:
        forms["decide"] = ExtensionDecisionForm(prefix="decide")
    if actions.cancel:
        forms["cancel"] = ReasonForm(prefix="cancel")
    if actions.attach:
        forms["attach"] = AttachForm(prefix="attach")
    return forms


def _render_detail(
    request: HttpRequest, item: Assignment, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    page = selectors.item_page(item)
    actions = selectors.item_actions(request.user, page)
    forms = _action_forms(request, page, actions)
    forms.update(bound or {})
    top = services.rating_max()
    stars = "★" * item.rating + "☆" * (top - item.rating) if item.rating and top <= 10 else ""
    return render(
        request,
        "assignments/detail.html",
        {
            "item": item,
            "page": page,
            "actions": actions,
            "forms": forms,
            "open_form": next(iter(bound), "") if bound else "",
            "rating_max": top,
            "stars": stars,
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_safe
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_assignment(request.user, pk)
    selectors.decorate([item], today=timezone.localdate())
    return _render_detail(request, item)


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form_class: type,
    call: Callable[[Assignment, Any], Any],
    done: str,
    fallback: str | None = None,
    form_kwargs: Callable[[Assignment], dict[str, Any]] | None = None,
) -> HttpResponse:
    """One action of the item page: parse its form, call its service, redirect or show why not."""
    item = access_assignment(request.user, pk)
    extra = form_kwargs(item) if form_kwargs else {}
    form = form_class(request.POST, request.FILES, prefix=key, **extra)
    outcome = submit_form(
        request,
        form,
        lambda data: call(item, data),
        success=done,
        redirect_to=reverse("assignments:detail", args=[pk]),
        fallback=fallback,
    )
    if outcome.response is not None:
        return outcome.response
    item = access_assignment(request.user, pk)
    selectors.decorate([item], today=timezone.localdate())
    return _render_detail(request, item, bound={key: form}, status=outcome.status)


@require_POST
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    def call(item: Assignment, data: dict[str, Any]) -> None:
        services.progress_report(
            item=item, actor=request.user, percent=data["percent"], text=data["text"], uploads=data["files"]
        )

    return _act(
        request,
        pk,
        key="report",
        form_class=ProgressForm,
        call=call,
        done=_("Đã báo cáo tiến độ."),
        fallback="files",
    )


@require_POST
@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="submit", form_class=SubmitForm, done=_("Đã gửi kết quả; đang chờ duyệt."),
        call=lambda item, data: services.submit(
            item=item, actor=request.user, note=data["note"], uploads=data["files"],
            incomplete_confirmed=data.get("incomplete_confirmed", False),
        ),
        fallback="note", form_kwargs=lambda item: {"item": item},
    )  # fmt: skip


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="approve", form_class=ApproveForm, done=_("Đã duyệt hoàn thành và đánh giá công việc."),
        call=lambda item, data: services.approve(item=item, actor=request.user, rating=data["rating"], comment=data["comment"]),
    )  # fmt: skip


@require_POST
@login_required
def return_result(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="return", form_class=ReasonForm, done=_("Đã trả lại kết quả cho người chủ trì."),
        call=lambda item, data: services.return_result(item=item, actor=request.user, reason=data["reason"]),
    )  # fmt: skip


@require_POST
@login_required
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    def form_kwargs(item: Assignment) -> dict[str, Any]:
        return {"actor": request.user, "candidates": selectors.assign_candidates(request.user)}

    return _act(
        request, pk, key="reassign", form_class=ReassignForm, done=_("Đã giao lại công việc."), form_kwargs=form_kwargs,
        call=lambda item, data: services.reassign(item=item, actor=request.user, reason=data["reason"], **data["lead"]),
    )  # fmt: skip


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="cancel", form_class=ReasonForm, done=_("Đã hủy công việc."),
        call=lambda item, data: services.cancel(item=item, actor=request.user, reason=data["reason"]),
    )  # fmt: skip


@require_POST
@login_required
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="extension", form_class=ExtensionRequestForm, done=_("Đã gửi đề nghị gia hạn."),
        call=lambda item, data: services.request_extension(
            item=item, actor=request.user, new_deadline=data["new_deadline"], reason=data["reason"]
        ),
    )  # fmt: skip


@require_POST
@login_required
def extension_decide(request: HttpRequest, pk: int, extension_id: int) -> HttpResponse:
    grant = request.POST.get("decision") == "grant"

    def call(item: Assignment, data: dict[str, Any]) -> None:
        extension = selectors.extension_of(item, extension_id)
        services.decide_extension(extension=extension, actor=request.user, grant=grant, note=data["note"])

    done = _("Đã đồng ý gia hạn.") if grant else _("Đã không đồng ý gia hạn.")
    return _act(
        request, pk, key="decide", form_class=ExtensionDecisionForm, done=done, call=call, fallback="note"
    )


@require_POST
@login_required
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    def call(item: Assignment, data: dict[str, Any]) -> None:
        services.add_attachments(item=item, actor=request.user, uploads=data["files"])

    return _act(
        request,
        pk,
        key="attach",
        form_class=AttachForm,
        done=_("Đã đính kèm tệp."),
        call=call,
        fallback="files",
    )


@require_POST
@login_required
def checklist_toggle(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    """Tick or untick one line of the checklist; an htmx request gets the line back."""
    item = access_assignment(request.user, pk)
    entry = services.checklist_toggle(
        item=item, actor=request.user, checklist_id=entry_id, done=request.POST.get("done") == "1"
    )
    if getattr(request, "htmx", False):
        done, total = selectors.checklist_count(item)
        line = render_to_string(
            "assignments/_checklist_entry.html",
            {"entry": entry, "item": item, "can_tick": True},
            request=request,
        )
        count = render_to_string(  # the "(2/3)" of the heading, swapped in beside the line
            "assignments/_checklist_count.html", {"done": done, "total": total, "oob": True}, request=request
        )
        return HttpResponse(line + count)
    return redirect(reverse("assignments:detail", args=[pk]) + "#dau-viec")


@require_safe
@login_required
def download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """A file of the item or of one of its reports, for those who may see the item."""
    item = access_assignment(request.user, pk)
    stored = selectors.item_file(item, file_id)
    return stored_file_download(stored)


urlpatterns = [
    path("", mine, name="mine"),
    path("da-giao/", given, name="given"),
    path("don-vi/", unit, name="unit"),
    path("lanh-dao-giao/", leaders, name="leaders"),
    path("giao-viec/", create, name="create"),
    path("giao-viec/han/", deadline_preview, name="deadline_preview"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/bao-cao-tien-do/", report, name="progress_report"),
    path("<int:pk>/gui-ket-qua/", submit, name="submit"),
    path("<int:pk>/duyet/", approve, name="approve"),
    path("<int:pk>/tra-lai/", return_result, name="return"),
    path("<int:pk>/giao-lai/", reassign, name="reassign"),
    path("<int:pk>/huy/", cancel, name="cancel"),
    path("<int:pk>/de-nghi-gia-han/", extension_request, name="extension_request"),
    path("<int:pk>/gia-han/<int:extension_id>/", extension_decide, name="extension_decide"),
    path("<int:pk>/dinh-kem/", attach, name="attach"),
    path("<int:pk>/dau-viec/<int:entry_id>/", checklist_toggle, name="checklist_toggle"),
    path("<int:pk>/tep/<int:file_id>/", download, name="file"),
]
