from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def delegation_list(request):
    return render(request, "org/delegation_list.html", {})


urlpatterns = [path("uy-quyen/", delegation_list, name="delegations")]
