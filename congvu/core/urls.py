from django.urls import path

from congvu.core.views import admin_index

app_name = "core"
urlpatterns = [
    path("", admin_index, name="admin_index"),
]
