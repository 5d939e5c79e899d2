"""The life of a reminder at one recipient (COL-7; seed 002 Điều 8: a reminder is an official order
from the superior, so each recipient's answer is tracked). Described in docs/workflows/reminders.md.

    acknowledge  sent                → acknowledged   the recipient: "Đã nhận"
    complete     sent, acknowledged  → done           the recipient: "Đã thực hiện", with a report
    cancel       sent, acknowledged  → cancelled      the sender (or whoever holds the sender's or
                                                      the principal's authority): the order is withdrawn

A recipient who reports it done without pressing "Đã nhận" first has plainly received it: the
service stamps the acknowledgement with the same moment. Being overdue is not a state: it is a
due date passed while the row is still open (sent or acknowledged), flagged once by the daily job.
"""

from __future__ import annotations

from typing import Any

from congvu.collaboration.reminders.models import ReminderRecipient
from congvu.core.decisions import Decision
from congvu.core.workflow import Transition, Workflow
from congvu.org import policies as org

R = ReminderRecipient.Status
OPEN = frozenset({R.SENT, R.ACKNOWLEDGED})

NOT_RECIPIENT = "Chỉ người được nhắc mới xác nhận được nhắc việc này."
NOT_SENDER = "Chỉ người đã gửi nhắc việc mới hủy được."


def is_recipient(user: Any, row: ReminderRecipient) -> Decision:
    if getattr(user, "pk", None) is not None and user.pk == row.user_id:
        return Decision.allow()
    return Decision.deny(NOT_RECIPIENT)


def is_sender(user: Any, row: ReminderRecipient) -> Decision:
    """The sender, the superior they sent it for, or a person holding either's authority now."""
    reminder = row.reminder
    owners = {reminder.sender_id, reminder.on_behalf_of_id} - {None}
    decision = org.with_delegation(user, lambda person: getattr(person, "pk", None) in owners)
    return decision if decision else Decision.deny(NOT_SENDER)


REMINDER_WORKFLOW = Workflow(
    model=ReminderRecipient,
    name="collaboration.reminder",
    doc="reminders.md",
    transitions=(
        Transition(
            "acknowledge",
            {R.SENT},
            R.ACKNOWLEDGED,
            is_recipient,
            label="Đã nhận",
            stamps=("acknowledged_at",),
            wrong_state="Nhắc việc này đã được xác nhận, đã thực hiện hoặc đã hủy.",
        ),
        Transition(
            "complete",
            set(OPEN),
            R.DONE,
            is_recipient,
            needs_reason=True,
            label="Đã thực hiện",
            stamps=("done_at",),
            wrong_state="Nhắc việc này đã thực hiện hoặc đã hủy.",
        ),
        Transition(
            "cancel",
            set(OPEN),
            R.CANCELLED,
            is_sender,
            label="Hủy nhắc việc",
            stamps=("cancelled_at",),
            wrong_state="Nhắc việc này đã thực hiện hoặc đã hủy.",
        ),
    ),
)
