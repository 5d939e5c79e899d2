from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def request_list(request):
    return render(request, "accounts/request_list.html", {})


urlpatterns = [path("de-nghi/", request_list, name="request_list")]
