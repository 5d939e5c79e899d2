"""The demo province's messages and reminders (``congvu load_demo``): entered through the services,
once; what the personas find waiting on them."""

from __future__ import annotations

import pytest

from congvu.accounts.models import User
from congvu.collaboration.messages import selectors as message_selectors
from congvu.collaboration.messages.models import Message, MessageAttachment
from congvu.collaboration.reminders import selectors as reminder_selectors
from congvu.collaboration.reminders.models import ReminderRecipient
from congvu.synthetic import demo, demo_collaboration

pytestmark = pytest.mark.django_db


def _person(key: str) -> User:
    return User.objects.get(email=f"{key}@{demo.EMAIL_DOMAIN}")


def test_the_demo_messages_and_reminders_are_entered_once():
    units = demo.load_demo().units
    assert demo_collaboration._messages(units) == 4
    assert demo_collaboration._reminders(units) == 3
    assert demo_collaboration._messages(units) == 0
    assert demo_collaboration._reminders(units) == 0
    assert Message.objects.count() == 4 and MessageAttachment.objects.count() == 1
    assert message_selectors.unread_count(_person("hattt")) == 2  # the head's, and the director's to the unit
    statuses = sorted(ReminderRecipient.objects.values_list("status", flat=True))
    assert statuses == ["acknowledged", "sent", "sent"]
    assert reminder_selectors.home_tally(_person("namhv"))["sent_overdue"] == 1
    assert reminder_selectors.home_tally(_person("sonbt")) == {
        "to_acknowledge": 1,
        "to_do": 0,
        "sent_overdue": 0,
    }
