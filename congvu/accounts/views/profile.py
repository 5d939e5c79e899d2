from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {})


urlpatterns = [path("ho-so/", profile, name="profile")]
