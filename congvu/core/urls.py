"""/quan-tri/: the administration screens of core."""

from django.urls import path

from congvu.core import views_admin

app_name = "core"
urlpatterns = [
    path("", views_admin.admin_index, name="admin_index"),
    path("nhat-ky/", views_admin.audit_list, name="audit_list"),
    path("nhat-ky/xuat/", views_admin.audit_export, name="audit_export"),
    path("nhat-ky/<int:pk>/", views_admin.audit_detail, name="audit_detail"),
    path("lich/", views_admin.calendar_view, name="calendar"),
    path("lich/<int:pk>/sua/", views_admin.calendar_override_edit, name="calendar_override_edit"),
    path("lich/<int:pk>/xoa/", views_admin.calendar_override_delete, name="calendar_override_delete"),
]
