"""Periodic jobs: a registry and one pass of the scheduler (stack notes §5: the Tasks API has no cron).

A job is a Tasks-API task registered with a period::

    @periodic("prune_task_results", every="day", at="03:10")
    @task()
    def prune_task_results() -> int: ...

Each period has a *slot* named after its start in local time: ``"2026-11-21"`` for a daily job
(only once its ``at`` time has passed that day), ``"2026-11-21T14"`` for an hourly one,
``"2026-11-21T14:15"`` for ``every=timedelta(minutes=15)``. A pass of the scheduler inserts a
``ScheduledRun(job, slot)`` row and enqueues the task in the same transaction; the unique
constraint on (job, slot) means a slot is enqueued once, however many schedulers run (several
web servers, ADM-6). A slot missed while no scheduler ran is not made up later.

Jobs live in ``jobs.py`` modules of apps and feature packages, found by ``autodiscover()``;
``congvu run_scheduler`` runs the passes.
"""

from __future__ import annotations

import datetime as dt
import logging
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

DAY = "day"
HOUR = "hour"


@dataclass(frozen=True)
class PeriodicJob:
    """A task with its period; ``slot(now)`` names the run due at ``now`` (or None: not yet)."""

    name: str
    task: Any
    every: str | dt.timedelta
    at: dt.time = dt.time(0, 0)

    def slot(self, now: dt.datetime) -> str | None:
        local = timezone.localtime(now)
        if self.every == DAY:
            if local.time() < self.at:
                return None
            return local.date().isoformat()
        if self.every == HOUR:
            return local.strftime("%Y-%m-%dT%H")
        if isinstance(self.every, dt.timedelta):
            period = int(self.every.total_seconds())
            # Periods are counted from local midnight, so "every 15 minutes" means :00, :15, :30…
            midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
            elapsed = int((local - midnight).total_seconds())
            start = midnight + dt.timedelta(seconds=elapsed - elapsed % period)
            return start.strftime("%Y-%m-%dT%H:%M")
        raise ValueError(f"unknown period {self.every!r}")


REGISTRY: dict[str, PeriodicJob] = {}


def _parse_at(at: str | dt.time | None) -> dt.time:
    if at is None:
        return dt.time(0, 0)
    if isinstance(at, dt.time):
        return at
    return dt.time.fromisoformat(at)


def make_job(
    name: str, task_obj: Any, *, every: str | dt.timedelta = DAY, at: str | dt.time | None = None
) -> PeriodicJob:
    """Build a job without registering it (tests, or a scheduler over a chosen set of jobs)."""
    if isinstance(every, dt.timedelta):
        if every < dt.timedelta(minutes=1) or dt.timedelta(days=1).total_seconds() % every.total_seconds():
            raise ValueError("a timedelta period must be at least one minute and divide a day evenly")
    elif every not in (DAY, HOUR):
        raise ValueError(f"every must be 'day', 'hour' or a timedelta, not {every!r}")
    if at is not None and every != DAY:
        raise ValueError("'at' is for daily jobs only")
    if not hasattr(task_obj, "enqueue"):
        raise TypeError(f"{name}: a periodic job must be a Tasks-API task (decorate it with @task())")
    return PeriodicJob(name=name, task=task_obj, every=every, at=_parse_at(at))


def periodic(
    name: str, *, every: str | dt.timedelta = DAY, at: str | dt.time | None = None
) -> Callable[[Any], Any]:
    """Register a Tasks-API task as a periodic job; returns the task unchanged."""

    def register(task_obj: Any) -> Any:
        job = make_job(name, task_obj, every=every, at=at)
        existing = REGISTRY.get(name)
        if existing is not None and existing.task is not task_obj:
            raise ValueError(f"a periodic job named {name!r} is already registered")
        REGISTRY[name] = job
        return task_obj

    return register


def autodiscover() -> dict[str, PeriodicJob]:
    """Import the ``jobs`` module of every installed app and of every feature package inside one
    (``congvu/org/delegations/jobs.py``), where jobs register themselves."""
    autodiscover_modules("jobs")
    for app in apps.get_app_configs():
        if not app.name.startswith("congvu."):
            continue
        for feature in pkgutil.iter_modules([app.path]):
            if feature.ispkg and (Path(app.path) / feature.name / "jobs.py").exists():
                import_module(f"{app.name}.{feature.name}.jobs")
    return REGISTRY


def claim_slot(job_name: str, slot: str) -> bool:
    """Take (job, slot) for this scheduler; False when another one already took it."""
    from congvu.core.models import ScheduledRun

    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job_name, slot=slot)
    except IntegrityError:
        return False
    return True


def run_pass(now: dt.datetime | None = None, *, jobs: Iterable[PeriodicJob] | None = None) -> list[str]:
    """Enqueue every job whose current slot nobody has taken; returns ``["job@slot", …]``."""
    from congvu.core.models import ScheduledRun

    now = now or timezone.now()
    enqueued: list[str] = []
    for job in REGISTRY.values() if jobs is None else jobs:
        slot = job.slot(now)
        if slot is None or ScheduledRun.objects.filter(job=job.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                if not claim_slot(job.name, slot):
                    continue  # another scheduler was quicker
                # Same transaction: with the database task backend the run is enqueued exactly
                # when the slot is taken, never one without the other.
                job.task.enqueue()
        except Exception:
            logger.exception("periodic job %s could not be enqueued for %s", job.name, slot)
            continue
        enqueued.append(f"{job.name}@{slot}")
    return enqueued
