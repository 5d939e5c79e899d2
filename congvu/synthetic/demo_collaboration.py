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


CHAT_GROUP_TITLE = "Tổ soạn thảo Đề án vị trí việc làm"


def _chat(units: dict[str, Unit]) -> int:
    """The demo chat: a one-to-one conversation of two officers of Sở Nội vụ (Nguyễn Văn Minh, Trần Thị
    Thu Hà) and a group of their division head; a few messages each, the last ones unread by some
    (Hà finds 1 + 4 unread, Sơn 3). The number of messages entered now (0 when already there)."""
    from congvu.accounts.models import User
    from congvu.collaboration.chat import services as chat
    from congvu.collaboration.chat.models import Conversation
    from congvu.synthetic.demo import EMAIL_DOMAIN

    if Conversation.objects.filter(title=CHAT_GROUP_TITLE).exists():
        return 0
    keys = ("sonbt", "quanlm", "minhnv", "hattt", "lanvt")
    people = {
        u.email.split("@")[0].lower(): u
        for u in User.objects.filter(email__in=[f"{k}@{EMAIL_DOMAIN}" for k in keys])
    }
    if len(people) < len(keys):
        return 0
    minh, ha, son, quan, lan = (people[k] for k in ("minhnv", "hattt", "sonbt", "quanlm", "lanvt"))
    direct = chat.conversation_open_direct(actor=minh, other=ha)
    group = chat.group_create(actor=son, title=CHAT_GROUP_TITLE, members=[quan, minh, ha, lan])
    lines = [
        (direct, minh, "Chị Hà ơi, chị gửi giúp em bảng tổng hợp biên chế quý IV của các phòng nhé."),
        (direct, ha, "Ừ, chị gửi trong sáng nay. Em cần bản có cả số hợp đồng 111 không?"),
        (group, son, "Cả tổ lưu ý: thứ Sáu này nộp bản dự thảo Đề án vị trí việc làm cho chị Lan duyệt."),
        (group, lan, "Các em gửi sớm để chị kịp đọc trước cuộc họp sáng thứ Hai."),
        (direct, minh, "Dạ cần cả số hợp đồng ạ. Em cảm ơn chị!"),
        (group, quan, "Phần khung năng lực anh đã xong, Minh ghép vào bản chung giúp anh."),
        (group, minh, "Dạ, em ghép xong sẽ gửi lên nhóm trước 16 giờ."),
    ]
    for conversation, sender, text in lines:
        chat.chat_message_send(conversation=conversation, actor=sender, body=text)
    return len(lines)


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
