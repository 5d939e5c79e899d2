"""Board screens and API (COL-3, COL-6): the boards, a board's posts newest first in pages of a fixed
number of queries, posting (bad input keeps what was typed), editing, removing, the administrator's
organisations screen; the API's success and each error kind."""

from __future__ import annotations

import pytest

from congvu.collaboration.boards import services
from congvu.collaboration.boards.models import BoardPost, CommitteeMember, Organisation
from tests.collaboration.boards.cast import build_organisations
from tests.conftest import bearer_client

BOARD_PAGE = (
    9  # the constant part of every page (session, user, posts, roles, menu …) + the posts + their files
)

API_LIST = 6  # the token and its person, the posts and roles, the board, the posts, their files


@pytest.fixture
def orgs(province):
    return build_organisations(province)


def _post(orgs, who, organisation=None, title="Thông tin chung", uploads=None):
    return services.board_post_create(
        agency=orgs.snv, organisation=organisation, title=title, body="Nội dung.", uploads=uploads, actor=who
    )


def test_boards_page_lists_the_agency_boards(province, orgs, signed_in):
    page = signed_in(province.chuyen_vien).get("/phoi-hop/bang-tin/")
    text = page.content.decode()
    assert page.status_code == 200
    for name in ("Công cộng", "Chi bộ Sở Nội vụ", "Công đoàn Sở Nội vụ", "Chi đoàn Sở Nội vụ"):
        assert name in text


def test_board_lists_newest_first_in_pages(province, orgs, signed_in, django_assert_max_num_queries):
    for i in range(25):
        _post(
            orgs,
            province.chuyen_vien,
            title=f"Bài số {i:02d}",
            uploads=[(f"t{i}.txt", b"noi dung")] if i % 5 == 0 else None,
        )
    client = signed_in(province.chuyen_vien)
    url = f"/phoi-hop/bang-tin/co-quan/{orgs.snv.pk}/"
    client.get(url)
    with django_assert_max_num_queries(BOARD_PAGE):
        first = client.get(url)
    text = first.content.decode()
    assert text.index("Bài số 24") < text.index("Bài số 05") and "Bài số 04" not in text
    assert "t20.txt" in text
    cursor = first.context["page"].next_cursor
    with django_assert_max_num_queries(BOARD_PAGE):
        second = client.get(url, {"sau": cursor})
    assert "Bài số 04" in second.content.decode() and "Bài số 24" not in second.content.decode()


def test_member_posts_and_a_bad_post_keeps_what_was_typed(province, orgs, signed_in):
    client = signed_in(province.giam_doc)
    url = f"/phoi-hop/bang-tin/to-chuc/{orgs.party.pk}/dang-bai/"
    bad = client.post(url, {"title": "Nghị quyết chi bộ tháng 12", "body": ""})
    assert bad.status_code == 400 and "Nghị quyết chi bộ tháng 12" in bad.content.decode()
    assert not BoardPost.objects.exists()
    done = client.post(url, {"title": "Nghị quyết chi bộ tháng 12", "body": "Toàn văn nghị quyết."})
    assert done.status_code == 302 and BoardPost.objects.get().organisation == orgs.party


def test_a_non_member_is_refused_with_the_reason(province, orgs, signed_in):
    refused = signed_in(province.chuyen_vien_2).get(f"/phoi-hop/bang-tin/to-chuc/{orgs.party.pk}/dang-bai/")
    assert refused.status_code == 403 and "Nhiệm kỳ" in refused.content.decode()
    hidden = signed_in(province.chuyen_vien_khac).get(f"/phoi-hop/bang-tin/to-chuc/{orgs.party.pk}/")
    assert hidden.status_code == 404


def test_author_edits_and_administrator_removes_with_a_reason(province, orgs, signed_in):
    post = _post(orgs, province.chuyen_vien)
    author = signed_in(province.chuyen_vien)
    assert (
        author.post(f"/phoi-hop/bang-tin/bai/{post.pk}/sua/", {"title": "Đã sửa", "body": "Mới."}).status_code
        == 302
    )
    assert signed_in(province.truong_phong).get(f"/phoi-hop/bang-tin/bai/{post.pk}/sua/").status_code == 403
    admin = signed_in(province.quan_tri)
    no_reason = admin.post(f"/phoi-hop/bang-tin/bai/{post.pk}/go/", {"reason": ""})
    assert no_reason.status_code == 400 and BoardPost.objects.exists()
    assert admin.post(f"/phoi-hop/bang-tin/bai/{post.pk}/go/", {"reason": "Trùng lặp"}).status_code == 302
    assert not BoardPost.objects.exists()


