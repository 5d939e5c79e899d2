"""``congvu run_scheduler``: enqueue periodic jobs when their slot comes (stack notes §5).

Runs a pass every 30 seconds until stopped. Several schedulers may run at once (one per web
machine): each slot is taken once (``ScheduledRun`` unique constraint), so no job runs twice.
``--once`` runs one pass; ``--now ISO`` pretends the clock says so (tests, trying a schedule).
"""

from __future__ import annotations

import datetime as dt
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from congvu.core import scheduler

INTERVAL_SECONDS = 30


def _parse_now(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Thời điểm “{value}” không hợp lệ; dùng dạng ISO, ví dụ 2026-11-21T14:05."
        ) from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _describe_period(job: scheduler.PeriodicJob) -> str:
    if job.every == scheduler.DAY:
        return f"hằng ngày lúc {job.at:%H:%M}"
    if job.every == scheduler.HOUR:
        return "mỗi giờ"
    assert isinstance(job.every, dt.timedelta)
    return f"mỗi {int(job.every.total_seconds() // 60)} phút"


class Command(BaseCommand):
    help = "Chạy bộ lập lịch: đưa các công việc định kỳ vào hàng đợi khi đến giờ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Chạy một lượt rồi dừng.")
        parser.add_argument("--now", help="Giả định thời điểm hiện tại (ISO 8601), để thử lịch.")
        parser.add_argument("--interval", type=int, default=INTERVAL_SECONDS, help="Số giây giữa hai lượt.")

    def handle(self, *args: Any, once: bool, now: str | None, interval: int, **options: Any) -> None:
        pretend = _parse_now(now)
        jobs = scheduler.autodiscover()
        if not jobs:
            self.stdout.write("Chưa có công việc định kỳ nào được đăng ký.")
        if options["verbosity"] >= 2:
            for job in jobs.values():
                self.stdout.write(f"- {job.name}: {_describe_period(job)}")
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        if not once:
            signal.signal(signal.SIGINT, stop)
            signal.signal(signal.SIGTERM, stop)
        while True:
            if not once:
                # A long-lived process: drop a connection the database closed or that is too old.
                close_old_connections()
            for run in scheduler.run_pass(pretend):
                self.stdout.write(f"Đã đưa vào hàng đợi: {run}")
            if once:
                return
            for _ in range(max(1, interval)):
                if stopping:
                    return
                time.sleep(1)
