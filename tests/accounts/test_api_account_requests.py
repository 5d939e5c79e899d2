"""Account requests over /api/v1/ (ORG-3): the same policies and services as the screens."""

from __future__ import annotations

import pytest
from django.test import Client

from congvu.accounts.models import AccountRequest, User
from congvu.notifications.models import Notification
from tests.conftest import bearer_client

S = AccountRequest.Status
BASE = "/api/v1/account-requests"


@pytest.fixture
def api():
    """``api(user)`` -> a client sending that person's personal API token."""

    return bearer_client


def _payload(p, *names):
    return {
        "kind": "create",
        "unit_id": p.units.tcbc.pk,
        "note": "Tuyển dụng đợt 1/2026",
        "lines": [
            {
                "full_name": name,
                "unit_id": p.units.tcbc.pk,
                "position_id": p.positions.chuyen_vien.pk,
                "email": f"nguoi{i}@binhson.gov.vn",
            }
            for i, name in enumerate(names)
        ],
    }


def _file(p, api, *names):
    response = api(p.truong_phong).post(BASE, _payload(p, *names), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["request"]["id"]


def test_a_head_files_submits_and_an_administrator_processes(province, api):
    p = province
    head, admin = api(p.truong_phong), api(p.quan_tri)
    created = head.post(
        BASE, _payload(p, "Trương Hoàng Tiến Minh", "Trần Huỳnh Tấn Minh"), content_type="application/json"
    )
    assert created.status_code == 201
    body = created.json()["request"]
    assert body["status"] == "draft" and len(body["lines"]) == 2
    assert set(body["allowed_actions"]) == {"submit", "edit"}
    rid = body["id"]

    sent = head.post(f"{BASE}/{rid}/submit")
    assert sent.status_code == 200
    assert sent.json()["status"] == "submitted" and sent.json()["due_on"]
    assert Notification.objects.filter(recipient=p.quan_tri, kind="account_request.submitted").exists()

    queue = admin.get(BASE).json()["items"]
    assert [item["id"] for item in queue] == [rid]
    assert queue[0]["deadline"].startswith(("Còn", "Hạn"))

    done = admin.post(f"{BASE}/{rid}/process", {"note": "Đã cấp"}, content_type="application/json")
    assert done.status_code == 200
    assert done["Cache-Control"] == "no-store"
    result = done.json()
    assert [c["username"] for c in result["created"]] == ["minhtht", "tanminhth"]
    for account in result["created"]:
        assert User.objects.get(username=account["username"]).check_password(account["one_time_password"])
    assert result["request"]["status"] == "done"
    # Read again later: the login names stay, the passwords are gone.
    again = admin.get(f"{BASE}/{rid}").json()
    assert [line["result_username"] for line in again["lines"]] == ["minhtht", "tanminhth"]
    assert "one_time_password" not in str(again)


def test_reject_needs_a_reason(province, api):
    p = province
    rid = _file(p, api, "Lò Văn Pá")
    api(p.truong_phong).post(f"{BASE}/{rid}/submit")
    admin = api(p.quan_tri)
    refused = admin.post(f"{BASE}/{rid}/reject", {"reason": ""}, content_type="application/json")
    assert refused.status_code == 400
    assert "lý do" in refused.json()["detail"]
    assert AccountRequest.objects.get(pk=rid).status == S.SUBMITTED
    rejected = admin.post(
        f"{BASE}/{rid}/reject", {"reason": "Thiếu ngày sinh"}, content_type="application/json"
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected" and rejected.json()["response"] == "Thiếu ngày sinh"


def test_the_filer_withdraws_a_submitted_request(province, api):
    p = province
    rid = _file(p, api, "Lò Văn Pá")
    head = api(p.truong_phong)
    head.post(f"{BASE}/{rid}/submit")
    response = head.post(f"{BASE}/{rid}/withdraw", {"reason": "Nhầm người"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_a_draft_is_edited_through_put(province, api):
    p = province
    rid = _file(p, api, "Lò Văn Pá")
    head = api(p.truong_phong)
    line = head.get(f"{BASE}/{rid}").json()["lines"][0]
    response = head.put(
        f"{BASE}/{rid}",
        {
            "lines": [
                {
                    **{k: line[k] for k in ("id", "full_name", "unit_id", "position_id", "email")},
                    "date_of_birth": "1990-02-03",
                }
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["request"]["lines"][0]["date_of_birth"] == "1990-02-03"


def test_bad_input_is_refused_with_the_vietnamese_message(province, api):
    p = province
    payload = _payload(p, "Lò Văn Pá")
    payload["lines"][0]["unit_id"] = p.units.ccvc.pk
    response = api(p.truong_phong).post(BASE, payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dòng 1: Phòng Công chức viên chức không thuộc Phòng Tổ chức biên chế; chỉ đề nghị được cho đơn vị mình.",
        "code": "invalid",
        "field": "lines.0.unit",
    }
    empty = _payload(p)
    assert api(p.truong_phong).post(BASE, empty, content_type="application/json").status_code == 400
    assert not AccountRequest.objects.exists()


def test_someone_who_heads_no_unit_cannot_file(province, api):
    response = api(province.chuyen_vien).post(
        BASE, _payload(province, "Lò Văn Pá"), content_type="application/json"
    )
    assert response.status_code == 403  # a head files for their unit; nobody else may
    assert "Chỉ thủ trưởng Phòng Tổ chức biên chế" in response.json()["detail"]


def test_it_answers_404_for_an_invisible_request_and_403_for_a_forbidden_action(province, api):
    p = province
    rid = _file(p, api, "Lò Văn Pá")
    assert api(p.chu_tich_huyen).get(f"{BASE}/{rid}").status_code == 404
    assert api(p.chuyen_vien).post(f"{BASE}/{rid}/submit").status_code == 404
    forbidden = api(p.quan_tri).post(f"{BASE}/{rid}/submit")
    assert forbidden.status_code == 403
    assert "Chỉ thủ trưởng" in forbidden.json()["detail"]
    assert AccountRequest.objects.get(pk=rid).status == S.DRAFT


def test_the_list_only_shows_visible_requests(province, api):
    p = province
    rid = _file(p, api, "Lò Văn Pá")
    assert [i["id"] for i in api(p.giam_doc).get(BASE).json()["items"]] == [rid]
    assert api(p.chu_tich_huyen).get(BASE).json()["items"] == []


def test_the_pdf_comes_from_the_same_printer(province, api):
    p = province
    rid = _file(p, api, "Lò Văn Pá")
    response = api(p.truong_phong).get(f"{BASE}/{rid}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_it_needs_authentication(province):
    assert Client().get(BASE).status_code == 401
