"""The home page "Hôm nay", the administration page "Quản trị" and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from congvu.org.policies import is_system_administrator
from congvu.portal.home import selectors
from congvu.portal.home.policies import can_open_administration


@require_safe
@login_required
def home(request):
    return render(request, "portal/home.html", selectors.home_context(request.user))


@require_safe
@login_required
def admin_index(request):
    can_open_administration(request.user).require()
    return render(
        request,
        "portal/admin_index.html",
        {
            "groups": selectors.admin_groups(request.user),
            "is_system_admin": is_system_administrator(request.user),
        },
    )


def healthz(request):
    """Liveness and database reachability, for the load balancer (ADM-6)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
