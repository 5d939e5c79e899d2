"""Outgoing documents' screens (DOC-4, DOC-5)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from congvu.documents import policies


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = policies.access_outgoing(request.user, pk)
    return render(request, "documents/outgoing/detail.html", {"doc": doc})


urlpatterns: list[URLPattern] = [
    path("di/<int:pk>/", detail, name="outgoing_detail"),
]
