"""The calendar API (/api/v1/calendar/): success and each kind of error (400, 403, 404, 409)."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.calendar.models import CalendarEntry
from tests.collaboration.calendar.cast import build_calendar_cast, entry
from tests.conftest import TODAY

API = "/api/v1/calendar"
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


@pytest.fixture
def cast(province):
    return build_calendar_cast(province)


def _body(cast, **extra):
    return {"calendar_id": cast.agency.pk, "day": TODAY.isoformat(), "start_time": "08:00",
            "content": "Họp giao ban UBND tỉnh", "place": "Phòng họp số 1", "host_id": cast.chu_tich.pk,
            "participant_ids": [cast.pho_chu_tich.pk], "participant_unit_ids": [cast.units.snv.pk], **extra}  # fmt: skip


def test_calendars_lists_what_the_person_reads(cast, signed_in):
    items = signed_in(cast.van_thu).get(f"{API}/calendars").json()
    by_id = {c["id"]: c for c in items}
    assert set(by_id) == {cast.agency.pk, cast.chairman.pk}
    assert by_id[cast.agency.pk]["keeps"] is True and by_id[cast.chairman.pk]["keeps"] is False


def test_a_keeper_creates_updates_and_deletes_an_entry(cast, signed_in):
    client = signed_in(cast.chanh_vp)
    created = client.post(f"{API}/entries", _body(cast), content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["host"] == {"id": cast.chu_tich.pk, "name": "Trần Quốc Hùng"}
    assert data["participant_units"] == [{"id": cast.units.snv.pk, "name": "Sở Nội vụ"}]
    assert data["week_status"] == "draft"
    updated = client.put(
        f"{API}/entries/{data['id']}", _body(cast, start_time="14:00"), content_type="application/json"
    )
    assert updated.status_code == 200 and updated.json()["start_time"] == "14:00:00"
    assert client.delete(f"{API}/entries/{data['id']}").status_code == 204
    assert not CalendarEntry.objects.exists()


def test_entries_by_calendar_and_date_range(cast, signed_in):
    entry(cast, cast.tcbc, content="Họp phòng")
    entry(cast, cast.tcbc, content="Tuần sau", day=TODAY + dt.timedelta(days=7))
    client = signed_in(cast.chuyen_vien)
    items = client.get(f"{API}/entries", {"calendar_id": cast.tcbc.pk, "start": TODAY, "end": TODAY}).json()
    assert [i["content"] for i in items] == ["Họp phòng"]
    too_long = client.get(
        f"{API}/entries", {"calendar_id": cast.tcbc.pk, "start": TODAY, "end": TODAY + dt.timedelta(days=62)}
    )
    assert too_long.status_code == 400 and too_long.json()["field"] == "end"


def test_entries_list_query_count(cast, signed_in, django_assert_max_num_queries):
    for i in range(10):
        entry(
            cast,
            cast.tcbc,
            content=f"Việc {i}",
            participants=[cast.chuyen_vien],
            participant_units=[cast.units.tcbc],
        )
    client = signed_in(cast.chuyen_vien)
    client.get(f"{API}/calendars")
    with django_assert_max_num_queries(14):
        assert (
            len(
                client.get(
                    f"{API}/entries", {"calendar_id": cast.tcbc.pk, "start": TODAY, "end": TODAY}
                ).json()
            )
            == 10
        )


def test_errors_have_their_kinds(cast, signed_in):
    reader = signed_in(cast.theo_doi)
    forbidden = reader.post(f"{API}/entries", _body(cast), content_type="application/json")
    assert forbidden.status_code == 403 and "giữ lịch" in forbidden.json()["detail"]
    outsider = signed_in(cast.giam_doc)
    assert outsider.post(f"{API}/entries", _body(cast), content_type="application/json").status_code == 404
    assert (
        outsider.get(
            f"{API}/entries", {"calendar_id": cast.agency.pk, "start": TODAY, "end": TODAY}
        ).status_code
        == 404
    )
    keeper = signed_in(cast.chanh_vp)
    bad = keeper.post(f"{API}/entries", _body(cast, content=""), content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "content"
    unknown = keeper.post(
        f"{API}/entries", _body(cast, participant_ids=[999999]), content_type="application/json"
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "participant_ids"
    assert keeper.delete(f"{API}/entries/999999").status_code == 404
    assert not CalendarEntry.objects.exists()


def test_publishing_and_exporting_the_agency_week(cast, signed_in):
    entry(cast, cast.agency)
    keeper = signed_in(cast.van_thu)
    url = f"{API}/calendars/{cast.agency.pk}/weeks/{TODAY.isoformat()}/publish"
    published = keeper.post(url)
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published.json()["week_start"] == MONDAY.isoformat()
    assert keeper.post(url).status_code == 409
    assert signed_in(cast.theo_doi).post(url).status_code == 403
    assert (
        signed_in(cast.chu_tich).post(f"{API}/calendars/{cast.chairman.pk}/weeks/{TODAY}/publish").status_code
        == 403
    )
    reader = signed_in(cast.theo_doi)
    docx = reader.get(f"{API}/calendars/{cast.agency.pk}/weeks/{TODAY}/export", {"format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = reader.get(f"{API}/calendars/{cast.agency.pk}/weeks/{TODAY}/export")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert (
        signed_in(cast.giam_doc).get(f"{API}/calendars/{cast.agency.pk}/weeks/{TODAY}/export").status_code
        == 404
    )
