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


def _calendar(units: dict[str, Unit]) -> int:
    """The demo calendar; the number of rows entered now (0 when already there)."""
    return 0


# end of _calendar


def _messages(units: dict[str, Unit]) -> int:
    """The demo messages; the number of rows entered now (0 when already there)."""
    return 0


# end of _messages


def _reminders(units: dict[str, Unit]) -> int:
    """The demo reminders; the number of rows entered now (0 when already there)."""
    return 0


# end of _reminders


def _person(key: str) -> Any:
    """A persona of the demo (``demo.PERSONAS``) by its key, through the e-mail it was given."""
    from congvu.accounts.models import User
    from congvu.synthetic.demo import EMAIL_DOMAIN

    return User.objects.get(email__iexact=f"{key}@{EMAIL_DOMAIN}")


def _boards(units: dict[str, Unit]) -> int:
    """The demo boards (COL-3, COL-6): Sở Nội vụ's Chi bộ, Công đoàn and Chi đoàn with their
    committees among the personas (entered by the administrator Lý Văn Kiên), and a few posts on
    the public board and the organisations' boards. The number of rows entered now (0 when already
    there)."""
    import datetime as dt

    from django.utils import timezone

    from congvu.collaboration.boards import services
    from congvu.collaboration.boards.models import CommitteeMember, Organisation

    snv = units["snv"]
    if Organisation.objects.filter(agency=snv).exists():
        return 0
    admin = _person("kienlv")
    since = timezone.localdate() - dt.timedelta(days=300)
    K, R = Organisation.Kind, CommitteeMember.Role
    plan = [
        (
            K.PARTY_CELL,
            "Chi bộ Sở Nội vụ",
            [("namhv", R.SECRETARY), ("lanvt", R.DEPUTY), ("sonbt", R.MEMBER)],
        ),
        (
            K.TRADE_UNION,
            "Công đoàn Sở Nội vụ",
            [("lanvt", R.SECRETARY), ("baopq", R.DEPUTY), ("hattt", R.MEMBER)],
        ),
        (K.YOUTH_UNION, "Chi đoàn Sở Nội vụ", [("minhnv", R.SECRETARY), ("nhungdth", R.DEPUTY)]),
    ]
    rows = 0
    found: dict[str, Organisation] = {}
    for kind, name, seats in plan:
        organisation = services.organisation_create(agency=snv, kind=kind, name=name, actor=admin)
        found[kind] = organisation
        rows += 1
        for username, role in seats:
            services.committee_member_add(
                organisation=organisation, user=_person(username), role=role, started_on=since, actor=admin
            )
            rows += 1
    posts: list[tuple[Any, str, str, str]] = [
        (None, "hattt", "Tìm chủ nhân chiếc ô để quên ở phòng họp tầng 2",
         "Chiếc ô màu xanh để quên sau cuộc họp sáng thứ Hai; anh chị nào để quên xin liên hệ Phòng TCBC."),
        (None, "baopq", "Phòng họp tầng 3 bảo trì điều hòa tuần này",
         "Từ thứ Ba đến thứ Năm phòng họp tầng 3 tạm ngừng sử dụng; các phòng đăng ký phòng họp tầng 2."),
        (K.PARTY_CELL, "namhv", "Sinh hoạt chi bộ thường kỳ tháng này",
         "Chi bộ sinh hoạt thường kỳ vào 14h00 thứ Sáu tuần cuối tháng tại phòng họp tầng 2. "
         "Đề nghị đảng viên tham dự đầy đủ."),
        (K.TRADE_UNION, "lanvt", "Đăng ký tham quan nghỉ dưỡng hè",
         "Công đoàn tổ chức chuyến tham quan cho đoàn viên; đăng ký với đồng chí Trần Thị Thu Hà trước ngày 20."),
        (K.YOUTH_UNION, "minhnv", "Ra quân Chủ nhật xanh",
         "Chi đoàn ra quân dọn vệ sinh khuôn viên cơ quan 7h00 sáng Chủ nhật; đoàn viên mang theo găng tay."),
    ]  # fmt: skip
    for kind, username, title, body in posts:
        services.board_post_create(
            agency=snv,
            organisation=found[kind] if kind else None,
            title=title,
            body=body,
            actor=_person(username),
        )
        rows += 1
    return rows


# end of _boards


def _announcements(units: dict[str, Unit]) -> int:
    """The demo announcements (COL-4): the director of Sở Nội vụ to the whole agency (read by two
    people), the head of Phòng Tổ chức biên chế to his division, and the Party cell's secretary to
    the whole agency. The number of rows entered now (0 when already there)."""
    from congvu.collaboration.announcements import services
    from congvu.collaboration.announcements.models import Announcement
    from congvu.collaboration.boards.models import Organisation

    snv, tcbc = units["snv"], units["snv_tcbc"]
    if Announcement.objects.filter(agency=snv).exists():
        return 0
    director, head = _person("namhv"), _person("sonbt")
    holiday = services.announcement_post(
        capacity_key=f"agency:{snv.pk}",
        title="Lịch nghỉ Tết Nguyên đán và phân công trực",
        body="Cán bộ, công chức nghỉ Tết theo thông báo của UBND tỉnh. Các phòng gửi lịch trực về Văn phòng "
        "Sở trước ngày 20; lãnh đạo phòng chịu trách nhiệm bố trí người trực.",
        whole_agency=True,
        actor=director,
    )
    meeting = services.announcement_post(
        capacity_key=f"unit:{tcbc.pk}",
        title="Họp phòng triển khai đề án vị trí việc làm",
        body="14h00 thứ Sáu tại phòng họp tầng 2. Mỗi chuyên viên chuẩn bị số liệu phần việc được giao.",
        whole_agency=False,
        units=[tcbc],
        actor=head,
    )
    rows = 2
    party = Organisation.objects.filter(agency=snv, kind=Organisation.Kind.PARTY_CELL).first()
    if party is not None:
        services.announcement_post(
            capacity_key=f"organisation:{party.pk}",
            title="Học tập, quán triệt nghị quyết của Đảng ủy khối",
            body="Chi bộ tổ chức học tập nghị quyết vào sáng thứ Tư tuần tới tại hội trường; đảng viên và quần "
            "chúng ưu tú tham dự.",
            whole_agency=True,
            actor=director,
        )
        rows += 1
    for username in ("minhnv", "hattt"):
        services.announcement_mark_read(announcement=holiday, actor=_person(username))
        rows += 1
    services.announcement_mark_read(announcement=meeting, actor=_person("minhnv"))
    return rows + 1


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
