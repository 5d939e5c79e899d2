"""The only import site of the Tasks API: Django 6 ships it, Django 5.2 uses the backport."""

try:  # Django >= 6.0
    from django.tasks import TaskResultStatus, default_task_backend, task  # type: ignore[import-not-found]
except ImportError:  # Django 5.2
    from django_tasks import TaskResultStatus, default_task_backend, task

from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue_on_commit(task_path: str, *args: Any) -> None:
    """Enqueue the task at ``task_path`` ("congvu.x.jobs.name") once the current transaction commits.

    A service names its job by path rather than importing it: jobs call services, so a service
    that imported its jobs would close an import circle."""
    transaction.on_commit(lambda: import_string(task_path).enqueue(*args))


__all__ = ["task", "default_task_backend", "TaskResultStatus", "enqueue_on_commit"]
