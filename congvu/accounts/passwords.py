"""Password rules of the security profile (standards §7, R-SEC-0; TV-SEC-3, TV-SEC-4)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
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


def is_administrator(user) -> bool:
    if user is None or getattr(user, "pk", None) is None:
        return False
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return True
    from congvu.org.models import RoleGrant

    return RoleGrant.objects.filter(user=user, role=RoleGrant.Role.ADMINISTRATOR).exists()


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
