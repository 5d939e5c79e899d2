"""Sign-in, sign-out and password changes, each recorded in the audit log (R-SEC-2)."""

from __future__ import annotations

import secrets
import string
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from congvu.accounts.models import PasswordHistory, User, UserSession
from congvu.core import audit


def generate_one_time_password(length: int | None = None) -> str:
    """A random password that passes the profile's rules (never a shared default such as 123456)."""
    length = max(length or settings.SECURITY["PASSWORD_MIN_LENGTH"], 14)
    alphabet = string.ascii_letters + string.digits
    specials = "@#%+=!?"
    while True:
        chars = [secrets.choice(alphabet) for _ in range(length - 2)] + [
            secrets.choice(specials),
            secrets.choice(string.digits),
        ]
        secrets.SystemRandom().shuffle(chars)
        candidate = "".join(chars)
        if any(c.islower() for c in candidate) and any(c.isupper() for c in candidate):
            return candidate


def record_sign_in(user: User, *, session_key: str | None, ip: str | None, user_agent: str = "") -> None:
    with transaction.atomic():
        if session_key:
            UserSession.objects.update_or_create(
                session_key=session_key, defaults={"user": user, "ip": ip, "user_agent": user_agent[:300]}
            )
        audit.record(actor=user, action="accounts.sign_in", obj=user, ip=ip)


def record_sign_in_failure(username: str, *, ip: str | None, locked: bool = False) -> None:
    """A failed attempt, recorded without an account (the name typed may not exist)."""
    audit.record(
        actor=None,
        action="accounts.sign_in_failed",
        object_type="accounts.user",
        object_repr=username[:150],
        ip=ip,
        result="locked" if locked else "failed",
    )


def record_sign_out(user: Any, *, reason: str = "", session_key: str | None = None) -> None:
    """Sign-out by the person, or ``reason="idle"`` when the idle limit ended the session (TV-SEC-2)."""
    from congvu.accounts.services import sessions

    sessions.forget(session_key)
    if user is None or not getattr(user, "pk", None):
        return
    audit.record(actor=user, action="accounts.sign_out", obj=user, note=reason)


def password_change(*, user: User, new_password: str, actor: User | None = None) -> None:
    """Set a new password after checking it against the profile; keeps the old hash in history."""
    validate_password(new_password, user)
    with transaction.atomic():
        if user.password:
            PasswordHistory.objects.create(user=user, password=user.password)
            keep = max(settings.SECURITY["ADMIN_PASSWORD_HISTORY"], 1)
            old_ids = list(
                PasswordHistory.objects.filter(user=user).order_by("-id").values_list("id", flat=True)[keep:]
            )
            if old_ids:
                PasswordHistory.objects.filter(pk__in=old_ids).delete()
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit.record(actor=actor or user, action="accounts.password_changed", obj=user)


def record_otp_failure(user: User, *, ip: str | None) -> None:
    """A wrong second-factor code (django-otp throttles the device after repeated failures)."""
    audit.record(actor=user, action="accounts.otp_failed", obj=user, ip=ip, result="failed")
