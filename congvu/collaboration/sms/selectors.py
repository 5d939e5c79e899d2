"""What the SMS screens and API read (COL-9): a person's sent SMS, an agency's log, one message with
its deliveries, and whom a sender may text — each in one or two queries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from congvu.accounts.models import User
from congvu.collaboration.sms import policies
from congvu.collaboration.sms.models import SmsDelivery, SmsMessage
from congvu.core.pagination import KeysetPage, keyset_page

NEWEST_FIRST = ("-created_at", "-id")
S = SmsDelivery.Status


def _with_counts(qs: QuerySet[SmsMessage]) -> QuerySet[SmsMessage]:
    return qs.select_related("sender", "on_behalf_of", "agency").annotate(
        sent_count=Count("deliveries", filter=Q(deliveries__status=S.SENT)),
        failed_count=Count("deliveries", filter=Q(deliveries__status=S.FAILED)),
        queued_count=Count("deliveries", filter=Q(deliveries__status=S.QUEUED)),
    )


def sent_page(user: Any, *, after: str | None, size: int | None = None) -> KeysetPage:
    """The SMS a person sent, or that were sent on their behalf, newest first, with status counts."""
    qs = SmsMessage.objects.filter(Q(sender_id=user.pk) | Q(on_behalf_of_id=user.pk))
    return keyset_page(_with_counts(qs), order=NEWEST_FIRST, after=after, size=size or settings.PAGE_SIZE)


def agency_page(user: Any, *, after: str | None, size: int | None = None) -> KeysetPage:
    """Every SMS of the agencies the administrator administers, newest first."""
    qs = _with_counts(policies.agency_sms(user))
    return keyset_page(qs, order=NEWEST_FIRST, after=after, size=size or settings.PAGE_SIZE)


def deliveries(message: SmsMessage) -> list[SmsDelivery]:
    return list(message.deliveries.select_related("recipient").order_by("id"))


def recipient_choices(person: Any) -> QuerySet[User]:
    """Whom ``person`` may text, by name (``policies.sms_recipients``)."""
    return policies.sms_recipients(person).only("id", "full_name", "username", "phone")
