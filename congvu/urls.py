"""The site's addresses: the portal (home, administration), each module's screens as it mounted
them (``core.registry.urls``), the API and Django's own admin."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path, reverse

from congvu.api import api
from congvu.core import registry
from congvu.portal.home import views as home_views
from congvu.portal.search import views as search_views

# Django's admin serves system administrators only, and signs in through the product's own page
# (lockout, audit, second factor): its own login form would be a side door.
admin.site.login = lambda request, extra_context=None: redirect_to_login(  # type: ignore[method-assign]
    request.get_full_path(), reverse("accounts:login")
)
admin.site.site_header = "Công Vụ — quản trị kỹ thuật"
admin.site.site_title = "Công Vụ"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", home_views.healthz, name="healthz"),
    path("readyz", home_views.readyz, name="readyz"),
    path("tim-kiem/", search_views.search, name="search"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", include("congvu.portal.urls")),
    *(path(mount.prefix, include(mount.target)) for mount in registry.url_mounts()),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler400 = "congvu.portal.home.views.bad_request"
handler403 = "congvu.portal.home.views.permission_denied"
handler404 = "congvu.portal.home.views.page_not_found"
handler500 = "congvu.portal.home.views.server_error"
