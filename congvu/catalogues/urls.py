from django.urls import path

from congvu.catalogues import views

app_name = "catalogues"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.entry_list, name="list"),
    path("<slug:slug>/them/", views.entry_create, name="create"),
    path("<slug:slug>/<int:pk>/sua/", views.entry_edit, name="edit"),
    path("<slug:slug>/<int:pk>/trang-thai/", views.entry_set_active, name="set_active"),
    path("<slug:slug>/<int:pk>/xoa/", views.entry_delete, name="delete"),
]
