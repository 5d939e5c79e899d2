"""Screens of directive follow-up: the agencies' tasks, the task page, the review queue."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError  # built by the tasks package


urlpatterns = [path("nhiem-vu/<int:pk>/", task_detail, name="task_detail")]
