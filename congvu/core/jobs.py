"""Core's periodic jobs (found by ``congvu.core.scheduler.autodiscover``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from congvu.core.scheduler import periodic
from congvu.core.tasks_api import task

TASK_RESULT_DAYS = 14
SCHEDULED_RUN_DAYS = 14


@periodic("prune_task_results", every="day", at="03:10")
@task()
def prune_task_results() -> int:
    """Delete finished background-task results older than 14 days; returns how many.

    The same rule as django-tasks-db's ``prune_db_task_results`` command (successful and failed
    results, by ``finished_at``), run for every queue of every database backend.
    """
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(days=TASK_RESULT_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted


@periodic("prune_scheduled_runs", every="day", at="03:20")
@task()
def prune_scheduled_runs() -> int:
    """Forget scheduler slots older than 14 days: only current slots are ever looked up."""
    from congvu.core.models import ScheduledRun

    cutoff = timezone.now() - dt.timedelta(days=SCHEDULED_RUN_DAYS)
    deleted, _ = ScheduledRun.objects.filter(enqueued_at__lt=cutoff).delete()
    return deleted
