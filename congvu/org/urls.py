from django.urls import path

from congvu.org.views import delegations

app_name = "org"
urlpatterns = [
    path("uy-quyen/", delegations.delegation_list, name="delegations"),
]
