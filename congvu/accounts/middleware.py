"""The security profile applied to every request (standards §7; ORG-6).

- idle timeout: 15 minutes for users, 5 for administrators (TV-SEC-2);
- first sign-in: the one-time password must be changed before anything else;
- administrators must have a confirmed second factor and use it (TV-SEC-4);
- an administrator's password older than the profile's maximum age must be changed;
- the session's "last seen" is kept for the sessions page (at most once a minute).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from congvu.accounts.passwords import is_administrator

SESSION_LAST_SEEN = "congvu_last_seen"
SESSION_IS_ADMIN = "congvu_is_admin"

_OPEN_PREFIXES = ("/static/", "/healthz", "/i18n/", "/api/")


def _exempt_paths() -> tuple[str, ...]:
    return (
        reverse("accounts:login"),
        reverse("accounts:logout"),
        reverse("accounts:password_change"),
        reverse("accounts:otp_setup"),
        reverse("accounts:otp_verify"),
    )


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(_OPEN_PREFIXES[:3]):
            return self.get_response(request)

        session = request.session
        is_admin = session.get(SESSION_IS_ADMIN)
        if is_admin is None:
            is_admin = bool(is_administrator(user))
            session[SESSION_IS_ADMIN] = is_admin
        profile = settings.SECURITY
        idle_limit = 60 * (profile["SESSION_IDLE_ADMIN_MINUTES"] if is_admin else profile["SESSION_IDLE_USER_MINUTES"])
        now = time.time()
        last_seen = session.get(SESSION_LAST_SEEN)
        if last_seen is not None and now - last_seen > idle_limit:
            from congvu.accounts.services.auth import record_sign_out

            record_sign_out(user, reason="idle")
            logout(request)
            if request.path.startswith("/api/"):
                return self.get_response(request)
            messages.info(request, "Phiên làm việc đã hết hạn do không thao tác. Vui lòng đăng nhập lại.")
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if last_seen is None or now - last_seen > 60:
            session[SESSION_LAST_SEEN] = now
            from congvu.accounts.models import UserSession

            if session.session_key:
                UserSession.objects.filter(session_key=session.session_key).update(last_seen_at=timezone.now())

        blocked = self._must_act_first(request, user, is_admin)
        if blocked is not None:
            request.password_change_required = True
            if request.path.startswith("/api/"):
                return self.get_response(request)
            if request.path not in _exempt_paths():
                return blocked
        return self.get_response(request)

    @staticmethod
    def _must_act_first(request, user, is_admin: bool):
        profile = settings.SECURITY
        if user.must_change_password:
            return redirect("accounts:password_change")
        if is_admin and user.password_changed_at is not None:
            age = (timezone.now() - user.password_changed_at).days
            if age > profile["ADMIN_PASSWORD_MAX_AGE_DAYS"]:
                return redirect("accounts:password_change")
        if is_admin and profile["ADMIN_MFA_REQUIRED"]:
            from congvu.accounts.passwords import has_mfa

            if not has_mfa(user):
                return redirect("accounts:otp_setup")
            if not user.is_verified():
                return redirect(f"{reverse('accounts:otp_verify')}?next={request.path}")
        return None
