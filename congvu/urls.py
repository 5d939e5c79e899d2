from django.contrib import admin
from django.urls import include, path

from congvu.api import api
from congvu.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("congvu.accounts.urls")),
    path("to-chuc/", include("congvu.org.urls")),
    path("thong-bao/", include("congvu.notifications.urls")),
    path("quan-tri/", include("congvu.core.urls")),
    path("danh-muc/", include("congvu.catalogues.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
