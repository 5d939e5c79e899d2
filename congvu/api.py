"""The JSON API under /api/v1/ (django-ninja): a second adapter over the same policies and services.

Authentication: the browser session (with its CSRF token) or a personal API token sent as
``Authorization: Bearer <token>``.
"""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError

from congvu.accounts.api_auth import SessionAuth, TokenAuth
from congvu.core.decisions import Refused

api = NinjaAPI(
    title="Công Vụ API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(Refused)
def refused(request: HttpRequest, exc: Refused):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)


def _register() -> None:
    from congvu.accounts.api import router as accounts_router
    from congvu.assignments.api import router as assignments_router
    from congvu.assignments.api_reports import router as assignment_reports_router
    from congvu.catalogues.api import router as catalogues_router
    from congvu.core.api import router as core_router
    from congvu.notifications.api import router as notifications_router
    from congvu.org.api import router as org_router

    api.add_router("/", core_router)
    api.add_router("/", accounts_router)
    api.add_router("/", org_router)
    api.add_router("/", notifications_router)
    api.add_router("/", catalogues_router)
    api.add_router("/assignments", assignments_router)
    api.add_router("/assignments", assignment_reports_router)


_register()

__all__ = ["api", "HttpError"]
