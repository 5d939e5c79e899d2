"""Whole pages kept per person between requests (core.personal.kept_page): "Hôm nay", the work
lists and the accounts list. A second look is the kept page, with this session's own form token and
the banners of the moment; what the person does, what is saved in a subtree they follow, an account
another administrator saves, all show on the very next look; a message is shown once, never kept."""

import datetime as dt
import re

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.utils import timezone

from congvu.assignments import services
from congvu.collaboration.notices.models import Notice
from congvu.collaboration.notices.selectors import forget_banner
from congvu.core import personal
from congvu.notifications.models import Notification
from tests.assignments.screen_helpers import give
from tests.conftest import travel_to

MINE, GIVEN, UNIT, ACCOUNTS = (
    "/cong-viec/",
    "/cong-viec/da-giao/",
    "/cong-viec/don-vi/",
    "/tai-khoan/quan-tri/",
)
# A second look: the session, the person, the account's safeguards and the organisation's version
# (and an administrator's second factor).
KEPT_LOOK = 4


def _body(client, path: str) -> str:
    return client.get(path).content.decode()


def _token(body: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]


def _without_tokens(body: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', r"\1", body)


def test_a_second_look_at_each_page_is_the_kept_page(province, signed_in, django_assert_max_num_queries):
    give(province.truong_phong, province.chuyen_vien, title="Rà soát biên chế quý IV")
    for person, path in (
        (province.chuyen_vien, "/"),
        (province.chuyen_vien, MINE),
        (province.truong_phong, GIVEN),
        (province.giam_doc, UNIT),
        (province.quan_tri, ACCOUNTS),
    ):
        client = signed_in(person)
        first = client.get(path)
        assert first.status_code == 200, path
        with django_assert_max_num_queries(KEPT_LOOK + (person == province.quan_tri)):
            second = client.get(path)
        assert second.status_code == 200
        assert _without_tokens(second.content.decode()) == _without_tokens(first.content.decode()), path
        client.logout()


def test_a_kept_page_carries_the_form_token_of_the_session_that_reads_it(province, signed_in):
    """Kept from one session, read from another (a second browser): its forms post from there."""
    signed_in(province.chuyen_vien).get(MINE)  # drawn and kept in the first session
    other = Client(enforce_csrf_checks=True)
    other.force_login(province.chuyen_vien, backend="congvu.accounts.backends.LocalPasswordBackend")
    body = _body(other, MINE)
    assert personal.csrf_standin() not in body
    answer = other.post("/tai-khoan/dang-xuat/", {"csrfmiddlewaretoken": _token(body)})
    assert answer.status_code == 302  # a token of another session, or the stand-in, gets 403


def test_a_message_is_shown_once_and_never_kept(province, signed_in):
    client = signed_in(province.chuyen_vien)
    _body(client, MINE)
    # what a view's redirect leaves for the next page (the messages cookie)
    client.cookies["messages"] = CookieStorage(None)._encode(
        [Message(messages.SUCCESS, "Đã gửi kết quả công việc.")]
    )
    assert "Đã gửi kết quả công việc." in _body(client, MINE)
    assert "Đã gửi kết quả công việc." not in _body(client, MINE)


def test_a_notice_beginning_by_the_clock_shows_on_a_kept_page(province, signed_in, settings):
    settings.HOME_CACHE_SECONDS = 3600  # longer than the test waits: nothing expires
    now = timezone.now()
    Notice.objects.create(
        title="Bảo trì hệ thống tối thứ Bảy",
        message="Hệ thống tạm dừng từ 22 giờ.",
        shows_from=now + dt.timedelta(minutes=5),
        starts_at=now + dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(hours=4),
        created_by=province.quan_tri,
    )
    forget_banner()
    client = signed_in(province.chuyen_vien)
    assert "Bảo trì hệ thống tối thứ Bảy" not in _body(client, MINE)
    # written without the notification service: nothing renews the stamp, the page stays kept
    Notification.objects.create(recipient=province.chuyen_vien, title="Lịch họp không báo")
    with travel_to(now + dt.timedelta(minutes=6)):
        body = _body(client, MINE)
    assert "Bảo trì hệ thống tối thứ Bảy" in body
    assert 'class="topbar-notes" href="/thong-bao/" aria-label="Thông báo"' in body  # kept: no unread


def test_what_i_do_and_work_given_to_me_show_on_my_list_at_once(province, signed_in):
    client = signed_in(province.chuyen_vien)
    assert "Rà soát biên chế quý IV" not in _body(client, MINE)
    item = give(province.truong_phong, province.chuyen_vien, title="Rà soát biên chế quý IV")
    assert "Rà soát biên chế quý IV" in _body(client, MINE)
    client.post(
        f"/cong-viec/{item.pk}/bao-cao-tien-do/",
        {"report-percent": "40", "report-text": "Đã rà soát 2 phòng"},
    )
    assert '<span class="pct">40%</span>' in _body(client, MINE)


def test_work_saved_in_a_subtree_shows_on_its_leaders_unit_list_at_once(province, signed_in):
    """The director is told nothing when a division's officer reports progress on work his head
    gave: the save renews the topic of every unit above it, which his unit list is kept under."""
    item = give(province.truong_phong, province.chuyen_vien, title="Rà soát biên chế quý IV")
    client = signed_in(province.giam_doc)
    assert '<span class="pct">0%</span>' in _body(client, UNIT)
    services.progress_report(item=item, actor=province.chuyen_vien, percent=60)
    assert '<span class="pct">60%</span>' in _body(client, UNIT)


def test_the_co_handled_tab_is_drawn_each_time(province, signed_in):
    item = give(
        province.truong_phong,
        province.chuyen_vien,
        title="Rà soát biên chế quý IV",
        co_assignees=[province.chuyen_vien_2],
    )
    client = signed_in(province.chuyen_vien_2)
    tab = f"{MINE}?nhom=phoi-hop"
    assert '<span class="pct">0%</span>' in _body(client, tab)
    services.progress_report(item=item, actor=province.chuyen_vien, percent=30)
    assert '<span class="pct">30%</span>' in _body(client, tab)


def test_an_account_saved_by_another_shows_on_the_accounts_list_at_once(province, signed_in):
    client = signed_in(province.quan_tri)
    assert "Nguyễn Văn Minh" in _body(client, ACCOUNTS)
    province.chuyen_vien.full_name = "Nguyễn Văn Minh Khoa"
    province.chuyen_vien.save(update_fields=["full_name"])  # another administrator, or the admin site
    assert "Nguyễn Văn Minh Khoa" in _body(client, ACCOUNTS)


def test_a_page_drawn_afresh_reads_each_stamp_once(province, signed_in, monkeypatch):
    """ "Hôm nay" keeps several parts (the sections, the counters, the bell, the menu's entries),
    each under the person's stamp: one request reads it from the cache once."""
    from django.core.cache import cache

    client = signed_in(province.chuyen_vien)
    client.get("/")
    client.post("/")  # the person acted: everything kept for them is drawn again
    asked: list[str] = []
    get = cache.get  # the in-process cache of the tests reads many keys through it too
    monkeypatch.setattr(cache, "get", lambda key, *a, **kw: asked.append(key) or get(key, *a, **kw))
    assert client.get("/").status_code == 200
    stamps = [key for key in asked if key.startswith("personal:stamp:")]
    assert stamps == [f"personal:stamp:{province.chuyen_vien.pk}"]
