"""Password rules of the security profile (standards §7, R-SEC-0; TV-SEC-3, TV-SEC-4), and the
account facts its safeguards depend on (administrator, second factor, lockout)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

_CLASSES = (
    (str.islower, "chữ thường"),
    (str.isupper, "chữ hoa"),
    (str.isdigit, "chữ số"),
    (lambda c: not c.isalnum() and not c.isspace(), "ký tự đặc biệt"),
)


def has_mfa(user) -> bool:
    if user is None or getattr(user, "pk", None) is None:
        return False
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


def lockout_attempts(*, since: dt.datetime | None = None, **match):
    """django-axes's rows that hold an account locked after repeated failed sign-ins (TV-SEC-1):
    failures since ``since`` (by default, the start of the cool-off period that ends now); ``match``
    names the account (``username=…``)."""
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since if since is not None else timezone.now() - settings.AXES_COOLOFF_TIME,
        **match,
    )


def _standing_query(pk: int, *, since: dt.datetime | None) -> QuerySet:
    """The account's standing, as one row: ``since`` (the lockout window's start) or no lockout."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef, Value
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from congvu.org.models import RoleGrant

    locked: Any = Value(False)
    if since is not None:
        locked = Exists(lockout_attempts(since=since, username=OuterRef("username")))
    return (
        get_user_model()
        .objects.filter(pk=pk)
        .annotate(
            admin_role=Exists(
                RoleGrant.objects.filter(user=OuterRef("pk"), role=RoleGrant.Role.ADMINISTRATOR)
            ),
            totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            backup=Exists(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            locked=locked,
        )
        .values("is_superuser", "is_staff", "admin_role", "totp", "backup", "locked")
        .order_by()[:1]
    )


# Stand-ins no account or sign-in attempt can hold: a negative id, a moment before 1900.
_STAND_IN_PK = -9_100_000_000
_STAND_IN_SINCE = dt.datetime(1800, 1, 2, tzinfo=dt.UTC)


@cache
def _standing_sql(with_lock: bool, failure_limit: int, alias: str) -> tuple[str, tuple[Any, ...], Any]:
    """The standing query's SQL, built by the ORM once per shape (building it cost more than running
    it, on every request), with its parameters and the database's form of the stand-in moment."""
    query = _standing_query(_STAND_IN_PK, since=_STAND_IN_SINCE if with_lock else None).query
    sql, params = query.get_compiler(alias).as_sql()
    return sql, tuple(params), connections[alias].ops.adapt_datetimefield_value(_STAND_IN_SINCE)


def _standing_row(user, *, with_lock: bool) -> dict | None:
    alias = router.db_for_read(user.__class__)
    sql, params, since_stand_in = _standing_sql(with_lock, settings.AXES_FAILURE_LIMIT, alias)
    since = connections[alias].ops.adapt_datetimefield_value(timezone.now() - settings.AXES_COOLOFF_TIME)
    values = [
        user.pk if value == _STAND_IN_PK else since if value == since_stand_in and with_lock else value
        for value in params
    ]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
        names = [column[0] for column in cursor.description]
    return dict(zip(names, row, strict=True)) if row is not None else None


@dataclass(frozen=True)
class Safeguards:
    """What the security profile asks of an account, read afresh in one query."""

    is_admin: bool = False
    has_device: bool = False
    locked: bool = False


def safeguards(user, *, with_lock: bool = False) -> Safeguards:
    """Is the account an administrator, has it a confirmed second factor (and, ``with_lock``, is
    it locked after failed sign-ins)? Read on every request: the safeguards that follow (the
    second factor, the 5-minute idle limit) apply from the request after a role or a device
    changed, never from what a session remembered."""
    if user is None or getattr(user, "pk", None) is None:
        return Safeguards()
    row = _standing_row(user, with_lock=with_lock)
    if row is None:
        return Safeguards()
    return Safeguards(
        is_admin=bool(row["is_superuser"] or row["is_staff"] or row["admin_role"]),
        has_device=bool(row["totp"] or row["backup"]),
        locked=bool(row["locked"]),
    )


def is_administrator(user) -> bool:
    if user is None or getattr(user, "pk", None) is None:
        return False
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return True
    from congvu.org.models import RoleGrant

    return RoleGrant.objects.filter(user=user, role=RoleGrant.Role.ADMINISTRATOR).exists()


def password_expired(user, *, is_admin: bool) -> bool:
    """An administrator's password older than the profile's maximum age (TV-SEC-4)."""
    if not is_admin or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > dt.timedelta(
        days=settings.SECURITY["ADMIN_PASSWORD_MAX_AGE_DAYS"]
    )


def required_length(user) -> int:
    profile = settings.SECURITY
    if has_mfa(user):
        return profile["PASSWORD_MIN_LENGTH_MFA"]
    return profile["PASSWORD_MIN_LENGTH"]


class SecurityProfilePasswordValidator:
    """≥ 14 characters of all 4 classes without a second factor; ≥ 8 with one."""

    def validate(self, password, user=None):
        profile = settings.SECURITY
        length = required_length(user)
        errors = []
        if len(password) < length:
            errors.append(
                ValidationError(_("Mật khẩu phải có ít nhất %(n)d ký tự.") % {"n": length}, code="too_short")
            )
        if not has_mfa(user):
            missing = [name for test, name in _CLASSES if not any(test(c) for c in password)]
            present = len(_CLASSES) - len(missing)
            if present < profile["PASSWORD_CLASSES"]:
                errors.append(
                    ValidationError(
                        _(
                            "Mật khẩu phải có đủ chữ thường, chữ hoa, chữ số và ký tự đặc biệt (còn thiếu: %(m)s)."
                        )
                        % {"m": ", ".join(missing)},
                        code="classes",
                    )
                )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        profile = settings.SECURITY
        return _(
            "Ít nhất %(n)d ký tự gồm chữ thường, chữ hoa, chữ số và ký tự đặc biệt "
            "(%(m)d ký tự nếu tài khoản dùng xác thực hai lớp)."
        ) % {"n": profile["PASSWORD_MIN_LENGTH"], "m": profile["PASSWORD_MIN_LENGTH_MFA"]}


class PasswordHistoryValidator:
    """Administrators may not reuse any of their last N passwords, the current one included (TV-SEC-4)."""

    def validate(self, password, user=None):
        if user is None or user.pk is None or not is_administrator(user):
            return
        keep = settings.SECURITY["ADMIN_PASSWORD_HISTORY"]
        if keep <= 0:
            return
        recent = [user.password] if user.password else []
        recent += list(
            user.password_history.order_by("-id").values_list("password", flat=True)[: keep - len(recent)]
        )
        if any(check_password(password, old) for old in recent if old):
            raise ValidationError(
                _("Không được dùng lại một trong %(n)d mật khẩu gần nhất.") % {"n": keep}, code="reused"
            )

    def get_help_text(self):
        return ""
