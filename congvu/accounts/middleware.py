"""The security profile applied to every request (standards §7; ORG-6).

- idle timeout: 15 minutes for users, 5 for administrators (TV-SEC-2);
- a person with a confirmed second factor enters a code before anything else; every
  administrator must have one (TV-SEC-4) and is sent to enrol it;
- first sign-in: the one-time password must be changed before anything else, and so must an
  administrator's password older than the profile's maximum age (TV-SEC-4);
- the session's "last seen" is kept for the sessions page (at most once a minute).

While a step is pending the person reaches only that step's page and "Đăng xuất"; the API refuses
the session (``request.account_step_required``, read by ``SessionAuth``).
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from congvu.accounts.passwords import has_mfa, is_administrator

SESSION_LAST_SEEN = "congvu_last_seen"
SESSION_IS_ADMIN = "congvu_is_admin"
SESSION_HAS_MFA = "congvu_has_mfa"

_PASS_THROUGH = ("/static/", "/healthz", "/i18n/")


def password_expired(user, *, is_admin: bool) -> bool:
    if not is_admin or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > dt.timedelta(
        days=settings.SECURITY["ADMIN_PASSWORD_MAX_AGE_DAYS"]
    )


def required_step(request, user, *, is_admin: bool, has_device: bool) -> str | None:
    """The url name of the page this person must go through first, or None."""
    verified = user.is_verified() if hasattr(user, "is_verified") else False
    if has_device and not verified:
        return "accounts:otp_verify"
    if user.must_change_password or password_expired(user, is_admin=is_admin):
        return "accounts:password_change"
    if is_admin and settings.SECURITY["ADMIN_MFA_REQUIRED"] and not verified:
        return "accounts:otp_setup"
    return None


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(_PASS_THROUGH):
            return self.get_response(request)

        session = request.session
        is_admin = session.get(SESSION_IS_ADMIN)
        if is_admin is None:
            is_admin = bool(is_administrator(user))
            session[SESSION_IS_ADMIN] = is_admin
        has_device = session.get(SESSION_HAS_MFA)
        if has_device is None:
            has_device = has_mfa(user)
            session[SESSION_HAS_MFA] = has_device

        profile = settings.SECURITY
        idle_limit = 60 * (
            profile["SESSION_IDLE_ADMIN_MINUTES"] if is_admin else profile["SESSION_IDLE_USER_MINUTES"]
        )
        now = time.time()
        last_seen = session.get(SESSION_LAST_SEEN)
        if last_seen is not None and now - last_seen > idle_limit:
            from congvu.accounts.signin.services import record_sign_out

            record_sign_out(user, reason="idle", session_key=session.session_key)
            logout(request)
            if request.path.startswith("/api/"):
                return self.get_response(request)
            messages.info(request, "Phiên làm việc đã hết hạn do không thao tác. Vui lòng đăng nhập lại.")
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}")
        if last_seen is None or now - last_seen > 60:
            session[SESSION_LAST_SEEN] = now
            from congvu.accounts.models import UserSession

            if session.session_key:
                touched = UserSession.objects.filter(session_key=session.session_key).update(
                    last_seen_at=timezone.now()
                )
                if not touched:  # signed in by another path (an SSO backend, a test client): list it too
                    from congvu.accounts.signin.services import remember

                    remember(user=user, request=request)

        step = required_step(request, user, is_admin=is_admin, has_device=has_device)
        if step is not None:
            request.account_step_required = step
            if request.path.startswith("/api/"):
                return self.get_response(request)
            target = reverse(step)
            if request.path not in {target, reverse("accounts:logout")}:
                if step == "accounts:otp_verify" and request.method == "GET":
                    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
                return redirect(target)
        return self.get_response(request)
