"""Tokens and sessions obey the account (standards §7: TV-SEC-1, TV-SEC-2, TV-SEC-4).

A personal API token acts only for an account in good standing — its one-time password changed, an
administrator's second factor enrolled, not locked, not suspended — and only until it expires; a
password reset or a suspension revokes it. A role granted while its holder is signed in brings its
safeguards (the second factor, the administrators' idle limit) at the next request. The current
password of the change-password form is a sign-in: guessing it locks the account."""

from __future__ import annotations

import datetime as dt
import time

from django.test import Client

from congvu.accounts.middleware import SESSION_LAST_SEEN
from congvu.accounts.models import ApiToken
from congvu.accounts.signin import services as tokens
from congvu.accounts.users import services as user_services
from congvu.core.models import AuditEvent
from congvu.org.models import RoleGrant
from congvu.org.units import services as unit_services
from tests.accounts.test_sign_in import LOGIN, OTP_SETUP, PASSWORD_CHANGE, PROFILE, confirmed_device, sign_in
from tests.conftest import PASSWORD

ME = "/api/v1/me"
AUDIT_EVENTS = "/api/v1/audit-events"
NEW_PASSWORD = "Một-mật-khẩu-mới-2026"


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_of(user) -> str:
    return tokens.token_create(user=user, name="Tích hợp", actor=user)[1]


# --- finding 1: a token acts only for an account in good standing -----------------------------------


def test_a_token_does_not_work_before_the_one_time_password_is_changed(province):
    raw = token_of(province.chuyen_vien)
    province.chuyen_vien.must_change_password = True
    province.chuyen_vien.save(update_fields=["must_change_password"])
    response = Client().get(ME, **bearer(raw))
    assert response.status_code == 401
    assert "đổi mật khẩu dùng một lần" in response.json()["detail"]


def test_an_administrators_token_needs_his_second_factor(province):
    raw = token_of(province.quan_tri)  # kienlv has not enrolled an authenticator yet
    refused = Client().get(AUDIT_EVENTS, **bearer(raw))
    assert refused.status_code == 401
    assert "xác thực hai lớp" in refused.json()["detail"]
    confirmed_device(province.quan_tri)
    assert Client().get(AUDIT_EVENTS, **bearer(raw)).status_code == 200


def test_a_password_reset_revokes_the_tokens(province):
    raw = token_of(province.chuyen_vien)
    user_services.user_reset_password(user=province.chuyen_vien, actor=province.quan_tri)
    assert ApiToken.objects.get(user=province.chuyen_vien).revoked_at is not None
    # Even once the person has chosen a new password, the old token stays dead.
    tokens.password_change(user=province.chuyen_vien, new_password=NEW_PASSWORD)
    assert Client().get(ME, **bearer(raw)).status_code == 401
    revoked = AuditEvent.objects.get(action="accounts.api_token.revoked_all")
    assert revoked.note == "password_reset" and revoked.actor_id == province.quan_tri.pk


def test_suspend_then_reactivate_leaves_the_token_revoked(province):
    raw = token_of(province.chuyen_vien)
    user_services.user_suspend(user=province.chuyen_vien, actor=province.quan_tri, reason="Nghỉ phép")
    user_services.user_reactivate(user=province.chuyen_vien, actor=province.quan_tri)
    assert Client().get(ME, **bearer(raw)).status_code == 401
    assert ApiToken.objects.get(user=province.chuyen_vien).revoked_at is not None


def test_a_token_does_not_work_while_the_account_is_locked(province):
    raw = token_of(province.chuyen_vien)
    for _ in range(5):
        sign_in(Client(), "minhnv", "sai-mat-khau")
    response = Client().get(ME, **bearer(raw))
    assert response.status_code == 401
    assert "bị khóa" in response.json()["detail"]
    user_services.user_unlock(user=province.chuyen_vien, actor=province.quan_tri)
    assert Client().get(ME, **bearer(raw)).status_code == 200


def test_a_token_expires_after_the_configured_days(province, settings, clock):
    settings.SECURITY = {**settings.SECURITY, "API_TOKEN_DAYS": 30}
    token, raw = tokens.token_create(user=province.chuyen_vien, name="Tích hợp", actor=province.chuyen_vien)
    assert token.expires_at - token.created_at >= dt.timedelta(days=30) - dt.timedelta(seconds=1)
    clock.shift(dt.timedelta(days=29))
    assert Client().get(ME, **bearer(raw)).status_code == 200
    clock.shift(dt.timedelta(days=1, seconds=1))
    assert Client().get(ME, **bearer(raw)).status_code == 401


