"""The demo province's collaboration (COL-1..COL-9, ADM-4, ADM-5), entered through the services and dated
relative to today: a week of work calendar, announcements, a consultation, a conversation ... Each feature
enters its own part in its function below; each part is given once (it checks whether it is there)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

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


def _persona(key: str) -> Any:
    from congvu.accounts.models import User
    from congvu.synthetic.demo import EMAIL_DOMAIN

    return User.objects.get(email=f"{key}@{EMAIL_DOMAIN}")


MESSAGES_MARKER = "Phân công rà soát vị trí việc làm"


def _messages(units: dict[str, Unit]) -> int:
    """The demo messages; the number of rows entered now (0 when already there): a head of division
    writes to two officers, one of them replies, the director writes to the whole division, and the
    deputy director sends a report with a file."""
    from congvu.collaboration.messages.models import Message
    from congvu.collaboration.messages.services import Draft, message_send

    son, minh, ha = _persona("sonbt"), _persona("minhnv"), _persona("hattt")
    nam, lan = _persona("namhv"), _persona("lanvt")
    if Message.objects.filter(subject=MESSAGES_MARKER, sender=son).exists():
        return 0
    year = timezone.localdate().year
    first = message_send(
        actor=son,
        draft=Draft(
            subject=MESSAGES_MARKER,
            body=(
                "Đề nghị anh Minh, chị Hà rà soát bản mô tả vị trí việc làm của phòng, "
                "gửi lại tôi trước thứ Sáu tuần này."
            ),
            people=[minh, ha],
        ),
    )
    reply = message_send(
        actor=minh,
        draft=Draft(
            subject=f"Trả lời: {MESSAGES_MARKER}",
            body="Em nhận, thứ Năm em gửi anh bản rà soát.",
            people=[son],
        ),
        reply_to=first,
    )
    to_unit = message_send(
        actor=nam,
        draft=Draft(
            subject=f"Kế hoạch tuyển dụng công chức năm {year + 1}",
            body="Phòng Tổ chức biên chế chuẩn bị dự thảo kế hoạch, trình Ban Giám đốc trong tháng.",
            units=[units["snv_tcbc"]],
        ),
    )
    with_file = message_send(
        actor=lan,
        draft=Draft(
            subject="Số liệu biên chế để tổng hợp",
            body="Anh Sơn xem số liệu biên chế kèm theo, tổng hợp vào báo cáo quý.",
            people=[son],
        ),
        uploads=[("so-lieu-bien-che.txt", "Đơn vị;Biên chế giao;Có mặt\nPhòng TCBC;8;7\n".encode())],
    )
    return len([first, reply, to_unit, with_file])


# end of _messages


REMINDERS_MARKER = "Hoàn thiện hồ sơ đề nghị nâng lương quý này"


def _reminders(units: dict[str, Unit]) -> int:
    """The demo reminders; the number of rows entered now (0 when already there): one the officer
    has acknowledged, one still waiting, and one past its due date. The overdue one is sent today
    with today's due date and then dated back (the one row the demo writes by hand, as the work
    demo does), since nobody may give a due date in the past."""
    import datetime as dt

    from congvu.collaboration.reminders.models import Reminder, ReminderRecipient
    from congvu.collaboration.reminders.services import reminder_acknowledge, reminder_send

    son, minh, ha, nam = _persona("sonbt"), _persona("minhnv"), _persona("hattt"), _persona("namhv")
    if Reminder.objects.filter(content=REMINDERS_MARKER, sender=son).exists():
        return 0
    today = timezone.localdate()
    acknowledged = reminder_send(
        actor=son, recipients=[minh], content=REMINDERS_MARKER, due_on=today + dt.timedelta(days=3)
    )
    reminder_acknowledge(
        row=ReminderRecipient.objects.select_related("reminder").get(reminder=acknowledged), actor=minh
    )
    waiting = reminder_send(
        actor=son,
        recipients=[ha],
        content="Cập nhật danh sách công chức tham gia bồi dưỡng vào hệ thống",
        due_on=today + dt.timedelta(days=5),
        link="/phoi-hop/thu/",
    )
    overdue = reminder_send(
        actor=nam, recipients=[son], content="Gửi báo cáo tình hình thực hiện biên chế năm nay", due_on=today
    )
    past, sent = today - dt.timedelta(days=2), timezone.now() - dt.timedelta(days=7)
    Reminder.objects.filter(pk=overdue.pk).update(due_on=past, sent_at=sent)
    ReminderRecipient.objects.filter(reminder=overdue).update(due_on=past, sent_at=sent)
    return len([acknowledged, waiting, overdue])


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
