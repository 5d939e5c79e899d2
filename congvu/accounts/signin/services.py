"""Sign-in and the credentials a person holds, each change recorded in the audit log (R-SEC-2):
passwords, the TOTP second factor with backup codes (standards §7: MFA for all administrators),
signed-in sessions (listed on the profile, ended by their owner; ORG-6) and personal API tokens
(``Authorization: Bearer cv_…``: shown once, stored as a SHA-256 hash).
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import math
import secrets
import string
import time
from importlib import import_module
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from congvu.accounts.models import ApiToken, PasswordHistory, User, UserSession, hash_token, token_expiry
from congvu.accounts.users import policies
from congvu.core import audit
from congvu.core.decisions import Decision, Refused
from congvu.core.text import clean_text


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


def record_sign_in_failure(username: str, *, ip: str | None, locked: bool = False, note: str = "") -> None:
    """A failed attempt, recorded without an account (the name typed may not exist). ``note`` says
    where, when not on the sign-in page (``password_change``: the current password, mistyped)."""
    audit.record(
        actor=None,
        action="accounts.sign_in_failed",
        object_type="accounts.user",
        object_repr=username[:150],
        ip=ip,
        result="locked" if locked else "failed",
        note=note,
    )


def record_sign_out(user: Any, *, reason: str = "", session_key: str | None = None) -> None:
    """Sign-out by the person, or ``reason="idle"`` when the idle limit ended the session (TV-SEC-2)."""
    from congvu.accounts.signin import services as sessions

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
    """A wrong second-factor code (counted by ``otp_verify``, which makes the person wait after
    several in a row)."""
    audit.record(actor=user, action="accounts.otp_failed", obj=user, ip=ip, result="failed")


BACKUP_CODES = 10

# The second factor (standards §7: MFA for all administrators). A code is checked here, not by
# django-otp's ``verify_token``: that one throttles from the first wrong code (a right code typed
# within a second of a wrong one was refused as wrong), accepts the next step as well, and counts
# a wrong code against every device it is tried on (a backup code against the authenticator).
TOTP_STEPS_BACK = 1  # the code shown now, and the one before it (typed as it changed)
OTP_FREE_FAILURES = 3  # wrong codes in a row before the person must wait between attempts
OTP_MAX_WAIT_SECONDS = 24 * 3600
OTP_WRONG = "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiển thị trên ứng dụng."


def otp_wait_seconds(device: Any, *, now: dt.datetime | None = None) -> int:
    """How long the person must still wait before the next code is checked: nothing for the first
    wrong codes, then 1, 2, 4, 8 … seconds after each further one (up to a day: in effect, a
    lockout that an administrator lifts by resetting the second factor)."""
    failures = device.throttling_failure_count
    last = device.throttling_failure_timestamp
    if failures < OTP_FREE_FAILURES or last is None:
        return 0
    delay = min(2 ** (failures - OTP_FREE_FAILURES), OTP_MAX_WAIT_SECONDS)
    remaining = delay - ((now or timezone.now()) - last).total_seconds()
    return max(0, math.ceil(remaining))


def _clean_token(token: str) -> str:
    return token.strip().replace(" ", "")


def totp_step(device: TOTPDevice, token: str, *, at: float | None = None) -> int | None:
    """The time step ``token`` belongs to — the current one or the one before — or None. A step
    already used (``last_t``) is refused: a code signs in once."""
    if not (token.isdigit() and len(token) == device.digits):
        return None
    current = int(((time.time() if at is None else at) - device.t0) // device.step)
    for step in range(current, current - TOTP_STEPS_BACK - 1, -1):
        if step <= device.last_t:
            break
        expected = f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"
        if hmac.compare_digest(expected, token):
            return step
    return None


def _locked_counter(user: User, device: Any = None) -> Any:
    """The row that counts wrong codes in a row for this person (their authenticator, else their
    backup codes), locked against attempts sent in parallel."""
    if device is not None:
        return type(device).objects.select_for_update().get(pk=device.pk)
    counter = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    return counter or StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()


def _check_code(user: User, token: str, *, device: TOTPDevice | None = None) -> Any:
    """The device the code opens (a TOTP code of the current or previous step, or an unused backup
    code, which is spent), or None."""
    candidates = [device] if device is not None else list(devices_for_user(user, confirmed=True))
    for candidate in candidates:
        if isinstance(candidate, TOTPDevice):
            step = totp_step(candidate, token)
            if step is not None:
                candidate.last_t = step
                candidate.set_last_used_timestamp(commit=False)
                candidate.save(update_fields=["last_t", "last_used_at"])
                return candidate
        elif isinstance(candidate, StaticDevice):
            spent = candidate.token_set.filter(token=token).first()
            if spent is not None:
                spent.delete()
                candidate.set_last_used_timestamp(commit=True)
                return candidate
    return None


def _second_factor(user: User, token: str, *, device: TOTPDevice | None = None, ip: str | None) -> Any:
    """The device ``token`` opens; otherwise raise the refusal (on the field ``token``): wait, or
    wrong. A wrong code is counted and recorded even though the call is refused."""
    token = _clean_token(token)
    with transaction.atomic():
        counter = _locked_counter(user, device)
        wait = otp_wait_seconds(counter) if counter is not None else 0
        if wait:
            raise Refused.invalid(
                f"Đã nhập sai mã nhiều lần liên tiếp. Vui lòng chờ {wait} giây rồi thử lại.", field="token"
            )
        matched = _check_code(user, token, device=counter if device is not None else None)
        if counter is not None:
            if matched is not None:
                counter.throttle_reset(commit=False)
            else:
                counter.throttle_increment(commit=False)
            counter.save(update_fields=["throttling_failure_count", "throttling_failure_timestamp"])
        if matched is not None:
            return matched
        record_otp_failure(user, ip=ip)
    raise Refused.invalid(OTP_WRONG, field="token")


def otp_verify(*, user: User, token: str, ip: str | None = None) -> Any:
    """The second step of signing in: the device the code opens (the authenticator's code of now or
    of the previous 30 seconds, or a backup code); ``Refused`` on ``token`` otherwise."""
    return _second_factor(user, token, ip=ip)


def pending_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


def secret_b32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


def confirm_device(*, user: User, device: TOTPDevice, token: str, ip: str | None = None) -> list[str]:
    """Confirm the authenticator with its first code; returns fresh backup codes. ``Refused`` on
    ``token`` when the code is wrong (or after several, until the wait is over)."""
    _second_factor(user, token, device=device, ip=ip)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = regenerate_backup_codes(user)
        audit.record(actor=user, action="accounts.mfa_enrolled", obj=user)
    return codes


def regenerate_backup_codes(user: User) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(
        user=user, name="Mã dự phòng", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def issuer() -> str:
    return settings.OTP_TOTP_ISSUER


@transaction.atomic
def backup_codes_regenerate(*, user: User) -> list[str]:
    """New backup codes from the profile; the old ones stop working (ORG-6)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        from congvu.core.decisions import Refused

        raise Refused("Hãy bật xác thực hai lớp trước khi tạo mã dự phòng.")
    codes = regenerate_backup_codes(user)
    audit.record(actor=user, action="accounts.mfa_backup_codes_regenerated", obj=user)
    return codes


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
    from congvu.core.client_address import client_ip

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


