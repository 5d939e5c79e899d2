"""No input brings a page down (issue "Hardening", availability): crafted cursors, numbers above
the database's integers, dates near year 9999 and unstorable characters get a 400 with the
Vietnamese reason and the field, on the API and on the screens — never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from congvu.assignments.models import Assignment
from congvu.org.models import Delegation
from tests.conftest import working_day

TOO_BIG = 2**64
CURSOR_XY = "WyJ4IiwieSJd"  # ["x", "y"]
CURSOR_X = "WyJ4Il0"  # ["x"]


def assert_refused(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert body["field"] == field, body
    return body["detail"]


# --- crafted keyset cursors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("chuyen_vien", f"/api/v1/assignments?cursor={CURSOR_XY}"),
        ("chuyen_vien", f"/api/v1/assignments?cursor={CURSOR_X}&sort=completed"),
        ("quan_tri", f"/api/v1/audit-events?cursor={CURSOR_X}"),
        ("quan_tri", f"/api/v1/audit-events?cursor={CURSOR_XY}"),
        ("chuyen_vien", f"/api/v1/delegations?cursor={CURSOR_XY}"),
        ("quan_tri", f"/api/v1/users?cursor={CURSOR_XY}"),
        ("chuyen_vien", f"/api/v1/catalogues/document-types?cursor={CURSOR_XY}"),
        ("chuyen_vien", "/api/v1/assignments?cursor=%25%25garbage"),
    ],
)
def test_a_crafted_cursor_is_a_400_on_the_api(province, signed_in, who, path):
    detail = assert_refused(signed_in(getattr(province, who)).get(path), "cursor")
    assert detail == "Con trỏ trang không hợp lệ; vui lòng mở lại danh sách từ trang đầu."


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("chuyen_vien", lambda: reverse("assignments:mine")),
        ("truong_phong", lambda: reverse("assignments:given")),
        ("chuyen_vien", lambda: reverse("org:delegations") + "?tab=given"),
        ("quan_tri", lambda: reverse("catalogues:list", args=["loai-van-ban"])),
    ],
)
def test_a_crafted_cursor_is_a_400_on_the_screens(province, signed_in, who, url):
    separator = "&" if "?" in url() else "?"
    response = signed_in(getattr(province, who)).get(f"{url()}{separator}sau={CURSOR_XY}")
    assert response.status_code == 400
    assert "Con trỏ trang không hợp lệ" in response.content.decode()


# --- numbers above the database's integers --------------------------------------------------------


def test_an_id_above_the_databases_integers_is_a_400(province, signed_in):
    client = signed_in(province.truong_phong)
    assert_refused(client.get(f"/api/v1/assignments?person_id={TOO_BIG}"), "person_id")
    deadline = working_day(timezone.localdate() + dt.timedelta(days=7)).isoformat()
    for field, value in (
        ("follower_ids", [TOO_BIG]),
        ("co_assignee_ids", [TOO_BIG]),
        ("lead_user_id", TOO_BIG),
    ):
        body = {
            "title": "Rà soát",
            "lead_user_id": province.chuyen_vien.pk,
            "deadline": deadline,
            field: value,
        }
        detail = assert_refused(
            client.post("/api/v1/assignments", body, content_type="application/json"),
            field if field == "lead_user_id" else f"{field}.0",
        )
        assert detail == "Dữ liệu không hợp lệ: số quá lớn"
    admin = signed_in(province.quan_tri)
    line = {"target_user_id": TOO_BIG}
    request = {"kind": "suspend", "unit_id": province.units.tcbc.pk, "lines": [line]}
    assert_refused(
        admin.post("/api/v1/account-requests", request, content_type="application/json"),
        "lines.0.target_user_id",
    )
    assert Assignment.objects.count() == 0


# --- dates near year 9999 and counts of millions --------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deadline": "9999-12-31"}, "deadline"),
        ({"start_date": "0001-01-01"}, "start_date"),
        ({"deadline": None, "deadline_working_days": 1_000_000}, "deadline_working_days"),
        ({"deadline": None, "deadline_working_days": 3_000_000}, "deadline_working_days"),
    ],
)
def test_far_dates_and_huge_counts_are_refused_when_giving_work(province, signed_in, changes, field):
    body = {"title": "x", "lead_user_id": province.chuyen_vien.pk, "deadline": "2026-12-09", **changes}
    client = signed_in(province.truong_phong)
    assert_refused(client.post("/api/v1/assignments", body, content_type="application/json"), field)
    assert Assignment.objects.count() == 0


def test_the_working_day_tools_refuse_a_date_near_9999(province, signed_in):
    client = signed_in(province.chuyen_vien)
    detail = assert_refused(client.get("/api/v1/workdays/add?date=9999-12-30&days=5"), "date")
    assert detail.startswith("Ngày 30/12/9999 nằm ngoài khoảng cho phép")
    assert_refused(client.get("/api/v1/workdays/is?date=0001-01-01"), "date")
    assert_refused(client.get("/api/v1/workdays/add?date=2026-12-02&days=3651"), "days")


def test_a_delegation_near_9999_is_refused(province, signed_in):
    body = {
        "delegate_id": province.chuyen_vien_2.pk,
        "starts_at": "2026-12-03T08:00:00",
        "ends_at": "9999-12-31T23:59:00",
        "reason": "Đi công tác",
    }
    client = signed_in(province.truong_phong)
    assert_refused(client.post("/api/v1/delegations", body, content_type="application/json"), "ends_at")
    body.update(starts_at="0001-01-01T00:00:00", ends_at="2026-12-10T17:00:00")
    assert_refused(client.post("/api/v1/delegations", body, content_type="application/json"), "starts_at")
    assert not Delegation.objects.filter(reason="Đi công tác").exists()


def test_a_report_range_beyond_the_horizon_is_refused(province, signed_in):
    client = signed_in(province.giam_doc)
    response = client.get("/api/v1/assignments/statistics?start=0001-01-01&end=2026-12-31")
    assert_refused(response, "start")


def test_work_due_beyond_the_horizon_does_not_bring_the_lists_down(province, signed_in):
    """A row stored before the horizon existed: the lists show its date, they do not count to it."""
    client = signed_in(province.truong_phong)
    deadline = working_day(timezone.localdate() + dt.timedelta(days=7)).isoformat()
    body = {"title": "Việc hạn xa", "lead_user_id": province.chuyen_vien.pk, "deadline": deadline}
    created = client.post("/api/v1/assignments", body, content_type="application/json")
    assert created.status_code == 201
    Assignment.objects.filter(pk=created.json()["id"]).update(deadline=dt.date(9999, 12, 31))
    for who, url in (("chuyen_vien", "assignments:mine"), ("truong_phong", "assignments:given")):
        page = signed_in(getattr(province, who)).get(reverse(url))
        assert page.status_code == 200
        assert "hạn 31/12/9999" in page.content.decode()


# --- characters no database stores ----------------------------------------------------------------


@pytest.mark.parametrize("title", ["Rà soát\x00biên chế", "Rà soát \ud800"])
def test_a_title_with_a_nul_character_is_a_400(province, signed_in, title):
    body = {"title": title, "lead_user_id": province.chuyen_vien.pk, "deadline": "2026-12-09"}
    client = signed_in(province.truong_phong)
    detail = assert_refused(
        client.post("/api/v1/assignments", body, content_type="application/json"), "title"
    )
    assert detail.startswith("Nội dung chứa ký tự không hợp lệ")


def test_an_account_request_note_with_a_nul_character_is_a_400(province, signed_in):
    from congvu.accounts.models import AccountRequest

    line = {"target_user_id": province.chuyen_vien.pk, "change_reason": "Nghỉ hưu"}
    body = {"kind": "suspend", "unit_id": province.units.tcbc.pk, "note": "Đề nghị\x00", "lines": [line]}
    client = signed_in(province.truong_phong)
    post = lambda data: client.post("/api/v1/account-requests", data, content_type="application/json")  # noqa: E731
    assert_refused(post(body), "note")
    body.update(note="", lines=[{**line, "change_reason": "Nghỉ\x00hưu"}])
    assert_refused(post(body), "lines.0.change_reason")
    assert not AccountRequest.objects.exists()
    body.update(lines=[line])
    assert post(body).status_code == 201
