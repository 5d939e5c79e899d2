"""The background sending of SMS (COL-9): enqueued by ``services.sms_send`` when its transaction commits."""

from __future__ import annotations

from congvu.collaboration.sms import services
from congvu.core.tasks_api import task


@task()
def deliver_sms(message_id: int) -> int:
    """Send the message's queued deliveries through the configured gateway; the number sent."""
    return services.sms_deliver(message_id=message_id)
