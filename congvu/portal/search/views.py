"""The search page "/tim-kiem/": what the header's box finds, by kind."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from congvu.core.decisions import Refused
from congvu.portal.search import selectors


@require_safe
@login_required
def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    kind = request.GET.get("loai", "")
    context: dict[str, Any] = {
        "q": text[: selectors.MAX_CHARS],
        "kind": kind,
        "kinds": selectors.kinds(),
        "groups": [],
    }
    if text.strip():
        try:
            context["groups"] = selectors.search(request.user, text, kind=kind)
        except Refused as refused:
            context["error"] = refused.message
            return render(request, "portal/search.html", context, status=400)
    return render(request, "portal/search.html", context)
