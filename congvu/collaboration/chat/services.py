"""The only write path of chat (MISSION COL-8): conversations opened and grouped, members added,
removed and leaving, messages sent and retracted, last-read markers moved.

Audit (``congvu.core.audit``, in the same transaction): a conversation created, its members
changed, a message sent (the event carries the conversation, the length and the attachment — not
the text, which the message row holds), a message retracted (the event keeps the retracted text,
for an administrator looking into misuse: chat is for work only, seed 002 Đ11). Moving a
last-read marker is not audited: it records reading, as opening a notification does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from congvu.collaboration.chat import policies
from congvu.collaboration.chat.models import (
    MAX_BODY,
    MAX_TITLE,
    ChatMessage,
    Conversation,
    ConversationMember,
)
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.files import Upload, store_upload, uploads_inspected_first
from congvu.core.personal import touch
from congvu.core.text import clean_note, clean_text

EMPTY_MESSAGE = "Hãy nhập nội dung tin nhắn hoặc chọn tệp đính kèm."
BODY_TOO_LONG = "Tin nhắn dài quá {max} ký tự (hiện có {n}); hãy chia thành nhiều tin."
TITLE_REQUIRED = "Hãy đặt tên cho nhóm hội thoại."
TITLE_TOO_LONG = "Tên nhóm dài quá {max} ký tự."
NO_MEMBERS = "Hãy chọn ít nhất một người để trò chuyện trong nhóm."
TOO_MANY = "Một nhóm hội thoại có nhiều nhất {max} thành viên."
NOT_A_MEMBER = "{name} không còn trong nhóm."
LAST_MEMBER = "Không bỏ được người cuối cùng của nhóm; hãy rời nhóm."


def _forget_unread(user: Any) -> None:
    """The person's unread count, kept on the user object for one request, is stale now."""
    vars(user).pop("_chat_unread", None)


# --- conversations -------------------------------------------------------------------------------


def conversation_open_direct(*, actor: Any, other: Any) -> Conversation:
    """The one-to-one conversation of ``actor`` and ``other``, opened the first time. Opening it
    again — or both opening it at the same instant — gives the same conversation: the ordered
    pair is unique in the database, and the loser of a race reads the winner's row."""
    policies.can_chat_with(actor, other).require(field="other", kind=Refused.Kind.INVALID)
    low, high = sorted((actor.pk, other.pk))
    with transaction.atomic():
        found = Conversation.objects.filter(direct_low_id=low, direct_high_id=high).first()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                now = timezone.now()
                conversation = Conversation.objects.create(
                    kind=Conversation.Kind.DIRECT,
                    created_by=actor,
                    created_at=now,
                    direct_low_id=low,
                    direct_high_id=high,
                    last_activity_at=now,
                )
                ConversationMember.objects.bulk_create(
                    [
                        ConversationMember(conversation=conversation, user_id=low, joined_at=now),
                        ConversationMember(conversation=conversation, user_id=high, joined_at=now),
                    ]
                )
                audit.record(
                    actor=actor,
                    action="collaboration.conversation.created",
                    obj=conversation,
                    after={"kind": conversation.kind, "members": [low, high]},
                )
        except IntegrityError:
            return Conversation.objects.get(direct_low_id=low, direct_high_id=high)
    return conversation


def _clean_title(title: str) -> str:
    title = clean_text(title or "", field="title")
    if not title:
        raise Refused.invalid(TITLE_REQUIRED, field="title")
    if len(title) > MAX_TITLE:
        raise Refused.invalid(TITLE_TOO_LONG.format(max=MAX_TITLE), field="title")
    return title


def _people(actor: Any, people: Iterable[Any]) -> list[Any]:
    chosen: dict[int, Any] = {}
    for person in people:
        if person.pk != actor.pk:
            policies.can_chat_with(actor, person).require(field="members", kind=Refused.Kind.INVALID)
            chosen[person.pk] = person
    return list(chosen.values())


