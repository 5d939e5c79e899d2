"""Who may remind whom, and who sees a reminder (COL-7; seed 002 Điều 8).

- A reminder is "a superior's official order to a subordinate": the sender must lead a unit the
  recipient works in — its head, the head of a unit above it, or a deputy in charge of it
  (``org.policies.leads``) — and is never the recipient. A person holding such a superior's
  authority under an approved delegation sends it on the superior's behalf ("thay mặt").
- A reminder is seen by its sender, the superior it was sent for, and its recipients.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from congvu.collaboration.reminders.models import Reminder, ReminderRecipient
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org import tree

NOT_SUPERIOR = (
    "Chỉ cấp trên của {name} (lãnh đạo đơn vị nơi người đó công tác hoặc lãnh đạo cấp trên) mới "
    "nhắc việc được; nhắc việc là mệnh lệnh của cấp trên đối với cấp dưới (Quy chế, Điều 8)."
)
NOT_FOUND = "Không tìm thấy nhắc việc."


def _superior_of(person: Any, recipient: Any) -> bool:
    if getattr(person, "pk", None) is None or person.pk == recipient.pk:
        return False
    return any(org.leads(person, m.unit) for m in org.memberships(recipient))


def can_remind(user: Any, recipient: Any) -> Decision:
    """Is the user (or someone whose authority they hold) a superior of ``recipient``?"""
    if getattr(user, "pk", None) is not None and user.pk == recipient.pk:
        return Decision.deny(NOT_SUPERIOR.format(name=recipient.full_name))
    decision = org.with_delegation(user, lambda person: _superior_of(person, recipient))
    return decision if decision else Decision.deny(NOT_SUPERIOR.format(name=recipient.full_name))


def may_send_any(user: Any) -> bool:
    """Leads some unit, personally or on someone's behalf (the send form is offered)."""
    if not getattr(user, "pk", None):
        return False
    if org.facts(user).led_unit_paths:
        return True
    return any(org.facts(p).led_unit_paths for p in tree.principals(user))


def visible_reminders(user: Any) -> QuerySet[Reminder]:
    if not getattr(user, "pk", None):
        return Reminder.objects.none()
    received = ReminderRecipient.objects.filter(user_id=user.pk).values("reminder_id")
    return Reminder.objects.filter(Q(sender_id=user.pk) | Q(on_behalf_of_id=user.pk) | Q(pk__in=received))


def access_reminder(user: Any, pk: int) -> Reminder:
    reminder = visible_reminders(user).select_related("sender", "on_behalf_of").filter(pk=pk).first()
    if reminder is None:
        raise Refused.not_found(NOT_FOUND)
    return reminder


def my_row(user: Any, reminder: Reminder) -> ReminderRecipient:
    """The person's own row of a reminder they can see; 403 when they are not one of its recipients."""
    row = (
        ReminderRecipient.objects.filter(reminder=reminder, user_id=user.pk)
        .select_related("reminder")
        .first()
    )
    if row is None:
        raise Refused.not_allowed("Bạn không phải người nhận nhắc việc này.")
    return row
