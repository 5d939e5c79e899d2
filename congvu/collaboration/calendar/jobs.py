"""The work calendars' retention (COL-1; seed 002 Đ7.1), found by ``congvu.core.scheduler.autodiscover``.

``collaboration.calendar_retention`` (daily at 02:40): entries, weeks and monthly files are kept one
year (``CONGVU_CALENDAR_RETENTION_YEARS``); the previous year's are cleared in January — on its last
day, or at the first run after it when the job did not run then — in one audited act.
"""

from __future__ import annotations

from congvu.collaboration.calendar import services
from congvu.core.scheduler import periodic
from congvu.core.tasks_api import task


@periodic("collaboration.calendar_retention", every="day", at="02:40")
@task()
def calendar_retention() -> int:
    counts = services.calendar_clear_expired()
    return counts["entries"]
