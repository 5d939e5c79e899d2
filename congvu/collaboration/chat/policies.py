"""Who may see and do what in chat (MISSION COL-8; seed 002 Đ11: every person may take part in
one-to-one and group conversations, for work only).

Only the current members of a conversation see it, read it and write in it: to anyone else it
does not exist (404 alike for missing and not a member). In a group, its administrators (the
creator first) add and remove members; any member may leave. A sender may retract their own
message within ``RETRACT_WINDOW``. Chat acts are a person's own: no delegation applies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from congvu.collaboration.chat.models import ChatMessage, Conversation, ConversationMember
from congvu.core.decisions import Decision, Refused

RETRACT_WINDOW = dt.timedelta(minutes=15)
MAX_MEMBERS = 200

NOT_FOUND = "Không tìm thấy hội thoại, hoặc ông/bà không tham gia hội thoại này."
MESSAGE_NOT_FOUND = "Không tìm thấy tin nhắn, hoặc ông/bà không tham gia hội thoại này."
NOT_GROUP = "Hội thoại hai người không thêm, bớt thành viên được."
NOT_GROUP_ADMIN = "Chỉ người tạo nhóm hoặc quản trị nhóm mới thêm, bớt thành viên được."
NOT_SENDER = "Chỉ người gửi mới thu hồi được tin nhắn của mình."
RETRACT_TOO_LATE = "Đã quá {minutes} phút kể từ khi gửi: tin nhắn không thu hồi được nữa."
ALREADY_RETRACTED = "Tin nhắn đã được thu hồi."
INACTIVE_PERSON = "Tài khoản {name} không còn hoạt động: không trò chuyện được."
NOT_YOURSELF = "Không mở hội thoại với chính mình được; hãy chọn một người khác."


def visible_conversations(user: Any) -> QuerySet[Conversation]:
    """The conversations the person is a current member of."""
    if not getattr(user, "pk", None):
        return Conversation.objects.none()
    return Conversation.objects.filter(members__user_id=user.pk, members__left_at__isnull=True)


def membership(user: Any, conversation_id: int, *, people: bool = False) -> ConversationMember | None:
    """The person's current membership of the conversation, with the conversation (one query);
    ``people``: with the two people of a one-to-one conversation as well."""
    if not getattr(user, "pk", None):
        return None
    related = ["conversation"]
    if people:
        related += ["conversation__direct_low", "conversation__direct_high"]
    return (
        ConversationMember.objects.select_related(*related)
        .filter(conversation_id=conversation_id, user_id=user.pk, left_at__isnull=True)
        .first()
    )


def access_conversation(user: Any, pk: int) -> ConversationMember:
    """The person's membership of conversation ``pk`` (its ``.conversation`` loaded), or 404 when
    the conversation is missing or the person is not in it."""
    member = membership(user, pk, people=True)
    if member is None:
        raise Refused.not_found(NOT_FOUND)
    return member


def access_message(user: Any, conversation_id: int, pk: int) -> ChatMessage:
    """A message of a conversation the person is in, or 404."""
    message = (
        ChatMessage.objects.select_related("conversation")
        .filter(
            pk=pk,
            conversation_id=conversation_id,
            conversation__members__user_id=user.pk,
            conversation__members__left_at__isnull=True,
        )
        .first()
    )
    if message is None:
        raise Refused.not_found(MESSAGE_NOT_FOUND)
    return message


def can_chat_with(user: Any, other: Any) -> Decision:
    """Everyone in the system may chat with everyone (seed 002 Đ11) — an active account, not oneself."""
    if other.pk == user.pk:
        return Decision.deny(NOT_YOURSELF)
    if getattr(other, "status", "active") != "active":
        return Decision.deny(INACTIVE_PERSON.format(name=other.full_name))
    return Decision.allow()


def can_manage_members(user: Any, member: ConversationMember | None) -> Decision:
    """The creator and the administrators of a group add and remove its members."""
    if member is None or not member.is_current:
        return Decision.deny(NOT_FOUND, kind=Refused.Kind.NOT_FOUND)
    if member.conversation.kind != Conversation.Kind.GROUP:
        return Decision.deny(NOT_GROUP)
    if member.is_admin or member.conversation.created_by_id == user.pk:
        return Decision.allow()
    return Decision.deny(NOT_GROUP_ADMIN)


def can_leave(user: Any, member: ConversationMember | None) -> Decision:
    """Any member leaves a group; a one-to-one conversation has no leaving."""
    if member is None or not member.is_current:
        return Decision.deny(NOT_FOUND, kind=Refused.Kind.NOT_FOUND)
    if member.conversation.kind != Conversation.Kind.GROUP:
        return Decision.deny("Không rời hội thoại hai người được.")
    return Decision.allow()


def can_retract(user: Any, message: ChatMessage) -> Decision:
    """The sender, within the window after sending, and only once."""
    if message.sender_id != user.pk:
        return Decision.deny(NOT_SENDER)
    if message.retracted_at is not None:
        return Decision.deny(ALREADY_RETRACTED, kind=Refused.Kind.WRONG_STATE)
    if timezone.now() - message.sent_at > RETRACT_WINDOW:
        minutes = int(RETRACT_WINDOW.total_seconds() // 60)
        return Decision.deny(RETRACT_TOO_LATE.format(minutes=minutes), kind=Refused.Kind.WRONG_STATE)
    return Decision.allow()
