from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path, reverse

from congvu.api import api
from congvu.core import views as core_views

# Django's admin serves system administrators only, and signs in through the product's own page
# (lockout, audit, second factor): its own login form would be a side door.
admin.site.login = lambda request, extra_context=None: redirect_to_login(  # type: ignore[method-assign]
    request.get_full_path(), reverse("accounts:login")
)
admin.site.site_header = "Công Vụ — quản trị kỹ thuật"
admin.site.site_title = "Công Vụ"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("congvu.accounts.urls")),
    path("to-chuc/", include("congvu.org.urls")),
    path("thong-bao/", include("congvu.notifications.urls")),
    path("cong-viec/", include("congvu.assignments.urls")),
    path("quan-tri/", include("congvu.core.urls")),
    path("danh-muc/", include("congvu.catalogues.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
