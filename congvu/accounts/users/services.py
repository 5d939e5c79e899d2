"""Creating and changing accounts (ORG-3, ORG-4, ORG-6, ORG-7).

Every function checks the rule of ``congvu.accounts.users.policies`` again (a view's check is never the
only one) and raises :class:`Refused` with the Vietnamese reason. ``actor=None`` is the system
itself: management commands, imports and scheduled jobs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from congvu.accounts import login_names
from congvu.accounts.models import User
from congvu.accounts.signin import services as signin
from congvu.accounts.signin.services import generate_one_time_password
from congvu.accounts.users import policies
from congvu.accounts.users.workflow import ACCOUNT_WORKFLOW
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.text import clean_note, clean_text
from congvu.org.models import Position, Unit
from congvu.org.units import services as unit_services


@dataclass(frozen=True)
class NewAccount:
    user: User
    one_time_password: str


def _clean_email(email: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Refused(f"Địa chỉ thư điện tử “{email}” không hợp lệ.", field="email") from None
    return email


@transaction.atomic
def user_create(
    *,
    full_name: str,
    unit: Unit | None,
    position: Position | None,
    actor: Any,
    email: str = "",
    date_of_birth: dt.date | None = None,
    username: str | None = None,
    phone: str = "",
) -> NewAccount:
    """Create an account with a generated login name and a random one-time password that must be
    changed at first sign-in (ORG-6: never a shared default)."""
    policies.can_create_account(actor, unit).require()
    full_name = clean_text(full_name)
    if not full_name:
        raise Refused("Vui lòng nhập họ và tên.", field="full_name")
    if (unit is None) != (position is None):
        raise Refused("Hãy chọn cả đơn vị và chức vụ.", field="position" if position is None else "unit")
    if date_of_birth is not None and date_of_birth > timezone.localdate():
        raise Refused("Ngày sinh không được sau ngày hôm nay.", field="date_of_birth")
    email = _clean_email(email)
    if username:
        username = username.strip().lower()
        if User.objects.filter(username__iexact=username).exists():
            raise Refused(f"Tên đăng nhập {username} đã được dùng.", field="username")
    else:
        try:
            username = login_names.propose_for_database(
                full_name, date_of_birth=date_of_birth, unit_short_name=unit.short_name if unit else ""
            )
        except login_names.LoginNameError as exc:
            raise Refused(str(exc), field="full_name") from None
    password = generate_one_time_password()
    user = User.objects.create_user(
        username,
        password,
        full_name=full_name,
        email=email,
        date_of_birth=date_of_birth,
        phone=phone.strip(),
        must_change_password=True,
    )
    audit.record(
        actor=actor,
        action="accounts.user.created",
        obj=user,
        after={"username": username, "full_name": full_name},
    )
    if unit is not None and position is not None:
        unit_services.membership_start(user=user, unit=unit, position=position, actor=actor)
    return NewAccount(user=user, one_time_password=password)


@transaction.atomic
def user_reset_password(*, user: User, actor: Any) -> str:
    """Issue a new one-time password (the old one stops working at once, and so do the account's
    open sessions, because Django ties a session to the password hash)."""
    policies.can_reset_password(actor, user).require()
    password = generate_one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit.record(actor=actor, action="accounts.user.password_reset", obj=user)
    signin.end_all_sessions(user=user)
    signin.revoke_all(user=user, actor=actor, reason="password_reset")
    return password


EDITABLE_FIELDS = ("full_name", "email", "phone", "date_of_birth")


@transaction.atomic
def user_update(*, user: User, actor: Any, **changes: Any) -> User:
    """Edit name, e-mail, phone and date of birth. The login name stays (ORG-4: it is an identity)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise Refused(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    policies.can_edit(actor, user).require()
    if "full_name" in changes:
        changes["full_name"] = clean_text(changes["full_name"])
        if not changes["full_name"]:
            raise Refused("Vui lòng nhập họ và tên.", field="full_name")
    if "email" in changes:
        changes["email"] = _clean_email(changes["email"])
    if "phone" in changes:
        changes["phone"] = (changes["phone"] or "").strip()
    if changes.get("date_of_birth") and changes["date_of_birth"] > timezone.localdate():
        raise Refused("Ngày sinh không được sau ngày hôm nay.", field="date_of_birth")
    before = {k: getattr(user, k) for k in changes if getattr(user, k) != changes[k]}
    if not before:
        return user
    for key in before:
        setattr(user, key, changes[key])
    user.save(update_fields=list(before))
    audit.record(
        actor=actor,
        action="accounts.user.updated",
        obj=user,
        before=before,
        after={k: changes[k] for k in before},
    )
    return user


def _status_changes(reason: str) -> dict[str, Any]:
    """Kept beside the status: why, and since when. The inactivity job counts 45 days from the
    later of the last sign-in and ``status_changed_at``, so a reactivated account is not suspended
    again the next night."""
    return {"status_reason": clean_note(reason, field="reason")[:300], "status_changed_at": timezone.now()}


@transaction.atomic
def user_suspend(*, user: User, actor: Any, reason: str) -> User:
    user = ACCOUNT_WORKFLOW.apply(
        "suspend", user, actor=actor, reason=reason, changes=_status_changes(reason)
    )
    signin.end_all_sessions(user=user)
    signin.revoke_all(user=user, actor=actor, reason="suspended")
    return user


@transaction.atomic
def user_reactivate(*, user: User, actor: Any) -> User:
    return ACCOUNT_WORKFLOW.apply("reactivate", user, actor=actor, changes=_status_changes(""))


@transaction.atomic
def user_retire(*, user: User, actor: Any, reason: str) -> User:
    """Retire an account: it stays, with its history, authorship and audit trail (ORG-7); its
    personal API tokens are revoked and its sessions ended."""
    user = ACCOUNT_WORKFLOW.apply("retire", user, actor=actor, reason=reason, changes=_status_changes(reason))
    signin.end_all_sessions(user=user)
    signin.revoke_all(user=user, actor=actor)
    return user


# --- sign-in lockout (TV-SEC-1) ---------------------------------------------------------------------


def user_transition(*, user: User, name: str, actor: Any, reason: str = "") -> User:
    """One entry point for the screens and the API: suspend, reactivate or retire by name."""
    if name == "suspend":
        return user_suspend(user=user, actor=actor, reason=reason)
    if name == "reactivate":
        return user_reactivate(user=user, actor=actor)
    if name == "retire":
        return user_retire(user=user, actor=actor, reason=reason)
    raise Refused.invalid(f"Thao tác không hợp lệ: {name}.")


is_locked = signin.is_locked


@transaction.atomic
def user_unlock(*, user: User, actor: Any) -> int:
    """The administrator's break-glass unlock (TV-SEC-1): clears the failed attempts and records it."""
    policies.can_unlock(actor, user).require()
    from axes.utils import reset

    removed = reset(username=user.username)
    audit.record(actor=actor, action="accounts.user.unlocked", obj=user, after={"attempts_cleared": removed})
    return removed
