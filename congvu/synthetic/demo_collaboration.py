"""The demo province's collaboration (COL-1..COL-9, ADM-4, ADM-5), entered through the services and dated
relative to today: a week of work calendar, announcements, a consultation, a conversation ... Each feature
enters its own part in its function below; each part is given once (it checks whether it is there)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from congvu.org.models import Unit


@dataclass
class CollaborationResult:
    created: dict[str, int] = field(default_factory=dict)  # feature -> rows entered now


def load_collaboration(*, units: dict[str, Unit]) -> CollaborationResult:
    """Enter each feature's demo part that is not there yet. ``units`` maps the demo's unit keys to the
    units (``demo.load_demo().units``); the personas are found by their login names (``demo.PERSONAS``)."""
    result = CollaborationResult()
    for name, part in PARTS:
        with transaction.atomic():
            count = part(units)
        if count:
            result.created[name] = count
    return result


# (day of the week 0–6, hour, minute, content, place, host, participants, participating unit keys, outsiders)
_AGENCY_WEEK = (
    (0, 8, 0, "Giao ban lãnh đạo UBND tỉnh đầu tuần", "Phòng họp số 1, trụ sở UBND tỉnh", "hungtq",
     ("mailt", "khoapm", "thanghv", "ducpv"), (), ""),
    (0, 14, 0, "Làm việc với Sở Nội vụ về đề án vị trí việc làm", "Sở Nội vụ", "mailt",
     ("namhv", "lanvt"), ("snv_tcbc",), ""),
    (1, 8, 30, "Hội nghị trực tuyến của Chính phủ với các địa phương", "Điểm cầu UBND tỉnh", "hungtq",
     ("mailt", "khoapm"), ("stc", "stttt"), "Lãnh đạo các sở, ngành theo Giấy mời"),
    (1, 14, 0, "Tiếp và làm việc với Đoàn công tác của Bộ Tài chính", "Phòng khách UBND tỉnh", "khoapm",
     ("hainv",), ("stc",), "Đoàn công tác Bộ Tài chính"),
    (2, 8, 0, "Kiểm tra tiến độ dự án đường ven biển", "Huyện Đức Trọng", "thanghv", (), ("dt",), ""),
    (2, 14, 0, "Họp Ban Chỉ đạo chuyển đổi số tỉnh", "Hội trường UBND tỉnh", "hungtq",
     ("trietvm",), ("stttt", "stttt_cntt"), "Thành viên Ban Chỉ đạo"),
    (3, 8, 0, "Tiếp công dân định kỳ tháng", "Trụ sở Tiếp công dân tỉnh", "hungtq", ("ducpv",), (), ""),
    (3, 15, 0, "Nghe báo cáo dự toán ngân sách năm sau", "Phòng họp số 2", "khoapm", ("hainv", "phuongtt"),
     ("stc_ns",), ""),
    (4, 8, 0, "Phiên họp UBND tỉnh thường kỳ", "Hội trường UBND tỉnh", "hungtq",
     ("mailt", "khoapm", "thanghv", "namhv", "hainv", "trietvm"), (), "Đại diện Thường trực HĐND tỉnh"),
    (4, 14, 0, "Làm việc tại cơ quan", "", "mailt", (), (), ""),
)  # fmt: skip

_TCBC_WEEK = (
    (0, 8, 0, "Họp phòng triển khai công việc tuần", "Phòng họp Sở Nội vụ", "sonbt", ("quanlm", "minhnv", "hattt")),
    (2, 14, 0, "Thẩm định hồ sơ biên chế năm sau của các sở", "Phòng TCBC", "quanlm", ("minhnv",)),
    (4, 9, 0, "Tổng hợp báo cáo biên chế gửi Bộ Nội vụ", "Phòng TCBC", "sonbt", ("hattt",)),
)  # fmt: skip


def _calendar(units: dict[str, Unit]) -> int:
    """This week's calendar of UBND tỉnh, published by its office; the chairman's own calendar; the
    calendar of Phòng Tổ chức biên chế (Sở Nội vụ). The number of rows entered now (0 when there)."""
    import datetime as dt

    from django.utils import timezone

    from congvu.accounts.models import User
    from congvu.collaboration.calendar import services as calendar
    from congvu.collaboration.calendar.models import WorkCalendar

    if WorkCalendar.objects.filter(kind=WorkCalendar.Kind.AGENCY, unit=units["tinh"]).exists():
        return 0
    from congvu.synthetic.demo import EMAIL_DOMAIN, PERSONAS

    emails = {f"{p.key}@{EMAIL_DOMAIN}": p.key for p in PERSONAS}
    people = {emails[u.email.lower()]: u for u in User.objects.filter(email__in=list(emails))}
    office_head = people["ducpv"]
    agency = calendar.calendar_open(kind=WorkCalendar.Kind.AGENCY, unit=units["tinh"], actor=office_head)
    chairman = calendar.calendar_open(
        kind=WorkCalendar.Kind.LEADER, leader=people["hungtq"], actor=office_head
    )
    tcbc = calendar.calendar_open(kind=WorkCalendar.Kind.UNIT, unit=units["snv_tcbc"], actor=people["sonbt"])
    calendar.calendar_keepers_set(calendar=chairman, keepers=[people["tuandm"]], actor=people["hungtq"])
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    count = 3
    for weekday, hour, minute, content, place, host, names, unit_keys, outsiders in _AGENCY_WEEK:
        calendar.entry_create(
            calendar=agency,
            data=calendar.EntryData(
                day=monday + dt.timedelta(days=weekday),
                start_time=dt.time(hour, minute),
                content=content,
                place=place,
                host=people[host],
                participants=[people[n] for n in names],
                participant_units=[units[k] for k in unit_keys],
                participants_text=outsiders,
                preparing_unit=units["vp_th"],
            ),
            actor=people["hoant"],
        )
        count += 1
        if host == "hungtq":
            calendar.entry_create(
                calendar=chairman,
                data=calendar.EntryData(
                    day=monday + dt.timedelta(days=weekday), start_time=dt.time(hour, minute), content=content,
                    place=place, host=people[host],
                ),
                actor=people["tuandm"],
            )  # fmt: skip
            count += 1
    calendar.week_publish(calendar=agency, week_start=monday, actor=office_head)
    for weekday, hour, minute, content, place, host, team in _TCBC_WEEK:
        calendar.entry_create(
            calendar=tcbc,
            data=calendar.EntryData(
                day=monday + dt.timedelta(days=weekday), start_time=dt.time(hour, minute), content=content,
                place=place, host=people[host], participants=[people[n] for n in team],
            ),
            actor=people["sonbt"],
        )  # fmt: skip
        count += 1
    return count


# end of _calendar


def _messages(units: dict[str, Unit]) -> int:
    """The demo messages; the number of rows entered now (0 when already there)."""
    return 0


# end of _messages


def _reminders(units: dict[str, Unit]) -> int:
    """The demo reminders; the number of rows entered now (0 when already there)."""
    return 0


# end of _reminders


def _boards(units: dict[str, Unit]) -> int:
    """The demo boards; the number of rows entered now (0 when already there)."""
    return 0


# end of _boards


def _announcements(units: dict[str, Unit]) -> int:
    """The demo announcements; the number of rows entered now (0 when already there)."""
    return 0


# end of _announcements


def _consultations(units: dict[str, Unit]) -> int:
    """The demo consultations; the number of rows entered now (0 when already there)."""
    return 0


# end of _consultations


def _chat(units: dict[str, Unit]) -> int:
    """The demo chat; the number of rows entered now (0 when already there)."""
    return 0


# end of _chat


def _sms(units: dict[str, Unit]) -> int:
    """The demo sms; the number of rows entered now (0 when already there)."""
    return 0


# end of _sms


def _notices(units: dict[str, Unit]) -> int:
    """The demo notices; the number of rows entered now (0 when already there)."""
    return 0


# end of _notices


def _feedback(units: dict[str, Unit]) -> int:
    """The demo feedback; the number of rows entered now (0 when already there)."""
    return 0


# end of _feedback


PARTS: list[tuple[str, Any]] = [
    ("calendar", _calendar),
    ("messages", _messages),
    ("reminders", _reminders),
    ("boards", _boards),
    ("announcements", _announcements),
    ("consultations", _consultations),
    ("chat", _chat),
    ("sms", _sms),
    ("notices", _notices),
    ("feedback", _feedback),
]
