"""Reminders in the API (COL-7): a second adapter over the same policies, services and selectors as
the screens.

    GET   /api/v1/reminders?scope=received|sent&open_only=&cursor=&limit=
    POST  /api/v1/reminders                    send {recipient_ids, content, due_on, link}
    GET   /api/v1/reminders/{id}               the reminder, each recipient's state, allowed_actions
    POST  /api/v1/reminders/{id}/acknowledge   the recipient: "Đã nhận"
    POST  /api/v1/reminders/{id}/complete      the recipient: "Đã thực hiện" {report}
    POST  /api/v1/reminders/{id}/cancel        the sender {reason}

Answers (``core.api_errors``): 404 for a reminder the caller cannot see (alike for a missing one),
403 with the reason when a non-superior sends or a non-recipient acknowledges, 409 in the wrong
state, 400 with the ``field`` for refused input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from congvu.collaboration.reminders import policies, selectors, services
from congvu.collaboration.reminders.models import Reminder, ReminderRecipient
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org import selectors as org_selectors

router = Router(tags=["collaboration: reminders"])

MAX_LIMIT = 100
ACT = (403, 404, 409)


class Named(Schema):
    id: int
    name: str


class RecipientOut(Schema):
    user: Named
    status: str
    status_display: str
    overdue: bool
    acknowledged_at: dt.datetime | None = None
    done_at: dt.datetime | None = None
    report: str


class ReminderOut(Schema):
    id: int
    content: str
    sender: Named
    on_behalf_of: Named | None = None
    sent_at: dt.datetime
    due_on: dt.date | None = None
    link: str
    cancelled_at: dt.datetime | None = None
    recipients: list[RecipientOut]


class ReminderDetailOut(ReminderOut):
    allowed_actions: list[str]


class ReminderPage(Schema):
    items: list[ReminderOut]
    next_cursor: str | None = None


class SendIn(Schema):
    recipient_ids: list[Id] = Field(max_length=services.MAX_RECIPIENTS * 2)
    content: str = Field(max_length=10_000)
    due_on: dt.date | None = None
    link: str = Field("", max_length=2000)


class CompleteIn(Schema):
    report: str = Field(max_length=10_000)


class CancelIn(Schema):
    reason: str = Field("", max_length=10_000)


def _named(user: Any) -> dict[str, Any] | None:
    return {"id": user.pk, "name": user.full_name or user.username} if user is not None else None


def _row(row: ReminderRecipient) -> dict[str, Any]:
    return {
        "user": _named(row.user),
        "status": row.status,
        "status_display": row.get_status_display(),
        "overdue": selectors.is_overdue(row),
        "acknowledged_at": row.acknowledged_at,
        "done_at": row.done_at,
        "report": row.report,
    }


def _out(reminder: Reminder, rows: list[ReminderRecipient]) -> dict[str, Any]:
    return {
        "id": reminder.pk,
        "content": reminder.content,
        "sender": _named(reminder.sender),
        "on_behalf_of": _named(reminder.on_behalf_of),
        "sent_at": reminder.sent_at,
        "due_on": reminder.due_on,
        "link": reminder.link,
        "cancelled_at": reminder.cancelled_at,
        "recipients": [_row(r) for r in rows],
    }


def _detail(user: Any, pk: int) -> dict[str, Any]:
    reminder = policies.access_reminder(user, pk)
    page = selectors.reminder_page(user, reminder)
    actions = list(page.my_actions) + (["cancel"] if page.can_cancel else [])
    return {**_out(reminder, page.rows), "allowed_actions": actions}


@router.get("", response=errors(ok=ReminderPage), operation_id="reminders_list")
def reminders_list(
    request: HttpRequest,
    scope: Literal["received", "sent"] = "received",
    open_only: bool = False,
    cursor: str = "",
    limit: int = 25,
):
    """What the caller received (their own row of each), or what they sent (every recipient)."""
    size = max(1, min(limit, MAX_LIMIT))
    if scope == "sent":
        page = selectors.sent_page(request.user, after=cursor or None, size=size)
        items = [_out(r, list(r.recipients.all())) for r in page.items]
    else:
        page = selectors.received_page(request.user, open_only=open_only, after=cursor or None, size=size)
        items = []
        for row in page.items:
            row.user = request.user
            items.append(_out(row.reminder, [row]))
    return {"items": items, "next_cursor": page.next_cursor}


@router.post("", response=errors(403, ok=ReminderDetailOut, ok_status=201), operation_id="reminders_send")
def reminders_send(request: HttpRequest, payload: SendIn):
    people = org_selectors.people_or_refuse(payload.recipient_ids, field="recipient_ids")
    try:
        reminder = services.reminder_send(
            actor=request.user,
            recipients=people,
            content=payload.content,
            due_on=payload.due_on,
            link=payload.link,
        )
    except Refused as refused:
        if refused.field == "recipients":
            raise refused.on_field("recipient_ids") from None
        raise
    return Status(201, _detail(request.user, reminder.pk))


@router.get("/{int:reminder_id}", response=errors(404, ok=ReminderDetailOut), operation_id="reminders_get")
def reminders_get(request: HttpRequest, reminder_id: Id):
    return _detail(request.user, reminder_id)


@router.post(
    "/{int:reminder_id}/acknowledge",
    response=errors(*ACT, ok=ReminderDetailOut),
    operation_id="reminders_acknowledge",
)
def reminders_acknowledge(request: HttpRequest, reminder_id: Id):
    reminder = policies.access_reminder(request.user, reminder_id)
    services.reminder_acknowledge(row=policies.my_row(request.user, reminder), actor=request.user)
    return _detail(request.user, reminder_id)


@router.post(
    "/{int:reminder_id}/complete",
    response=errors(*ACT, ok=ReminderDetailOut),
    operation_id="reminders_complete",
)
def reminders_complete(request: HttpRequest, reminder_id: Id, payload: CompleteIn):
    reminder = policies.access_reminder(request.user, reminder_id)
    services.reminder_complete(
        row=policies.my_row(request.user, reminder), actor=request.user, report=payload.report
    )
    return _detail(request.user, reminder_id)


@router.post(
    "/{int:reminder_id}/cancel", response=errors(*ACT, ok=ReminderDetailOut), operation_id="reminders_cancel"
)
def reminders_cancel(request: HttpRequest, reminder_id: Id, payload: CancelIn | None = None):
    reminder = policies.access_reminder(request.user, reminder_id)
    services.reminder_cancel(reminder=reminder, actor=request.user, reason=payload.reason if payload else "")
    return _detail(request.user, reminder_id)
