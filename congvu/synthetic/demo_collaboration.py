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


def _chat(units: dict[str, Unit]) -> int:
    """The demo chat; the number of rows entered now (0 when already there)."""
    return 0


# end of _chat


# Fictitious mobile numbers (the 0912 000 1xx block) of the personas the demo's SMS reaches.
DEMO_PHONES = {
    "ducpv": "0912 000 101",
    "hungtq": "0912 000 102",
    "mailt": "0912 000 103",
    "khoapm": "0912 000 104",
    "thanghv": "0912 000 105",
    "huongntt": "0912 000 106",
    "hoant": "0912 000 107",
    "tuandm": "0912 000 108",
    "kienlv": "0912 000 109",
    "landtn": "0912 000 110",
    "phuchv": "0912 000 111",
    "anhvtk": "0912 000 112",
    "namhv": "0912 000 113",
    "hainv": "0912 000 114",
    "trietvm": "0912 000 115",
    "tailv": "0912 000 116",
}
DEMO_SMS_SENDER = "ducpv"  # the Chánh Văn phòng holds the SMS role on the province (COL-9)


def _sms(units: dict[str, Unit]) -> int:
    """The demo SMS: phone numbers for some personas, the SMS role for the office head (ducpv) on the
    province, and one SMS he sent to the leaders, handed to the logging gateway; the number of rows
    entered now (0 when already there)."""
    from congvu.accounts.models import User
    from congvu.accounts.users.services import user_update
    from congvu.collaboration.sms import services as sms
    from congvu.collaboration.sms.models import SmsMessage
    from congvu.org.models import RoleGrant
    from congvu.org.units.services import role_grant

    people = {u.username: u for u in User.objects.filter(username__in=DEMO_PHONES)}
    sender = people.get(DEMO_SMS_SENDER)
    if sender is None or SmsMessage.objects.filter(sender=sender).exists():
        return 0
    rows = 0
    for username, phone in DEMO_PHONES.items():
        person = people.get(username)
        if person is not None and not person.phone:
            user_update(user=person, actor=None, phone=phone)
            rows += 1
    if not RoleGrant.objects.filter(user=sender, role=RoleGrant.Role.SMS_SENDER).exists():
        role_grant(user=sender, role=RoleGrant.Role.SMS_SENDER, unit=units["tinh"], actor=None)
        rows += 1
    leaders = [
        people[u]
        for u in ("hungtq", "mailt", "khoapm", "thanghv", "namhv", "hainv", "trietvm")
        if u in people
    ]
    message = sms.sms_send(
        recipients=leaders,
        text="Kính mời các đồng chí dự họp giao ban tuần lúc 8 giờ sáng thứ Hai tại phòng họp số 1, UBND tỉnh.",
        link="/",
        unaccented=True,
        actor=sender,
    )
    sms.sms_deliver(message_id=message.pk)
    return rows + 1 + message.recipient_count


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
