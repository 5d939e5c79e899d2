"""The week page kept per person between looks (core.personal): a second look reads what is kept;
whatever a keeper writes (an entry added, changed or removed, the week published, a keeper named)
shows on every reader's very next look; the day moving on moves "Hôm nay"; and the forms of a page
kept from one session post from another session of the same person."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from congvu.collaboration.calendar import services
from congvu.collaboration.calendar.models import CalendarWeek
from tests.collaboration.calendar.cast import build_calendar_cast, entry
from tests.conftest import TODAY, travel_to

MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
WEEK = reverse("collaboration:calendar_week")
# A second look: the session, the person, the account's safeguards and the organisation's version;
# none of the calendar's own queries, nor the bell's count or the menu's scoring question.
KEPT_LOOK = 4
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANY_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")  # a form's token, masked afresh on every page


@pytest.fixture
def cast(province):
    return build_calendar_cast(province)


def _week(client, calendar, day=MONDAY) -> str:
    response = client.get(f"{WEEK}?lich={calendar.pk}&ngay={day.isoformat()}")
    assert response.status_code == 200
    return response.content.decode()


def _published(cast) -> None:
    services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp)


def test_a_second_look_reads_what_is_kept_and_each_person_has_their_own(
    cast, signed_in, django_assert_max_num_queries
):
    entry(cast, cast.agency, content="Chủ tịch họp giao ban")
    _published(cast)
    client = signed_in(cast.chanh_vp)
    keeper = _week(client, cast.agency)
    with django_assert_max_num_queries(KEPT_LOOK):
        again = _week(client, cast.agency)
    assert "Chủ tịch họp giao ban" in again and "Thêm lịch" in again
    assert ANY_TOKEN.sub("", again) == ANY_TOKEN.sub("", keeper)  # the same page, each with a fresh token
    reader = _week(signed_in(cast.theo_doi), cast.agency)
    assert "Chủ tịch họp giao ban" in reader and "Thêm lịch" not in reader  # not the keeper's page


def test_an_entry_a_keeper_adds_changes_or_removes_shows_to_a_reader_at_once(cast, signed_in):
    _published(cast)
    reader = signed_in(cast.theo_doi)
    assert "Tiếp công dân định kỳ" not in _week(reader, cast.agency)
    item = entry(cast, cast.agency, content="Tiếp công dân định kỳ", day=MONDAY)
    assert "Tiếp công dân định kỳ" in _week(reader, cast.agency)
    moved = services.EntryData(day=MONDAY, content="Tiếp công dân định kỳ", place="Trụ sở tiếp công dân")
    services.entry_update(entry=item, data=moved, actor=cast.van_thu)
    assert "Trụ sở tiếp công dân" in _week(reader, cast.agency)
    services.entry_delete(entry=item, actor=cast.chanh_vp)
    assert "Tiếp công dân định kỳ" not in _week(reader, cast.agency)


def test_an_entry_added_on_the_keepers_screen_shows_to_a_reader_at_once(cast, signed_in):
    _published(cast)
    reader = _session(cast.theo_doi)
    assert "Họp Ban chỉ đạo chuyển đổi số" not in _week(reader, cast.agency)
    keeper = signed_in(cast.chanh_vp)
    added = keeper.post(
        reverse("collaboration:calendar_entry_create", args=[cast.agency.pk]),
        {"day": MONDAY.isoformat(), "content": "Họp Ban chỉ đạo chuyển đổi số", "start_time": "08:00"},
    )
    assert added.status_code == 302
    assert "Họp Ban chỉ đạo chuyển đổi số" in _week(reader, cast.agency)


def test_a_week_published_shows_to_a_reader_at_once(cast, signed_in):
    entry(cast, cast.agency, content="Đi kiểm tra cơ sở")
    reader = signed_in(cast.theo_doi)
    hidden = _week(reader, cast.agency)
    assert "chưa được Văn phòng công bố" in hidden and "Đi kiểm tra cơ sở" not in hidden
    _published(cast)
    shown = _week(reader, cast.agency)
    assert "Đi kiểm tra cơ sở" in shown and "chưa được Văn phòng công bố" not in shown


def test_a_person_named_keeper_can_add_to_the_calendar_at_once(cast, signed_in):
    client = signed_in(cast.theo_doi)
    assert "Thêm lịch" not in _week(client, cast.chairman)
    services.calendar_keepers_set(calendar=cast.chairman, keepers=[cast.theo_doi], actor=cast.chu_tich)
    assert "Thêm lịch" in _week(client, cast.chairman)


def test_the_next_day_is_marked_today_on_the_kept_week(cast, signed_in):
    day = MONDAY + dt.timedelta(days=2)  # a Wednesday: the next day is in the same week
    evening = dt.datetime.combine(day, dt.time(23, 59), tzinfo=timezone.get_current_timezone())
    with travel_to(evening):
        client = signed_in(cast.theo_doi)
        assert f"<span>{day:%d/%m}</span> <span" in _week(client, cast.chairman)
    with travel_to(evening + dt.timedelta(seconds=75)):  # past midnight, before what is kept expires
        page = _week(client, cast.chairman)
    after = day + dt.timedelta(days=1)
    assert f"<span>{after:%d/%m}</span> <span" in page  # the "Hôm nay" badge follows the day
    assert f"<span>{day:%d/%m}</span> <span" not in page


def _session(user) -> Client:
    """A session of its own, which refuses a form without its own token, as a browser's would."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="congvu.accounts.backends.LocalPasswordBackend")
    return client


def test_a_page_kept_from_one_session_posts_from_another(cast):
    desk, phone = _session(cast.chanh_vp), _session(cast.chanh_vp)
    publish = reverse("collaboration:calendar_publish", args=[cast.agency.pk])

    def publish_token(page: str) -> str:  # the token of the publishing form, not the layout's
        return TOKEN.search(page, page.index(f'action="{publish}"'))[1]

    desk_page = _week(desk, cast.agency)
    phone_page = _week(phone, cast.agency)  # the page kept from the desk's look
    assert "Công bố lịch tuần" in phone_page
    assert publish_token(desk_page) != publish_token(phone_page)
    published = phone.post(
        publish, {"tuan": MONDAY.isoformat(), "csrfmiddlewaretoken": publish_token(phone_page)}
    )
    assert published.status_code == 302
    assert CalendarWeek.objects.get(calendar=cast.agency, week_start=MONDAY).status == "published"
