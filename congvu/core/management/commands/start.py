"""``congvu start``: the web server, the task worker and the scheduler in one terminal.

The embedded default of ``make run``. In production each of the three runs as its own service
(see README, deployment), usually on several machines.

A process that dies is started again, after a wait that doubles with each death in a row (1 s,
2 s, 4 s … at most 60 s; back to 1 s once it has run a minute), and each death and restart is
logged; the other processes go on serving. Ctrl+C (or SIGTERM) stops them all.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger("congvu.start")


def programs(*, host: str, port: int, workers: int) -> dict[str, list[str]]:
    """The three processes of the embedded server and their command lines."""
    python = sys.executable
    return {
        "web": [
            python,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "congvu.wsgi:application",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-ws",
        ],
        # run_worker waits out a locked SQLite database where db_worker would stop.
        "worker": [python, "-m", "congvu", "run_worker", "--queue-name", "*", "--interval", "1"],
        "scheduler": [python, "-m", "congvu", "run_scheduler"],
    }


@dataclass
class _Child:
    name: str
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    wait: float = 0.0
    restarts: int = 0


@dataclass
class Supervisor:
    """Keeps each process running; one that dies is started again after a growing wait."""

    commands: dict[str, list[str]]
    env: dict[str, str] | None = None
    first_wait: float = 1.0
    longest_wait: float = 60.0
    steady_after: float = 60.0  # a process that ran this long before dying starts its waits afresh
    clock: Callable[[], float] = time.monotonic
    children: dict[str, _Child] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.children = {name: _Child(name, command) for name, command in self.commands.items()}

    def start(self) -> None:
        """Start every process; ``OSError`` when one cannot be started at all."""
        for child in self.children.values():
            self._spawn(child, self.clock())

    def _spawn(self, child: _Child, now: float) -> None:
        child.process = subprocess.Popen(child.command, env=self.env)  # noqa: S603 - our own interpreter
        child.started_at, child.restart_at = now, None

    def poll(self) -> None:
        """Notice processes that died and start again those whose wait is over."""
        now = self.clock()
        for child in self.children.values():
            if child.restart_at is not None:
                if now >= child.restart_at:
                    self._restart(child, now)
                continue
            code = child.process.poll() if child.process is not None else None
            if code is None:
                continue
            steady = now - child.started_at >= self.steady_after
            child.wait = (
                self.first_wait if steady or not child.wait else min(child.wait * 2, self.longest_wait)
            )
            child.restart_at = now + child.wait
            logger.warning(
                "Tiến trình %s đã dừng (mã %s); khởi động lại sau %s giây.",
                child.name,
                code,
                _seconds(child.wait),
            )

    def _restart(self, child: _Child, now: float) -> None:
        try:
            self._spawn(child, now)
        except OSError as exc:
            child.wait = min(child.wait * 2, self.longest_wait)
            child.restart_at = now + child.wait
            logger.error(
                "Không khởi động lại được tiến trình %s (%s); thử lại sau %s giây.",
                child.name,
                exc,
                _seconds(child.wait),
            )
            return
        child.restarts += 1
        logger.warning("Đã khởi động lại tiến trình %s (lần %d).", child.name, child.restarts)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop every process: SIGTERM, then SIGKILL for one still running after ``timeout``."""
        running = [
            c.process for c in self.children.values() if c.process is not None and c.process.poll() is None
        ]
        for process in running:
            process.terminate()
        deadline = time.monotonic() + timeout
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


class Command(BaseCommand):
    help = "Chạy máy chủ web, tiến trình xử lý nền và bộ lập lịch trong một cửa sổ."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=settings.SERVE_HOST)
        parser.add_argument("--port", type=int, default=settings.SERVE_PORT)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CONGVU_WEB_WORKERS", "2")))

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "congvu.settings"}
        supervisor = Supervisor(programs(host=host, port=port, workers=workers), env=env)
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            supervisor.start()
        except OSError as exc:
            supervisor.stop()
            raise CommandError(f"Không khởi động được: {exc}") from None
        self.stdout.write(
            self.style.SUCCESS(f"Công Vụ đang chạy tại http://{host}:{port}/ — nhấn Ctrl+C để dừng.")
        )
        self.stdout.write(f"Cơ sở dữ liệu: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        try:
            while not stopping:
                supervisor.poll()
                time.sleep(0.5)
        finally:
            supervisor.stop()
