"""The reminders' daily follow-up (COL-7), found by ``congvu.core.scheduler.autodiscover``.

``collaboration.reminders_overdue`` (every day at 07:00): each reminder still open at a recipient
(not done, not cancelled) whose due date has passed is flagged to the recipient and to the sender,
once (``ReminderRecipient.overdue_notified_at``).
"""

from __future__ import annotations

from congvu.collaboration.reminders import services
from congvu.core.scheduler import DAY, periodic
from congvu.core.tasks_api import task


@periodic("collaboration.reminders_overdue", every=DAY, at="07:00")
@task()
def reminders_overdue() -> int:
    return services.reminders_flag_overdue()
