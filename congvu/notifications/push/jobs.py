"""Web Push delivery in the background: enqueued by ``services.push_sender`` (from ``notify``)
once the transaction that created the notification commits."""

from __future__ import annotations

from congvu.core.tasks_api import task
from congvu.notifications.push import services


@task()
def send_push(notification_id: int) -> dict[str, int]:
    """Send one notification to each device of its recipient; counts sent/failed/removed."""
    return services.push_deliver(notification_id=notification_id)
