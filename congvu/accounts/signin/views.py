"""Sign-in, sign-out, first-sign-in password change, and the second factor (ORG-6)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from congvu.accounts.passwords import has_mfa, is_administrator, password_expired
from congvu.accounts.signin import services as auth_services
from congvu.accounts.signin import services as mfa
from congvu.accounts.signin import services as sessions
from congvu.accounts.signin.forms import OtpTokenForm, PasswordChangeForm, SignInForm
from congvu.core.client_address import client_ip
from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@never_cache
@sensitive_post_parameters("password")
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            auth_services.record_sign_in_failure(username, ip=client_ip(request), locked=True)
            return locked_out(request)
        if user is None:
            auth_services.record_sign_in_failure(username, ip=client_ip(request))
            form.add_error(None, "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang bị tạm dừng.")
        else:
            login(request, user)
            auth_services.record_sign_in(
                user,
                session_key=request.session.session_key,
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
            )
            return redirect(_next_url(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


def locked_out(request, original_response=None, credentials=None, *args, **kwargs):
    """django-axes calls this when the account is locked (TV-SEC-1); so does ``sign_in``."""
    hours = settings.SECURITY["LOCKOUT_HOURS"]
    form = SignInForm(request.POST or None)
    form.is_valid()
    form.add_error(
        None,
        f"Tài khoản đã bị khóa tạm thời sau {settings.SECURITY['LOCKOUT_THRESHOLD']} lần đăng nhập sai. "
        f"Vui lòng thử lại sau {hours} giờ hoặc liên hệ quản trị hệ thống để mở khóa.",
    )
    return render(request, "accounts/sign_in.html", {"form": form, "locked": True}, status=403)


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        auth_services.record_sign_out(request.user, session_key=request.session.session_key)
    logout(request)
    messages.success(request, "Bạn đã đăng xuất.")
    return redirect("accounts:login")


@never_cache
@login_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change(request):
    user = request.user
    is_admin = is_administrator(user)
    if user.must_change_password:
        reason = "first"
    elif password_expired(user, is_admin=is_admin):
        reason = "expired"
    else:
        reason = ""
    form = PasswordChangeForm(user, request.POST or None, request=request)
    if request.method == "POST" and not form.is_valid() and form.wrong_current_password:
        locked = bool(getattr(request, "axes_locked_out", False))
        auth_services.record_sign_in_failure(
            user.username, ip=client_ip(request), locked=locked, note="password_change"
        )
        if locked:  # whoever is guessing in this session goes no further
            auth_services.record_sign_out(user, reason="locked", session_key=request.session.session_key)
            logout(request)
            return locked_out(request)
    elif request.method == "POST" and form.is_valid():
        auth_services.password_change(user=user, new_password=form.cleaned_data["new_password1"])
        old_key = request.session.session_key
        update_session_auth_hash(request, user)  # gives the session a new key; other sessions end
        sessions.rekey(old_key=old_key, new_key=request.session.session_key)
        sessions.end_other_sessions(user=user, keep_session_key=request.session.session_key, actor=user)
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form, "reason": reason})


@never_cache
@login_required
def otp_setup(request):
    """Enrol a TOTP authenticator: show the QR code, confirm with a first code, give backup codes.

    Replacing an enrolled authenticator needs the current one first: a stolen password alone must
    not be enough to move the second factor to the thief's phone.
    """
    if has_mfa(request.user) and not request.user.is_verified():
        return redirect("accounts:otp_verify")
    device = mfa.pending_device(request.user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            backup_codes = mfa.confirm_device(
                user=request.user, device=device, token=form.cleaned_data["token"], ip=client_ip(request)
            )
        except Refused as refused:
            bind_refusal(form, refused)
        else:
            otp_login(request, device)
            return render(request, "accounts/otp_backup_codes.html", {"codes": backup_codes})
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": mfa.qr_svg(device),
            "secret": mfa.secret_b32(device),
            "required": is_administrator(request.user) and settings.SECURITY["ADMIN_MFA_REQUIRED"],
        },
    )


@never_cache
@login_required
def otp_verify(request):
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = mfa.otp_verify(
                user=request.user, token=form.cleaned_data["token"], ip=client_ip(request)
            )
        except Refused as refused:
            bind_refusal(form, refused)
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


urlpatterns = [
    path("dang-nhap/", sign_in, name="login"),
    path("dang-xuat/", sign_out, name="logout"),
    path("doi-mat-khau/", password_change, name="password_change"),
    path("xac-thuc-hai-lop/cai-dat/", otp_setup, name="otp_setup"),
    path("xac-thuc-hai-lop/", otp_verify, name="otp_verify"),
]
