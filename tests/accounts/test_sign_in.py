"""Sign-in, lockout, idle timeout, forced steps (ORG-6; standards §7 TV-SEC-1, TV-SEC-2, TV-SEC-4)."""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from congvu.accounts.middleware import SESSION_LAST_SEEN
from congvu.accounts.models import User, UserSession
from congvu.accounts.signin import services as mfa
from congvu.accounts.users import services as user_services
from congvu.core.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/tai-khoan/dang-nhap/"
LOGOUT = "/tai-khoan/dang-xuat/"
PASSWORD_CHANGE = "/tai-khoan/doi-mat-khau/"
OTP_SETUP = "/tai-khoan/xac-thuc-hai-lop/cai-dat/"
OTP_VERIFY = "/tai-khoan/xac-thuc-hai-lop/"
PROFILE = "/tai-khoan/ho-so/"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def confirmed_device(user) -> TOTPDevice:
    device = mfa.pending_device(user)
    device.confirmed = True
    device.save()
    return device


def actions(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("id").values_list("action", flat=True))


# --- signing in and out ---------------------------------------------------------------------------------


def test_it_signs_in_records_the_audit_row_and_the_session(province, client):
    response = sign_in(client, "minhnv", HTTP_USER_AGENT="Firefox thử nghiệm")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.filter(action="accounts.sign_in").latest("id")
    assert event.actor_id == province.chuyen_vien.pk
    row = UserSession.objects.get(user=province.chuyen_vien)
    assert row.session_key == client.session.session_key
    assert row.user_agent == "Firefox thử nghiệm"


def test_the_session_and_csrf_cookies_end_with_the_browser(province, client):
    """No cookie carries an expiry date (shared office computers); the stored session still ends
    after SESSION_COOKIE_AGE."""
    client.get(LOGIN)
    response = sign_in(client, "minhnv")
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = response.cookies[name]
        assert (cookie["expires"], cookie["max-age"]) == ("", ""), name
    stored = Session.objects.get(session_key=client.session.session_key)
    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert age - dt.timedelta(minutes=1) < stored.expire_date - timezone.now() <= age


def test_login_names_are_case_insensitive(province, client):
    assert sign_in(client, "  MinhNV ").status_code == 302


def test_it_refuses_a_wrong_password_and_records_the_failure(province, client):
    response = sign_in(client, "minhnv", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    failure = AuditEvent.objects.filter(action="accounts.sign_in_failed").latest("id")
    assert failure.object_repr == "minhnv" and failure.result == "failed" and failure.actor_id is None


def test_a_suspended_account_cannot_sign_in(province, client):
    user_services.user_suspend(user=province.chuyen_vien, actor=province.quan_tri, reason="Nghỉ phép dài hạn")
    response = sign_in(client, "minhnv")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_is_recorded_and_forgets_the_session(province, client):
    sign_in(client, "minhnv")
    assert UserSession.objects.filter(user=province.chuyen_vien).exists()
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert actions(actor=province.chuyen_vien)[-1] == "accounts.sign_out"
    assert not UserSession.objects.filter(user=province.chuyen_vien).exists()
    assert client.get("/").status_code == 302


# --- lockout (TV-SEC-1) --------------------------------------------------------------------------------


def test_five_failures_lock_the_account_and_the_right_password_is_refused(province, client):
    for _ in range(5):
        sign_in(client, "minhnv", "sai-mat-khau")
    response = sign_in(client, "minhnv", PASSWORD)
    assert response.status_code == 403
    body = response.content.decode()
    assert "Tài khoản đã bị khóa tạm thời" in body
    assert "12 giờ" in body
    assert "_auth_user_id" not in client.session
    assert user_services.is_locked(province.chuyen_vien)
    assert AuditEvent.objects.filter(action="accounts.sign_in_failed", result="locked").exists()


def test_the_lockout_counts_the_name_whatever_its_case(province, client):
    for name in ("minhnv", "MINHNV", "MinhNV", "minhNV", "Minhnv"):
        sign_in(client, name, "sai-mat-khau")
    assert sign_in(client, "minhnv", PASSWORD).status_code == 403


def test_other_accounts_are_not_locked_by_someone_elses_failures(province, client):
    for _ in range(6):
        sign_in(client, "minhnv", "sai-mat-khau")
    assert sign_in(client, "hattt", PASSWORD).status_code == 302


def test_the_break_glass_unlock_restores_access_and_is_audited(province, client, capsys):
    for _ in range(5):
        sign_in(client, "minhnv", "sai-mat-khau")
    assert sign_in(client, "minhnv", PASSWORD).status_code == 403
    call_command("unlock", "minhnv")
    assert "Đã mở khóa tài khoản minhnv" in capsys.readouterr().out
    event = AuditEvent.objects.filter(action="accounts.user.unlocked").latest("id")
    assert event.object_id == str(province.chuyen_vien.pk) and event.actor_id is None
    assert sign_in(client, "minhnv", PASSWORD).status_code == 302


# --- idle timeout (TV-SEC-2) -----------------------------------------------------------------------------


def _idle(client, minutes: float) -> None:
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - minutes * 60
    session.save()


def test_a_user_session_idle_for_15_minutes_needs_signing_in_again(province, client):
    sign_in(client, "minhnv")
    client.get("/")
    _idle(client, 16)
    response = client.get(PROFILE)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert client.get("/").status_code == 302
    out = AuditEvent.objects.filter(action="accounts.sign_out").latest("id")
    assert out.note == "idle" and out.actor_id == province.chuyen_vien.pk


def test_a_user_session_idle_for_14_minutes_stays(province, client):
    sign_in(client, "minhnv")
    client.get("/")
    _idle(client, 14)
    assert client.get(PROFILE).status_code == 200


def test_an_administrator_session_idle_for_5_minutes_needs_signing_in_again(province, signed_in):
    client = signed_in(province.quan_tri)
    assert client.get("/").status_code == 200
    _idle(client, 4)
    assert client.get("/").status_code == 200
    _idle(client, 6)
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)


