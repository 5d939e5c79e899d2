"""Creating and changing accounts (ORG-3, ORG-4, ORG-6, ORG-7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from congvu.accounts import login_names
from congvu.accounts.models import User
from congvu.accounts.services.auth import generate_one_time_password
from congvu.accounts.workflow import ACCOUNT_WORKFLOW
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.text import clean_text
from congvu.org.models import Position, Unit
from congvu.org.services import units as unit_services


@dataclass(frozen=True)
class NewAccount:
    user: User
    one_time_password: str


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
    full_name = clean_text(full_name)
    if not full_name:
        raise Refused("Vui lòng nhập họ và tên.", field="full_name")
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
        email=email.strip(),
        date_of_birth=date_of_birth,
        phone=phone.strip(),
        must_change_password=True,
    )
    audit.record(actor=actor, action="accounts.user.created", obj=user, after={"username": username, "full_name": full_name})
    if unit is not None and position is not None:
        unit_services.membership_start(user=user, unit=unit, position=position, actor=actor)
    return NewAccount(user=user, one_time_password=password)


@transaction.atomic
def user_reset_password(*, user: User, actor: Any) -> str:
    """Issue a new one-time password (the old one stops working at once)."""
    password = generate_one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit.record(actor=actor, action="accounts.user.password_reset", obj=user)
    return password


@transaction.atomic
def user_update(*, user: User, actor: Any, **changes: Any) -> User:
    allowed = {"full_name", "email", "phone", "date_of_birth"}
    unknown = set(changes) - allowed
    if unknown:
        raise Refused(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    before = {k: getattr(user, k) for k in changes if getattr(user, k) != changes[k]}
    if not before:
        return user
    for key in before:
        setattr(user, key, changes[key])
    user.save(update_fields=list(before))
    audit.record(actor=actor, action="accounts.user.updated", obj=user, before=before, after={k: changes[k] for k in before})
    return user


def user_suspend(*, user: User, actor: Any, reason: str) -> User:
    return ACCOUNT_WORKFLOW.apply("suspend", user, actor=actor, reason=reason, changes={"status_reason": reason[:300]})


def user_reactivate(*, user: User, actor: Any) -> User:
    return ACCOUNT_WORKFLOW.apply("reactivate", user, actor=actor, changes={"status_reason": ""})


def user_retire(*, user: User, actor: Any, reason: str) -> User:
    """Retire an account: it stays, with its history, authorship and audit trail (ORG-7)."""
    return ACCOUNT_WORKFLOW.apply("retire", user, actor=actor, reason=reason, changes={"status_reason": reason[:300]})
