"""The periodic items of standing directives (DIR-7), found by ``congvu.core.scheduler.autodiscover``
(it imports the ``jobs`` module of every feature package inside an app).

- ``directives.periodic_items`` (daily, 06:30): every open standing task gets the item of each
  period that has started (``recurring.services.periodic_items_make``), before the working day
  begins, so the agency sees the new period's task in the morning. Idempotent: a missed day is
  caught up by the next run, and a run repeated makes nothing.
"""

from __future__ import annotations

from congvu.core.scheduler import periodic
from congvu.core.tasks_api import task
from congvu.directives.recurring.services import periodic_items_make


@periodic("directives.periodic_items", every="day", at="06:30")
@task()
def periodic_items() -> int:
    return periodic_items_make()
