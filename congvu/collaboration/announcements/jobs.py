"""The quarterly clearing of announcements (seed 002 Đ7.4), found by ``congvu.core.scheduler.autodiscover``.

``collaboration.announcements_clear`` (daily at 02:30): in the first month of a quarter it removes
every announcement whose keeping ended before the quarter began (``policies.clearing_cutoff``), with
one audit event and its count; on other days, and once the month's clearing is done, it finds
nothing. Running every day, not once a quarter, means a clearing missed while no scheduler ran is
made up the next day of the month.
"""

from __future__ import annotations

from congvu.collaboration.announcements import services
from congvu.core.scheduler import periodic
from congvu.core.tasks_api import task


@periodic("collaboration.announcements_clear", every="day", at="02:30")
@task()
def announcements_clear() -> int:
    return services.announcements_clear()
