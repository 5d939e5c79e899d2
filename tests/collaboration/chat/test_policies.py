"""Who may do what in a group conversation, by persona (seed 002 Đ11: everyone may chat; only the
members of a conversation see it and write in it; a group's creator manages its members; any member
may leave; a sender retracts their own message). The outcomes are written by hand from these rules.

The group: "Tổ công tác biên chế" created by Bùi Thanh Sơn (division head) with his officers Nguyễn
Văn Minh and Trần Thị Thu Hà. Neither the chairman, nor the administrator, nor an officer of another
department is in it: for them it does not exist (404), whatever their rank.
"""

from __future__ import annotations

import pytest

from congvu.collaboration.chat import policies, services
from congvu.collaboration.chat.models import ChatMessage
from congvu.core.decisions import Refused
from tests.collaboration.chat.conftest import say

ACTIONS = ("read", "send", "add_member", "remove_member", "leave", "retract_minh")

OK, FORBIDDEN, MISSING = "ok", 403, 404
# persona -> the outcome of each action, in the order of ACTIONS
TABLE = {
    "truong_phong": (
        OK,
        OK,
        OK,
        OK,
        OK,
        FORBIDDEN,
    ),  # the creator: administers, cannot retract another's words
    "chuyen_vien": (OK, OK, FORBIDDEN, FORBIDDEN, OK, OK),  # a member, the sender of the message
    "chuyen_vien_2": (OK, OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    "chuyen_vien_khac": (MISSING,) * 6,  # another department
    "chu_tich": (MISSING,) * 6,  # the chairman reads no conversation he is not in
    "quan_tri": (MISSING,) * 6,  # nor does the administrator
    "van_thu": (MISSING,) * 6,
}


def act(action, who, province, group, message):
    if action == "read":
        return policies.access_conversation(who, group.pk)
    if action == "send":
        return say(group, who, "Ý kiến của tôi")
    if action == "add_member":
        return services.group_add_members(conversation=group, actor=who, people=[province.theo_doi])
    if action == "remove_member":
        target = province.chuyen_vien_2 if who != province.chuyen_vien_2 else province.chuyen_vien
        return services.group_remove_member(conversation=group, actor=who, person=target)
    if action == "leave":
        return services.group_leave(conversation=group, actor=who)
    if action == "retract_minh":
        return services.chat_message_retract(message=message, actor=who)
    raise AssertionError(action)


@pytest.mark.parametrize("persona", sorted(TABLE))
@pytest.mark.parametrize("action", ACTIONS)
def test_group_rules_by_persona(province, group, persona, action):
    message = say(group, province.chuyen_vien, "Báo cáo biên chế đã gửi")
    who = getattr(province, persona)
    expected = TABLE[persona][ACTIONS.index(action)]
    count = ChatMessage.objects.count()
    if expected == OK:
        act(action, who, province, group, message)
        return
    with pytest.raises(Refused) as refused:
        act(action, who, province, group, message)
    assert refused.value.status == expected, refused.value
    assert ChatMessage.objects.count() == count  # nothing written


def test_the_table_covers_every_action_for_every_persona():
    assert all(len(row) == len(ACTIONS) for row in TABLE.values())


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("chuyen_vien", True),
        ("chuyen_vien_2", True),
        ("chuyen_vien_khac", False),
        ("chu_tich", False),
        ("quan_tri", False),
    ],
)
def test_one_to_one_conversation_is_seen_by_its_two_people_only(province, direct, persona, sees):
    assert policies.visible_conversations(getattr(province, persona)).filter(pk=direct.pk).exists() == sees


def test_everyone_may_open_a_conversation_with_anyone_active(province):
    for persona in ("chuyen_vien", "van_thu", "chu_tich_huyen", "quan_tri"):
        assert policies.can_chat_with(getattr(province, persona), province.chu_tich)
