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
