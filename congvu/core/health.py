"""What a load balancer asks (ADM-6): is the process alive, and is it ready to serve?

``readiness()`` checks what a request needs: the database answers, the cache stores and returns a
value, the file storage is reachable (for the filesystem, a writable directory), and a task worker
has run the heartbeat job (``core.jobs.worker_heartbeat``, every minute) within
``settings.WORKER_HEARTBEAT_MAX_AGE`` seconds.
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    key, value = "congvu:readyz", uuid.uuid4().hex
    cache.set(key, value, 30)
    return "ok" if cache.get(key) == value else "the cache did not return what was stored"


def _storage() -> str:
    if isinstance(default_storage, FileSystemStorage):
        root = Path(default_storage.location)
        root.mkdir(parents=True, exist_ok=True)
        return "ok" if os.access(root, os.W_OK) else f"{root} is not writable"
    default_storage.exists("readyz-probe")  # a round trip to the bucket
    return "ok"


def _worker() -> str:
    from congvu.core.models import WorkerHeartbeat

    beat = WorkerHeartbeat.objects.filter(name="default").values_list("beat_at", flat=True).first()
    if beat is None:
        return "no worker heartbeat yet"
    age = (timezone.now() - beat).total_seconds()
    if age > settings.WORKER_HEARTBEAT_MAX_AGE:
        return f"last worker heartbeat {int(age)} s ago"
    return "ok"


CHECKS = {"database": _database, "cache": _cache, "storage": _storage, "worker": _worker}


def readiness() -> dict[str, str]:
    """Each check's answer: "ok" or what is wrong."""
    answers = {}
    for name, check in CHECKS.items():
        try:
            answers[name] = check()
        except Exception as exc:
            # The kind of error only: the answer is public, the details go to the log.
            logger.warning("readiness check %s failed", name, exc_info=True)
            answers[name] = f"{type(exc).__name__}"
    return answers
