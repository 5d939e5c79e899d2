"""The home page "Hôm nay", the administration page "Quản trị" and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from congvu.core import api_errors, health, personal
from congvu.org import tree
from congvu.org.policies import is_system_administrator
from congvu.portal.home import selectors
from congvu.portal.home.policies import can_open_administration


@require_safe
@login_required
@personal.kept_page("home", facts=tree.page_standing, acting_for=tree.page_principal_ids)
def home(request):
    """The person's numbers and sections, kept for them until they act or are sent something
    (``congvu.core.personal``): the whole page, and its body alone for when the page cannot be
    kept (a message to show once)."""

    def build() -> tuple[list[str], str]:  # the body stays a SafeString through the cache's pickle
        context = selectors.home_context(request.user)
        return context["stylesheets"], render_to_string("portal/_home_body.html", context, request=request)

    user = request.user
    stylesheets, body = personal.kept(
        user, "home", tree.standing(user), build, acting_for=tree.principal_ids(user)
    )
    return render(request, "portal/home.html", {"stylesheets": stylesheets, "body": body})


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


@require_safe
def readyz(request):
    """Ready to serve (ADM-6): database, cache, storage and a live task worker; 503 otherwise."""
    checks = health.readiness()
    ready = all(answer == "ok" for answer in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


# --- error pages: the site's layout, Vietnamese, a way back; JSON for the API ---------------------

ERRORS = {
    400: (
        _("Yêu cầu không hợp lệ"),
        _("Trang không hiểu được yêu cầu này. Vui lòng thử lại từ trang trước."),
    ),
    403: (_("Không được phép"), _("Ông/bà không có quyền xem trang này.")),
    404: (_("Không tìm thấy"), _("Trang này không có, hoặc ông/bà không có quyền xem.")),
    500: (
        _("Có lỗi xảy ra"),
        _("Hệ thống gặp lỗi khi xử lý yêu cầu. Dữ liệu đã lưu không bị mất; vui lòng thử lại sau ít phút."),
    ),
}


def _error(request, status: int, exception: Exception | None = None):
    if request.path.startswith("/api/"):
        detail = str(exception) if exception is not None and str(exception) else str(ERRORS[status][1])
        return JsonResponse(api_errors.body(status, detail), status=status)
    title, message = ERRORS[status]
    return render(
        request, "errors/page.html", {"status": status, "title": title, "message": message}, status=status
    )


def bad_request(request, exception=None):
    return _error(request, 400)


def permission_denied(request, exception=None):
    return _error(request, 403, exception)


def page_not_found(request, exception=None):
    return _error(request, 404)


def server_error(request):
    return _error(request, 500)
