"""/quan-tri/: the administration page and the portal's administration screens."""

from django.urls import path

from congvu.portal.audit import views as audit_views
from congvu.portal.calendar import views as calendar_views
from congvu.portal.home import views as home_views

app_name = "portal"
urlpatterns = [
    path("", home_views.admin_index, name="admin_index"),
    *audit_views.urlpatterns,
    *calendar_views.urlpatterns,
]
