"""Screens of the catalogues (ADM-1): everyone signed in reads, administrators change.

One set of views serves the five catalogues through ``registry.CATALOGUES``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvu.catalogues import policies, services
from congvu.catalogues.forms import CatalogueSearchForm
from congvu.catalogues.registry import BY_SLUG, CATALOGUES, Catalogue
from congvu.core.decisions import Refused
from congvu.core.pagination import keyset_page
from congvu.core.screens import form_page, press_button


def _catalogue(slug: str) -> Catalogue:
    catalogue = BY_SLUG.get(slug)
    if catalogue is None:
        raise Refused.not_found("Không có danh mục này.")
    return catalogue


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
    return form_page(
        request,
        form,
        lambda data: catalogue.service(entry=entry, actor=request.user, **data),
        success=lambda saved: _("Đã lưu “%(name)s”.") % {"name": saved},
        redirect_to=reverse("catalogues:list", args=[catalogue.slug]),
        template="catalogues/form.html",
        context={"catalogue": catalogue, "entry": entry},
    )


@login_required
def entry_create(request, slug: str):
    catalogue = _catalogue(slug)
    policies.can_edit_catalogues(request.user).require()
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
    done = _("“%(name)s” đã được dùng lại.") if active else _("“%(name)s” đã ngừng sử dụng.")
    return press_button(
        request,
        lambda: services.entry_set_active(entry=entry, active=active, actor=request.user),
        success=done % {"name": entry},
        redirect_to=reverse("catalogues:list", args=[catalogue.slug]),
    )


@login_required
def entry_delete(request, slug: str, pk: int):
    catalogue = _catalogue(slug)
    entry = policies.access_entry(request.user, catalogue.model, pk, "edit")
    if request.method == "POST":
        return press_button(
            request,
            lambda: services.entry_delete(entry=entry, actor=request.user),
            success=_("Đã xóa “%(name)s”.") % {"name": entry},
            redirect_to=reverse("catalogues:list", args=[catalogue.slug]),
        )
    return render(request, "catalogues/confirm_delete.html", {"catalogue": catalogue, "entry": entry})
