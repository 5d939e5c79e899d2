"""The profile: own details, second factor, sessions and API tokens (ORG-6)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken

from congvu.accounts.models import ApiToken, UserSession, hash_token
from congvu.accounts.signin import services as mfa
from congvu.accounts.signin import services as tokens
from congvu.accounts.users import services as user_services
from congvu.core.models import AuditEvent
from tests.conftest import PASSWORD

PROFILE = "/tai-khoan/ho-so/"


def browser(username: str, agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post("/tai-khoan/dang-nhap/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)


def test_the_profile_shows_the_persons_details_and_posts(province, signed_in):
    body = signed_in(province.chuyen_vien).get(PROFILE).content.decode()
    for text in (
        "Nguyễn Văn Minh",
        "minhnv",
        "minhnv@binhson.gov.vn",
        "Chuyên viên",
        "Phòng Tổ chức biên chế",
    ):
        assert text in body
    assert "/tai-khoan/doi-mat-khau/" in body
    assert "Bật xác thực hai lớp" in body


def test_it_lists_the_sessions_and_marks_the_current_one(province):
    laptop = browser("minhnv", FIREFOX)
    browser("minhnv", CHROME_ANDROID)
    body = laptop.get(PROFILE).content.decode()
    assert "Firefox trên Windows" in body and "Chrome trên Android" in body
    assert body.count("phiên hiện tại") == 1
    assert body.count(">Kết thúc<") == 1  # the current session has no "end" button


def test_ending_a_session_signs_that_browser_out(province):
    laptop = browser("minhnv", FIREFOX)
    phone = browser("minhnv", CHROME_ANDROID)
    row = UserSession.objects.get(user=province.chuyen_vien, user_agent=CHROME_ANDROID)
    response = laptop.post(f"/tai-khoan/ho-so/phien/{row.pk}/ket-thuc/")
    assert response.status_code == 302
    assert not UserSession.objects.filter(pk=row.pk).exists()
    assert phone.get("/").status_code == 302  # signed out
    assert laptop.get("/").status_code == 200
    assert AuditEvent.objects.filter(
        action="accounts.session.ended", object_id=str(province.chuyen_vien.pk)
    ).exists()


def test_it_ends_every_other_session_at_once(province):
    laptop = browser("minhnv", FIREFOX)
    phone = browser("minhnv", CHROME_ANDROID)
    tablet = browser("minhnv", "iPad Safari/605")
    laptop.post("/tai-khoan/ho-so/phien/ket-thuc-phien-khac/")
    assert UserSession.objects.filter(user=province.chuyen_vien).count() == 1
    assert phone.get("/").status_code == 302 and tablet.get("/").status_code == 302
    assert laptop.get(PROFILE).status_code == 200


def test_nobody_ends_someone_elses_session(province):
    browser("hattt", FIREFOX)
    theirs = UserSession.objects.get(user=province.chuyen_vien_2)
    mine = browser("minhnv", FIREFOX)
    mine.post(f"/tai-khoan/ho-so/phien/{theirs.pk}/ket-thuc/")
    assert UserSession.objects.filter(pk=theirs.pk).exists()


def test_a_session_signed_in_another_way_is_listed_too(province, signed_in):
    client = signed_in(province.chuyen_vien)
    body = client.get(PROFILE).content.decode()
    assert "phiên hiện tại" in body
    assert UserSession.objects.filter(
        user=province.chuyen_vien, session_key=client.session.session_key
    ).exists()


# --- API tokens ------------------------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_stored_as_a_hash(province, signed_in):
    client = signed_in(province.chuyen_vien)
    response = client.post("/tai-khoan/ho-so/ma-api/", {"name": "Phần mềm kế toán"})
    assert response.status_code == 200
    raw = response.context["raw"]
    assert raw.startswith("cv_") and len(raw) > 40
    assert raw in response.content.decode()
    token = ApiToken.objects.get(user=province.chuyen_vien)
    assert token.key_hash == hash_token(raw) and token.prefix == raw[:8]
    assert raw not in (token.key_hash, token.prefix)
    profile = client.get(PROFILE).content.decode()
    assert raw not in profile
    assert token.prefix in profile and "Phần mềm kế toán" in profile


def test_a_token_needs_a_name(province, signed_in):
    response = signed_in(province.chuyen_vien).post("/tai-khoan/ho-so/ma-api/", {"name": "  "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_token_authenticates_the_api_until_it_is_revoked(province, signed_in):
    token, raw = tokens.token_create(user=province.chuyen_vien, name="Tích hợp", actor=province.chuyen_vien)
    api = Client()
    response = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "minhnv"
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer cv_not-a-token").status_code == 401

    owner = signed_in(province.chuyen_vien)
    owner.post(f"/tai-khoan/ho-so/ma-api/{token.pk}/thu-hoi/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert AuditEvent.objects.filter(action="accounts.api_token.revoked").exists()


def test_nobody_revokes_someone_elses_token_from_their_profile(province, signed_in):
    token, _ = tokens.token_create(user=province.chuyen_vien_2, name="Của Hà", actor=province.chuyen_vien_2)
    signed_in(province.chuyen_vien).post(f"/tai-khoan/ho-so/ma-api/{token.pk}/thu-hoi/")
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_suspended_or_retired_accounts_token_stops_working(province):
    _, raw = tokens.token_create(user=province.chuyen_vien, name="Tích hợp", actor=None)
    api = Client()
    user_services.user_suspend(user=province.chuyen_vien, actor=province.quan_tri, reason="Nghỉ phép")
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    user_services.user_retire(user=province.chuyen_vien, actor=province.quan_tri, reason="Nghỉ hưu")
    assert ApiToken.objects.get(user=province.chuyen_vien).revoked_at is not None


def test_the_token_command_creates_and_revokes(province, capsys):
    call_command("token", "create", "minhnv", "--name", "Máy chủ báo cáo")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("cv_")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    call_command("token", "revoke", "minhnv", raw[:8])
    assert "Đã thu hồi" in capsys.readouterr().out
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    with pytest.raises(CommandError, match="Không có mã"):
        call_command("token", "revoke", "minhnv", raw[:8])
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("token", "create", "khongco")


# --- second factor ---------------------------------------------------------------------------------------


def test_backup_codes_can_be_regenerated_and_the_old_ones_stop_working(province, signed_in):
    client = signed_in(province.quan_tri)  # enrolled by the fixture
    old = set(StaticToken.objects.filter(device__user=province.quan_tri).values_list("token", flat=True))
    body = client.get(PROFILE).content.decode()
    assert "Đang bật" in body and "Tạo lại mã dự phòng" in body
    response = client.post("/tai-khoan/ho-so/ma-du-phong/")
    assert response.status_code == 200
    new = set(response.context["codes"])
    assert len(new) == mfa.BACKUP_CODES and not (new & old)
    assert (
        set(StaticToken.objects.filter(device__user=province.quan_tri).values_list("token", flat=True)) == new
    )


def test_backup_codes_need_an_enrolled_authenticator(province, signed_in):
    client = signed_in(province.chuyen_vien)
    response = client.post("/tai-khoan/ho-so/ma-du-phong/")
    assert response.status_code == 302
    assert not StaticToken.objects.filter(device__user=province.chuyen_vien).exists()
