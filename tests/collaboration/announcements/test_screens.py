"""Announcement screens and API (COL-4): the list with unread marked and in pages of a fixed number
of queries, opening marks read, compose with its audience (bad input keeps what was typed), the
poster's receipts, the administrator's extension, the home page's unread section; the API's success
and each error kind."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.announcements import services
from congvu.collaboration.announcements.models import Announcement, AnnouncementRead
from tests.conftest import bearer_client

LIST_PAGE = 9  # the page's constant part (session, user, org facts, menu) + the rows with is_read
RECEIPTS_PAGE = 11  # the constant part + the announcement, its audience, the receipts, the people
API_LIST = 4  # the token and its person, the posts and roles, the rows with is_read


def _post(province, title="Họp phòng chiều thứ Sáu", whole=False):
    if whole:
        return services.announcement_post(
            capacity_key=f"agency:{province.units.snv.pk}",
            title=title,
            body="Toàn thể công chức Sở.",
            whole_agency=True,
            actor=province.giam_doc,
        )
    return services.announcement_post(
        capacity_key=f"unit:{province.units.tcbc.pk}",
        title=title,
        body="15h00, phòng họp tầng 2.",
        whole_agency=False,
        units=[province.units.tcbc],
        actor=province.truong_phong,
    )


def test_list_marks_unread_and_pages_in_fixed_queries(province, signed_in, django_assert_max_num_queries):
    for i in range(25):
        _post(province, title=f"Thông báo số {i:02d}", whole=i % 2 == 0)
    AnnouncementRead.objects.create(
        announcement=Announcement.objects.get(title="Thông báo số 24"), user=province.chuyen_vien
    )
    client = signed_in(province.chuyen_vien)
    client.get("/phoi-hop/thong-bao-chung/")
    with django_assert_max_num_queries(LIST_PAGE):
        first = client.get("/phoi-hop/thong-bao-chung/")
    items = first.context["page"].items
    assert [a.title for a in items[:2]] == ["Thông báo số 24", "Thông báo số 23"]
    assert [a.is_read for a in items[:2]] == [True, False]
    assert 'class="unread"' in first.content.decode()
    with django_assert_max_num_queries(LIST_PAGE):
        second = client.get("/phoi-hop/thong-bao-chung/", {"sau": first.context["page"].next_cursor})
    assert [a.title for a in second.context["page"].items][-1] == "Thông báo số 00"
    unread = client.get("/phoi-hop/thong-bao-chung/", {"chua_doc": "1"})
    assert "Thông báo số 24" not in [a.title for a in unread.context["page"].items]


def test_opening_marks_read_and_the_poster_sees_it(province, signed_in, django_assert_max_num_queries):
    announcement = _post(province)
    reader = signed_in(province.chuyen_vien)
    page = reader.get(f"/phoi-hop/thong-bao-chung/{announcement.pk}/")
    assert page.status_code == 200 and "15h00, phòng họp tầng 2." in page.content.decode()
    assert "Ai đã đọc" not in page.content.decode()
    assert AnnouncementRead.objects.filter(announcement=announcement, user=province.chuyen_vien).exists()
    assert reader.get(f"/phoi-hop/thong-bao-chung/{announcement.pk}/da-doc/").status_code == 403
    poster = signed_in(province.truong_phong)
    poster.get(f"/phoi-hop/thong-bao-chung/{announcement.pk}/da-doc/")
    with django_assert_max_num_queries(RECEIPTS_PAGE):
        receipts = poster.get(f"/phoi-hop/thong-bao-chung/{announcement.pk}/da-doc/")
    text = receipts.content.decode()
    assert "1 / 2 người đã đọc." in text and "Nguyễn Văn Minh" in text and "Trần Thị Thu Hà" in text
    assert (
        signed_in(province.chuyen_vien_khac).get(f"/phoi-hop/thong-bao-chung/{announcement.pk}/").status_code
        == 404
    )


def test_compose_to_a_unit_and_bad_input_keeps_what_was_typed(province, signed_in):
    client = signed_in(province.truong_phong)
    form = client.get("/phoi-hop/thong-bao-chung/soan/")
    assert form.status_code == 200 and "Gửi toàn cơ quan" not in form.content.decode()
    bad = client.post(
        "/phoi-hop/thong-bao-chung/soan/",
        {
            "capacity": f"unit:{province.units.tcbc.pk}",
            "title": "Lịch trực Tết",
            "body": "Từ 14/02.",
            "units": [],
        },
    )
    assert bad.status_code == 400 and "Lịch trực Tết" in bad.content.decode()
    assert "Vui lòng chọn toàn cơ quan hoặc ít nhất một đơn vị nhận." in bad.content.decode()
    done = client.post(
        "/phoi-hop/thong-bao-chung/soan/",
        {
            "capacity": f"unit:{province.units.tcbc.pk}",
            "title": "Lịch trực Tết",
            "body": "Từ 14/02.",
            "units": [province.units.tcbc.pk],
        },
    )
    announcement = Announcement.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/phoi-hop/thong-bao-chung/{announcement.pk}/"
    assert signed_in(province.chuyen_vien_2).get("/phoi-hop/thong-bao-chung/soan/").status_code == 403


def test_poster_edits_and_removes(province, signed_in):
    announcement = _post(province)
    client = signed_in(province.truong_phong)
    edited = client.post(
        f"/phoi-hop/thong-bao-chung/{announcement.pk}/sua/",
        {"title": "Họp phòng dời sang thứ Hai", "body": "8h00.", "units": [province.units.tcbc.pk]},
    )
    assert edited.status_code == 302
    announcement.refresh_from_db()
    assert announcement.title == "Họp phòng dời sang thứ Hai"
    assert (
        signed_in(province.chuyen_vien).post(f"/phoi-hop/thong-bao-chung/{announcement.pk}/go/").status_code
        == 302
    )
    assert Announcement.objects.exists()  # refused, said on the page
    assert (
        signed_in(province.truong_phong).post(f"/phoi-hop/thong-bao-chung/{announcement.pk}/go/").status_code
        == 302
    )
    assert not Announcement.objects.exists()


def test_administrator_extends_and_bad_input_keeps_what_was_typed(province, signed_in):
    announcement = _post(province)
    admin = signed_in(province.quan_tri)
    bad = admin.post(
        f"/phoi-hop/thong-bao-chung/{announcement.pk}/gia-han/", {"keep_until": "2027-06-30", "reason": ""}
    )
    assert bad.status_code == 400 and "2027-06-30" in bad.content.decode()
    done = admin.post(
        f"/phoi-hop/thong-bao-chung/{announcement.pk}/gia-han/",
        {"keep_until": "2027-06-30", "reason": "Còn áp dụng"},
    )
    assert done.status_code == 302
    announcement.refresh_from_db()
    assert announcement.keep_until == dt.date(2027, 6, 30)
    assert (
        signed_in(province.truong_phong)
        .get(f"/phoi-hop/thong-bao-chung/{announcement.pk}/gia-han/")
        .status_code
        == 403
    )


def test_home_shows_the_unread_announcements_with_their_count(province, signed_in):
    _post(province, title="Họp phòng chiều thứ Sáu")
    _post(province, title="Lịch nghỉ Tết", whole=True)
    home = signed_in(province.chuyen_vien).get("/").content.decode()
    assert "Thông báo chưa đọc" in home and "Họp phòng chiều thứ Sáu" in home and "Lịch nghỉ Tết" in home
    assert signed_in(province.chuyen_vien_khac).get("/").content.decode().count("Thông báo chưa đọc") == 0


# --- API --------------------------------------------------------------------------------------------


@pytest.fixture
def api():
    return bearer_client


URL = "/api/v1/announcements"


def test_api_posts_reads_receipts_extends_and_each_error(province, api):
    head = api(province.truong_phong)
    capacities = head.get(f"{URL}/capacities").json()
    assert [c["label"] for c in capacities] == ["Trưởng phòng Phòng Tổ chức biên chế"]
    assert capacities[0]["whole_agency_allowed"] is False
    created = head.post(
        URL,
        {
            "capacity": capacities[0]["key"],
            "title": "Họp phòng",
            "body": "Thứ Sáu.",
            "unit_ids": [province.units.tcbc.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert set(created.json()["allowed_actions"]) == {"edit", "remove", "receipts"}
    wide = head.post(
        URL,
        {"capacity": capacities[0]["key"], "title": "T", "body": "B", "whole_agency": True},
        content_type="application/json",
    )
    assert wide.status_code == 400 and wide.json()["field"] == "units"
    assert (
        api(province.chuyen_vien_2)
        .post(URL, {"capacity": "x", "title": "T", "body": "B"}, content_type="application/json")
        .status_code
        == 403
    )

    minh = api(province.chuyen_vien)
    assert minh.get(URL, {"unread": True}).json()["items"][0]["id"] == pk
    opened = minh.get(f"{URL}/{pk}").json()
    assert opened["is_read"] is True and opened["allowed_actions"] == []
    assert minh.get(URL, {"unread": True}).json()["items"] == []
    assert minh.get(f"{URL}/{pk}/receipts").status_code == 403
    receipts = head.get(f"{URL}/{pk}/receipts").json()
    assert (receipts["read_count"], receipts["unread_count"]) == (1, 1)
    assert [p["name"] for p in receipts["unread"]] == ["Trần Thị Thu Hà"]

    edited = head.patch(
        f"{URL}/{pk}",
        {"title": "Họp phòng (dời)", "body": "Thứ Hai.", "unit_ids": [province.units.tcbc.pk]},
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["title"] == "Họp phòng (dời)"
    assert (
        minh.patch(f"{URL}/{pk}", {"title": "x", "body": "y"}, content_type="application/json").status_code
        == 403
    )
    assert api(province.chuyen_vien_khac).get(f"{URL}/{pk}").status_code == 404

    admin = api(province.quan_tri)
    extended = admin.post(
        f"{URL}/{pk}/extend",
        {"keep_until": "2027-12-31", "reason": "Còn cần"},
        content_type="application/json",
    )
    assert extended.status_code == 200 and extended.json()["keep_until"] == "2027-12-31"
    too_far = admin.post(
        f"{URL}/{pk}/extend", {"keep_until": "2030-01-01", "reason": "x"}, content_type="application/json"
    )
    assert too_far.status_code == 400 and too_far.json()["field"] == "keep_until"
    assert (
        head.post(
            f"{URL}/{pk}/extend", {"keep_until": "2028-01-01", "reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )

    assert head.delete(f"{URL}/{pk}").status_code == 204
    assert head.delete(f"{URL}/{pk}").status_code == 404


def test_api_list_pages_in_fixed_queries(province, api, django_assert_max_num_queries):
    for i in range(30):
        _post(province, title=f"Thông báo số {i:02d}", whole=i % 3 == 0)
    minh = api(province.chuyen_vien)
    minh.get(URL)
    with django_assert_max_num_queries(API_LIST):
        first = minh.get(URL, {"limit": 10}).json()
    assert len(first["items"]) == 10 and first["items"][0]["title"] == "Thông báo số 29"
    with django_assert_max_num_queries(API_LIST):
        second = minh.get(URL, {"limit": 10, "cursor": first["next_cursor"]}).json()
    assert second["items"][0]["title"] == "Thông báo số 19"
    assert minh.get(URL, {"cursor": "%%%"}).status_code == 400
