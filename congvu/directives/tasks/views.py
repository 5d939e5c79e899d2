"""Screens of directive follow-up: the agencies' tasks, the task page, the review queue."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError  # built by the tasks package


def tasks(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError  # built by the tasks package (the list behind the DIR-6 figures)


urlpatterns = [
    path("nhiem-vu/", tasks, name="tasks"),
    path("nhiem-vu/<int:pk>/", task_detail, name="task_detail"),
]
