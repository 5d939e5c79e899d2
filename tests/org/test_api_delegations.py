"""The delegation API (ORG-8): the same rules as the screens, by session or personal token."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from django.test import Client
from django.utils import timezone

from congvu.accounts.models import ApiToken, hash_token
from congvu.core.models import AuditEvent
from congvu.org.models import Delegation
from tests.conftest import administrators_second_factor
from tests.org.delegation_helpers import DAY, HOUR, request

URL = "/api/v1/delegations"


@pytest.fixture
def token_client(client):
    """``token_client(user)`` -> a function calling the API with that person's personal token."""

    def _for(user):
        administrators_second_factor(user)
        raw = secrets.token_urlsafe(32)
        ApiToken.objects.create(user=user, name="Thử nghiệm", prefix=raw[:8], key_hash=hash_token(raw))
        headers = {"Authorization": f"Bearer {raw}"}

        def call(method, path, data=None):
            if method == "get":
                return client.get(path, data or {}, headers=headers)
            return client.post(path, data or {}, content_type="application/json", headers=headers)

        return call

    return _for


def _window(start_in=DAY, length=2 * DAY):
    start = timezone.now() + start_in
    return start.isoformat(), (start + length).isoformat()


def test_a_principal_requests_a_delegation_with_a_token(province, token_client):
    call = token_client(province.truong_phong)
    starts_at, ends_at = _window()
    response = call(
        "post",
        URL,
        {
            "delegate_id": province.chuyen_vien.pk,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "reason": "Đi công tác",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "requested" and body["display_status"] == "Chờ duyệt"
    assert body["delegate"] == {"id": province.chuyen_vien.pk, "full_name": "Nguyễn Văn Minh"}
    assert body["starts_at"].endswith("+07:00")  # answered in the agency's zone
    assert body["allowed_actions"] == ["cancel"]
    assert Delegation.objects.get().requested_by == province.truong_phong


def test_a_time_without_offset_is_read_in_vietnam_time(province, token_client):
    call = token_client(province.truong_phong)
    day = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = call(
        "post",
        URL,
        {
            "delegate_id": province.chuyen_vien.pk,
            "starts_at": f"{day}T08:00:00",
            "ends_at": f"{day}T17:00:00",
            "reason": "Họp",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == f"{day}T08:00:00+07:00"


@pytest.mark.parametrize(
    ("delegate", "field", "fragment"),
    [
        ("chuyen_vien_khac", "delegate_id", "không thuộc đơn vị của bạn"),
        ("truong_phong", "delegate_id", "chính mình"),
    ],
)
def test_the_api_refuses_what_the_service_refuses(province, token_client, delegate, field, fragment):
    call = token_client(province.truong_phong)
    starts_at, ends_at = _window()
    response = call(
        "post",
        URL,
        {
            "delegate_id": getattr(province, delegate).pk,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "reason": "Nghỉ phép",
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == field and fragment in response.json()["detail"]
    assert not Delegation.objects.exists()


def test_the_api_refuses_a_window_in_the_past(province, token_client):
    starts_at, ends_at = _window(start_in=-3 * DAY, length=DAY)
    response = token_client(province.truong_phong)(
        "post",
        URL,
        {"delegate_id": province.chuyen_vien.pk, "starts_at": starts_at, "ends_at": ends_at, "reason": "x"},
    )
    assert response.status_code == 400 and response.json()["field"] == "ends_at"


def test_the_leader_approves_with_a_session(province, signed_in):
    delegation = request(province.truong_phong, province.chuyen_vien)
    client = signed_in(province.giam_doc)
    waiting = client.get(URL, {"role": "to_approve"}).json()
    assert [d["id"] for d in waiting["items"]] == [delegation.pk]
    response = client.post(f"{URL}/{delegation.pk}/approve", {}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "approved" and body["display_status"] == "Đã duyệt, chưa đến hạn"
    assert body["decided_by"]["id"] == province.giam_doc.pk
    assert body["allowed_actions"] == ["revoke"]


def test_a_session_post_needs_the_csrf_token(province):
    delegation = request(province.truong_phong, province.chuyen_vien)
    client = Client(enforce_csrf_checks=True)
    client.force_login(province.giam_doc, backend="congvu.accounts.backends.LocalPasswordBackend")
    response = client.post(f"{URL}/{delegation.pk}/approve", {}, content_type="application/json")
    assert response.status_code in {401, 403}
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.REQUESTED


def test_lists_by_role(province, token_client):
    given = request(province.truong_phong, province.chuyen_vien)
    received = request(province.giam_doc, province.truong_phong, starts_at=timezone.now() + 5 * DAY)
    call = token_client(province.truong_phong)
    assert [d["id"] for d in call("get", URL, {"role": "given"}).json()["items"]] == [given.pk]
    assert [d["id"] for d in call("get", URL, {"role": "received"}).json()["items"]] == [received.pk]
    assert call("get", URL, {"role": "to_approve"}).json()["items"] == []
    wrong = call("get", URL, {"role": "everything"})
    assert wrong.status_code == 400 and wrong.json()["field"] == "role"


def test_the_list_pages_by_cursor(province, token_client):
    base = timezone.now() + DAY
    for i in range(5):
        request(
            province.truong_phong,
            province.chuyen_vien,
            starts_at=base + i * 3 * DAY,
            ends_at=base + i * 3 * DAY + DAY,
        )
    call = token_client(province.truong_phong)
    first = call("get", URL, {"limit": 3}).json()
    second = call("get", URL, {"limit": 3, "cursor": first["next_cursor"]}).json()
    assert len(first["items"]) == 3 and len(second["items"]) == 2 and second["next_cursor"] is None
    ids = [d["id"] for d in first["items"] + second["items"]]
    assert len(set(ids)) == 5


def test_it_answers_404_for_a_delegation_one_may_not_see(province, token_client):
    delegation = request(province.truong_phong, province.chuyen_vien)
    call = token_client(province.chuyen_vien_khac)
    assert call("get", f"{URL}/{delegation.pk}").status_code == 404
    assert call("post", f"{URL}/{delegation.pk}/approve").status_code == 404
    assert call("get", f"{URL}/999999").status_code == 404


def test_it_answers_403_with_the_reason_for_an_action_not_allowed(province, token_client):
    delegation = request(province.truong_phong, province.chuyen_vien)
    response = token_client(province.chuyen_vien)("post", f"{URL}/{delegation.pk}/approve")
    assert response.status_code == 403
    assert "không thể tự duyệt" in response.json()["detail"]


def test_it_answers_409_when_the_state_has_moved_on(province, token_client):
    delegation = request(province.truong_phong, province.chuyen_vien)
    call = token_client(province.truong_phong)
    assert call("post", f"{URL}/{delegation.pk}/cancel").status_code == 200
    assert call("post", f"{URL}/{delegation.pk}/cancel").status_code == 409


def test_reject_and_revoke_need_a_reason_from_the_leader(province, token_client):
    delegation = request(province.truong_phong, province.chuyen_vien)
    call = token_client(province.giam_doc)
    response = call("post", f"{URL}/{delegation.pk}/reject", {"reason": ""})
    assert response.status_code == 400 and response.json()["field"] == "reason"
    assert call("post", f"{URL}/{delegation.pk}/approve").status_code == 200
    response = call("post", f"{URL}/{delegation.pk}/revoke")
    assert response.status_code == 400 and response.json()["field"] == "reason"
    response = call("post", f"{URL}/{delegation.pk}/revoke", {"reason": "Đã về cơ quan sớm"})
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert AuditEvent.objects.filter(action="org.delegation.revoke", note="Đã về cơ quan sớm").exists()


def test_a_reason_with_a_secrecy_marking_is_refused_on_its_field(province, token_client):
    delegation = request(province.truong_phong, province.chuyen_vien)
    events = AuditEvent.objects.count()
    response = token_client(province.giam_doc)(
        "post", f"{URL}/{delegation.pk}/reject", {"reason": "Độ mật: Tối mật"}
    )
    assert response.status_code == 400 and response.json()["field"] == "reason"
    assert "mang dấu chỉ độ mật “TỐI MẬT”" in response.json()["detail"]
    assert Delegation.objects.get(pk=delegation.pk).status == Delegation.Status.REQUESTED
    assert AuditEvent.objects.count() == events


def test_the_detail_says_whether_it_is_in_effect(province, token_client):
    lent = request(province.truong_phong, province.chuyen_vien, starts_at=timezone.now() - HOUR)
    token_client(province.giam_doc)("post", f"{URL}/{lent.pk}/approve")
    body = token_client(province.chuyen_vien)("get", f"{URL}/{lent.pk}").json()
    assert body["in_effect"] is True and body["display_status"] == "Đang hiệu lực"
    assert body["allowed_actions"] == []


def test_an_approval_on_the_leaders_behalf_through_the_api(province, token_client):
    from congvu.accounts.models import User
    from congvu.org.units import services as units

    newcomer = User.objects.create_user("phuclv", "x", full_name="Lê Văn Phúc", must_change_password=False)
    units.membership_start(
        user=newcomer, unit=province.units.tcbc, position=province.positions.chuyen_vien, actor=None
    )
    lent = request(province.truong_phong, province.chuyen_vien_2, starts_at=timezone.now() - HOUR)
    token_client(province.giam_doc)("post", f"{URL}/{lent.pk}/approve")
    # chuyen_vien_2 now acts for the head of the division, who decides chuyen_vien's requests.
    staff = request(province.chuyen_vien, newcomer)
    response = token_client(province.chuyen_vien_2)("post", f"{URL}/{staff.pk}/approve")
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.get(action="org.delegation.approve", object_id=str(staff.pk))
    assert event.actor_id == province.chuyen_vien_2.pk
    assert event.on_behalf_of_id == province.truong_phong.pk


def test_nobody_approves_on_the_leaders_behalf_a_delegation_to_the_leader(province, token_client):
    lent = request(province.truong_phong, province.chuyen_vien_2, starts_at=timezone.now() - HOUR)
    token_client(province.giam_doc)("post", f"{URL}/{lent.pk}/approve")
    to_the_head = request(province.chuyen_vien, province.truong_phong)
    response = token_client(province.chuyen_vien_2)("post", f"{URL}/{to_the_head.pk}/approve")
    assert response.status_code == 403
