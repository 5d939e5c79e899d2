"""``congvu start``: the web server, the task worker and the scheduler in one terminal.

The embedded default of ``make run``. In production each of the three runs as its own service
(see README, deployment), usually on several machines.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy máy chủ web, tiến trình xử lý nền và bộ lập lịch trong một cửa sổ."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.SERVE_HOST)
        parser.add_argument("--port", type=int, default=settings.SERVE_PORT)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CONGVU_WEB_WORKERS", "2")))

    def handle(self, *args, host, port, workers, **options):
        python = sys.executable
        commands = {
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
            "worker": [python, "-m", "congvu", "db_worker", "--queue-name", "*", "--interval", "1"],
            "scheduler": [python, "-m", "congvu", "run_scheduler"],
        }
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "congvu.settings"}
        processes: dict[str, subprocess.Popen] = {}
        try:
            for name, command in commands.items():
                processes[name] = subprocess.Popen(command, env=env)  # noqa: S603 - our own interpreter
        except OSError as exc:
            raise CommandError(f"Không khởi động được: {exc}") from None
        self.stdout.write(
            self.style.SUCCESS(f"Công Vụ đang chạy tại http://{host}:{port}/ — nhấn Ctrl+C để dừng.")
        )
        self.stdout.write(f"Cơ sở dữ liệu: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, process in processes.items():
                code = process.poll()
                if code is not None:
                    self.stderr.write(f"Tiến trình {name} đã dừng (mã {code}); dừng toàn bộ.")
                    stopping, exit_code = True, code or 1
                    break
            time.sleep(0.5)
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.time() + 10
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                process.kill()
        if exit_code:
            raise CommandError("Công Vụ đã dừng vì một tiến trình bị lỗi.")
