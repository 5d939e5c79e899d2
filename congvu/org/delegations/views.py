"""The "Ủy quyền" screens (ORG-8): lists by role, the request form, the detail page with its
timeline and the actions the workflow allows. Adapters only: rules live in the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.core.screens import submit_form
from congvu.org.delegations import policies as delegation_policies
from congvu.org.delegations import selectors
from congvu.org.delegations import services as services
from congvu.org.delegations.forms import DelegationForm, ReasonForm
from congvu.org.delegations.workflow import DELEGATION_WORKFLOW

TABS = (
    (selectors.ROLE_GIVEN, _("Tôi ủy quyền")),
    (selectors.ROLE_RECEIVED, _("Tôi được ủy quyền")),
    (selectors.ROLE_TO_APPROVE, _("Chờ tôi duyệt")),
)
DONE_MESSAGES = {
    "approve": _("Đã duyệt ủy quyền."),
    "reject": _("Đã không duyệt đề nghị ủy quyền."),
    "cancel": _("Đã hủy đề nghị ủy quyền."),
    "revoke": _("Đã chấm dứt ủy quyền."),
}


@login_required
def delegation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    approver = selectors.can_approve_any(user)
    tabs = [(key, label) for key, label in TABS if key != selectors.ROLE_TO_APPROVE or approver]
    role = request.GET.get("tab", selectors.ROLE_GIVEN)
    if role not in {key for key, _ in tabs}:
        role = selectors.ROLE_GIVEN
    page = selectors.delegation_page(user, role=role, after=request.GET.get("sau"))
    return render(
        request,
        "org/delegation_list.html",
        {
            "tabs": tabs,
            "role": role,
            "page": page,
            "counts": selectors.tab_counts(user),
            "can_request": delegation_policies.can_request(user),
        },
    )


@login_required
def delegation_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    allowed = delegation_policies.can_request(user)
    form = DelegationForm(request.POST or None, principal=user)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            delegation = services.delegation_request(
                principal=user,
                delegate=form.cleaned_data["delegate"],
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                reason=form.cleaned_data["reason"],
                actor=user,
            )
        except Refused as refused:
            bind_refusal(form, refused)
        else:
            if delegation.status == delegation.Status.APPROVED:
                messages.success(request, _("Ủy quyền đã được duyệt và được thông báo cho toàn cơ quan."))
            else:
                messages.success(request, _("Đã gửi đề nghị ủy quyền; đang chờ lãnh đạo duyệt."))
            return redirect("org:delegation_detail", pk=delegation.pk)
    return render(request, "org/delegation_form.html", {"form": form, "allowed": allowed})


def _detail(request: HttpRequest, delegation, form: ReasonForm, status: int = 200) -> HttpResponse:
    actions = DELEGATION_WORKFLOW.allowed(delegation, request.user)
    return render(
        request,
        "org/delegation_detail.html",
        {
            "delegation": delegation,
            "timeline": selectors.delegation_timeline(delegation),
            "actions": actions,
            "form": form,
        },
        status=status,
    )


@login_required
def delegation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = delegation_policies.access_delegation(request.user, pk)
    return _detail(request, delegation, ReasonForm())


@require_POST
@login_required
def delegation_act(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = delegation_policies.access_delegation(request.user, pk)
    form = ReasonForm(request.POST)
    action = request.POST.get("action", "")
    outcome = submit_form(
        request,
        form,
        lambda data: services.delegation_act(
            delegation=delegation, action=action, actor=request.user, reason=data["reason"]
        ),
        success=DONE_MESSAGES.get(action, _("Đã xử lý.")),
        redirect_to=reverse("org:delegation_detail", args=[pk]),
    )
    if outcome.response is not None:
        return outcome.response
    delegation = delegation_policies.access_delegation(request.user, pk)
    return _detail(request, delegation, form, status=outcome.status)


urlpatterns = [
    path("uy-quyen/", delegation_list, name="delegations"),
    path("uy-quyen/moi/", delegation_create, name="delegation_create"),
    path("uy-quyen/<int:pk>/", delegation_detail, name="delegation_detail"),
    path("uy-quyen/<int:pk>/xu-ly/", delegation_act, name="delegation_act"),
]
