"""Every work list loads in a fixed number of queries, whatever its length (issue #3): the page's
own one or two queries (the list; the counts) plus the constant part — session, user, the account's
safeguards, posts and delegations (read once per request), notifications badge, the calendar."""

from __future__ import annotations

import pytest

from congvu.assignments import services
from tests.assignments.screen_helpers import give, give_many, submitted

# The constant part of every page: session, user, the account's safeguards (administrator? second
# factor? read on every request, never from the session), delegations, posts (+ deputies' charges),
# roles and the unread badge. Each page adds its own few queries; the bound is the same for 5 and
# 150 rows.
CONSTANT = 8
MINE = CONSTANT + 3  # the counts (one aggregate), the rows, the people on the rows
GIVEN = CONSTANT + 4  # the person filter (ids, people), the rows, the people on the rows
UNIT = CONSTANT + 4  # the unit and person filters, the rows, the people on the rows
# the counts, the two short lists, their people, the notifications; the leader's overview (what I
# gave, the subtrees by unit, the units' names); the delegation requests waiting for my decision;
# one query for each scoring block (the unit's self-assessments, the appraisal account, the menu);
# the documents waiting for my signature; the incoming documents' numbers (one aggregate; their
# short list only when there is one)
# the outgoing documents' counts (two aggregates — the steps waiting on me by name, through the
# reviewer index, then the rest — read by their counter and their section);
# collaboration: today's calendar, unread messages, the reminders' numbers, unread announcements,
# unread chat messages (one each) and the consultations to answer and drafted (two)
HOME = CONSTANT + 22
ITEM_BOUND = 18


def _warm(client, url):
    assert client.get(url).status_code == 200  # fills the working-day calendar cache


@pytest.mark.parametrize("rows", [5, 150])
@pytest.mark.parametrize("group", ["can-lam", "qua-han", "sap-den-han", "cho-duyet", "phoi-hop"])
def test_my_work_loads_in_constant_queries(province, signed_in, django_assert_max_num_queries, rows, group):
    items = give_many(
        province.truong_phong, province.chuyen_vien, rows, co_assignees=[province.chuyen_vien_2]
    )
    for item in items[:3]:
        submitted(item, province.chuyen_vien)
    client = signed_in(province.chuyen_vien)
    url = f"/cong-viec/?nhom={group}&sap_xep=uu-tien"
    _warm(client, url)
    with django_assert_max_num_queries(MINE):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 150])
def test_the_approvers_tab_loads_in_constant_queries(
    province, signed_in, django_assert_max_num_queries, rows
):
    for item in give_many(province.truong_phong, province.chuyen_vien, rows):
        submitted(item, province.chuyen_vien)
    client = signed_in(province.truong_phong)
    _warm(client, "/cong-viec/?nhom=cho-duyet")
    with django_assert_max_num_queries(MINE):
        body = client.get("/cong-viec/?nhom=cho-duyet").content.decode()
    assert body.count('role="progressbar"') == min(rows, 50)


@pytest.mark.parametrize("rows", [5, 150])
def test_the_given_list_loads_in_constant_queries(province, signed_in, django_assert_max_num_queries, rows):
    give_many(province.truong_phong, province.chuyen_vien, rows)
    give_many(province.truong_phong, province.chuyen_vien_2, rows)
    client = signed_in(province.truong_phong)
    url = "/cong-viec/da-giao/?trang_thai=tat-ca&q=viec"
    _warm(client, url)
    with django_assert_max_num_queries(GIVEN):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [5, 150])
def test_the_unit_list_loads_in_constant_queries(province, signed_in, django_assert_max_num_queries, rows):
    give_many(province.truong_phong, province.chuyen_vien, rows)
    give_many(province.giam_doc, province.truong_phong, rows)
    client = signed_in(province.giam_doc)
    url = f"/cong-viec/don-vi/?don_vi={province.units.tcbc.pk}&sap_xep=cap-nhat&trang_thai=qua-han"
    _warm(client, url)
    with django_assert_max_num_queries(UNIT):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [5, 150])
def test_the_home_page_loads_in_constant_queries(province, signed_in, django_assert_max_num_queries, rows):
    give_many(province.giam_doc, province.truong_phong, rows)
    for item in give_many(province.truong_phong, province.chuyen_vien, rows):
        submitted(item, province.chuyen_vien)
    client = signed_in(province.truong_phong)
    _warm(client, "/")
    with django_assert_max_num_queries(HOME):
        body = client.get("/").content.decode()
    assert body.count('class="work-title"') == 2 * 5  # the five most urgent of each


@pytest.mark.parametrize("history", [2, 30])
def test_the_item_page_loads_in_constant_queries(province, signed_in, django_assert_max_num_queries, history):
    """Reports with files, audit events, subtasks, participants and checklist: one query each."""
    head, officer = province.truong_phong, province.chuyen_vien
    item = give(
        province.giam_doc, head, checklist=["Một", "Hai", "Ba"], due=30,
        co_assignees=[province.pho_giam_doc], followers=[province.chanh_vp],
    )  # fmt: skip
    for percent in range(history):
        services.progress_report(
            item=item, actor=head, percent=percent, text=f"Lần {percent}",
            uploads=[(f"bao-cao-{percent}.txt", "Báo cáo tiến độ".encode())],
        )  # fmt: skip
    for i in range(history // 2):
        give(head, officer, title=f"Việc con {i}", due=5, parent=item)
    services.request_extension(
        item=item,
        actor=head,
        new_deadline=item.deadline.replace(year=item.deadline.year + 1),
        reason="Chờ số liệu",
    )
    client = signed_in(head)
    url = f"/cong-viec/{item.pk}/"
    _warm(client, url)
    with django_assert_max_num_queries(ITEM_BOUND):
        body = client.get(url).content.decode()
    assert body.count(".txt</a>") == history and body.count("Việc con ") == history // 2
