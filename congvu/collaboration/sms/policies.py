"""Who may send SMS and to whom, and who sees which (COL-9; seed 002 Điều 11: "chỉ một số cá nhân có
thẩm quyền được sử dụng tính năng nhắn tin SMS").

- Sending is a functional role, ``RoleGrant.Role.SMS_SENDER`` ("Gửi tin nhắn SMS"), granted on a unit
  by an administrator of it (the organisation's role screens). It covers the unit's subtree: the
  people who hold a current post there, with a phone number, are the ones the sender may reach. A
  delegate acting for a sender sends on the sender's behalf (ORG-8), within the sender's units.
- A person sees the SMS they sent and those sent on their behalf; an administrator sees the log of
  the agencies they administer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from congvu.accounts.models import User
from congvu.collaboration.sms.models import SmsMessage
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Membership, RoleGrant, Unit

NOT_SENDER = (
    "Chỉ người được giao quyền gửi tin nhắn SMS mới gửi được tin nhắn "
    "(Quy chế, Điều 11: chỉ một số cá nhân có thẩm quyền)."
)
NOT_ADMINISTRATOR = "Chỉ quản trị của cơ quan mới xem được nhật ký tin nhắn SMS của cơ quan."
NOT_FOUND = "Không tìm thấy tin nhắn SMS."


def sender_units(person: Any) -> list[Unit]:
    """The units on which ``person`` holds the SMS role (each covers its subtree)."""
    return [g.unit for g in org.roles(person) if g.role == RoleGrant.Role.SMS_SENDER]


def can_send_sms(user: Any) -> Decision:
    """Yes for a holder of the SMS role, or for a delegate acting for one (``on_behalf_of``)."""
    if getattr(user, "pk", None) is None:
        return Decision.deny(NOT_SENDER)
    decision = org.with_delegation(user, lambda person: bool(sender_units(person)))
    return decision if decision else Decision.deny(NOT_SENDER)


def sms_recipients(person: Any) -> QuerySet[User]:
    """The people ``person`` may text: active, with a phone number, holding a current post in a unit
    their SMS role covers."""
    paths = [u.path for u in sender_units(person)]
    if not paths:
        return User.objects.none()
    posts = Membership.objects.current().filter(tree.subtree_q(tree.outermost(paths), "unit__"))
    return (
        User.objects.filter(status=User.Status.ACTIVE, pk__in=posts.values("user_id"))
        .exclude(phone="")
        .order_by("full_name", "id")
    )


def administers_sms_log(user: Any) -> Decision:
    """An administrator (of some unit, or of the system) reads the SMS log of what they administer."""
    decision = org.is_administrator(user)
    return decision if decision else Decision.deny(NOT_ADMINISTRATOR)


def visible_sms(user: Any) -> QuerySet[SmsMessage]:
    """The SMS a person sent or that were sent on their behalf, and, for an administrator, every SMS
    of the agencies in what they administer."""
    if getattr(user, "pk", None) is None:
        return SmsMessage.objects.none()
    q = Q(sender_id=user.pk) | Q(on_behalf_of_id=user.pk)
    if administers_sms_log(user):
        q |= Q(agency__in=org.administered_units(user))
    return SmsMessage.objects.filter(q)


def agency_sms(user: Any) -> QuerySet[SmsMessage]:
    """The agency log: every SMS of the agencies the administrator administers."""
    administers_sms_log(user).require()
    return SmsMessage.objects.filter(agency__in=org.administered_units(user))


def access_sms(user: Any, pk: int) -> SmsMessage:
    """The message when the person may see it; 404 alike for missing and hidden."""
    message = visible_sms(user).select_related("sender", "on_behalf_of", "agency").filter(pk=pk).first()
    if message is None:
        raise Refused.not_found(NOT_FOUND)
    return message
