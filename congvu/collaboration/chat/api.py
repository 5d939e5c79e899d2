"""Chat in the API (MISSION COL-8): a second adapter over the same policies, services and selectors
as the screens.

    GET    /api/v1/chat/conversations?cursor=&limit=             mine, latest activity first, unread per row
    POST   /api/v1/chat/conversations/direct  {user_id}          open (or find again) a one-to-one conversation
    POST   /api/v1/chat/conversations/group   {title, member_ids}
    GET    /api/v1/chat/conversations/{id}                       the conversation and its members
    POST   /api/v1/chat/conversations/{id}/members  {user_ids}   add people (group administrators)
    DELETE /api/v1/chat/conversations/{id}/members/{user_id}     remove a person (administrators), or leave (oneself)
    GET    /api/v1/chat/conversations/{id}/messages?after=|before=&limit=
    POST   /api/v1/chat/conversations/{id}/messages  {body}      send (files through the screen)
    POST   /api/v1/chat/conversations/{id}/messages/{mid}/retract
    POST   /api/v1/chat/conversations/{id}/read  {up_to}         move the last-read marker
    GET    /api/v1/chat/unread                                   the total unread

Answers (``core.api_errors``): 404 for a conversation that is missing or that the person is not
in (alike); 403 when not allowed (a member who is no administrator adding people); 409 for a
retraction too late or twice; 400 with the ``field`` for refused input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from congvu.accounts.models import User
from congvu.collaboration.chat import policies, selectors, services
from congvu.collaboration.chat.models import MAX_TITLE, ChatMessage, Conversation, ConversationMember
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused

router = Router(tags=["chat"])

MAX_LIMIT = 200


class Person(Schema):
    id: int
    name: str


class MessageOut(Schema):
    id: int
    conversation_id: int
    sender: Person
    body: str
    preview: bool = False  # in a list of conversations: the first characters of the text only
    attachment_name: str | None = None
    sent_at: dt.datetime
    retracted: bool


class ConversationOut(Schema):
    id: int
    kind: str
    title: str
    last_activity_at: dt.datetime
    unread: int = 0
    last_message: MessageOut | None = None


class ConversationPage(Schema):
    items: list[ConversationOut]
    next_cursor: str | None = None


class MemberOut(Schema):
    user: Person
    is_admin: bool
    joined_at: dt.datetime


class ConversationDetail(ConversationOut):
    members: list[MemberOut]
    can_manage_members: bool


class MessageList(Schema):
    items: list[MessageOut]
    has_more: bool


class DirectIn(Schema):
    user_id: Id


class GroupIn(Schema):
    title: str = Field(max_length=MAX_TITLE)
    member_ids: list[Id] = Field(max_length=policies.MAX_MEMBERS)


class MembersIn(Schema):
    user_ids: list[Id] = Field(min_length=1, max_length=policies.MAX_MEMBERS)


class SendIn(Schema):
    body: str  # bounded by the service (MAX_BODY characters), which says so in Vietnamese


class ReadIn(Schema):
    up_to: Id | None = None


class UnreadOut(Schema):
    unread: int


def _person(user: User) -> dict:
    return {"id": user.pk, "name": user.full_name}


def _message(m: ChatMessage) -> dict:
    return {
        "id": m.pk,
        "conversation_id": m.conversation_id,
        "sender": _person(m.sender),
        "body": "" if m.retracted_at else m.body,
        "attachment_name": m.attachment.original_name if m.attachment_id and m.attachment else None,
        "sent_at": m.sent_at,
        "retracted": m.retracted_at is not None,
    }


def _row(row: selectors.ConversationRow) -> dict:
    last = row.last_message
    return {
        "id": row.id,
        "kind": row.kind,
        "title": row.title,
        "last_activity_at": row.last_activity_at,
        "unread": row.unread,
        "last_message": None
        if last is None
        else {
            "id": last.id,
            "conversation_id": row.id,
            "sender": {"id": last.sender_id, "name": last.sender_name},
            "body": "" if last.retracted else last.body,
            "preview": True,
            "attachment_name": None,
            "sent_at": last.sent_at,
            "retracted": last.retracted,
        },
    }


def _conversation(c: Conversation, user: Any, unread: int = 0) -> dict:
    return {
        "id": c.pk,
        "kind": c.kind,
        "title": selectors.conversation_title(c, user),
        "last_activity_at": c.last_activity_at,
        "unread": unread,
        "last_message": _message(c.last_message) if c.last_message_id and c.last_message else None,
    }


def _detail(member: ConversationMember, user: Any) -> dict:
    conversation = member.conversation
    return {
        **_conversation(conversation, user),
        "members": [
            {"user": _person(m.user), "is_admin": m.is_admin, "joined_at": m.joined_at}
            for m in selectors.members(conversation)
        ],
        "can_manage_members": bool(policies.can_manage_members(user, member)),
    }


def _people(ids: list[int], field: str) -> list[User]:
    found = {u.pk: u for u in User.objects.filter(pk__in=set(ids))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise Refused.invalid(f"Không tìm thấy tài khoản số {missing[0]}.", field=field)
    return [found[i] for i in dict.fromkeys(ids)]


@router.get("/conversations", response=errors(ok=ConversationPage), operation_id="chat_conversations")
def conversation_list(request: HttpRequest, cursor: str = "", limit: int = 50):
    page = selectors.conversation_page(request.user, after=cursor or None, size=max(1, min(limit, MAX_LIMIT)))
    return {
        "items": [_row(row) for row in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post(
    "/conversations/direct", response=errors(403, ok=ConversationDetail), operation_id="chat_open_direct"
)
def conversation_direct(request: HttpRequest, payload: DirectIn):
    (other,) = _people([payload.user_id], "user_id")
    try:
        conversation = services.conversation_open_direct(actor=request.user, other=other)
    except Refused as refused:
        raise refused.on_field("user_id") from None
    return _detail(policies.access_conversation(request.user, conversation.pk), request.user)


@router.post(
    "/conversations/group",
    response=errors(403, ok=ConversationDetail, ok_status=201),
    operation_id="chat_create_group",
)
def conversation_group(request: HttpRequest, payload: GroupIn):
    people = _people(payload.member_ids, "member_ids")
    try:
        conversation = services.group_create(actor=request.user, title=payload.title, members=people)
    except Refused as refused:
        raise refused.on_field("member_ids" if refused.field == "members" else refused.field) from None
    return Status(201, _detail(policies.access_conversation(request.user, conversation.pk), request.user))


@router.get(
    "/conversations/{int:conversation_id}",
    response=errors(404, ok=ConversationDetail),
    operation_id="chat_get",
)
def conversation_get(request: HttpRequest, conversation_id: Id):
    return _detail(policies.access_conversation(request.user, conversation_id), request.user)


@router.post(
    "/conversations/{int:conversation_id}/members",
    response=errors(403, 404, ok=ConversationDetail),
    operation_id="chat_add_members",
)
def members_add(request: HttpRequest, conversation_id: Id, payload: MembersIn):
    member = policies.access_conversation(request.user, conversation_id)
    people = _people(payload.user_ids, "user_ids")
    try:
        services.group_add_members(conversation=member.conversation, actor=request.user, people=people)
    except Refused as refused:
        raise refused.on_field("user_ids" if refused.field == "members" else refused.field) from None
    return _detail(policies.access_conversation(request.user, conversation_id), request.user)


@router.delete(
    "/conversations/{int:conversation_id}/members/{int:user_id}",
    response=errors(403, 404, ok=None, ok_status=204),
    operation_id="chat_remove_member",
)
def members_remove(request: HttpRequest, conversation_id: Id, user_id: Id):
    member = policies.access_conversation(request.user, conversation_id)
    if user_id == request.user.pk:
        services.group_leave(conversation=member.conversation, actor=request.user)
    else:
        (person,) = _people([user_id], "user_id")
        services.group_remove_member(conversation=member.conversation, actor=request.user, person=person)
    return Status(204, None)


@router.get(
    "/conversations/{int:conversation_id}/messages",
    response=errors(404, ok=MessageList),
    operation_id="chat_messages",
)
def messages_list(
    request: HttpRequest,
    conversation_id: Id,
    after: Id | None = None,
    before: Id | None = None,
    limit: int = 50,
):
    """Newest ``limit`` messages (oldest first), or those ``before`` a message id, or those
    ``after`` one (what a client polls with)."""
    policies.access_conversation(request.user, conversation_id)
    size = max(1, min(limit, MAX_LIMIT))
    if after is not None:
        rows = selectors.messages_after(conversation_id, after=after, size=size + 1)
        return {"items": [_message(m) for m in rows[:size]], "has_more": len(rows) > size}
    window = selectors.messages_before(conversation_id, before=before, size=size)
    return {"items": [_message(m) for m in window.items], "has_more": window.has_earlier}


@router.post(
    "/conversations/{int:conversation_id}/messages",
    response=errors(403, 404, ok=MessageOut, ok_status=201),
    operation_id="chat_send",
)
def message_send(request: HttpRequest, conversation_id: Id, payload: SendIn):
    member = policies.access_conversation(request.user, conversation_id)
    message = services.chat_message_send(
        conversation=member.conversation, actor=request.user, body=payload.body
    )
    return Status(201, _message(message))


@router.post(
    "/conversations/{int:conversation_id}/messages/{int:message_id}/retract",
    response=errors(403, 404, 409, ok=MessageOut),
    operation_id="chat_retract",
)
def message_retract(request: HttpRequest, conversation_id: Id, message_id: Id):
    message = policies.access_message(request.user, conversation_id, message_id)
    message = services.chat_message_retract(message=message, actor=request.user)
    return _message(ChatMessage.objects.select_related("sender").get(pk=message.pk))


@router.post(
    "/conversations/{int:conversation_id}/read",
    response=errors(403, 404, ok=UnreadOut),
    operation_id="chat_mark_read",
)
def mark_read(request: HttpRequest, conversation_id: Id, payload: ReadIn | None = None):
    member = policies.access_conversation(request.user, conversation_id)
    with transaction.atomic():
        services.conversation_mark_read(
            member=member, actor=request.user, up_to=payload.up_to if payload else None
        )
    return {"unread": selectors.unread_total(request.user)}


@router.get("/unread", response=errors(ok=UnreadOut), operation_id="chat_unread")
def unread(request: HttpRequest):
    return {"unread": selectors.unread_total(request.user)}
