"""Accounts in the JSON API (/api/v1/me, /api/v1/users…): token and session authentication, the
same policies and services as the screens: 404 invisible, 403 not allowed, 400 refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from congvu.accounts.models import User
from congvu.accounts.signin import services as tokens
from congvu.org.models import Delegation
from tests.conftest import administrators_second_factor

API = "/api/v1"


class TokenClient:
    """A client that authenticates with a personal token, as an integration would."""

    def __init__(self, user):
        administrators_second_factor(user)
        _, raw = tokens.token_create(user=user, name="Kiểm thử", actor=None)
        self.client = Client()
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(self, path, params=None):
        return self.client.get(API + path, params or {}, **self.auth)

    def post(self, path, body=None):
        return self.client.post(
            API + path, json.dumps(body or {}), content_type="application/json", **self.auth
        )


@pytest.fixture
def as_token(province):
    return TokenClient


def usernames(response) -> set[str]:
    return {item["username"] for item in response.json()["items"]}


# --- /me -------------------------------------------------------------------------------------------------


def test_me_describes_the_caller_with_a_token(province, as_token):
    body = as_token(province.van_thu).get("/me").json()
    assert body["username"] == "hoant" and body["full_name"] == "Nguyễn Thị Hoa"
    assert body["email"] == "hoant@binhson.gov.vn"
    assert body["memberships"] == [
        {
            "unit_id": province.units.vp.pk,
            "unit_name": "Văn phòng UBND tỉnh",
            "unit_short_name": "VP",
            "position": "Văn thư",
            "is_primary": True,
        }
    ]
    assert [(r["role"], r["unit_name"]) for r in body["roles"]] == [("clerk", "UBND tỉnh Bình Sơn")]
    assert body["acting_for"] == []


def test_me_lists_whom_the_caller_acts_for(province, as_token):
    now = timezone.now()
    Delegation.objects.create(
        principal=province.truong_phong,
        delegate=province.chuyen_vien,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=1),
        status=Delegation.Status.APPROVED,
        requested_by=province.truong_phong,
    )
    body = as_token(province.chuyen_vien).get("/me").json()
    assert body["acting_for"] == [
        {"id": province.truong_phong.pk, "username": "sonbt", "full_name": "Bùi Thanh Sơn"}
    ]


def test_me_works_with_the_browser_session(province, signed_in):
    response = signed_in(province.chuyen_vien).get(API + "/me")
    assert response.status_code == 200 and response.json()["username"] == "minhnv"


def test_me_needs_authentication(province):
    assert Client().get(API + "/me").status_code == 401


# --- reading accounts --------------------------------------------------------------------------------------


def test_an_officer_sees_only_himself(province, as_token):
    assert usernames(as_token(province.chuyen_vien).get("/users")) == {"minhnv"}
    assert as_token(province.chuyen_vien).get(f"/users/{province.chuyen_vien_2.pk}").status_code == 404


def test_the_list_filters_and_pages_like_the_screen(province, as_token, settings):
    settings.PAGE_SIZE = 5
    api = as_token(province.quan_tri)
    assert usernames(api.get("/users", {"q": "nguyen van"})) == {"minhnv"}
    assert usernames(api.get("/users", {"unit": province.units.tcbc.pk})) == {"sonbt", "minhnv", "hattt"}
    assert usernames(api.get("/users", {"status": "retired"})) == set()
    seen, cursor = [], None
    while True:
        body = api.get("/users", {"cursor": cursor} if cursor else {}).json()
        seen += [item["username"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(User.objects.values_list("username", flat=True))
    assert api.get("/users", {"status": "deleted"}).status_code == 400


def test_one_account_with_its_posts_and_the_actions_allowed_to_the_caller(province, as_token):
    body = as_token(province.quan_tri).get(f"/users/{province.chuyen_vien.pk}").json()
    assert (
        body["username"] == "minhnv"
        and body["unit_name"] == "Phòng Tổ chức biên chế"
        and body["position"] == "Chuyên viên"
    )
    assert body["status"] == "active" and body["status_label"] == "Đang hoạt động"
    assert body["allowed_actions"] == ["suspend", "retire"]
    leader_view = as_token(province.giam_doc).get(f"/users/{province.chuyen_vien.pk}").json()
    assert leader_view["allowed_actions"] == []


# --- creating and changing accounts ------------------------------------------------------------------------


def test_an_administrator_creates_an_account(province, as_token):
    response = as_token(province.quan_tri).post(
        "/users",
        {
            "full_name": "Trần Huỳnh Tấn Minh",
            "unit_id": province.units.ccvc.pk,
            "position_id": province.positions.chuyen_vien.pk,
            "email": "tanminh@binhson.gov.vn",
            "date_of_birth": "1963-08-15",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "minhtht"
    user = User.objects.get(pk=body["id"])
    assert user.check_password(body["one_time_password"]) and user.must_change_password


def test_creating_refuses_with_the_vietnamese_reason(province, as_token):
    api = as_token(province.quan_tri)
    response = api.post(
        "/users",
        {
            "full_name": "  ",
            "unit_id": province.units.ccvc.pk,
            "position_id": province.positions.chuyen_vien.pk,
        },
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Vui lòng nhập họ và tên.", "code": "invalid", "field": "full_name"}
    assert (
        api.post(
            "/users",
            {"full_name": "A B", "unit_id": 999999, "position_id": province.positions.chuyen_vien.pk},
        ).status_code
        == 400
    )


def test_only_administrators_create_accounts_through_the_api(province, as_token):
    body = {
        "full_name": "Người Mới",
        "unit_id": province.units.tcbc.pk,
        "position_id": province.positions.chuyen_vien.pk,
    }
    response = as_token(province.giam_doc).post("/users", body)
    assert response.status_code == 403 and "quản trị" in response.json()["detail"]
    assert not User.objects.filter(full_name="Người Mới").exists()


def test_suspend_reactivate_and_retire_through_the_api(province, as_token):
    api = as_token(province.quan_tri)
    target = province.chuyen_vien
    missing = api.post(f"/users/{target.pk}/suspend", {"reason": ""})
    assert missing.status_code == 400 and missing.json()["detail"] == "Vui lòng nêu lý do."
    done = api.post(f"/users/{target.pk}/suspend", {"reason": "Đi học dài hạn"})
    assert done.status_code == 200 and done.json()["status"] == "suspended"
    assert done.json()["status_reason"] == "Đi học dài hạn"
    assert (
        api.post(f"/users/{target.pk}/suspend", {"reason": "Lần nữa"}).status_code == 409
    )  # not from this state
    assert api.post(f"/users/{target.pk}/reactivate").json()["status"] == "active"
    assert api.post(f"/users/{target.pk}/retire", {"reason": "Nghỉ hưu"}).json()["status"] == "retired"


def test_visible_but_not_allowed_is_403_and_invisible_is_404(province, as_token):
    leader = as_token(province.giam_doc)
    forbidden = leader.post(f"/users/{province.chuyen_vien.pk}/suspend", {"reason": "Thử"})
    assert forbidden.status_code == 403 and "quản trị" in forbidden.json()["detail"]
    assert leader.post(f"/users/{province.chuyen_vien_khac.pk}/suspend", {"reason": "Thử"}).status_code == 404
    own = as_token(province.quan_tri).post(f"/users/{province.quan_tri.pk}/suspend", {"reason": "Thử"})
    assert own.status_code == 403 and "tự thay đổi" in own.json()["detail"]
    assert User.objects.get(pk=province.chuyen_vien.pk).status == User.Status.ACTIVE


def test_session_writes_need_the_csrf_token(province, signed_in):
    session_client = signed_in(province.quan_tri)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = session_client.cookies
    strict.get("/tai-khoan/ho-so/")  # the page sets the CSRF cookie
    url = f"{API}/users/{province.chuyen_vien.pk}/suspend"
    body = json.dumps({"reason": "Đi học"})
    refused = strict.post(url, body, content_type="application/json")
    assert refused.status_code in (401, 403)
    assert User.objects.get(pk=province.chuyen_vien.pk).status == User.Status.ACTIVE
    token = strict.cookies["csrftoken"].value
    accepted = strict.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200
    assert User.objects.get(pk=province.chuyen_vien.pk).status == User.Status.SUSPENDED
