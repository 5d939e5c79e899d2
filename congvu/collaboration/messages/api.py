"""Messages in the API (COL-2): a second adapter over the same policies, services and selectors as
the screens. Every answer is about the caller's own copies.

    GET    /api/v1/messages?box=inbox|sent|starred|trash&folder_id=&sort=date|sender|subject
           &unread=&attachments=&q=&cursor=&limit=
    POST   /api/v1/messages                        send {subject, body, people_ids, unit_ids,
                                                    reply_to_id, forward_of_id} (files through the screen)
    GET    /api/v1/messages/{id}                   the message (marks the caller's copy read)
    POST   /api/v1/messages/{id}/mark              {read, starred}
    POST   /api/v1/messages/{id}/move              {folder_id | null: back to Thư đến / Đã gửi}
    POST   /api/v1/messages/{id}/delete            {for_good}: to Thùng rác, or (from there) for good
    GET    /api/v1/messages/folders                the caller's folders
    POST   /api/v1/messages/folders                {name}
    POST   /api/v1/messages/folders/{id}           rename {name}
    DELETE /api/v1/messages/folders/{id}

Answers (``core.api_errors``): 404 for a message the caller holds no copy of (alike for a missing
one), 400 with the ``field`` for refused input (a person or unit of another agency on
``people_ids``/``unit_ids``), 409 deleting for good a copy that is not in the bin.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from congvu.collaboration.messages import policies, selectors, services
from congvu.collaboration.messages.models import MessageCopy, MessageFolder
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org import selectors as org_selectors
from congvu.org.models import Unit

router = Router(tags=["collaboration: messages"])

MAX_LIMIT = 100
FIELDS = {"people": "people_ids", "units": "unit_ids"}


class Named(Schema):
    id: int
    name: str


class MessageOut(Schema):
    id: int
    subject: str
    sender: Named
    sent_at: dt.datetime
    attachment_count: int
    read: bool
    starred: bool
    is_sender: bool
    folder_id: int | None = None
    in_trash: bool


class AddressOut(Schema):
    kind: Literal["user", "unit"]
    id: int
    name: str
    reached: list[Named] = []


class AttachmentOut(Schema):
    id: int
    name: str
    size: int


class MessageDetailOut(MessageOut):
    body: str
    reply_to_id: int | None = None
    forward_of_id: int | None = None
    addresses: list[AddressOut]
    attachments: list[AttachmentOut]


class MessagePage(Schema):
    items: list[MessageOut]
    next_cursor: str | None = None


class SendIn(Schema):
    subject: str = Field(max_length=1000)
    body: str = Field("", max_length=100_000)
    people_ids: list[Id] = Field(default_factory=list, max_length=services.MAX_ADDRESSES * 2)
    unit_ids: list[Id] = Field(default_factory=list, max_length=services.MAX_ADDRESSES * 2)
    reply_to_id: Id | None = None
    forward_of_id: Id | None = None


class MarkIn(Schema):
    read: bool | None = None
    starred: bool | None = None


class MoveIn(Schema):
    folder_id: Id | None = None


class DeleteIn(Schema):
    for_good: bool = False


class FolderIn(Schema):
    name: str = Field(max_length=1000)


class FolderOut(Schema):
    id: int
    name: str
    unread: int = 0


def _named(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "name": user.full_name or user.username}


def _out(copy: MessageCopy) -> dict[str, Any]:
    m = copy.message
    return {
        "id": m.pk,
        "subject": m.subject,
        "sender": _named(m.sender),
        "sent_at": m.sent_at,
        "attachment_count": m.attachment_count,
        "read": copy.read_at is not None,
        "starred": copy.starred,
        "is_sender": copy.is_sender,
        "folder_id": copy.folder_id,
        "in_trash": copy.trashed_at is not None,
    }


def _detail(user: Any, copy: MessageCopy) -> dict[str, Any]:
    page = selectors.message_page(user, copy)
    addresses = [{"kind": "user", **_named(p)} for p in page.people] + [
        {"kind": "unit", "id": r.unit.pk, "name": r.unit.name, "reached": [_named(p) for p in r.people]}
        for r in page.units
        if r.unit is not None
    ]
    return {
        **_out(copy),
        "body": page.message.body,
        "reply_to_id": page.message.reply_to_id,
        "forward_of_id": page.message.forward_of_id,
        "addresses": addresses,
        "attachments": [
            {"id": a.pk, "name": a.file.original_name, "size": a.file.size} for a in page.attachments
        ],
    }


@router.get("", response=errors(404, ok=MessagePage), operation_id="messages_list")
def messages_list(
    request: HttpRequest,
    box: Literal["inbox", "sent", "starred", "trash"] = "inbox",
    folder_id: Id | None = None,
    sort: Literal["date", "sender", "subject"] = "date",
    unread: bool = False,
    attachments: bool = False,
    q: str = "",
    cursor: str = "",
    limit: int = 25,
):
    """The caller's copies in one box or folder, sorted, filtered and searched."""
    folder = policies.access_folder(request.user, folder_id) if folder_id is not None else None
    filters = selectors.BoxFilters(
        box=box,
        folder=folder,
        sort=sort,
        unread=unread,
        attachments=attachments,
        text=q[: selectors.MAX_QUERY],
    )
    page = selectors.box_page(request.user, filters, after=cursor or None, size=max(1, min(limit, MAX_LIMIT)))
    return {"items": [_out(c) for c in page.items], "next_cursor": page.next_cursor}


