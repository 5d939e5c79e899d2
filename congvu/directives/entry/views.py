"""Screens of directive follow-up: entering directives, their pages, who may read what (DIR-1, DIR-8,
DIR-9; seed 001 Đ8.1, Đ10.2).

Adapters only: each view checks access (``policies.access_directive``: 404 alike for missing and
invisible; the office's screens refuse anyone else with 403), parses a form, calls one service and
redirects with a message. A refusal from a service lands on the field it names — for the i-th task
of a new directive (``tasks-<i>-<field>``) on that row of the task formset — and nothing changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.core.screens import form_page, press_button, query_without, stored_file_download, submit_form
from congvu.directives import policies, services
from congvu.directives.entry import selectors
from congvu.directives.entry.forms import (
    TASK_ROWS,
    AccountSearchForm,
    AgencyChoiceForm,
    DirectiveForm,
    FilterForm,
    GrantForm,
    TaskForm,
    task_formset,
)
from congvu.directives.models import Directive
from congvu.org.models import Unit
from congvu.org.units import selectors as org_unit_selectors


def _office_agencies_or_refuse(user: Any) -> list[Unit]:
    agencies = policies.office_agencies(user)
    if not agencies:
        raise Refused.not_allowed(policies.NOT_OFFICE)
    return agencies


# --- the list -------------------------------------------------------------------------------------


@require_safe
@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    """ "Văn bản chỉ đạo": what the person may read, newest issue first, filterable."""
    user = request.user
    form = FilterForm(request.GET, signers=selectors.signer_choices(user))
    page = selectors.directive_page(user, filters=form.filters(), after=request.GET.get("sau"))
    return render(
        request,
        "directives/entry/list.html",
        {
            "page": page,
            "form": form,
            "query": query_without(request, "sau"),
            "is_office": bool(policies.office_agencies(user)),
            "late_view": False,
        },
    )


@require_safe
@login_required
def late(request: HttpRequest) -> HttpResponse:
    """ "Cập nhật trễ hạn": the office's drafts past their entry deadline and the directives it
    published after the deadline (seed 001 Đ8.1)."""
    user = request.user
    _office_agencies_or_refuse(user)
    items = list(selectors.late_entries(user)[:500])
    selectors.decorate(items, timezone.localdate())
    return render(
        request,
        "directives/entry/list.html",
        {"page": {"items": items, "has_next": False}, "late_view": True, "is_office": True},
    )


# --- entering a directive -------------------------------------------------------------------------


def _typed(form: Any) -> dict[str, Any]:
    """What the person typed in ``form`` (bound), as the initial values of a fresh copy of it."""
    return {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def _task_rows(data: QueryDict | None) -> int:
    """How many task rows the page shows: as many as were posted, one more on "Thêm dòng"."""
    if data is None:
        return TASK_ROWS
    raw = data.get("tasks-TOTAL_FORMS", "")
    rows = int(raw) if raw.isdigit() and len(raw) < 4 else TASK_ROWS
    return rows + (1 if "more_rows" in data else 0)


def _bind_task_refusal(refused: Refused, form: Any, rows: list[Any]) -> None:
    """``tasks-<i>-<field>`` names the i-th task handed to the service: the i-th filled row."""
    name = refused.field or ""
    if name.startswith("tasks-"):
        _prefix, index, sub = (name.split("-", 2) + ["", ""])[:3]
        if index.isdigit() and int(index) < len(rows) and sub in rows[int(index)].fields:
            rows[int(index)].add_error(sub, refused.message)
            return
    if name == "tasks" and rows == []:
        form.add_error(None, refused.message)
        return
    bind_refusal(form, refused)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """ "Nhập văn bản chỉ đạo": the header, the file and one or more tasks; "Lưu nháp" keeps a draft
    the office completes, "Giao nhiệm vụ" sends the tasks to the agencies at once."""
    user = request.user
    agencies = _office_agencies_or_refuse(user)
    posted = request.POST if request.method == "POST" else None
    raw_agency = (posted or request.GET).get("agency") or ""
    agency = next((a for a in agencies if str(a.pk) == raw_agency), agencies[0])
    agency_form = AgencyChoiceForm({"agency": agency.pk}, agencies=agencies)
    leaders = policies.leaders_of(agency)
    units = selectors.agency_units(agency)
    officers = selectors.office_officers(agency)
    rows = _task_rows(posted)
    formset_class = task_formset(rows)
    task_kwargs = {"units": units, "officers": officers}
    status = 200
    if posted is not None and ("more_rows" in posted or "change_agency" in posted):
        # Only a new layout: what was typed comes back, nothing is checked yet.
        form = DirectiveForm(posted, request.FILES, leaders=leaders)
        form = DirectiveForm(initial=_typed(form), leaders=leaders)
        bound = formset_class(posted, prefix="tasks", form_kwargs=task_kwargs)
        formset = formset_class(prefix="tasks", form_kwargs=task_kwargs)
        for fresh, old in zip(formset.forms, bound.forms, strict=False):
            fresh.initial = _typed(old)
    elif posted is not None:
        form = DirectiveForm(posted, request.FILES, leaders=leaders)
        formset = formset_class(posted, prefix="tasks", form_kwargs=task_kwargs)
        publish = "publish" in posted
        if form.is_valid() and formset.is_valid():
            filled = formset.filled()
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    directive = services.directive_create(
                        agency=agency,
                        number=data["number"],
                        subject=data["subject"],
                        issued_on=data["issued_on"],
                        signer=data["signer"],
                        actor=user,
                        kind=data["kind"],
                        urgency=data["urgency"],
                        tasks=[f.task_input() for f in filled],
                        upload=data.get("file"),
                        publish=publish,
                    )
            except Refused as refused:
                _bind_task_refusal(refused, form, filled)
                status = refused.status
            else:
                if publish:
                    messages.success(
                        request, _("Đã giao nhiệm vụ của văn bản %(n)s.") % {"n": directive.number}
                    )
                else:
                    messages.success(request, _("Đã lưu nháp văn bản %(n)s.") % {"n": directive.number})
                return redirect(reverse("directives:directive_detail", args=[directive.pk]))
        else:
            status = 400
    else:
        form = DirectiveForm(leaders=leaders, initial={"issued_on": timezone.localdate()})
        formset = formset_class(prefix="tasks", form_kwargs=task_kwargs)
    return render(
        request,
        "directives/entry/create.html",
        {
            "form": form,
            "formset": formset,
            "agency": agency,
            "agency_form": agency_form if len(agencies) > 1 else None,
            "entry_working_days": services.ENTRY_WORKING_DAYS,
        },
        status=status,
    )


# --- one directive --------------------------------------------------------------------------------


def _header_form(directive: Directive, data: Any = None) -> DirectiveForm:
    """The draft's own fields, filled with what is saved (or with what was just typed)."""
    form = DirectiveForm(
        data,
        prefix="header",
        leaders=policies.leaders_of(directive.agency),
        initial={
            "number": directive.number,
            "kind": directive.kind,
            "subject": directive.subject,
            "issued_on": directive.issued_on,
            "signer": directive.signer_id,
            "urgency": directive.urgency,
        },
    )
    del form.fields["file"]
    return form


