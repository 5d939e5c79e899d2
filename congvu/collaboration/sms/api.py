"""SMS in the API (COL-9): the same policies, services and selectors as the screens.

    GET  /api/v1/sms?cursor=...            the SMS the caller sent (or that were sent on their behalf)
    GET  /api/v1/sms/agency?cursor=...     the agency's log (administrators)
    POST /api/v1/sms                       {recipient_ids, text, link, unaccented}
    GET  /api/v1/sms/{id}                  one SMS with each recipient's status and the gateway's answer

A caller without the SMS role is refused 403 with the reason, nothing sent; a bad recipient, number
or text 400 with ``field``; an SMS the caller may not see 404.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from congvu.accounts.models import User
from congvu.collaboration.sms import policies, selectors, services
from congvu.collaboration.sms.models import MAX_LINK, MAX_TEXT, SmsMessage
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused

router = Router(tags=["sms"])
MAX_LIMIT = 200


class PersonOut(Schema):
    id: int
    full_name: str


class DeliveryOut(Schema):
    recipient: PersonOut
    phone: str
    status: str
    provider_id: str
    answer: str
    attempted_at: dt.datetime | None = None


class SmsOut(Schema):
    id: int
    text: str
    link: str
    unaccented: bool
    parts: int
    recipient_count: int
    sender: PersonOut
    on_behalf_of: PersonOut | None = None
    agency: str
    created_at: dt.datetime
    counts: dict[str, int] = {}
    deliveries: list[DeliveryOut] = []


class SmsPage(Schema):
    items: list[SmsOut]
    next_cursor: str | None = None


class SmsIn(Schema):
    recipient_ids: list[Id] = Field(..., max_length=1000)
    text: str = Field(..., max_length=MAX_TEXT)
    link: str = Field("", max_length=MAX_LINK)
    unaccented: bool = False


def _person(user) -> dict | None:
    return {"id": user.pk, "full_name": user.full_name} if user is not None else None


def _out(message: SmsMessage, *, with_deliveries: bool = False) -> dict:
    out = {
        "id": message.pk,
        "text": message.text,
        "link": message.link,
        "unaccented": message.unaccented,
        "parts": message.parts,
        "recipient_count": message.recipient_count,
        "sender": _person(message.sender),
        "on_behalf_of": _person(message.on_behalf_of) if message.on_behalf_of_id else None,
        "agency": message.agency.name,
        "created_at": timezone.localtime(message.created_at),
    }
    if hasattr(message, "sent_count"):  # annotated by the list selectors
        out["counts"] = {s: getattr(message, f"{s}_count") for s in ("sent", "failed", "queued")}
    if with_deliveries:
        rows = selectors.deliveries(message)
        out["deliveries"] = [
            {
                "recipient": _person(d.recipient),
                "phone": d.phone,
                "status": d.status,
                "provider_id": d.provider_id,
                "answer": d.answer,
                "attempted_at": timezone.localtime(d.attempted_at) if d.attempted_at else None,
            }
            for d in rows
        ]
        out["counts"] = {s: sum(1 for d in rows if d.status == s) for s in ("sent", "failed", "queued")}
    return out


@router.get("", response=errors(ok=SmsPage), operation_id="sms_list")
def sms_list(request: HttpRequest, cursor: str = "", limit: int = 50):
    """The SMS the caller sent, or that were sent on their behalf, newest first."""
    page = selectors.sent_page(request.user, after=cursor or None, size=max(1, min(limit, MAX_LIMIT)))
    return {"items": [_out(m) for m in page.items], "next_cursor": page.next_cursor}


@router.get("/agency", response=errors(403, ok=SmsPage), operation_id="sms_agency_log")
def sms_agency_log(request: HttpRequest, cursor: str = "", limit: int = 50):
    """Every SMS of the agencies the caller administers (administrators only)."""
    page = selectors.agency_page(request.user, after=cursor or None, size=max(1, min(limit, MAX_LIMIT)))
    return {"items": [_out(m) for m in page.items], "next_cursor": page.next_cursor}


@router.post("", response=errors(400, 403, ok=SmsOut, ok_status=201), operation_id="sms_send")
def sms_send(request: HttpRequest, payload: SmsIn):
    """Send an SMS to people the caller's SMS role covers; each recipient is sent in the background."""
    policies.can_send_sms(request.user).require()
    ids = list(dict.fromkeys(payload.recipient_ids))
    if len(ids) > settings.SMS_MAX_RECIPIENTS:
        raise Refused.invalid(
            f"Mỗi tin nhắn gửi tối đa {settings.SMS_MAX_RECIPIENTS} người; bạn đã chọn {len(ids)} người.",
            field="recipient_ids",
        )
    people = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in people]
    if missing:
        raise Refused.invalid(f"Không tìm thấy người nhận có mã {missing[0]}.", field="recipient_ids")
    try:
        message = services.sms_send(
            recipients=[people[pk] for pk in ids],
            text=payload.text,
            link=payload.link,
            unaccented=payload.unaccented,
            actor=request.user,
        )
    except Refused as refused:
        raise refused.on_field("recipient_ids") if refused.field == "recipients" else refused from None
    return Status(201, _out(policies.access_sms(request.user, message.pk), with_deliveries=True))


@router.get("/{sms_id}", response=errors(404, ok=SmsOut), operation_id="sms_get")
def sms_get(request: HttpRequest, sms_id: Id):
    return _out(policies.access_sms(request.user, sms_id), with_deliveries=True)
