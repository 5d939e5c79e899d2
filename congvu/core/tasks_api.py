"""The only import site of the Tasks API: Django 6 ships it, Django 5.2 uses the backport."""

try:  # Django >= 6.0
    from django.tasks import TaskResultStatus, default_task_backend, task  # type: ignore[import-not-found]
except ImportError:  # Django 5.2
    from django_tasks import TaskResultStatus, default_task_backend, task

__all__ = ["task", "default_task_backend", "TaskResultStatus"]