def test_tokens_last_90_days_by_default(province):
    token, _ = tokens.token_create(user=province.chuyen_vien, name="Tích hợp", actor=province.chuyen_vien)
    assert (token.expires_at - token.created_at).days in (89, 90)
    assert (token.expires_at - token.created_at) > dt.timedelta(days=89, hours=23)


def test_the_profile_shows_when_each_token_expires(province, signed_in, clock):
    client = signed_in(province.chuyen_vien)
    created = client.post("/tai-khoan/ho-so/ma-api/", {"name": "Máy chủ báo cáo"})
    expiry = ApiToken.objects.get(user=province.chuyen_vien).expires_at
    assert "02/03/2027" in created.content.decode()  # shown with the token itself, once
    profile = client.get(PROFILE).content.decode()
    assert "Hết hạn lúc" in profile and "02/03/2027" in profile
    assert expiry.date() == dt.date(2027, 3, 2)
    clock.shift(dt.timedelta(days=91))
    client = signed_in(province.chuyen_vien)
    assert "Đã hết hạn" in client.get(PROFILE).content.decode()


# --- finding 2: role-dependent safeguards are read per request ---------------------------------------


def test_a_role_granted_during_a_session_asks_for_the_second_factor_at_once(province, signed_in):
    client = signed_in(province.chuyen_vien_2)  # anhvtk in the report: an officer, no second factor
    assert client.get("/tai-khoan/quan-tri/").status_code in (403, 404)
    unit_services.role_grant(
        user=province.chuyen_vien_2,
        role=RoleGrant.Role.ADMINISTRATOR,
        unit=province.units.tinh,
        actor=province.quan_tri,
    )
    response = client.get("/tai-khoan/quan-tri/")
    assert response.status_code == 302 and response.url == OTP_SETUP
    assert client.get("/api/v1/audit-events").status_code == 401


def test_a_role_granted_during_a_session_brings_the_administrators_idle_limit(province, signed_in):
    client = signed_in(province.chuyen_vien_2)
    assert client.get("/").status_code == 200
    confirmed_device(province.chuyen_vien_2)
    unit_services.role_grant(
        user=province.chuyen_vien_2,
        role=RoleGrant.Role.ADMINISTRATOR,
        unit=province.units.tinh,
        actor=province.quan_tri,
    )
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - 6 * 60  # within an officer's 15 minutes
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)


# --- finding 3: the current password of the change-password form is a sign-in ----------------------


def _guess(client, password: str):
    return client.post(
        PASSWORD_CHANGE,
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_guessing_the_current_password_counts_as_failed_sign_ins_and_locks(province, client):
    assert sign_in(client, "minhnv").status_code == 302
    for attempt in range(4):
        response = _guess(client, f"doan-{attempt}")
        assert response.status_code == 200
        assert "Mật khẩu hiện tại không đúng" in response.content.decode()
    failures = AuditEvent.objects.filter(action="accounts.sign_in_failed", object_repr="minhnv")
    assert failures.count() == 4 and {e.note for e in failures} == {"password_change"}

    locked = _guess(client, "doan-5")
    assert locked.status_code == 403
    assert "Tài khoản đã bị khóa tạm thời" in locked.content.decode()
    assert user_services.is_locked(province.chuyen_vien)
    assert "_auth_user_id" not in client.session  # the session that guessed is over
    # Locked: even the right password is refused, on either form.
    assert sign_in(Client(), "minhnv", PASSWORD).status_code == 403
    province.chuyen_vien.refresh_from_db()
    assert province.chuyen_vien.check_password(PASSWORD)


def test_a_locked_account_cannot_change_its_password_with_the_right_one(province, signed_in):
    client = signed_in(province.chuyen_vien)
    for _ in range(5):
        sign_in(Client(), "minhnv", "sai-mat-khau")
    response = _guess(client, PASSWORD)
    assert response.status_code == 403
    province.chuyen_vien.refresh_from_db()
    assert province.chuyen_vien.check_password(PASSWORD)


def test_the_right_current_password_still_changes_it(province, client):
    sign_in(client, "minhnv")
    _guess(client, "sai-mot-lan")
    response = _guess(client, PASSWORD)
    assert response.status_code == 302
    province.chuyen_vien.refresh_from_db()
    assert province.chuyen_vien.check_password(NEW_PASSWORD)
