"""TOTP second factor with backup codes (django-otp; standards §7: MFA for all administrators)."""

from __future__ import annotations

import base64
import secrets

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from congvu.accounts.models import User
from congvu.core import audit

BACKUP_CODES = 10


def pending_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


def secret_b32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


def confirm_device(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with its first code; returns fresh backup codes, or None."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
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


def match_token(user: User, token: str):
    token = token.strip().replace(" ", "")
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


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