@transaction.atomic
def group_create(*, actor: Any, title: str, members: Iterable[Any]) -> Conversation:
    """A group conversation named ``title`` of ``actor`` (its first administrator) and ``members``."""
    title = _clean_title(title)
    people = _people(actor, members)
    if not people:
        raise Refused.invalid(NO_MEMBERS, field="members")
    if len(people) + 1 > policies.MAX_MEMBERS:
        raise Refused.invalid(TOO_MANY.format(max=policies.MAX_MEMBERS), field="members")
    now = timezone.now()
    conversation = Conversation.objects.create(
        kind=Conversation.Kind.GROUP, title=title, created_by=actor, created_at=now, last_activity_at=now
    )
    ConversationMember.objects.bulk_create(
        [ConversationMember(conversation=conversation, user=actor, is_admin=True, joined_at=now)]
        + [ConversationMember(conversation=conversation, user=p, joined_at=now) for p in people]
    )
    audit.record(
        actor=actor,
        action="collaboration.conversation.created",
        obj=conversation,
        after={"kind": conversation.kind, "title": title, "members": [actor.pk, *(p.pk for p in people)]},
    )
    return conversation


def _locked_member(conversation: Conversation, user: Any) -> ConversationMember | None:
    member = (
        ConversationMember.objects.select_for_update()
        .filter(conversation_id=conversation.pk, user_id=user.pk, left_at__isnull=True)
        .first()
    )
    if member is not None:
        member.conversation = conversation
    return member


@transaction.atomic
def group_add_members(*, conversation: Conversation, actor: Any, people: Iterable[Any]) -> list[Any]:
    """Add ``people`` to a group (its administrators only); those already in are left as they are.
    A person who had left comes back, their history unread from now on. Returns those added."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    policies.can_manage_members(actor, _locked_member(conversation, actor)).require()
    chosen = _people(actor, people)
    rows = {m.user_id: m for m in ConversationMember.objects.filter(conversation=conversation)}
    current = sum(1 for m in rows.values() if m.left_at is None)
    added = [p for p in chosen if p.pk not in rows or rows[p.pk].left_at is not None]
    if not added:
        return []
    if current + len(added) > policies.MAX_MEMBERS:
        raise Refused.invalid(TOO_MANY.format(max=policies.MAX_MEMBERS), field="members")
    now = timezone.now()
    last_read = conversation.last_message_id or 0
    for person in added:
        row = rows.get(person.pk)
        if row is None:
            ConversationMember.objects.create(
                conversation=conversation, user=person, joined_at=now, last_read_message_id=last_read
            )
        else:
            row.left_at = None
            row.joined_at = now
            row.is_admin = False
            row.last_read_message_id = max(row.last_read_message_id, last_read)
            row.save(update_fields=["left_at", "joined_at", "is_admin", "last_read_message_id"])
    audit.record(
        actor=actor,
        action="collaboration.conversation.members_added",
        obj=conversation,
        after={"added": [{"id": p.pk, "name": p.full_name} for p in added]},
    )
    return added


def _leave(conversation: Conversation, row: ConversationMember, now: Any) -> None:
    row.left_at = now
    was_admin = row.is_admin
    row.is_admin = False
    row.save(update_fields=["left_at", "is_admin"])
    if was_admin:
        remaining = ConversationMember.objects.filter(conversation=conversation, left_at__isnull=True)
        if not remaining.filter(is_admin=True).exists():
            # A group never loses its last administrator: the longest-standing member takes over.
            heir = remaining.order_by("joined_at", "id").first()
            if heir is not None:
                heir.is_admin = True
                heir.save(update_fields=["is_admin"])


@transaction.atomic
def group_remove_member(*, conversation: Conversation, actor: Any, person: Any) -> None:
    """Take ``person`` out of a group (its administrators only); they no longer see it."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    policies.can_manage_members(actor, _locked_member(conversation, actor)).require()
    if person.pk == actor.pk:
        return group_leave(conversation=conversation, actor=actor)
    row = _locked_member(conversation, person)
    if row is None:
        raise Refused.invalid(NOT_A_MEMBER.format(name=person.full_name), field="user_id")
    _leave(conversation, row, timezone.now())
    audit.record(
        actor=actor,
        action="collaboration.conversation.member_removed",
        obj=conversation,
        before={"member": {"id": person.pk, "name": person.full_name}},
    )


