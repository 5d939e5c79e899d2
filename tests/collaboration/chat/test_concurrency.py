"""Two people opening their one-to-one conversation at the same instant get the same one: the
ordered pair is unique in the database and the loser of the race reads the winner's row."""

from __future__ import annotations

import pytest
from django.db import connection

from congvu.collaboration.chat import services
from congvu.collaboration.chat.models import Conversation, ConversationMember
from tests.concurrency import race


@pytest.mark.django_db(transaction=True)
def test_both_opening_at_once_end_in_one_conversation(province):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite test database is shared by threads without BEGIN IMMEDIATE locks")
    minh, ha = province.chuyen_vien, province.chuyen_vien_2
    results = race(
        lambda: services.conversation_open_direct(actor=minh, other=ha),
        lambda: services.conversation_open_direct(actor=ha, other=minh),
        lambda: services.conversation_open_direct(actor=minh, other=ha),
    )
    assert all(isinstance(r, Conversation) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Conversation.objects.count() == 1 and ConversationMember.objects.count() == 2
