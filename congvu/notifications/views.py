"""The notification centre: a person's notifications, newest first, keyset-paginated."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from congvu.notifications import selectors, services


@login_required
def inbox(request):
    page = selectors.inbox_page(request.user, before=request.GET.get("truoc"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
def open_notification(request, pk: int):
    url = services.open_notification(user=request.user, pk=pk)
    return redirect(url or "notifications:inbox")
