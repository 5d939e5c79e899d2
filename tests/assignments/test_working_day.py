"""A civil servant's working day around their work: a leader's overview on "Hôm nay", the work
the agency's leaders gave as the office head and the directive monitor follow it, work that has
not started yet apart from work to do, and finished work by year. The numbers expected below are
counted by hand from the work each test gives."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from congvu.assignments import services
from congvu.assignments.models import Assignment
from congvu.org.models import Unit
from tests.assignments.screen_helpers import give, submitted, today
from tests.conftest import bearer_client, travel_to, working_day

S = Assignment.Status


def body(response) -> str:
    return response.content.decode()


def titles_on(page: str) -> list[str]:
    return re.findall(r'class="work-title"[^>]*>([^<]+)<', page)


def overview(page: str) -> dict[str, list[str]]:
    """The leader's overview table: each row's label and its four numbers, as shown."""
    start = page.index('aria-labelledby="h-overview"')
    table = page[start : page.index("</table>", start)]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        label = re.search(r'<th scope="row">.*?<a href="[^"]*">([^<]+)</a>', row, re.S).group(1)
        numbers = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r'<td class="num[^"]*">(.*?)</td>', row, re.S)
        ]
        rows[label] = numbers
    return rows


def link_of(page: str, aria: str) -> str:
    return (
        re.search(rf'<a href="([^"]+)" aria-label="{re.escape(aria)}"', page).group(1).replace("&amp;", "&")
    )


# --- a leader's overview -------------------------------------------------------------------------


def test_a_director_with_no_work_of_his_own_sees_his_departments_work_by_unit(province, signed_in):
    p = province
    due_soon = give(p.giam_doc, p.truong_phong, title="Báo cáo nhanh số liệu biên chế", due=1)
    overdue = give(p.giam_doc, p.truong_phong, title="Tổng hợp đề án vị trí việc làm", due=-3)
    waiting = submitted(give(p.giam_doc, p.chuyen_vien, title="Dự thảo tờ trình", due=20), p.chuyen_vien)
    give(p.truong_phong, p.chuyen_vien_2, title="Rà soát hồ sơ nâng lương", due=10)
    client = signed_in(p.giam_doc)
    page = body(client.get("/"))

    # open, overdue, due soon, waiting for approval — counted by hand from the four items above
    assert overview(page) == {
        "Việc tôi giao": ["3", "1", "1", "1"],
        "Sở Nội vụ": ["4", "1", "1", "1"],
        "Phòng Tổ chức biên chế": ["4", "1", "1", "1"],
        "Phòng Công chức viên chức": ["0", "0", "0", "0"],
    }
    # Each number leads to the list of exactly those items.
    tcbc = "Phòng Tổ chức biên chế"
    assert titles_on(body(client.get(link_of(page, f"1 việc quá hạn của {tcbc}")))) == [overdue.title]
    assert titles_on(body(client.get(link_of(page, f"1 việc sắp đến hạn của {tcbc}")))) == [due_soon.title]
    assert titles_on(body(client.get(link_of(page, f"1 kết quả chờ duyệt của {tcbc}")))) == [waiting.title]
    assert len(titles_on(body(client.get(link_of(page, "4 việc đang mở của Sở Nội vụ"))))) == 4
    given_overdue = body(client.get(link_of(page, "1 việc quá hạn của Việc tôi giao")))
    assert titles_on(given_overdue) == [overdue.title]


def test_an_officer_who_leads_nothing_and_gave_nothing_has_no_overview(province, signed_in):
    give(province.truong_phong, province.chuyen_vien, title="Việc của chuyên viên")
    page = body(signed_in(province.chuyen_vien).get("/"))
    assert "Tình hình công việc" not in page and "Việc của chuyên viên" in page


# --- the leaders' work, followed by the office head and the directive monitor ----------------------


@pytest.fixture
def leaders_work(province):
    p = province
    late = give(p.chu_tich, p.giam_doc, title="Đề án sắp xếp tổ chức bộ máy", due=-4)
    later = give(p.pho_chu_tich, p.giam_doc, title="Báo cáo cải cách hành chính quý IV", due=10)
    part = give(p.giam_doc, p.truong_phong, title="Phần việc của phòng TCBC", due=-2, parent=late)
    own = give(p.giam_doc, p.truong_phong, title="Việc riêng của Sở", due=5)
    return late, later, part, own


@pytest.mark.parametrize("follower", ["chanh_vp", "theo_doi"])
def test_the_office_head_and_the_monitor_follow_the_leaders_work_overdue_first(
    province, signed_in, leaders_work, follower
):
    late, later, part, own = leaders_work
    client = signed_in(getattr(province, follower))
    page = body(client.get("/cong-viec/lanh-dao-giao/"))
    assert titles_on(page) == [late.title, later.title]  # the overdue one first; not the Sở's own work
    assert 'href="/cong-viec/lanh-dao-giao/"' in body(client.get("/"))  # in the menu
    # They read the work and the subtasks below it, and may do nothing with them.
    for item in (late, part):
        detail = client.get(f"/cong-viec/{item.pk}/")
        assert detail.status_code == 200 and item.title in body(detail)
        assert 'action="/cong-viec/' not in body(detail)
    assert client.get(f"/cong-viec/{own.pk}/").status_code == 404
    refused = client.post(f"/cong-viec/{late.pk}/huy/", {"cancel-reason": "Thử"})
    assert refused.status_code == 403
    late.refresh_from_db()
    assert late.status == S.ASSIGNED


def test_the_leaders_work_list_filters_by_unit_and_status(province, signed_in, leaders_work):
    late, later, part, own = leaders_work
    client = signed_in(province.chanh_vp)
    overdue = body(client.get("/cong-viec/lanh-dao-giao/?trang_thai=qua-han"))
    assert titles_on(overdue) == [late.title]
    in_snv = body(client.get(f"/cong-viec/lanh-dao-giao/?don_vi={province.units.snv.pk}"))
    assert titles_on(in_snv) == [late.title, later.title]
    in_stc = body(client.get(f"/cong-viec/lanh-dao-giao/?don_vi={province.units.stc.pk}"))
    assert titles_on(in_stc) == []


def test_nobody_else_has_the_leaders_work_list(province, signed_in, leaders_work):
    for person in (province.chuyen_vien, province.truong_phong, province.van_thu):
        client = signed_in(person)
        response = client.get("/cong-viec/lanh-dao-giao/")
        assert response.status_code == 403 and "Chánh Văn phòng" in body(response)
        assert 'href="/cong-viec/lanh-dao-giao/"' not in body(client.get("/"))


def test_an_office_that_is_no_longer_the_office_follows_nothing(province, signed_in, leaders_work):
    Unit.objects.filter(pk=province.units.vp.pk).update(is_office=False)
    late = leaders_work[0]
    client = signed_in(province.chanh_vp)
    assert client.get("/cong-viec/lanh-dao-giao/").status_code == 403
    assert client.get(f"/cong-viec/{late.pk}/").status_code == 404


def _api(user) -> Client:
    return bearer_client(user)


def test_the_api_lists_the_leaders_work_for_the_office_head_only(province, leaders_work):
    late, later, *_ = leaders_work
    response = _api(province.chanh_vp).get("/api/v1/assignments", {"scope": "leaders_given"})
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["items"]] == [late.title, later.title]
    other = _api(province.chuyen_vien).get("/api/v1/assignments", {"scope": "leaders_given"})
    assert other.status_code == 200 and other.json()["items"] == []


# --- work that has not started yet ----------------------------------------------------------------


def test_work_that_starts_later_is_planned_not_to_do(province, signed_in):
    p = province
    now = give(p.truong_phong, p.chuyen_vien, title="Việc làm ngay", due=5)
    start = working_day(today() + dt.timedelta(days=40))
    later = services.assignment_create(
        actor=p.truong_phong, title="Việc theo kế hoạch năm sau", lead_user=p.chuyen_vien,
        start_date=start, deadline=working_day(start + dt.timedelta(days=30)),
    )  # fmt: skip
    client = signed_in(p.chuyen_vien)
    home = body(client.get("/"))
    assert '<span class="n">1</span><span class="l">Cần làm</span>' in home
    assert titles_on(home) == [now.title]
    todo = body(client.get("/cong-viec/"))
    assert titles_on(todo) == [now.title]
    assert 'href="?nhom=chua-bat-dau"' in todo  # a tab while something waits to start
    planned = body(client.get("/cong-viec/?nhom=chua-bat-dau"))
    assert titles_on(planned) == [later.title]
    assert f"chưa bắt đầu, từ {start:%d/%m/%Y}" in planned


# --- finished work, by year -----------------------------------------------------------------------


def _done(p, title: str, on: dt.date) -> Assignment:
    with travel_to(on - dt.timedelta(days=10)):
        item = give(p.truong_phong, p.chuyen_vien, title=title, due=7)
    with travel_to(on):
        submitted(item, p.chuyen_vien)
        services.approve(item=item, actor=p.truong_phong, rating=4, comment="Tốt")
    return item


def test_finished_work_is_found_by_year(province, signed_in):
    p = province
    this_year = today().year
    old = _done(p, "Báo cáo tổng kết năm trước", dt.date(this_year - 1, 11, 16))
    first = _done(p, "Rà soát quy chế làm việc", dt.date(this_year, 3, 16))
    second = _done(p, "Tổng hợp thi đua khen thưởng", dt.date(this_year, 9, 15))
    give(p.truong_phong, p.chuyen_vien, title="Việc còn đang làm", due=5)
    client = signed_in(p.chuyen_vien)
    done = body(client.get("/cong-viec/?nhom=da-xong"))
    assert titles_on(done) == [second.title, first.title]  # this year, the latest first
    assert f'<option value="{this_year}" selected>' in done and f'<option value="{this_year - 1}">' in done
    assert titles_on(body(client.get(f"/cong-viec/?nhom=da-xong&nam={this_year - 1}"))) == [old.title]
    # The API reads the same.
    rows = _api(p.chuyen_vien).get(
        "/api/v1/assignments", {"status": "done", "completed_year": this_year, "sort": "completed"}
    )
    assert [row["title"] for row in rows.json()["items"]] == [second.title, first.title]
    bad = _api(p.chuyen_vien).get("/api/v1/assignments", {"completed_year": 1900})
    assert bad.status_code == 400 and bad.json()["field"] == "completed_year"