@router.post("", response=errors(403, 404, ok=MessageDetailOut, ok_status=201), operation_id="messages_send")
def messages_send(request: HttpRequest, payload: SendIn):
    people = org_selectors.people_or_refuse(payload.people_ids, field="people_ids")
    unit_ids = list(dict.fromkeys(payload.unit_ids))
    units = list(Unit.objects.filter(pk__in=unit_ids))
    if len(units) != len(unit_ids):
        raise Refused.invalid(org_selectors.UNIT_NOT_FOUND, field="unit_ids")
    reply_to = (
        policies.access_copy(request.user, payload.reply_to_id).message if payload.reply_to_id else None
    )
    forward_of = (
        policies.access_copy(request.user, payload.forward_of_id).message if payload.forward_of_id else None
    )
    try:
        message = services.message_send(
            actor=request.user,
            draft=services.Draft(subject=payload.subject, body=payload.body, people=people, units=units),
            reply_to=reply_to,
            forward_of=forward_of,
        )
    except Refused as refused:
        raise refused.on_field(FIELDS.get(refused.field or "", refused.field)) from None
    return Status(201, _detail(request.user, policies.access_copy(request.user, message.pk)))


@router.get("/folders", response=errors(ok=list[FolderOut]), operation_id="messages_folders")
def messages_folders(request: HttpRequest):
    return [{"id": f.pk, "name": f.name, "unread": f.unread} for f in selectors.folders(request.user)]  # type: ignore[attr-defined]


@router.post(
    "/folders", response=errors(403, ok=FolderOut, ok_status=201), operation_id="messages_folder_create"
)
def messages_folder_create(request: HttpRequest, payload: FolderIn):
    folder = services.folder_create(actor=request.user, name=payload.name)
    return Status(201, {"id": folder.pk, "name": folder.name})


@router.post(
    "/folders/{int:folder_id}", response=errors(403, 404, ok=FolderOut), operation_id="messages_folder_rename"
)
def messages_folder_rename(request: HttpRequest, folder_id: Id, payload: FolderIn):
    folder = services.folder_rename(
        folder=policies.access_folder(request.user, folder_id), actor=request.user, name=payload.name
    )
    return {"id": folder.pk, "name": folder.name}


@router.delete(
    "/folders/{int:folder_id}",
    response=errors(403, 404, ok=None, ok_status=204),
    operation_id="messages_folder_delete",
)
def messages_folder_delete(request: HttpRequest, folder_id: Id):
    services.folder_delete(folder=policies.access_folder(request.user, folder_id), actor=request.user)
    return Status(204, None)


@router.get("/{int:message_id}", response=errors(404, ok=MessageDetailOut), operation_id="messages_read")
def messages_read(request: HttpRequest, message_id: Id):
    copy = policies.access_copy(request.user, message_id)
    if copy.read_at is None:
        services.message_mark(copy=copy, actor=request.user, read=True)
    return _detail(request.user, copy)


@router.post("/{int:message_id}/mark", response=errors(403, 404, ok=MessageOut), operation_id="messages_mark")
def messages_mark(request: HttpRequest, message_id: Id, payload: MarkIn):
    copy = policies.access_copy(request.user, message_id)
    services.message_mark(copy=copy, actor=request.user, read=payload.read, starred=payload.starred)
    return _out(policies.access_copy(request.user, message_id))


@router.post("/{int:message_id}/move", response=errors(403, 404, ok=MessageOut), operation_id="messages_move")
def messages_move(request: HttpRequest, message_id: Id, payload: MoveIn):
    copy = policies.access_copy(request.user, message_id)
    folder: MessageFolder | None = None
    if payload.folder_id is not None:
        folder = policies.access_folder(request.user, payload.folder_id)
    services.message_move(copies=[copy], actor=request.user, folder=folder)
    return _out(policies.access_copy(request.user, message_id))


@router.post(
    "/{int:message_id}/delete",
    response=errors(403, 404, 409, ok=None, ok_status=204),
    operation_id="messages_delete",
)
def messages_delete(request: HttpRequest, message_id: Id, payload: DeleteIn | None = None):
    copy = policies.access_copy(request.user, message_id)
    if payload is not None and payload.for_good:
        services.message_purge(copies=[copy], actor=request.user)
    else:
        services.message_trash(copies=[copy], actor=request.user)
    return Status(204, None)
