"""Core's periodic jobs (found by ``congvu.core.scheduler.autodiscover``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
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


@periodic("audit_checkpoint", every=dt.timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES))
@task()
def audit_checkpoint() -> int:
    """Pin the audit chain's head in a signed checkpoint outside the database (ADM-2); returns the
    head's id."""
    from congvu.core import audit_checkpoints

    return audit_checkpoints.checkpoint_write(reason="scheduled").head_id


@periodic("audit_purge", every="day", at="02:40")
@task()
def audit_purge() -> int:
    """Delete audit rows past their retention (TV-SEC-6); returns how many."""
    from congvu.core import audit_retention

    return audit_retention.audit_purge().deleted


@periodic("worker_heartbeat", every=dt.timedelta(minutes=1))
@task()
def worker_heartbeat() -> None:
    """A task worker is alive: ``/readyz`` reads the time of the last beat (ADM-6)."""
    from congvu.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(name="default", defaults={"beat_at": timezone.now()})


@periodic("backup", every="day", at="02:10")
@task()
def backup() -> str:
    """A backup when the newest is CONGVU_BACKUP_EVERY_DAYS old (ADM-3); returns its directory or ""."""
    from congvu.core import backups

    made = backups.backup_if_due()
    return str(made.path) if made else ""
