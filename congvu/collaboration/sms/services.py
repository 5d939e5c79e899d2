"""Sending SMS (COL-9): the one write path. ``sms_send`` checks the sender's authority, the recipients,
their numbers and the text, records the message with one delivery per recipient and its audit event,
and leaves the sending to the background job after commit; ``sms_deliver`` (the job) hands each
queued delivery to the configured gateway and records its answer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction

from congvu.collaboration.sms import policies
from congvu.collaboration.sms.gateways import (
    SmsGateway,
    SmsResult,
    configured_gateway,
    local_phone,
    normalise_phone,
    sms_length,
    without_diacritics,
)
from congvu.collaboration.sms.models import MAX_LINK, MAX_TEXT, SmsDelivery, SmsMessage
from congvu.collaboration.sms.workflow import SMS_DELIVERY_WORKFLOW
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.tasks_api import enqueue_on_commit
from congvu.core.text import clean_note, clean_text
from congvu.org import tree

DELIVER_JOB = "congvu.collaboration.sms.jobs.deliver_sms"


def _check_link(link: str) -> str:
    """An address on this site ("/cong-viec/12/"), sent as a full link after the text."""
    link = clean_text(link or "", field="link")
    if not link:
        return ""
    if len(link) > MAX_LINK:
        raise Refused.invalid(f"Đường dẫn tối đa {MAX_LINK} ký tự.", field="link")
    if not link.startswith("/") or link.startswith("//") or " " in link:
        raise Refused.invalid(
            "Đường dẫn phải là một địa chỉ trong hệ thống, bắt đầu bằng “/” (ví dụ /cong-viec/12/).",
            field="link",
        )
    return link


def sms_compose(*, text: str, link: str = "", unaccented: bool = False) -> str:
    """The text exactly as it will leave: cleaned, unaccented when asked, the link appended; refused
    (on ``text``) when empty or longer than ``CONGVU_SMS_MAX_PARTS`` parts."""
    text = clean_note(text or "", field="text")
    if not text:
        raise Refused.invalid("Vui lòng nhập nội dung tin nhắn.", field="text")
    if len(text) > MAX_TEXT:
        raise Refused.invalid(f"Nội dung tối đa {MAX_TEXT} ký tự.", field="text")
    link = _check_link(link)
    if unaccented:
        text = without_diacritics(text)
    full = f"{text} {settings.SITE_URL}{link}" if link else text
    length = sms_length(full)
    if length.parts > settings.SMS_MAX_PARTS:
        raise Refused.invalid(
            f"Tin nhắn dài {length.units} ký tự, thành {length.parts} phần; tối đa "
            f"{settings.SMS_MAX_PARTS} phần ({length.per_part} ký tự mỗi phần"
            + (
                "; chọn “Gửi không dấu” để mỗi phần chứa được 153 ký tự)."
                if length.encoding == "ucs2"
                else ")."
            ),
            field="text",
        )
    return full


def _checked_recipients(person: Any, recipients: Iterable[Any]) -> list[tuple[Any, str]]:
    people: dict[int, Any] = {}
    for user in recipients:
        if user is not None:
            people.setdefault(user.pk, user)
    if not people:
        raise Refused.invalid("Vui lòng chọn người nhận.", field="recipients")
    if len(people) > settings.SMS_MAX_RECIPIENTS:
        raise Refused.invalid(
            f"Mỗi tin nhắn gửi tối đa {settings.SMS_MAX_RECIPIENTS} người; bạn đã chọn {len(people)} người.",
            field="recipients",
        )
    reachable = set(policies.sms_recipients(person).filter(pk__in=list(people)).values_list("pk", flat=True))
    outside = [u for pk, u in people.items() if pk not in reachable and u.phone]
    if outside:
        names = ", ".join(str(u) for u in outside[:5])
        raise Refused.invalid(
            f"Không gửi được tới {names}: ngoài các đơn vị bạn được giao quyền gửi tin nhắn SMS.",
            field="recipients",
        )
    checked = []
    for user in people.values():
        if not user.phone:
            raise Refused.invalid(f"{user} chưa có số điện thoại.", field="recipients")
        try:
            checked.append((user, normalise_phone(user.phone, field="recipients")))
        except Refused as refused:
            raise Refused.invalid(f"{user}: {refused.message}", field="recipients") from None
    return checked


@transaction.atomic
def sms_send(
    *, recipients: Iterable[Any], text: str, link: str = "", unaccented: bool = False, actor: Any
) -> SmsMessage:
    """Send ``text`` (and a link on this site) to ``recipients`` as SMS: one delivery per person,
    queued for the background job; audited with who, on whose behalf, to whom (names and numbers)
    and the text. Refused (nothing saved, nothing sent) for a person without the SMS role, for a
    recipient outside the units it covers or with a number that is not a Vietnamese mobile, and for
    an empty or over-long text."""
    decision = policies.can_send_sms(actor).require()
    person = decision.on_behalf_of or actor
    full = sms_compose(text=text, link=link, unaccented=unaccented)
    checked = _checked_recipients(person, recipients)
    message = SmsMessage.objects.create(
        sender=actor,
        on_behalf_of=decision.on_behalf_of,
        agency=tree.agency_of(policies.sender_units(person)[0]),
        text=full,
        link=_check_link(link),
        unaccented=unaccented,
        parts=sms_length(full).parts,
        recipient_count=len(checked),
    )
    SmsDelivery.objects.bulk_create(
        [SmsDelivery(message=message, recipient=user, phone=phone) for user, phone in checked]
    )
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="collaboration.smsmessage.sent",
        obj=message,
        after={
            "text": full,
            "recipients": [f"{user} ({local_phone(phone)})" for user, phone in checked],
            "parts": message.parts,
            "unaccented": unaccented,
        },
    )
    enqueue_on_commit(DELIVER_JOB, message.pk)
    return message


def _ask(gateway: SmsGateway, delivery: SmsDelivery) -> SmsResult:
    try:
        result = gateway.send(to=delivery.phone, text=delivery.message.text)
    except Exception as exc:  # noqa: BLE001 - whatever the operator's library raises is a failed SMS
        return SmsResult(provider_id="", status="failed", answer=f"{type(exc).__name__}: {exc}")
    if not isinstance(result, SmsResult):
        return SmsResult(provider_id="", status="failed", answer=f"Cổng SMS trả lời không hợp lệ: {result!r}")
    return result


def sms_deliver(*, message_id: int, gateway: SmsGateway | None = None) -> int:
    """Hand each queued delivery of the message to the gateway, one at a time, and record its answer
    (``deliver`` or ``fail``, audited as the system). A delivery already answered is left alone, so a
    job run twice sends nothing twice. Returns the number sent."""
    gateway = gateway or configured_gateway()
    sent = 0
    for pk in SmsDelivery.objects.filter(message_id=message_id, status=SmsDelivery.Status.QUEUED).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            delivery = SmsDelivery.objects.select_for_update().select_related("message").get(pk=pk)
            if delivery.status != SmsDelivery.Status.QUEUED:
                continue  # another run answered it meanwhile
            result = _ask(gateway, delivery)
            ok = result.status == "sent"
            SMS_DELIVERY_WORKFLOW.apply(
                "deliver" if ok else "fail",
                delivery,
                actor=None,
                changes={"provider_id": str(result.provider_id)[:120], "answer": str(result.answer)[:500]},
            )
            sent += ok
    return sent