def test_administrator_adds_an_organisation_and_a_seat(province, signed_in):
    admin = signed_in(province.quan_tri)
    snv = province.units.snv
    page = admin.get(f"/phoi-hop/bang-tin/quan-ly/?co_quan={snv.pk}")
    assert page.status_code == 200
    created = admin.post(
        f"/phoi-hop/bang-tin/quan-ly/?co_quan={snv.pk}",
        {"kind": "trade_union", "name": "Công đoàn Sở Nội vụ"},
    )
    assert created.status_code == 302
    union = Organisation.objects.get()
    seat = admin.post(
        f"/phoi-hop/bang-tin/quan-ly/to-chuc/{union.pk}/",
        {"user": province.chuyen_vien.pk, "role": "secretary", "started_on": "2026-01-01"},
    )
    assert seat.status_code == 302 and CommitteeMember.objects.get().user == province.chuyen_vien
    assert signed_in(province.giam_doc).get("/phoi-hop/bang-tin/quan-ly/").status_code == 403


# --- API --------------------------------------------------------------------------------------------


@pytest.fixture
def api():
    return bearer_client


def test_api_boards_posts_and_each_error(province, orgs, api):
    minh = api(province.chuyen_vien)
    boards = minh.get("/api/v1/boards").json()
    assert {b["name"] for b in boards} >= {"Công cộng", "Chi đoàn Sở Nội vụ"}
    created = minh.post(
        f"/api/v1/boards/organisations/{orgs.youth.pk}/posts",
        {"title": "Ra quân tình nguyện", "body": "Sáng Chủ nhật."},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    post_id = created.json()["id"]
    listed = minh.get(f"/api/v1/boards/organisations/{orgs.youth.pk}/posts").json()
    assert [p["id"] for p in listed["items"]] == [post_id]
    forbidden = minh.post(
        f"/api/v1/boards/organisations/{orgs.party.pk}/posts",
        {"title": "T", "body": "B"},
        content_type="application/json",
    )
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "not_allowed"
    invalid = minh.patch(
        f"/api/v1/boards/posts/{post_id}", {"title": "", "body": "B"}, content_type="application/json"
    )
    assert invalid.status_code == 400 and invalid.json()["field"] == "title"
    outsider = api(province.chuyen_vien_khac)
    assert outsider.get(f"/api/v1/boards/organisations/{orgs.youth.pk}/posts").status_code == 404
    assert api(province.chuyen_vien_2).delete(f"/api/v1/boards/posts/{post_id}").status_code == 403
    assert minh.delete(f"/api/v1/boards/posts/{post_id}").status_code == 204
    assert minh.delete(f"/api/v1/boards/posts/{post_id}").status_code == 404


def test_api_posts_page_in_fixed_queries(province, orgs, api, django_assert_max_num_queries):
    for i in range(15):
        _post(
            orgs,
            province.chuyen_vien,
            title=f"Bài số {i:02d}",
            uploads=[(f"t{i}.txt", b"x")] if i % 4 == 0 else None,
        )
    minh = api(province.chuyen_vien)
    url = f"/api/v1/boards/public/{orgs.snv.pk}/posts"
    minh.get(url)
    with django_assert_max_num_queries(API_LIST):
        first = minh.get(url, {"limit": 5}).json()
    assert [p["title"] for p in first["items"]][:2] == ["Bài số 14", "Bài số 13"]
    with django_assert_max_num_queries(API_LIST):
        second = minh.get(url, {"limit": 5, "cursor": first["next_cursor"]}).json()
    assert second["items"][0]["title"] == "Bài số 09" and second["items"][1]["files"][0]["name"] == "t8.txt"


def test_boards_index_in_fixed_queries(province, orgs, signed_in, django_assert_max_num_queries):
    client = signed_in(province.chuyen_vien)
    client.get("/phoi-hop/bang-tin/")
    with django_assert_max_num_queries(BOARD_PAGE):
        assert client.get("/phoi-hop/bang-tin/").status_code == 200
