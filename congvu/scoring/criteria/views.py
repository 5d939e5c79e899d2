"""The criteria-set screens of Home Affairs (SCORE-1, R-PAR-1, R-PAR-4), under /cham-diem/bo-tieu-chi/.

Adapters only: every screen is Home Affairs' (``policies.is_manager``: anyone else 403 — appraisers
and units read a set through their period's pages); a missing set is 404. Each form calls one
service (set_create / set_replace_tree / set_copy / set_delete); a refusal comes back on the page
with what was typed — the whole table as typed for an edit — and nothing changes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.core.screens import form_page, press_button, submit_form
from congvu.scoring import policies, rules, services
from congvu.scoring.criteria import exports, selectors
from congvu.scoring.criteria.forms import (
    MORE_ROWS,
    SCREEN_ROWS,
    ImportForm,
    SetCopyForm,
    SetCreateForm,
    initial_rows,
    node_formset,
)
from congvu.scoring.models import CriteriaSet, Kind
from congvu.scoring.sample import sample_nodes

PREFIX = "n"


def _manager_or_refuse(user: Any) -> None:
    policies.is_manager(user).require()


def _set_or_404(pk: int) -> CriteriaSet:
    found = selectors.set_with_figures(pk)
    if found is None:
        raise Refused.not_found(_("Không tìm thấy bộ tiêu chí."))
    return found


def _frozen(criteria_set: CriteriaSet) -> bool:
    """Read from the list's figures (``selectors.sets_with_figures``)."""
    return bool(getattr(criteria_set, "frozen", False))


def _detail_url(criteria_set: CriteriaSet) -> str:
    return reverse("scoring:set_detail", args=[criteria_set.pk])


def _read_upload(upload: Any) -> list[services.NodeInput]:
    data = upload.read(exports.MAX_UPLOAD_BYTES + 1)
    return exports.read_workbook(upload.name or "", data)


# --- the list and one set -------------------------------------------------------------------------


@require_safe
@login_required
def set_list(request: HttpRequest) -> HttpResponse:
    """ "Bộ tiêu chí chấm điểm": every set, newest year first."""
    _manager_or_refuse(request.user)
    sets = selectors.set_list()
    return render(
        request,
        "scoring/criteria/list.html",
        {"sets": sets, "bounded": len(sets) >= selectors.MAX_SETS},
    )


@require_safe
@login_required
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The tree, indented by level, with each area's total and the buttons its state allows."""
    _manager_or_refuse(request.user)
    criteria_set = _set_or_404(pk)
    return render(
        request,
        "scoring/criteria/detail.html",
        {
            "set": criteria_set,
            "blocks": selectors.tree_of(criteria_set),
            "import_form": None if _frozen(criteria_set) else ImportForm(),
            "total": getattr(criteria_set, "total_shown", ""),
        },
    )


# --- a new set, a copy, a deletion ----------------------------------------------------------------


@login_required
def set_create(request: HttpRequest) -> HttpResponse:
    """ "Thêm bộ tiêu chí": year, kind, name, and where the tree comes from (the sample of standards
    §6.3, a workbook, or a copy of a set)."""
    user = request.user
    _manager_or_refuse(user)
    sets = selectors.set_list()
    form = SetCreateForm(
        request.POST or None,
        request.FILES or None,
        sets=sets,
        initial={"year": timezone.localdate().year + 1, "kind": Kind.PAR_INDEX},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            nodes: list[services.NodeInput] = []
            try:
                if data["start"] == SetCreateForm.XLSX:
                    nodes = _read_upload(data["file"])  # read before any transaction opens
                elif data["start"] == SetCreateForm.SAMPLE:
                    nodes = sample_nodes()
            except Refused as refused:
                bind_refusal(form, refused, fallback="file")
            else:

                def create(d: dict[str, Any]) -> CriteriaSet:
                    if d["start"] == SetCreateForm.COPY:
                        return services.set_copy(
                            source=d["source"], year=d["year"], name=d["name"], actor=user
                        )
                    return services.set_create(
                        year=d["year"], kind=d["kind"], name=d["name"], nodes=nodes, actor=user
                    )

                fallback = {SetCreateForm.XLSX: "file", SetCreateForm.COPY: "source"}.get(data["start"])
                outcome = submit_form(
                    request,
                    form,
                    create,
                    success=lambda s: _("Đã tạo bộ tiêu chí “%(name)s”.") % {"name": s.name},
                    redirect_to=_detail_url,
                    fallback=fallback,
                )
                if outcome.response is not None:
                    return outcome.response
                status = outcome.status
    return render(request, "scoring/criteria/create.html", {"form": form}, status=status)


@login_required
def set_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Sao chép sang năm mới": a frozen set is carried forward and edited there."""
    user = request.user
    _manager_or_refuse(user)
    source = _set_or_404(pk)
    initial = {"year": source.year + 1, "name": source.name}
    form = SetCopyForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda d: services.set_copy(source=source, year=d["year"], name=d["name"], actor=user),
        success=lambda s: (
            _("Đã sao chép thành bộ tiêu chí “%(name)s” năm %(year)s.") % {"name": s.name, "year": s.year}
        ),
        redirect_to=_detail_url,
        template="scoring/criteria/copy.html",
        context={"set": source},
    )


