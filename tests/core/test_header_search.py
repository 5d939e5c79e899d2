"""The one search box: people, units and work the person may see, by kind, diacritics, case and
đ/d never mattering; bounded input; the same answers through the API."""

from __future__ import annotations

import re
import secrets

from django.test import Client

from congvu.accounts.models import ApiToken, hash_token
from tests.assignments.screen_helpers import give


def body(response) -> str:
    return response.content.decode()


def group(page: str, label: str) -> list[str]:
    """The titles of one kind of result on the search page."""
    match = re.search(rf'<h2 id="h-\w+">{label}.*?</section>', page, re.S)
    assert match, label
    return re.findall(r'class="hit-title"[^>]*>([^<]+)<', match.group(0))


def test_the_search_box_is_on_every_page_and_reachable_by_keyboard(province, signed_in):
    page = body(signed_in(province.chuyen_vien).get("/cong-viec/"))
    assert '<form class="site-search" role="search" action="/tim-kiem/"' in page
    assert '<label class="visually-hidden" for="site-q">Tìm kiếm</label>' in page
    assert 'aria-keyshortcuts="/"' in page


def test_people_units_and_work_are_found_without_diacritics(province, signed_in):
    give(province.truong_phong, province.chuyen_vien, title="Rà soát đề án vị trí việc làm")
    give(province.truong_phong, province.chuyen_vien_2, title="Tổng hợp biên chế năm 2027")
    client = signed_in(province.chuyen_vien)
    page = body(client.get("/tim-kiem/", {"q": "NGUYEN van"}))
    assert group(page, "Người") == ["Nguyễn Văn Minh"]  # every word typed, in any case
    assert "Phòng Tổ chức biên chế" in page  # a person's post comes with them
    assert group(body(client.get("/tim-kiem/", {"q": "to chuc bien che"})), "Đơn vị") == [
        "Phòng Tổ chức biên chế"
    ]
    assert group(body(client.get("/tim-kiem/", {"q": "de an vi tri"})), "Công việc") == [
        "Rà soát đề án vị trí việc làm"
    ]
    assert group(body(client.get("/tim-kiem/", {"q": "đề án"})), "Công việc") == [
        "Rà soát đề án vị trí việc làm"
    ]


def test_work_the_person_may_not_see_is_not_found(province, signed_in):
    give(province.truong_phong, province.chuyen_vien_2, title="Tổng hợp biên chế năm 2027")
    officer = body(signed_in(province.chuyen_vien).get("/tim-kiem/", {"q": "bien che 2027"}))
    assert group(officer, "Công việc") == []
    head = body(signed_in(province.truong_phong).get("/tim-kiem/", {"q": "bien che 2027"}))
    assert group(head, "Công việc") == ["Tổng hợp biên chế năm 2027"]


def test_more_than_a_few_hits_offer_the_page_of_that_kind(province, signed_in):
    for i in range(7):
        give(province.truong_phong, province.chuyen_vien, title=f"Báo cáo tuần số {i}")
    client = signed_in(province.chuyen_vien)
    page = body(client.get("/tim-kiem/", {"q": "bao cao tuan"}))
    assert len(group(page, "Công việc")) == 5 and "Xem thêm công việc" in page
    all_work = body(client.get("/tim-kiem/", {"q": "bao cao tuan", "loai": "work"}))
    assert len(group(all_work, "Công việc")) == 7 and '<h2 id="h-people">' not in all_work


def test_bad_input_is_refused_with_a_message(province, signed_in):
    client = signed_in(province.chuyen_vien)
    long = client.get("/tim-kiem/", {"q": "a" * 201})
    assert long.status_code == 400 and "dài quá 200 ký tự" in body(long)
    punctuation = client.get("/tim-kiem/", {"q": "!!! ???"})
    assert punctuation.status_code == 400 and "Vui lòng nhập từ cần tìm" in body(punctuation)
    unknown = client.get("/tim-kiem/", {"q": "minh", "loai": "khong-co"})
    assert unknown.status_code == 400 and "Loại kết quả không hợp lệ." in body(unknown)
    assert client.get("/tim-kiem/").status_code == 200  # an empty box: just the form


def test_the_search_page_answers_in_few_queries(province, signed_in, django_assert_max_num_queries):
    for i in range(30):
        give(province.truong_phong, province.chuyen_vien, title=f"Rà soát hồ sơ số {i}")
    client = signed_in(province.chuyen_vien)
    client.get("/tim-kiem/", {"q": "ra soat"})
    # the constant part (session, user, posts, roles, badge) and, per kind, one or two queries
    with django_assert_max_num_queries(16):
        assert client.get("/tim-kiem/", {"q": "ra soat"}).status_code == 200


def test_the_api_answers_the_same_by_kind(province):
    give(province.truong_phong, province.chuyen_vien, title="Rà soát đề án vị trí việc làm")
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=province.chuyen_vien, name="Thử", prefix=raw[:8], key_hash=hash_token(raw))
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    response = api.get("/api/v1/search", {"q": "vi tri viec lam"})
    assert response.status_code == 200
    work = next(g for g in response.json()["groups"] if g["kind"] == "work")
    assert [hit["title"] for hit in work["items"]] == ["Rà soát đề án vị trí việc làm"]
    assert work["items"][0]["url"].startswith("/cong-viec/")
    bad = api.get("/api/v1/search", {"q": ""})
    assert bad.status_code == 400 and bad.json()["field"] == "q"
