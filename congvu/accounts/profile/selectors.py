"""Reads for the person's own profile page: their live sessions, API tokens and second factor."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext

from congvu.accounts.models import ApiToken, User, UserSession
from congvu.core.decisions import Refused


def live_sessions(user: User, *, now: dt.datetime | None = None) -> list[UserSession]:
    """The person's sessions that can still be used (seen within the idle limit)."""
    from congvu.accounts.signin.services import idle_limit_minutes

    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=idle_limit_minutes(user) + 1)
    return list(
        UserSession.objects.filter(user=user, last_seen_at__gte=cutoff).order_by("-last_seen_at", "-id")
    )


def active_tokens(user: User) -> list[ApiToken]:
    """The person's tokens not revoked: in use, or past their expiry (listed, so that they see why
    a program stopped working)."""
    return list(ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at", "-id"))


def has_totp(user: User) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: User) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def describe_browser(user_agent: str) -> str:
    """'Chrome trên Windows' from a User-Agent header, good enough to recognise one's own devices."""
    ua = user_agent or ""
    browser = next(
        (
            name
            for key, name in (
                ("Edg/", "Edge"),
                ("OPR/", "Opera"),
                ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"),
                ("Chromium/", "Chromium"),
                ("Safari/", "Safari"),
            )
            if key in ua
        ),
        "",
    )
    system = next(
        (
            name
            for key, name in (
                ("Android", "Android"),
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Windows", "Windows"),
                ("Mac OS X", "macOS"),
                ("Linux", "Linux"),
            )
            if key in ua
        ),
        "",
    )
    if browser and system:
        return gettext("%(browser)s trên %(system)s") % {"browser": browser, "system": system}
    return browser or system or (ua[:60] if ua else gettext("Không rõ"))


def active_token(user: User, pk: int) -> ApiToken:
    """One of the person's own tokens still in use (404 otherwise)."""
    token = ApiToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Refused.not_found("Không tìm thấy mã truy cập này (có thể đã được thu hồi).")
    return token
