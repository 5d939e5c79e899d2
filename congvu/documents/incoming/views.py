from __future__ import annotations

from django.http import HttpResponse
from django.urls import URLPattern, path


def _stub(request, pk=0):  # type: ignore[no-untyped-def]
    return HttpResponse("")


urlpatterns: list[URLPattern] = [
    path("den/", _stub, name="incoming_list"),
    path("den/can-xu-ly/", _stub, name="incoming_todo"),
    path("den/<int:pk>/", _stub, name="incoming_detail"),
    path("ho-so/<int:pk>/", _stub, name="incoming_dossier_detail"),
]