@transaction.atomic
def group_leave(*, conversation: Conversation, actor: Any) -> None:
    """The person leaves a group; if they were its last administrator, another member takes over."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    row = _locked_member(conversation, actor)
    policies.can_leave(actor, row).require()
    assert row is not None
    _leave(conversation, row, timezone.now())
    audit.record(
        actor=actor,
        action="collaboration.conversation.member_left",
        obj=conversation,
        before={"member": {"id": actor.pk, "name": actor.full_name}},
    )
    _forget_unread(actor)


# --- messages ------------------------------------------------------------------------------------


def clean_body(body: str) -> str:
    body = clean_note(body or "", field="body")
    if len(body) > MAX_BODY:
        raise Refused.invalid(BODY_TOO_LONG.format(max=MAX_BODY, n=len(body)), field="body")
    return body


@uploads_inspected_first
@transaction.atomic
def chat_message_send(
    *, conversation: Conversation, actor: Any, body: str, upload: Upload | None = None
) -> ChatMessage:
    """Post a message (text up to ``MAX_BODY`` characters, and/or one file through the core file
    service) to a conversation the person is in; the conversation's last message and activity move
    to it. A person not in the conversation is told it does not exist (404), nothing written."""
    member = policies.membership(actor, conversation.pk)
    if member is None:
        raise Refused.not_found(policies.NOT_FOUND)
    body = clean_body(body)
    if not body and upload is None:
        raise Refused.invalid(EMPTY_MESSAGE, field="body")
    attachment = store_upload(uploaded_file=upload, actor=actor) if upload is not None else None
    now = timezone.now()
    message = ChatMessage.objects.create(
        conversation_id=conversation.pk, sender=actor, body=body, attachment=attachment, sent_at=now
    )
    # Never move the pointer back: a message sent at the same instant may have committed first.
    Conversation.objects.filter(
        Q(last_message_id__lt=message.pk) | Q(last_message__isnull=True), pk=conversation.pk
    ).update(last_message_id=message.pk, last_activity_at=now)
    ConversationMember.objects.filter(pk=member.pk, last_read_message_id__lt=message.pk).update(
        last_read_message_id=message.pk
    )
    # the others' unread count on "Hôm nay" moves now, not when what it keeps expires
    touch(
        ConversationMember.objects.filter(conversation_id=conversation.pk, left_at__isnull=True)
        .exclude(user_id=actor.pk)
        .values_list("user_id", flat=True)
    )
    audit.record(
        actor=actor,
        action="collaboration.chatmessage.sent",
        obj=message,
        object_repr=f"Tin nhắn #{message.pk} trong {conversation}",
        after={
            "conversation": conversation.pk,
            "length": len(body),
            "attachment": attachment.original_name if attachment else None,
        },
    )
    return message


@transaction.atomic
def chat_message_retract(*, message: ChatMessage, actor: Any) -> ChatMessage:
    """The sender takes their message back within the window: its text and file are no longer
    shown ("Tin nhắn đã thu hồi"); the audit event keeps what was retracted."""
    message = ChatMessage.objects.select_for_update().get(pk=message.pk)
    if policies.membership(actor, message.conversation_id) is None:
        raise Refused.not_found(policies.MESSAGE_NOT_FOUND)
    policies.can_retract(actor, message).require()
    before = {
        "body": message.body,
        "attachment": message.attachment_id,
        "sent_at": message.sent_at,
    }
    message.retracted_at = timezone.now()
    message.body = ""
    message.attachment = None
    message.save(update_fields=["retracted_at", "body", "attachment"])
    audit.record(
        actor=actor,
        action="collaboration.chatmessage.retracted",
        obj=message,
        before=before,
        after={"conversation": message.conversation_id},
    )
    return message


def conversation_mark_read(*, member: ConversationMember, actor: Any, up_to: int | None = None) -> bool:
    """Move the member's last-read marker forward to ``up_to`` (default, and at most: the
    conversation's last message as read with the membership); never back. True when it moved.
    One UPDATE, not audited (reading, not acting)."""
    last = member.conversation.last_message_id or 0
    target = last if up_to is None else min(up_to, last)
    if target <= member.last_read_message_id:
        return False
    moved = ConversationMember.objects.filter(pk=member.pk, last_read_message_id__lt=target).update(
        last_read_message_id=target
    )
    member.last_read_message_id = target
    _forget_unread(actor)
    touch([actor])
    return bool(moved)