@require_POST
@login_required
def set_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _manager_or_refuse(user)
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    name = criteria_set.name
    response = press_button(
        request,
        lambda: services.set_delete(criteria_set=criteria_set, actor=user),
        success=_("Đã xóa bộ tiêu chí “%(name)s”.") % {"name": name},
        redirect_to=reverse("scoring:sets"),
    )
    if CriteriaSet.objects.filter(pk=pk).exists():  # refused: back to the set
        return redirect(_detail_url(criteria_set))
    return response


# --- the workbook ---------------------------------------------------------------------------------


@require_safe
@login_required
def set_export(request: HttpRequest, pk: int) -> HttpResponse:
    _manager_or_refuse(request.user)
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    response = HttpResponse(exports.workbook(services.nodes_of(criteria_set)), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(criteria_set)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def set_import(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Nhập từ Excel": the workbook's tree replaces the set's (a set not yet in use)."""
    user = request.user
    _manager_or_refuse(user)
    criteria_set = _set_or_404(pk)
    if _frozen(criteria_set):
        raise Refused.wrong_state(services.FROZEN)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                nodes = _read_upload(form.cleaned_data["file"])
            except Refused as refused:
                bind_refusal(form, refused, fallback="file")
            else:
                outcome = submit_form(
                    request,
                    form,
                    lambda d: services.set_replace_tree(criteria_set=criteria_set, nodes=nodes, actor=user),
                    success=_("Đã nhập bộ tiêu chí từ tệp Excel."),
                    redirect_to=_detail_url(criteria_set),
                    fallback="file",
                )
                if outcome.response is not None:
                    return outcome.response
                status = outcome.status
    return render(request, "scoring/criteria/import.html", {"form": form, "set": criteria_set}, status=status)


# --- the whole tree as one table ------------------------------------------------------------------


class TreeForm(forms.Form):
    """No field of its own: carries the service's refusal of the whole table to the page (and to
    the error summary at its top)."""


def _posted_rows(data: QueryDict) -> int:
    raw = data.get(f"{PREFIX}-TOTAL_FORMS", "")
    rows = int(raw) if raw.isdigit() and len(raw) < 5 else 0
    return min(rows, SCREEN_ROWS)


def _wrong_codes(nodes: list[services.NodeInput]) -> set[str]:
    """The codes whose maximum is not the sum of their children's, to mark their rows."""
    try:
        return {m.code for m in rules.mismatches([(n.code, rules.points(n.max_points)) for n in nodes])}
    except Refused:
        return set()


@login_required
def set_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Sửa bộ tiêu chí": every node in one table, sent as one form; the tree is checked whole
    (R-PAR-1) and saved whole, or refused with the table as typed."""
    user = request.user
    _manager_or_refuse(user)
    criteria_set = _set_or_404(pk)
    if _frozen(criteria_set):
        raise Refused.wrong_state(services.FROZEN)
    too_big = getattr(criteria_set, "node_count", 0) > SCREEN_ROWS
    posted = request.POST if request.method == "POST" else None
    tree_form = TreeForm(posted)
    status = 200
    wrong: set[str] = set()
    if too_big:
        formset = None
    elif posted is None:
        rows = initial_rows(services.nodes_of(criteria_set))
        formset = node_formset(MORE_ROWS)(prefix=PREFIX, initial=rows)
    elif "more_rows" in posted:
        # Only a longer table: what was typed comes back, nothing is checked yet.
        typed = node_formset(0)(posted, prefix=PREFIX)
        kept = [
            {name: f[name].value() for name in f.fields if name != "DELETE"}
            for f in typed.forms
            if not f["DELETE"].value()
        ]
        extra = min(MORE_ROWS, SCREEN_ROWS - len(kept))
        formset = node_formset(max(extra, 0))(prefix=PREFIX, initial=kept)
    else:
        formset = node_formset(_posted_rows(posted))(posted, prefix=PREFIX)
        status = 400
        if formset.is_valid():
            nodes = formset.nodes()
            try:
                with transaction.atomic():
                    services.set_replace_tree(criteria_set=criteria_set, nodes=nodes, actor=user)
            except Refused as refused:
                tree_form.add_error(None, refused.message)
                status = refused.status
                wrong = _wrong_codes(nodes)
            else:
                messages.success(request, _("Đã lưu bộ tiêu chí “%(name)s”.") % {"name": criteria_set.name})
                return redirect(_detail_url(criteria_set))
    return render(
        request,
        "scoring/criteria/edit.html",
        {
            "set": criteria_set,
            "formset": formset,
            "tree_form": tree_form,
            "too_big": too_big,
            "screen_rows": SCREEN_ROWS,
            "wrong": wrong,
        },
        status=status,
    )


urlpatterns = [
    path("bo-tieu-chi/", set_list, name="sets"),
    path("bo-tieu-chi/them-moi/", set_create, name="set_create"),
    path("bo-tieu-chi/<int:pk>/", set_detail, name="set_detail"),
    path("bo-tieu-chi/<int:pk>/sua/", set_edit, name="set_edit"),
    path("bo-tieu-chi/<int:pk>/sao-chep/", set_copy, name="set_copy"),
    path("bo-tieu-chi/<int:pk>/xuat-excel/", set_export, name="set_export"),
    path("bo-tieu-chi/<int:pk>/nhap-excel/", set_import, name="set_import"),
    path("bo-tieu-chi/<int:pk>/xoa/", set_delete, name="set_delete"),
]
