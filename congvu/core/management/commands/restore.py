"""``congvu restore <backup directory> --yes``: bring a backup back (ADM-3).

Replaces the whole database with the backup's and puts its stored files back, after checking each
file against the backup's manifest. Stop the web servers, the workers and the scheduler first. The
restore is recorded in the audit log and pinned by an audit checkpoint. On PostgreSQL, run it as a
role that may recreate the tables and the audit purge function (the database owner or a superuser).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congvu.core import backups


class Command(BaseCommand):
    help = "Khôi phục dữ liệu từ một bản sao lưu (thay toàn bộ dữ liệu hiện tại)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="Thư mục bản sao lưu (xem congvu backup --list).")
        parser.add_argument("--yes", action="store_true", help="Xác nhận thay toàn bộ dữ liệu hiện tại.")

    def handle(self, *args: Any, backup: str, yes: bool, **options: Any) -> None:
        try:
            found = backups.backup_open(Path(backup))
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        if not yes:
            raise CommandError(
                f"Khôi phục sẽ thay toàn bộ dữ liệu hiện tại bằng bản sao lưu {found.path.name}. "
                "Hãy dừng máy chủ web, tiến trình nền và bộ lập lịch, rồi chạy lại với --yes."
            )
        try:
            backups.backup_restore(path=found.path)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(found.manifest["row_counts"].values())
        self.stdout.write(
            f"Đã khôi phục {found.path.name}: {rows} dòng dữ liệu, {len(found.manifest['files'])} tệp."
        )
