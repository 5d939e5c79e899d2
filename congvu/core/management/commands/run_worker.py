"""``congvu run_worker``: the background task worker, patient with a locked database.

It is django-tasks-db's ``db_worker`` (the same options) with one difference. On SQLite the worker
shares the database file with the web server, and while another process holds the write lock
longer than the busy timeout the worker's next statement fails with "database is locked", which
ends ``db_worker``. This worker waits instead (1 s, then twice as long each time up to 30 s, each
wait logged) and goes on; any other error still stops it. On PostgreSQL rows are locked one by one
and this never happens.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db.utils import OperationalError
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger("congvu.worker")

FIRST_WAIT_SECONDS = 1.0
LONGEST_WAIT_SECONDS = 30.0


class Command(DatabaseWorkerCommand):
    help = "Chạy tiến trình xử lý nền; chờ rồi thử lại khi cơ sở dữ liệu đang bị khóa."

    def handle(self, *args: Any, **options: Any) -> None:
        wait = FIRST_WAIT_SECONDS
        while True:
            started = time.monotonic()
            try:
                super().handle(*args, **options)
                return
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
                if time.monotonic() - started > LONGEST_WAIT_SECONDS:
                    wait = FIRST_WAIT_SECONDS  # it had been working for a while: a new spell
                logger.warning(
                    "Cơ sở dữ liệu đang bị khóa (%s); tiến trình xử lý nền thử lại sau %.0f giây.", exc, wait
                )
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT_SECONDS)
