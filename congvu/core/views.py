"""The home page "Hôm nay" and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from congvu.core import home as home_selectors


@login_required
def home(request):
    return render(request, "core/home.html", home_selectors.home_context(request.user))


def healthz(request):
    """Liveness and database reachability, for the load balancer (ADM-6)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
