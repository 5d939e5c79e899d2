"""Screens of maintenance and incident notices (ADM-4), under /phoi-hop/thong-bao-he-thong/.

Administrators list, post, edit and end notices; everyone signed in reads the history and may hide
a banner for the rest of their session."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvu.collaboration.notices import policies, selectors, services
from congvu.collaboration.notices.forms import EndForm, NoticeForm
from congvu.core.screens import form_page


def _history(request, template: str, *, manage: bool):
    page = selectors.notice_history(request.user, after=request.GET.get("sau"), size=settings.PAGE_SIZE)
    now = timezone.now()
    rows = [(notice, notice.phase_label(now), notice.is_shown(now)) for notice in page.items]
    return render(request, template, {"rows": rows, "page": page, "manage": manage, "now": now})


@login_required
def notice_history(request):
    """The history every user reads (ADM-4: "notice history kept")."""
    return _history(request, "collaboration/notices/history.html", manage=False)


@login_required
def notice_admin_list(request):
    policies.can_manage_notices(request.user).require()
    return _history(request, "collaboration/notices/admin_list.html", manage=True)


@login_required
def notice_create(request):
    policies.can_manage_notices(request.user).require()
    form = NoticeForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.notice_create(actor=request.user, **data),
        success=_("Đã đăng thông báo."),
        redirect_to=reverse("collaboration:notice_admin_list"),
        template="collaboration/notices/form.html",
        context={"notice": None},
    )


@login_required
def notice_edit(request, pk: int):
    notice = policies.access_notice(request.user, pk, "edit")
    form = NoticeForm.for_notice(request.POST or None, notice)
    return form_page(
        request,
        form,
        lambda data: services.notice_update(notice=notice, actor=request.user, **data),
        success=_("Đã lưu thông báo."),
        redirect_to=reverse("collaboration:notice_admin_list"),
        template="collaboration/notices/form.html",
        context={"notice": notice},
    )


@login_required
def notice_end(request, pk: int):
    notice = policies.access_notice(request.user, pk, "end")
    form = EndForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.notice_end(notice=notice, actor=request.user, **data),
        success=_("Đã kết thúc thông báo: biểu ngữ không còn hiện."),
        redirect_to=reverse("collaboration:notice_admin_list"),
        template="collaboration/notices/end.html",
        context={"notice": notice},
        fallback="resolution",
    )


@login_required
@require_POST
def notice_dismiss(request, pk: int):
    """Hide a banner for this session; HTMX removes it in place, a plain form goes back."""
    notice = policies.access_notice(request.user, pk)
    services.notice_dismiss(notice=notice, session=request.session)
    if request.headers.get("HX-Request"):
        return HttpResponse("")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ) or not target.startswith("/"):
        target = reverse("home")
    return redirect(target)


urlpatterns: list = [
    path("thong-bao-he-thong/", notice_history, name="notice_history"),
    path("thong-bao-he-thong/quan-tri/", notice_admin_list, name="notice_admin_list"),
    path("thong-bao-he-thong/them/", notice_create, name="notice_create"),
    path("thong-bao-he-thong/<int:pk>/sua/", notice_edit, name="notice_edit"),
    path("thong-bao-he-thong/<int:pk>/ket-thuc/", notice_end, name="notice_end"),
    path("thong-bao-he-thong/<int:pk>/an/", notice_dismiss, name="notice_dismiss"),
]
