"""Announcement services (COL-4): posting tells the audience in the app, opening leaves a read
receipt and settles the notice, the poster sees who read and who has not, edits tell newcomers only,
removing; each write in the audit log."""

from __future__ import annotations

import pytest

from congvu.collaboration.announcements import selectors, services
from congvu.collaboration.announcements.models import Announcement, AnnouncementRead
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from congvu.org.models import Membership


def _to_tcbc(province, **kw):
    return services.announcement_post(
        capacity_key=f"unit:{province.units.tcbc.pk}",
        title=kw.get("title", "Họp phòng chiều thứ Sáu"),
        body=kw.get("body", "15h00, phòng họp tầng 2."),
        whole_agency=False,
        units=kw.get("units", [province.units.tcbc]),
        actor=province.truong_phong,
    )


def _told(announcement):
    return set(
        Notification.objects.filter(event_key=f"announcement:{announcement.pk}").values_list(
            "recipient__username", flat=True
        )
    )


def test_posting_tells_the_audience_in_the_app_but_not_the_poster(province):
    announcement = _to_tcbc(province)
    assert _told(announcement) == {"minhnv", "hattt"}
    note = Notification.objects.filter(event_key=f"announcement:{announcement.pk}").first()
    assert note.url == f"/phoi-hop/thong-bao-chung/{announcement.pk}/" and note.emailed_at is None
    event = AuditEvent.objects.get(action="collaboration.announcement.posted")
    assert event.after["told"] == 2 and event.after["capacity"] == "Trưởng phòng Phòng Tổ chức biên chế"


def test_the_whole_agency_is_its_people_not_the_agencies_below(province):
    announcement = services.announcement_post(
        capacity_key=f"agency:{province.units.tinh.pk}",
        title="Lịch tiếp công dân",
        body="Thứ Năm hằng tuần.",
        whole_agency=True,
        actor=province.chu_tich,
    )
    assert _told(announcement) == {"mailt"}  # Văn phòng, the Sở and the district are agencies of their own


def test_opening_leaves_one_receipt_and_settles_the_notice(province):
    announcement = _to_tcbc(province)
    assert services.announcement_mark_read(announcement=announcement, actor=province.chuyen_vien)
    assert not services.announcement_mark_read(announcement=announcement, actor=province.chuyen_vien)
    assert not services.announcement_mark_read(announcement=announcement, actor=province.truong_phong)
    assert AnnouncementRead.objects.filter(announcement=announcement).count() == 1
    note = Notification.objects.get(
        event_key=f"announcement:{announcement.pk}", recipient=province.chuyen_vien
    )
    assert note.read_at is not None
    other = Notification.objects.get(
        event_key=f"announcement:{announcement.pk}", recipient=province.chuyen_vien_2
    )
    assert other.read_at is None


def test_the_poster_sees_who_read_and_who_has_not(province):
    announcement = _to_tcbc(province)
    services.announcement_mark_read(announcement=announcement, actor=province.chuyen_vien)
    found = selectors.receipts(announcement)
    assert (found.audience_count, found.read_count, found.unread_count) == (2, 1, 1)
    assert [p.username for p, _at in found.read] == ["minhnv"]
    assert [p.username for p in found.unread] == ["hattt"]


def test_editing_updates_and_tells_only_the_newcomers(province):
    announcement = _to_tcbc(province)
    Membership.objects.create(
        user=province.chuyen_vien_khac,
        unit=province.units.tcbc,  # joins the division after the announcement
        position=province.positions.chuyen_vien,
        is_primary=False,
        started_on=Membership.objects.get(user=province.chuyen_vien).started_on,
    )
    services.announcement_edit(
        announcement=announcement,
        title="Họp phòng dời sang thứ Hai",
        body="8h00.",
        whole_agency=False,
        units=[province.units.tcbc],
        actor=province.truong_phong,
    )
    announcement.refresh_from_db()
    assert announcement.title == "Họp phòng dời sang thứ Hai" and announcement.edited_at is not None
    assert _told(announcement) == {"minhnv", "hattt", "ducdd"}
    assert Notification.objects.filter(event_key=f"announcement:{announcement.pk}").count() == 3
    with pytest.raises(Refused) as outside:
        services.announcement_edit(
            announcement=announcement,
            title="T",
            body="B",
            whole_agency=False,
            units=[province.units.ccvc],
            actor=province.truong_phong,
        )
    assert outside.value.field == "units" and outside.value.status == 400
    with pytest.raises(Refused) as not_poster:
        services.announcement_edit(
            announcement=announcement, title="T", body="B", whole_agency=True, actor=province.giam_doc
        )
    assert not_poster.value.status == 403
    assert AuditEvent.objects.filter(action="collaboration.announcement.edited").count() == 1


def test_the_poster_removes_and_the_notices_are_settled(province):
    announcement = _to_tcbc(province)
    with pytest.raises(Refused):
        services.announcement_remove(announcement=announcement, actor=province.chuyen_vien)
    services.announcement_remove(announcement=announcement, actor=province.truong_phong)
    assert not Announcement.objects.exists()
    assert not Notification.objects.filter(kind="collaboration.announcement", read_at__isnull=True).exists()
    with pytest.raises(Refused) as again:
        services.announcement_remove(announcement=announcement, actor=province.truong_phong)
    assert again.value.status == 409


@pytest.mark.parametrize(
    ("title", "body", "units", "field"),
    [
        ("", "B", "tcbc", "title"),
        ("x" * 201, "B", "tcbc", "title"),
        ("T", "", "tcbc", "body"),
        ("T", "B", "", "units"),
        ("Họp\x00", "B", "tcbc", "title"),  # a character no database stores
        ("T", "MẬT\nNội dung", "tcbc", "body"),  # a secrecy marking (DOC-7)
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_saved(province, title, body, units, field):
    with pytest.raises(Refused) as refused:
        _to_tcbc(province, title=title, body=body, units=[getattr(province.units, units)] if units else [])
    assert refused.value.field == field and refused.value.status == 400
    assert not Announcement.objects.exists() and not Notification.objects.exists()


def test_titles_and_bodies_are_stored_as_nfc(province):
    import unicodedata

    announcement = _to_tcbc(
        province,
        title=unicodedata.normalize("NFD", "Lịch  nghỉ Tết"),
        body=unicodedata.normalize("NFD", "Cơ quan nghỉ Tết\r\ntừ ngày 14/2"),
        units=[province.units.tcbc],
    )
    announcement.refresh_from_db()
    assert announcement.title == "Lịch nghỉ Tết" and unicodedata.is_normalized("NFC", announcement.title)
    assert announcement.body == "Cơ quan nghỉ Tết\ntừ ngày 14/2"


def test_an_unknown_capacity_is_refused(province):
    with pytest.raises(Refused) as refused:
        services.announcement_post(
            capacity_key=f"agency:{province.units.snv.pk}",
            title="T",
            body="B",
            whole_agency=True,
            actor=province.truong_phong,
        )
    assert refused.value.field == "capacity"


def test_an_administrator_opening_it_leaves_no_receipt(province):
    announcement = _to_tcbc(province)
    assert not services.announcement_mark_read(announcement=announcement, actor=province.quan_tri)
    assert selectors.receipts(announcement).audience_count == 2
    assert not AnnouncementRead.objects.exists()
