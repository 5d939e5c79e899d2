"""Documents search screen "/van-ban/tim-kiem/" (DOC-10, F-6d): the words, a filter on every field,
results by relevance or date with the matched words marked and urgent documents standing out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_safe

from congvu.core.decisions import Refused
from congvu.documents.search import selectors
from congvu.documents.search.forms import SearchForm

TEMPLATE = "documents/search/search.html"


@require_safe
@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, today=timezone.localdate())
    context: dict[str, Any] = {"form": form, "results": None, "searched": bool(request.GET)}
    if not request.GET:
        return render(request, TEMPLATE, context)
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    data = form.cleaned_data
    try:
        context["results"] = selectors.document_search(
            request.user, data.get("q") or "", form.filters(), data.get("sap_xep") or "relevance",
            page=data.get("trang") or 1,
        )  # fmt: skip
    except Refused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return render(request, TEMPLATE, context, status=400)
    query = request.GET.copy()
    query.pop("trang", None)
    context["page_query"] = query.urlencode()
    context["open_filters"] = form.has_filters()
    return render(request, TEMPLATE, context)


urlpatterns: list[URLPattern] = [
    path("tim-kiem/", search, name="search"),
]
