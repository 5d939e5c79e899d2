"""The JSON API under /api/v1/ (django-ninja): a second adapter over the same policies, services
and selectors as the screens. Modules mount their routers themselves (``core.registry.api``);
errors have one shape (``core.api_errors``).

Authentication: the browser session (with its CSRF token) or a personal API token sent as
``Authorization: Bearer <token>``. The documentation (``/api/v1/docs``) and the schema
(``/api/v1/openapi.json``) are for signed-in people too.
"""

from __future__ import annotations

from django.utils.module_loading import import_string
from ninja import NinjaAPI

from congvu.accounts.signin.api import SessionAuth, TokenAuth, signed_in_only
from congvu.core import api_errors, registry

api = NinjaAPI(
    title="Công Vụ API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
    # Swagger UI from the product's own static files ("ninja" among the apps): no CDN, so the page
    # works on a government network without the internet; for signed-in people only.
    docs_decorator=signed_in_only,
)
api_errors.install(api)

for mount in registry.api_mounts():
    api.add_router(mount.prefix, import_string(mount.target))

__all__ = ["api"]
