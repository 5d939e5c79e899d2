"""The consultations' periodic jobs (COL-5; seed 002 Đ7.5), found by ``congvu.core.scheduler.autodiscover``.

- ``collaboration.consultations_expire`` (every 15 minutes): an open consultation whose deadline has
  passed is closed (the workflow's internal ``expire``); answering was refused from the deadline on.
- ``collaboration.consultations_remind`` (daily at 08:00): the day before the deadline, each recipient
  who has not answered is reminded — once (``reminded_at``; an extended deadline reminds again).
- ``collaboration.consultations_clear`` (daily at 01:30): consultations are kept one month from their
  date and cleared at the beginning of the next month, unless an administrator kept one longer;
  each deletion is audited. Running daily clears on the first of the month, and catches up after a
  day the scheduler did not run.
"""

from __future__ import annotations

import datetime as dt

from congvu.collaboration.consultations import services
from congvu.core.scheduler import periodic
from congvu.core.tasks_api import task


@periodic("collaboration.consultations_expire", every=dt.timedelta(minutes=15))
@task()
def consultations_expire() -> int:
    return services.consultations_expire()


@periodic("collaboration.consultations_remind", every="day", at="08:00")
@task()
def consultations_remind() -> int:
    return services.consultations_remind()


@periodic("collaboration.consultations_clear", every="day", at="01:30")
@task()
def consultations_clear() -> int:
    return services.consultations_clear()
