"""Chat fixtures: a one-to-one conversation and a group of the cast, with helpers to talk."""

from __future__ import annotations

import pytest

from congvu.collaboration.chat import services


@pytest.fixture
def direct(province):
    """Nguyễn Văn Minh and Trần Thị Thu Hà, two officers of the same division."""
    return services.conversation_open_direct(actor=province.chuyen_vien, other=province.chuyen_vien_2)


@pytest.fixture
def group(province):
    """ "Tổ công tác biên chế": Bùi Thanh Sơn (division head, creator) with his two officers."""
    return services.group_create(
        actor=province.truong_phong,
        title="Tổ công tác biên chế 2027",
        members=[province.chuyen_vien, province.chuyen_vien_2],
    )


def say(conversation, who, text):
    return services.chat_message_send(conversation=conversation, actor=who, body=text)