# --- the first sign-in ----------------------------------------------------------------------------------


def new_account(province, **extra):
    return user_services.user_create(
        full_name="Phan Thị Ngọc Ánh",
        unit=province.units.tcbc,
        position=province.positions.chuyen_vien,
        actor=province.quan_tri,
        **extra,
    )


def test_the_first_sign_in_forces_the_password_change_before_any_other_page(province, client):
    account = new_account(province)
    assert sign_in(client, account.user.username, account.one_time_password).status_code == 302
    for path in ("/", PROFILE, "/tai-khoan/quan-tri/", "/thong-bao/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == PASSWORD_CHANGE, path
    assert client.get("/api/v1/me").status_code == 401
    page = client.get(PASSWORD_CHANGE)
    assert page.status_code == 200
    assert "mật khẩu một lần" in page.content.decode()

    weak = client.post(
        PASSWORD_CHANGE,
        {
            "old_password": account.one_time_password,
            "new_password1": "Abc@12345",
            "new_password2": "Abc@12345",
        },
    )
    assert weak.status_code == 200
    assert "ít nhất 14 ký tự" in weak.content.decode()

    new = "Văn-thư-2026@OK!"
    done = client.post(
        PASSWORD_CHANGE,
        {"old_password": account.one_time_password, "new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302 and done.url == "/"
    assert client.get("/").status_code == 200
    user = User.objects.get(pk=account.user.pk)
    assert not user.must_change_password and user.check_password(new)
    # The session followed its new key: it is still listed as the current one.
    assert UserSession.objects.filter(user=user, session_key=client.session.session_key).exists()
    assert "accounts.password_changed" in actions(object_id=str(user.pk))


def test_a_password_change_ends_the_other_sessions(province, client):
    other = Client()
    sign_in(other, "minhnv")
    sign_in(client, "minhnv")
    assert UserSession.objects.filter(user=province.chuyen_vien).count() == 2
    new = "Một-mật-khẩu-mới-2026"
    client.post(PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert UserSession.objects.filter(user=province.chuyen_vien).count() == 1
    assert other.get("/").status_code == 302
    assert client.get("/").status_code == 200


def test_the_password_change_page_refuses_a_wrong_current_password(province, signed_in):
    client = signed_in(province.chuyen_vien)
    new = "Một-mật-khẩu-mới-2026"
    response = client.post(
        PASSWORD_CHANGE, {"old_password": "sai", "new_password1": new, "new_password2": new}
    )
    assert "Mật khẩu hiện tại không đúng" in response.content.decode()


# --- administrators: second factor and password age (TV-SEC-4) ----------------------------------------


def test_an_administrator_without_a_second_factor_is_sent_to_enrol_it(province, client):
    assert sign_in(client, "kienlv").status_code == 302
    for path in ("/", PROFILE, "/tai-khoan/quan-tri/", OTP_VERIFY):
        response = client.get(path)
        assert response.status_code == 302 and response.url == OTP_SETUP, path
    assert client.get("/api/v1/me").status_code == 401
    page = client.get(OTP_SETUP)
    assert page.status_code == 200 and "<svg" in page.content.decode()

    device = TOTPDevice.objects.get(user=province.quan_tri, confirmed=False)
    wrong = client.post(OTP_SETUP, {"token": "000000" if current_code(device) != "000000" else "111111"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    done = client.post(OTP_SETUP, {"token": current_code(device)})
    assert done.status_code == 200
    assert "mã dự phòng" in done.content.decode()
    assert client.get("/").status_code == 200
    assert "accounts.mfa_enrolled" in actions(object_id=str(province.quan_tri.pk))


def test_an_administrator_with_a_device_must_enter_a_code(province, client):
    device = confirmed_device(province.quan_tri)
    sign_in(client, "kienlv")
    response = client.get(PROFILE)
    assert response.status_code == 302 and response.url.startswith(OTP_VERIFY)
    assert client.get("/tai-khoan/quan-tri/").url.startswith(OTP_VERIFY)
    assert client.get(PASSWORD_CHANGE).url.startswith(OTP_VERIFY)
    wrong = client.post(OTP_VERIFY, {"token": "12345"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    ok = client.post(OTP_VERIFY + "?next=/tai-khoan/ho-so/", {"token": current_code(device), "next": PROFILE})
    assert ok.status_code == 302 and ok.url == PROFILE
    assert client.get(PROFILE).status_code == 200


def test_a_backup_code_also_passes_the_second_factor(province, client):
    confirmed_device(province.quan_tri)
    codes = mfa.regenerate_backup_codes(province.quan_tri)
    sign_in(client, "kienlv")
    assert client.post(OTP_VERIFY, {"token": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200


def test_a_person_who_enrolled_a_second_factor_voluntarily_must_use_it(province, client):
    confirmed_device(province.chuyen_vien)
    sign_in(client, "minhnv")
    assert client.get("/").url.startswith(OTP_VERIFY)


def test_the_second_factor_cannot_be_replaced_without_the_current_one(province, client, settings):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "congvu.accounts.middleware.AccountSecurityMiddleware"
    ]
    device = confirmed_device(province.chuyen_vien)
    sign_in(client, "minhnv")
    response = client.get(OTP_SETUP)  # even with the middleware out of the way
    assert response.status_code == 302 and response.url == OTP_VERIFY
    assert TOTPDevice.objects.filter(user=province.chuyen_vien).get() == device


def test_an_administrator_password_61_days_old_must_be_changed(province, signed_in):
    User.objects.filter(pk=province.quan_tri.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=61)
    )
    client = signed_in(province.quan_tri)
    response = client.get("/")
    assert response.status_code == 302 and response.url == PASSWORD_CHANGE
    assert "quá thời hạn" in client.get(PASSWORD_CHANGE).content.decode()


def test_an_administrator_password_59_days_old_is_still_good(province, signed_in):
    User.objects.filter(pk=province.quan_tri.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=59)
    )
    assert signed_in(province.quan_tri).get("/").status_code == 200


def test_an_officer_password_61_days_old_is_not_forced(province, signed_in):
    User.objects.filter(pk=province.chuyen_vien.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=61)
    )
    assert signed_in(province.chuyen_vien).get("/").status_code == 200


def test_the_django_admin_login_is_not_a_side_door(province, client):
    response = client.get("/django-admin/login/")
    assert response.status_code in (301, 302) and response.url.startswith(LOGIN)
