"""The demo's chat: entered through the services once, some of it unread."""

from __future__ import annotations

from congvu.accounts.models import User
from congvu.collaboration.chat import selectors
from congvu.collaboration.chat.models import Conversation
from congvu.synthetic import demo_collaboration


def test_demo_chat_is_entered_once_with_unread_messages(province):
    User.objects.create(username="quanlm", full_name="Lê Minh Quân", email="quanlm@binhson.gov.vn")
    assert demo_collaboration._chat({}) == 7
    assert demo_collaboration._chat({}) == 0
    assert Conversation.objects.count() == 2
    ha = User.objects.get(username="hattt")
    assert selectors.unread_total(ha) == 5
    assert selectors.unread_total(User.objects.get(username="sonbt")) == 3
