"""Writing calendars (COL-1, TASK-6; seed 002 Đ7.1): entries, the agency's week and its publication,
bad input refused with nothing changed, keepers authorised by the leader, the month's file."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.calendar import policies, services
from congvu.collaboration.calendar.models import CalendarEntry, CalendarFile, CalendarWeek, WorkCalendar
from congvu.core.decisions import RefusalKind, Refused
from congvu.core.models import AuditEvent
from tests.collaboration.calendar.cast import build_calendar_cast, entry
from tests.conftest import TODAY

MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())  # 30/11/2026


@pytest.fixture
def cast(province):
    return build_calendar_cast(province)


def test_office_writes_the_agency_week_as_a_draft_then_publishes_it(cast):
    first = entry(cast, cast.agency, content="Chủ tịch tiếp công dân định kỳ", place="Trụ sở tiếp công dân")
    assert first.week is not None and first.week.week_start == MONDAY
    assert first.week.status == CalendarWeek.Status.DRAFT
    week = services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.van_thu)
    assert week.status == CalendarWeek.Status.PUBLISHED and week.published_by == cast.van_thu
    assert week.published_at is not None
    assert AuditEvent.objects.filter(action="collaboration.calendarweek.publish").count() == 1


def test_changing_a_published_week_marks_it_updated_and_audits_the_change(cast):
    item = entry(cast, cast.agency, content="Họp UBND tỉnh thường kỳ tháng 12")
    services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp)
    data = services.EntryData(
        day=item.day, content=item.content, start_time=dt.time(14, 0), place="Phòng họp số 1"
    )
    services.entry_update(entry=item, data=data, actor=cast.chanh_vp)
    week = CalendarWeek.objects.get()
    assert week.status == CalendarWeek.Status.UPDATED
    change = AuditEvent.objects.get(action="collaboration.calendarentry.updated")
    assert change.before == {"start_time": "08:00:00", "place": ""}
    assert change.after == {"start_time": "14:00:00", "place": "Phòng họp số 1"}
    assert AuditEvent.objects.filter(action="collaboration.calendarweek.mark_updated").count() == 1
    # publishing again clears the mark
    assert (
        services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp).status
        == "published"
    )


def test_publishing_twice_is_a_wrong_state(cast):
    services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp)
    with pytest.raises(Refused) as refused:
        services.week_publish(
            calendar=cast.agency, week_start=MONDAY + dt.timedelta(days=3), actor=cast.chanh_vp
        )
    assert refused.value.kind == RefusalKind.WRONG_STATE


def test_deleting_an_entry_of_a_published_week_marks_it_updated(cast):
    item = entry(cast, cast.agency)
    services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp)
    services.entry_delete(entry=item, actor=cast.van_thu)
    assert not CalendarEntry.objects.exists()
    assert CalendarWeek.objects.get().status == CalendarWeek.Status.UPDATED
    deleted = AuditEvent.objects.get(action="collaboration.calendarentry.deleted")
    assert deleted.before["content"] == "Họp giao ban lãnh đạo tỉnh"


def test_leader_and_unit_calendars_have_no_weeks(cast):
    assert entry(cast, cast.chairman).week is None
    assert entry(cast, cast.tcbc).week is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"content": "   "}, "content", "Vui lòng nhập nội dung"),
        ({"content": "x" * 2001}, "content", "tối đa 2000"),
        ({"place": "p" * 256}, "place", "tối đa 255"),
        ({"day": TODAY + dt.timedelta(days=800)}, "day", "hai năm"),
        ({"start_time": dt.time(9), "end_time": dt.time(8)}, "end_time", "sau giờ bắt đầu"),
        ({"start_time": None, "end_time": dt.time(8)}, "start_time", "giờ bắt đầu"),
        ({"content": "Kế hoạch\nMẬT\nnội dung"}, "content", ""),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(cast, fields, field, message):
    with pytest.raises(Refused) as refused:
        entry(cast, cast.chairman, **fields)
    assert refused.value.kind == RefusalKind.INVALID and refused.value.field == field
    assert message in refused.value.message
    assert not CalendarEntry.objects.exists()


def test_too_many_participants_are_refused(cast, province):
    with pytest.raises(Refused) as refused:
        entry(cast, cast.chairman, participants=[object() for _ in range(101)])
    assert refused.value.field == "participants"


def test_a_reader_cannot_write(cast):
    with pytest.raises(Refused) as refused:
        entry(cast, cast.agency, actor=cast.theo_doi)
    assert refused.value.kind == RefusalKind.NOT_ALLOWED
    assert not CalendarEntry.objects.exists()


def test_the_leader_authorises_a_keeper_who_then_keeps_his_calendar(cast):
    with pytest.raises(Refused):
        entry(cast, cast.chairman, actor=cast.theo_doi)
    services.calendar_keepers_set(calendar=cast.chairman, keepers=[cast.theo_doi], actor=cast.chu_tich)
    policies.forget(cast.theo_doi)
    item = entry(cast, cast.chairman, actor=cast.theo_doi, content="Làm việc với Sở Nội vụ về biên chế")
    assert item.created_by == cast.theo_doi
    assert AuditEvent.objects.filter(action="collaboration.workcalendar.keepers_set").count() == 1


def test_only_the_leader_or_the_office_head_manages_the_keepers(cast):
    with pytest.raises(Refused) as refused:
        services.calendar_keepers_set(
            calendar=cast.chairman, keepers=[cast.theo_doi], actor=cast.pho_chu_tich
        )
    assert refused.value.kind == RefusalKind.NOT_ALLOWED
    services.calendar_keepers_set(calendar=cast.chairman, keepers=[cast.theo_doi], actor=cast.chanh_vp)


def test_a_delegate_keeps_the_unit_calendar_on_the_head_s_behalf(cast):
    from django.utils import timezone

    from congvu.org.models import Delegation

    now = timezone.now()
    Delegation.objects.create(
        principal=cast.truong_phong, delegate=cast.chuyen_vien, starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=3), status=Delegation.Status.APPROVED, requested_by=cast.truong_phong,
    )  # fmt: skip
    entry(cast, cast.tcbc, actor=cast.chuyen_vien, content="Thẩm định đề án vị trí việc làm")
    created = AuditEvent.objects.get(action="collaboration.calendarentry.created")
    assert created.on_behalf_of_id == cast.truong_phong.pk


def test_opening_calendars_is_limited_to_who_keeps_them(cast, province):
    with pytest.raises(Refused):
        services.calendar_open(
            kind=WorkCalendar.Kind.UNIT, unit=province.units.tcbc, actor=province.chuyen_vien
        )
    with pytest.raises(Refused):
        services.calendar_open(
            kind=WorkCalendar.Kind.LEADER, leader=province.chuyen_vien, actor=province.chuyen_vien
        )
    # opening again returns the same calendar
    again = services.calendar_open(
        kind=WorkCalendar.Kind.AGENCY, unit=province.units.tinh, actor=province.van_thu
    )
    assert again == cast.agency
    assert cast.chairman.name == "Chủ tịch Trần Quốc Hùng"
    assert cast.agency.agency == province.units.tinh and cast.tcbc.agency == province.units.snv


def test_the_month_file_goes_through_the_core_file_service(cast):
    attached = services.calendar_file_attach(
        calendar=cast.tcbc, month=TODAY, upload=("lich-thang-12.txt", "Lịch công tác tháng 12".encode()),
        actor=cast.truong_phong,
    )  # fmt: skip
    assert attached.month == TODAY.replace(day=1)
    assert attached.stored_file.original_name == "lich-thang-12.txt"
    with pytest.raises(Refused):
        services.calendar_file_attach(
            calendar=cast.tcbc, month=TODAY, upload=("virus.exe", b"MZ\x90\x00"), actor=cast.truong_phong
        )
    assert CalendarFile.objects.count() == 1
