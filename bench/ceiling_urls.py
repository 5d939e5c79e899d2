"""The product's addresses plus the ceiling page of ``request_path_bench.py`` (benchmark only).

The ceiling is a bare Django view on the product's own tables: signed in through the same
middleware, one query, 50 rows of work items, a few lines of HTML — what a page could cost if it did
nothing else. Each page's speed is reported as a ratio to it, measured in the same run.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.utils.html import escape

from congvu.assignments.models import Assignment
from congvu.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


@login_required
def ceiling(request):
    rows = Assignment.objects.order_by("-id").values_list("id", "title", "deadline", "status")[:50]
    body = "".join(
        f"<tr><td>{pk}</td><td>{escape(title)}</td><td>{deadline:%d/%m/%Y}</td><td>{status}</td></tr>"
        for pk, title, deadline, status in rows
    )
    return HttpResponse(f"<!doctype html><title>ceiling</title><table>{body}</table>")


urlpatterns = [path("bench/ceiling/", ceiling), *urlpatterns]
