from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def delegation_list(request):
    return render(request, "org/delegation_list.html", {})
