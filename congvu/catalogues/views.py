"""Screens of the catalogues (ADM-1): everyone signed in reads, administrators change.

One set of views serves the five catalogues through ``registry.CATALOGUES``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvu.catalogues import policies, services
from congvu.catalogues.forms import CatalogueSearchForm
from congvu.catalogues.registry import BY_SLUG, CATALOGUES, Catalogue
from congvu.core.decisions import Refused
from congvu.core.pagination import keyset_page


def _catalogue(slug: str) -> Catalogue:
    catalogue = BY_SLUG.get(slug)
    if catalogue is None:
        raise Http404("Không có danh mục này.")
    return catalogue


def _require_editor(user) -> None:
    decision = policies.can_edit_catalogues(user)
    if not decision:
        raise PermissionDenied(decision.reason)


@login_required
def index(request):
    counts = {c.slug: c.model._default_manager.filter(is_active=True).count() for c in CATALOGUES}
    rows = [(c, counts[c.slug]) for c in CATALOGUES]
    return render(
        request,
        "catalogues/index.html",
        {"rows": rows, "can_edit": bool(policies.can_edit_catalogues(request.user))},
    )


@login_required
def entry_list(request, slug: str):
    catalogue = _catalogue(slug)
    search = CatalogueSearchForm(request.GET or None)
    qs = catalogue.model._default_manager.all()
    query, inactive = "", False
    if search.is_valid():
        query, inactive = search.cleaned_data["q"], search.cleaned_data["inactive"]
    if not inactive:
        qs = qs.filter(is_active=True)
    qs = catalogue.search(qs, query)
    page = keyset_page(qs, order=catalogue.order, after=request.GET.get("sau"), size=settings.PAGE_SIZE)
    rows = [(entry, catalogue.cells(entry)) for entry in page.items]
    params = request.GET.copy()
    params.pop("sau", None)
    return render(
        request,
        "catalogues/list.html",
        {
            "catalogue": catalogue,
            "headers": [c.label for c in catalogue.columns],
            "rows": rows,
            "page": page,
            "search": search,
            "query_string": params.urlencode(),
            "can_edit": bool(policies.can_edit_catalogues(request.user)),
        },
    )


def _save_form(request, catalogue: Catalogue, entry=None):
    form = catalogue.form(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            saved = catalogue.service(entry=entry, actor=request.user, **form.cleaned_data)
        except Refused as refused:
            field = refused.field if refused.field in form.fields else None
            form.add_error(field, refused.message)
        else:
            messages.success(request, _("Đã lưu “%(name)s”.") % {"name": saved})
            return redirect("catalogues:list", slug=catalogue.slug)
    return render(request, "catalogues/form.html", {"catalogue": catalogue, "form": form, "entry": entry})


@login_required
def entry_create(request, slug: str):
    catalogue = _catalogue(slug)
    _require_editor(request.user)
    return _save_form(request, catalogue)


@login_required
def entry_edit(request, slug: str, pk: int):
    catalogue = _catalogue(slug)
    entry = policies.access_entry(request.user, catalogue.model, pk, "edit")
    return _save_form(request, catalogue, entry)


@login_required
@require_POST
def entry_set_active(request, slug: str, pk: int):
    catalogue = _catalogue(slug)
    entry = policies.access_entry(request.user, catalogue.model, pk, "edit")
    active = request.POST.get("active") == "1"
    try:
        services.entry_set_active(entry=entry, active=active, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        if active:
            messages.success(request, _("“%(name)s” đã được dùng lại.") % {"name": entry})
        else:
            messages.success(request, _("“%(name)s” đã ngừng sử dụng.") % {"name": entry})
    return redirect("catalogues:list", slug=catalogue.slug)


@login_required
def entry_delete(request, slug: str, pk: int):
    catalogue = _catalogue(slug)
    entry = policies.access_entry(request.user, catalogue.model, pk, "edit")
    if request.method == "POST":
        try:
            services.entry_delete(entry=entry, actor=request.user)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Đã xóa “%(name)s”.") % {"name": entry})
        return redirect("catalogues:list", slug=catalogue.slug)
    return render(request, "catalogues/confirm_delete.html", {"catalogue": catalogue, "entry": entry})
