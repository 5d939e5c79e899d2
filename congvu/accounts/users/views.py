"""Account administration screens (ORG-3..ORG-7): the list, the detail with its actions, creation.

Views only adapt: ``congvu.accounts.users.policies`` decides, ``congvu.accounts.users.services`` writes.
An action that is not allowed, or that a service refuses, changes nothing and says why.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from congvu.accounts.middleware import show_once, shown_once
from congvu.accounts.models import User
from congvu.accounts.users import policies, selectors
from congvu.accounts.users import services as user_services
from congvu.accounts.users.forms import ReasonForm, UserCreateForm, UserDetailsForm, UserFilterForm
from congvu.accounts.users.workflow import ACCOUNT_WORKFLOW
from congvu.core import personal
from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.core.screens import form_page, press_button
from congvu.org import policies as org
from congvu.org import tree

STATUS_CSS: dict[str, str] = {
    User.Status.ACTIVE: "status-ok",
    User.Status.SUSPENDED: "status-warn",
    User.Status.RETIRED: "status-muted",
}
TRANSITION_SLUGS = {"tam-dung": "suspend", "kich-hoat-lai": "reactivate", "huy-bo": "retire"}
SLUG_OF = {name: slug for slug, name in TRANSITION_SLUGS.items()}


@login_required
@personal.kept_page(
    "accounts.list",
    facts=tree.page_standing,
    topics=lambda request: [selectors.LIST_TOPIC],
)
def user_list(request):
    """The accounts an administrator manages, kept whole for them (``congvu.core.personal``)
    until they act, an account is saved (``apps``) or the organisation changes."""
    policies.can_view_account_list(request.user).require()
    units = selectors.filter_units(request.user)
    form = UserFilterForm(request.GET or None, units=units)
    filters = selectors.UserFilters()
    if form.is_valid():
        filters = selectors.UserFilters(
            q=form.cleaned_data["q"], unit=form.cleaned_data["unit"], status=form.cleaned_data["status"]
        )
    page = selectors.user_page(request.user, filters, cursor=request.GET.get("cursor"))
    rows = [
        {"user": u, "post": selectors.primary_post(u), "css": STATUS_CSS.get(u.status, "")}
        for u in page.items
    ]
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "accounts/user_list.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "can_create": bool(policies.can_create_any_account(request.user)),
            "first_page": not request.GET.get("cursor"),
        },
    )


def _detail_context(request, account: User, **forms) -> dict:
    actor = request.user
    transitions = []
    for transition in ACCOUNT_WORKFLOW:
        if ACCOUNT_WORKFLOW.check(transition.name, account, actor):
            form = forms.get(transition.name) or (
                ReasonForm(prefix=transition.name) if transition.needs_reason else None
            )
            transitions.append({"t": transition, "slug": SLUG_OF[transition.name], "form": form})
    locked = user_services.is_locked(account)
    return {
        "account": account,
        "css": STATUS_CSS.get(account.status, ""),
        "posts": selectors.account_posts(account),
        "roles": selectors.account_roles(account),
        "history": selectors.account_history(account),
        "sign_ins": selectors.last_sign_ins(account),
        "transitions": transitions,
        "can_edit": bool(policies.can_edit(actor, account)),
        "can_reset": bool(policies.can_reset_password(actor, account)),
        "locked": locked,
        "can_unlock": locked and bool(policies.can_unlock(actor, account)),
        "is_self": actor.pk == account.pk,
    }


@login_required
def user_detail(request, pk: int):
    account = policies.access_user(request.user, pk)
    return render(request, "accounts/user_detail.html", _detail_context(request, account))


@login_required
@require_POST
def user_transition(request, pk: int, slug: str):
    name = TRANSITION_SLUGS.get(slug)
    if name is None:
        raise Refused.not_found("Thao tác không hợp lệ.")
    account = policies.access_user(request.user, pk)
    transition = ACCOUNT_WORKFLOW.transitions[name]
    form = ReasonForm(request.POST, prefix=name) if transition.needs_reason else None
    if form is not None and not form.is_valid():
        context = _detail_context(request, account, **{name: form})
        messages.error(request, "Vui lòng nêu lý do.")
        return render(request, "accounts/user_detail.html", context, status=400)
    reason = form.cleaned_data["reason"] if form is not None else ""
    return press_button(
        request,
        lambda: user_services.user_transition(user=account, name=name, actor=request.user, reason=reason),
        success=f"Đã {transition.label.lower()} tài khoản {account.username}.",
        redirect_to=reverse("accounts:user_detail", args=[account.pk]),
    )


def _show_password(request, account: User, password: str, *, reset: bool):
    """After the POST, to the page that shows the one-time password (``show_once``)."""
    page = reverse("accounts:user_one_time_password", args=[account.pk])
    show_once(request, page=page, data={"password": password, "reset": reset})
    return redirect(page)


@never_cache
@login_required
@require_POST
def user_reset_password(request, pk: int):
    account = policies.access_user(request.user, pk)
    try:
        password = user_services.user_reset_password(user=account, actor=request.user)
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("accounts:user_detail", pk=account.pk)
    return _show_password(request, account, password, reset=True)


@never_cache
@login_required
@require_GET
def user_one_time_password(request, pk: int):
    """A new account's or a reset's one-time password, while the administrator stays on this page
    (a reload shows it again); gone once they open another page."""
    account = policies.access_user(request.user, pk)
    shown = shown_once(request, page=request.path)
    return render(
        request,
        "accounts/user_created.html",
        {
            "account": account,
            "password": shown["password"] if shown else "",
            "reset": shown["reset"] if shown else False,
            "gone": shown is None,
        },
    )


@login_required
@require_POST
def user_unlock(request, pk: int):
    account = policies.access_user(request.user, pk)
    return press_button(
        request,
        lambda: user_services.user_unlock(user=account, actor=request.user),
        success=f"Đã mở khóa đăng nhập cho {account.username}.",
        redirect_to=reverse("accounts:user_detail", args=[account.pk]),
    )


@login_required
def user_edit(request, pk: int):
    account = policies.access_user(request.user, pk)
    policies.can_edit(request.user, account).require()
    initial = {k: getattr(account, k) for k in user_services.EDITABLE_FIELDS}
    form = UserDetailsForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda data: user_services.user_update(user=account, actor=request.user, **data),
        success="Đã lưu thông tin tài khoản.",
        redirect_to=reverse("accounts:user_detail", args=[account.pk]),
        template="accounts/user_form.html",
        context={"account": account},
    )


@never_cache
@login_required
def user_create(request):
    policies.can_create_any_account(request.user).require()
    units = org.administered_units(request.user).order_by("path")
    form = UserCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = user_services.user_create(
                full_name=data["full_name"],
                unit=data["unit"],
                position=data["position"],
                actor=request.user,
                email=data["email"] or "",
                phone=data["phone"] or "",
                date_of_birth=data["date_of_birth"],
                username=data["username"] or None,
            )
        except Refused as refused:
            bind_refusal(form, refused)
        else:
            return _show_password(request, created.user, created.one_time_password, reset=False)
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


urlpatterns = [
    path("quan-tri/", user_list, name="user_list"),
    path("quan-tri/tao-moi/", user_create, name="user_create"),
    path("quan-tri/<int:pk>/", user_detail, name="user_detail"),
    path("quan-tri/<int:pk>/sua/", user_edit, name="user_edit"),
    path("quan-tri/<int:pk>/cap-lai-mat-khau/", user_reset_password, name="user_reset_password"),
    path("quan-tri/<int:pk>/mo-khoa/", user_unlock, name="user_unlock"),
    path("quan-tri/<int:pk>/mat-khau-mot-lan/", user_one_time_password, name="user_one_time_password"),
    path("quan-tri/<int:pk>/<slug:slug>/", user_transition, name="user_transition"),
]
