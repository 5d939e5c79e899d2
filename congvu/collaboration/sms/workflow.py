"""The delivery of an SMS to one recipient (COL-9). Plain words: docs/workflows/sms.md.

    deliver   queued → sent     the sending job, when the gateway accepted it
    fail      queued → failed   the sending job, when the gateway refused it or could not be reached

Both are applied by the background job alone (no person: the actor is the system); each is audited
with the gateway's answer.
"""

from __future__ import annotations

from typing import Any

from congvu.collaboration.sms.models import SmsDelivery
from congvu.core.decisions import Decision
from congvu.core.workflow import Transition, Workflow

BY_THE_JOB = "Trạng thái gửi SMS chỉ do tiến trình gửi tin cập nhật."


def is_the_sending_job(user: Any, delivery: SmsDelivery) -> Decision:
    """Only the job that hands the SMS to the gateway (no person) records what the gateway said."""
    return Decision.allow() if user is None else Decision.deny(BY_THE_JOB)


S = SmsDelivery.Status
SMS_DELIVERY_WORKFLOW = Workflow(
    model=SmsDelivery,
    doc="sms.md",
    transitions=(
        Transition(
            "deliver",
            {S.QUEUED},
            S.SENT,
            is_the_sending_job,
            label="Đã gửi",
            stamps=("attempted_at",),
            internal=True,
        ),
        Transition(
            "fail",
            {S.QUEUED},
            S.FAILED,
            is_the_sending_job,
            label="Gửi lỗi",
            stamps=("attempted_at",),
            internal=True,
        ),
    ),
)
