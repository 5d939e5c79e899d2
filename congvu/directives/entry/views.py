"""Screens of directive follow-up: entering directives, their pages, who may read what."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError  # built by the entry package


urlpatterns = [path("<int:pk>/", directive_detail, name="directive_detail")]