TOKEN_PREFIX = "cv_"  # noqa: S105 (a marker that says "Công Vụ token", not a secret)
PREFIX_LENGTH = 8
MAX_ACTIVE_TOKENS = 20


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def can_manage_tokens(actor: Any, owner: User) -> Decision:
    """The owner, or an administrator of the account (who may revoke, e.g. when a laptop is lost)."""
    if actor is None or getattr(actor, "pk", None) == owner.pk:
        return Decision.allow()
    return policies.administers_account(actor, owner)


def active_tokens(user: User):
    """The tokens that still open the API (not revoked, not expired)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())


def is_locked(user: User) -> bool:
    """Is the account locked after repeated failed sign-ins (django-axes, per login name; TV-SEC-1)?"""
    from congvu.accounts.passwords import lockout_attempts

    return lockout_attempts(username=user.username).exists()


def in_good_standing(user: User) -> Decision:
    """May the account act without a browser session (a personal API token)? Only when nothing
    stands between it and its work: active, its one-time password changed, an administrator's
    password within its age and second factor enrolled (TV-SEC-4), not locked after failed
    sign-ins (TV-SEC-1). The browser meets the same conditions as steps of signing in."""
    from congvu.accounts.passwords import password_expired, safeguards

    if not user.is_active:
        return Decision.deny("Tài khoản không hoạt động.")
    if user.must_change_password:
        return Decision.deny("Tài khoản phải đổi mật khẩu dùng một lần trước khi dùng mã truy cập API.")
    found = safeguards(user, with_lock=True)
    if password_expired(user, is_admin=found.is_admin):
        return Decision.deny("Mật khẩu của tài khoản quản trị đã quá hạn: hãy đăng nhập và đổi mật khẩu.")
    if found.is_admin and settings.SECURITY["ADMIN_MFA_REQUIRED"] and not found.has_device:
        return Decision.deny("Tài khoản quản trị phải bật xác thực hai lớp trước khi dùng mã truy cập API.")
    if found.locked:
        return Decision.deny("Tài khoản đang bị khóa tạm thời sau nhiều lần đăng nhập sai.")
    return Decision.allow()


def token_authenticate(*, raw: str) -> User | None:
    """The account a personal token belongs to; None for a token that is unknown, revoked or past
    its expiry. ``Refused`` (not allowed, with the reason) when the token is valid but its account
    is not in good standing. Its last use is written at most every five minutes (not on every
    request)."""
    now = timezone.now()
    found = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if found is None:
        return None
    in_good_standing(found.user).require()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


@transaction.atomic
def token_create(*, user: User, name: str, actor: Any) -> tuple[ApiToken, str]:
    """Returns the token row and the token itself, which is never shown again."""
    if actor is not None and getattr(actor, "pk", None) != user.pk:
        raise Refused("Mỗi người tự tạo mã truy cập API của mình.")
    if not user.is_active:
        raise Refused("Tài khoản không hoạt động không tạo được mã truy cập API.")
    name = clean_text(name)[:100]
    if not name:
        raise Refused("Hãy đặt tên cho mã truy cập (ví dụ: “Máy tính phòng”).", field="name")
    if active_tokens(user).count() >= MAX_ACTIVE_TOKENS:
        raise Refused(
            f"Mỗi tài khoản có tối đa {MAX_ACTIVE_TOKENS} mã đang dùng. Hãy thu hồi mã không còn cần."
        )
    raw = new_raw_token()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:PREFIX_LENGTH],
        key_hash=hash_token(raw),
        expires_at=token_expiry(),
    )
    audit.record(
        actor=actor or None,
        action="accounts.api_token.created",
        obj=user,
        after={"name": name, "prefix": token.prefix, "expires_at": token.expires_at},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    can_manage_tokens(actor, token.user).require()
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="accounts.api_token.revoked",
        obj=token.user,
        after={"name": token.name, "prefix": token.prefix},
    )
    return token


def find_by_prefix(*, user: User, prefix: str) -> ApiToken:
    """The user's active token whose first characters are ``prefix``; refused when none or several."""
    prefix = prefix.strip()
    matches = list(active_tokens(user).filter(prefix__startswith=prefix[:PREFIX_LENGTH]))
    matches = [t for t in matches if prefix.startswith(t.prefix) or t.prefix.startswith(prefix)]
    if not matches:
        raise Refused(f"Không có mã truy cập đang dùng nào bắt đầu bằng “{prefix}”.")
    if len(matches) > 1:
        raise Refused(f"Có {len(matches)} mã bắt đầu bằng “{prefix}”: hãy thu hồi trên trang hồ sơ.")
    return matches[0]


@transaction.atomic
def revoke_all(*, user: User, actor: Any, reason: str = "") -> int:
    """Revoke every token of the account: after a suspension, a retirement or a password reset
    (whoever held the password may have made one)."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        audit.record(
            actor=actor,
            action="accounts.api_token.revoked_all",
            obj=user,
            after={"count": count},
            note=reason,
        )
    return count
