"""The second factor's codes (standards §7: MFA for all administrators; issue "Input that should be
questioned": a right code typed right after a wrong one was refused as wrong).

Codes are computed from the device's key at a frozen moment: the authenticator's code of the
current 30-second step and of the one before are accepted, once each; several wrong codes in a row
make the person wait, longer after each, and say so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from congvu.accounts.signin import services as mfa
from congvu.core.models import AuditEvent
from tests.accounts.test_sign_in import OTP_SETUP, OTP_VERIFY, PROFILE, confirmed_device, sign_in
from tests.conftest import FROZEN_NOW, travel_to

# A moment 10 seconds into a 30-second step.
MOMENT = FROZEN_NOW.replace(second=10)


def code(device: TOTPDevice, *, steps_back: int = 0) -> str:
    step = int((MOMENT.timestamp() - device.t0) // device.step) - steps_back
    return f"{hotp(device.bin_key, step, device.digits):06d}"


def wrong_code(device: TOTPDevice) -> str:
    valid = {code(device, steps_back=n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


@pytest.fixture
def at_moment():
    with travel_to(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def admin_signing_in(province, client, at_moment):
    """The administrator past the password, asked for the code of his authenticator."""
    device = confirmed_device(province.quan_tri)
    sign_in(client, "kienlv")
    assert client.get(PROFILE).url.startswith(OTP_VERIFY)
    return client, device


def error_of(response) -> str:
    return " ".join(str(e) for e in response.context["form"].errors.get("token", []))


def test_a_right_code_right_after_a_wrong_one_is_accepted(admin_signing_in):
    client, device = admin_signing_in
    wrong = client.post(OTP_VERIFY, {"token": wrong_code(device)})
    assert "Mã xác thực không đúng" in error_of(wrong)
    right = client.post(OTP_VERIFY, {"token": code(device)})  # the same second
    assert right.status_code == 302
    assert client.get(PROFILE).status_code == 200


def test_the_code_of_the_previous_step_is_accepted(admin_signing_in):
    client, device = admin_signing_in
    assert client.post(OTP_VERIFY, {"token": code(device, steps_back=1)}).status_code == 302


@pytest.mark.parametrize("steps_back", [2, -1], ids=["a minute old", "the next step"])
def test_older_or_future_codes_are_refused(admin_signing_in, steps_back):
    client, device = admin_signing_in
    response = client.post(OTP_VERIFY, {"token": code(device, steps_back=steps_back)})
    assert response.status_code == 200 and "Mã xác thực không đúng" in error_of(response)


def test_a_code_signs_in_once(admin_signing_in):
    client, device = admin_signing_in
    assert client.post(OTP_VERIFY, {"token": code(device)}).status_code == 302
    other = Client()
    sign_in(other, "kienlv")
    replay = other.post(OTP_VERIFY, {"token": code(device)})
    assert replay.status_code == 200 and "Mã xác thực không đúng" in error_of(replay)
    # The previous step's code is older than the one used: refused too.
    assert other.post(OTP_VERIFY, {"token": code(device, steps_back=1)}).status_code == 200


def test_wrong_codes_in_a_row_make_the_person_wait_and_say_so(admin_signing_in, at_moment):
    client, device = admin_signing_in
    for _ in range(mfa.OTP_FREE_FAILURES):
        assert "Mã xác thực không đúng" in error_of(client.post(OTP_VERIFY, {"token": wrong_code(device)}))
    waiting = client.post(OTP_VERIFY, {"token": code(device)})  # right, but too soon
    assert waiting.status_code == 200
    assert "Vui lòng chờ 1 giây rồi thử lại" in error_of(waiting)
    at_moment.shift(dt.timedelta(seconds=1))
    assert client.post(OTP_VERIFY, {"token": code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    failures = AuditEvent.objects.filter(action="accounts.otp_failed", actor=device.user)
    assert failures.count() == mfa.OTP_FREE_FAILURES  # a refusal to wait is no attempt


def test_the_wait_doubles_and_ends_in_a_lockout(admin_signing_in, at_moment):
    client, device = admin_signing_in
    waits = []
    for _ in range(8):
        response = client.post(OTP_VERIFY, {"token": wrong_code(device)})
        assert "Mã xác thực không đúng" in error_of(response)
        device.refresh_from_db()
        waits.append(mfa.otp_wait_seconds(device))
        at_moment.shift(dt.timedelta(seconds=waits[-1]))
    assert waits == [0, 0, 1, 2, 4, 8, 16, 32]
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=40)
    device.refresh_from_db()
    assert mfa.otp_wait_seconds(device) > mfa.OTP_MAX_WAIT_SECONDS - 60  # a day: in effect locked
    locked = client.post(OTP_VERIFY, {"token": code(device)})
    assert locked.status_code == 200 and "Vui lòng chờ" in error_of(locked)


def test_a_backup_code_works_right_after_a_wrong_one_and_only_once(province, admin_signing_in):
    client, device = admin_signing_in
    codes = mfa.regenerate_backup_codes(province.quan_tri)
    client.post(OTP_VERIFY, {"token": wrong_code(device)})
    assert client.post(OTP_VERIFY, {"token": codes[0]}).status_code == 302
    other = Client()
    sign_in(other, "kienlv")
    assert other.post(OTP_VERIFY, {"token": codes[0]}).status_code == 200  # spent
    device.refresh_from_db()
    assert device.last_t == -1  # the backup code did not use up the authenticator's step


def test_enrolling_accepts_a_right_code_right_after_a_wrong_one(province, client, at_moment):
    sign_in(client, "kienlv")
    assert client.get(OTP_SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=province.quan_tri, confirmed=False)
    assert "Mã xác thực không đúng" in error_of(client.post(OTP_SETUP, {"token": wrong_code(device)}))
    done = client.post(OTP_SETUP, {"token": code(device)})
    assert done.status_code == 200 and "mã dự phòng" in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed and device.throttling_failure_count == 0