def _render_detail(
    request: HttpRequest,
    directive: Directive,
    *,
    task_form: Any = None,
    header_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    actions = selectors.directive_actions(request.user, directive)
    if actions["edit"] and header_form is None:
        header_form = _header_form(directive)
    if actions["add_task"] and task_form is None:
        task_form = TaskForm(
            prefix="task",
            units=selectors.agency_units(directive.agency),
            officers=selectors.office_officers(directive.agency),
        )
    today = timezone.localdate()
    selectors.decorate([directive], today)
    return render(
        request,
        "directives/entry/detail.html",
        {
            "directive": directive,
            "tasks": selectors.directive_tasks(directive),
            "actions": actions,
            "task_form": task_form if actions["add_task"] else None,
            "header_form": header_form if actions["edit"] else None,
            "today": today,
        },
        status=status,
    )


@require_safe
@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The directive, its entry deadline (late or not), its tasks with their monitors (DIR-9)."""
    return _render_detail(request, policies.access_directive(request.user, pk))


@require_POST
@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    directive = policies.access_directive(request.user, pk)
    return press_button(
        request,
        lambda: services.directive_publish(directive=directive, actor=request.user),
        success=_("Đã giao nhiệm vụ cho các cơ quan."),
        redirect_to=reverse("directives:directive_detail", args=[pk]),
    )


@require_POST
@login_required
def add_task(request: HttpRequest, pk: int) -> HttpResponse:
    directive = policies.access_directive(request.user, pk)
    form = TaskForm(
        request.POST,
        prefix="task",
        units=selectors.agency_units(directive.agency),
        officers=selectors.office_officers(directive.agency),
    )
    outcome = submit_form(
        request,
        form,
        lambda data: services.directive_add_task(
            directive=directive, data=form.task_input(), actor=request.user
        ),
        success=_("Đã thêm nhiệm vụ."),
        redirect_to=reverse("directives:directive_detail", args=[pk]),
        fallback="content",
    )
    if outcome.response is not None:
        return outcome.response
    return _render_detail(
        request, policies.access_directive(request.user, pk), task_form=form, status=outcome.status
    )


@require_POST
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The office corrects a draft's number, subject, issue date, signer or urgency."""
    directive = policies.access_directive(request.user, pk)
    form = _header_form(directive, request.POST)
    outcome = submit_form(
        request,
        form,
        lambda data: services.directive_update(
            directive=directive,
            actor=request.user,
            number=data["number"],
            subject=data["subject"],
            issued_on=data["issued_on"],
            signer=data["signer"],
            kind=data["kind"],
            urgency=data["urgency"],
        ),
        success=_("Đã sửa văn bản chỉ đạo."),
        redirect_to=reverse("directives:directive_detail", args=[pk]),
        fallback="number",
    )
    if outcome.response is not None:
        return outcome.response
    return _render_detail(
        request, policies.access_directive(request.user, pk), header_form=form, status=outcome.status
    )


@require_safe
@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The directive's file, for those who may read the directive."""
    directive = policies.access_directive(request.user, pk)
    stored = directive.file
    if stored is None:
        raise Refused.not_found("Văn bản chỉ đạo này không có tệp.")
    return stored_file_download(stored)


# --- who may read (DIR-8) -------------------------------------------------------------------------


@login_required
def grants(request: HttpRequest) -> HttpResponse:
    """ "Quyền xem dữ liệu chỉ đạo": the office lets an account read an agency's data, or stops it."""
    user = request.user
    _office_agencies_or_refuse(user)
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    search = AccountSearchForm({"q": query})
    candidates = org_unit_selectors.search_accounts(query) if query and search.is_valid() else []
    form = GrantForm(
        request.POST if request.method == "POST" else None,
        units=selectors.grant_units(user),
        candidates=candidates,
    )
    return form_page(
        request,
        form,
        lambda data: services.view_grant(user=data["user"], unit=data["unit"], actor=user),
        success=lambda grant: (
            _("Đã cho %(who)s xem dữ liệu chỉ đạo của %(unit)s.")
            % {"who": grant.user.full_name, "unit": grant.unit.name}
        ),
        redirect_to=reverse("directives:grants"),
        template="directives/entry/grants.html",
        context={
            "page": selectors.grant_page(user, after=request.GET.get("sau")),
            "search": search,
            "query": query,
            "candidates": candidates,
        },
    )


@require_POST
@login_required
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = selectors.access_grant(request.user, pk)
    return press_button(
        request,
        lambda: services.view_revoke(grant=grant, actor=request.user),
        success=_("Đã thu hồi quyền xem."),
        redirect_to=reverse("directives:grants"),
    )


urlpatterns = [
    path("", directive_list, name="list"),
    path("them-moi/", create, name="create"),
    path("tre-han/", late, name="late"),
    path("quyen-xem/", grants, name="grants"),
    path("quyen-xem/<int:pk>/thu-hoi/", grant_revoke, name="grant_revoke"),
    path("<int:pk>/", directive_detail, name="directive_detail"),
    path("<int:pk>/giao/", publish, name="publish"),
    path("<int:pk>/sua/", edit, name="edit"),
    path("<int:pk>/them-nhiem-vu/", add_task, name="add_task"),
    path("<int:pk>/tep/", download, name="file"),
]
