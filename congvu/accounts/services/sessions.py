"""A person's signed-in sessions: listed on the profile, ended by their owner (ORG-6).

A ``UserSession`` row shadows one Django session. Ending it deletes the session from the session
store (whatever the engine) and the row, so the browser holding it is signed out at its next request.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from congvu.accounts.models import User, UserSession
from congvu.core import audit
from congvu.core.decisions import Refused


def _store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def _delete_sessions(rows: list[UserSession]) -> int:
    for row in rows:
        _store(row.session_key).delete()
    UserSession.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(rows)


@transaction.atomic
def end_session(*, user: User, session_id: int, actor: Any) -> None:
    """End one of ``user``'s sessions (the profile's "Kết thúc")."""
    row = UserSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        raise Refused("Phiên này không còn tồn tại.")
    _delete_sessions([row])
    audit.record(
        actor=actor,
        action="accounts.session.ended",
        obj=user,
        after={"ip": row.ip, "browser": row.user_agent[:100]},
    )


@transaction.atomic
def end_other_sessions(*, user: User, keep_session_key: str | None, actor: Any) -> int:
    """End every session of ``user`` but the one in use (the profile's "Kết thúc các phiên khác")."""
    rows = list(UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or ""))
    count = _delete_sessions(rows)
    if count:
        audit.record(actor=actor, action="accounts.session.ended_others", obj=user, after={"count": count})
    return count


def end_all_sessions(*, user: User) -> int:
    """Sign the account out everywhere: after a suspension, a retirement or a password reset."""
    return _delete_sessions(list(UserSession.objects.filter(user=user)))


def forget(session_key: str | None) -> None:
    """The session ended by itself (sign-out, idle timeout): drop its row."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def rekey(*, old_key: str | None, new_key: str | None) -> None:
    """Django gave the session a new key (password change): follow it."""
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(
            session_key=new_key, last_seen_at=timezone.now()
        )


def purge_stale(*, now: dt.datetime | None = None) -> int:
    """Rows of sessions that can no longer be used: idle past the longest limit or past the cookie age."""
    now = now or timezone.now()
    profile = settings.SECURITY
    idle = max(profile["SESSION_IDLE_USER_MINUTES"], profile["SESSION_IDLE_ADMIN_MINUTES"])
    cutoff = now - dt.timedelta(minutes=idle + 1)
    stale = list(UserSession.objects.filter(last_seen_at__lt=cutoff)[:5000])
    return _delete_sessions(stale)


def idle_limit_minutes(user: User) -> int:
    from congvu.accounts.passwords import is_administrator

    profile = settings.SECURITY
    return (
        profile["SESSION_IDLE_ADMIN_MINUTES"]
        if is_administrator(user)
        else profile["SESSION_IDLE_USER_MINUTES"]
    )


def remember(*, user: User, request: Any) -> None:
    """Make sure the request's session has its row (it is created at sign-in by ``record_sign_in``)."""
    from congvu.core.middleware import client_ip

    key = request.session.session_key
    if key:
        UserSession.objects.get_or_create(
            session_key=key,
            defaults={
                "user": user,
                "ip": client_ip(request),
                "user_agent": request.headers.get("User-Agent", "")[:300],
            },
        )
