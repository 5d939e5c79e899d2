"""The person's own profile: posts, password, second factor, sessions and API tokens (ORG-6)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from congvu.accounts.profile import selectors
from congvu.accounts.profile.forms import TokenCreateForm
from congvu.accounts.signin import services as signin
from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.core.screens import press_button
from congvu.org import policies as org


def _profile_context(request, *, token_form=None):
    user = request.user
    current_key = request.session.session_key
    rows = selectors.live_sessions(user)
    return {
        "memberships": org.memberships(user),
        "roles": org.roles(user),
        "sessions": [
            {
                "row": row,
                "browser": selectors.describe_browser(row.user_agent),
                "current": row.session_key == current_key,
            }
            for row in rows
        ],
        "other_sessions": sum(1 for row in rows if row.session_key != current_key),
        "tokens": selectors.active_tokens(user),
        "token_days": settings.SECURITY["API_TOKEN_DAYS"],
        "token_form": token_form or TokenCreateForm(),
        "has_totp": selectors.has_totp(user),
        "backup_codes_left": selectors.backup_codes_left(user),
    }


@never_cache
@login_required
def profile(request):
    return render(request, "accounts/profile.html", _profile_context(request))


@login_required
@require_POST
def session_end(request, pk: int):
    return press_button(
        request,
        lambda: signin.end_session(user=request.user, session_id=pk, actor=request.user),
        success="Đã kết thúc phiên đăng nhập.",
        redirect_to=reverse("accounts:profile"),
    )


@login_required
@require_POST
def sessions_end_others(request):
    count = signin.end_other_sessions(
        user=request.user, keep_session_key=request.session.session_key, actor=request.user
    )
    messages.success(request, f"Đã kết thúc {count} phiên khác." if count else "Không có phiên nào khác.")
    return redirect("accounts:profile")


@never_cache
@login_required
@require_POST
def token_create(request):
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, raw = signin.token_create(
                user=request.user, name=form.cleaned_data["name"], actor=request.user
            )
        except Refused as refused:
            bind_refusal(form, refused)
        else:
            return render(request, "accounts/token_created.html", {"token": token, "raw": raw})
    return render(request, "accounts/profile.html", _profile_context(request, token_form=form), status=400)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = selectors.active_token(request.user, pk)
    return press_button(
        request,
        lambda: signin.token_revoke(token=token, actor=request.user),
        success=f"Đã thu hồi mã {token.prefix}… ({token.name}).",
        redirect_to=reverse("accounts:profile"),
    )


@never_cache
@login_required
@require_POST
def backup_codes_regenerate(request):
    try:
        codes = signin.backup_codes_regenerate(user=request.user)
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("accounts:profile")
    return render(request, "accounts/otp_backup_codes.html", {"codes": codes, "regenerated": True})


urlpatterns = [
    path("ho-so/", profile, name="profile"),
    path("ho-so/phien/<int:pk>/ket-thuc/", session_end, name="session_end"),
    path("ho-so/phien/ket-thuc-phien-khac/", sessions_end_others, name="sessions_end_others"),
    path("ho-so/ma-api/", token_create, name="token_create"),
    path("ho-so/ma-api/<int:pk>/thu-hoi/", token_revoke, name="token_revoke"),
    path("ho-so/ma-du-phong/", backup_codes_regenerate, name="backup_codes_regenerate"),
]
