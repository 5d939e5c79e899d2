"""``congvu backup``: copy the database, the stored files and the audit checkpoints (ADM-3).

    congvu backup                  # one backup now, into CONGVU_BACKUP_DIR; the oldest beyond
                                   # CONGVU_BACKUP_KEEP are removed
    congvu backup --list           # the backups kept, oldest first

The scheduler makes one every CONGVU_BACKUP_EVERY_DAYS days (7 by default). ``congvu restore``
brings one back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from congvu.core import backups


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, các tệp đã lưu và điểm kiểm tra nhật ký."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", dest="show_list", action="store_true", help="Liệt kê các bản sao lưu đang giữ."
        )

    def handle(self, *args: Any, show_list: bool, **options: Any) -> None:
        if show_list:
            found = backups.backups()
            if not found:
                self.stdout.write(f"Chưa có bản sao lưu nào trong {settings.BACKUP_DIR}.")
            for backup in found:
                when = timezone.localtime(backup.created_at)
                rows = sum(backup.manifest["row_counts"].values())
                self.stdout.write(
                    f"{backup.path}  {when:%H:%M %d/%m/%Y}  {rows} dòng, {len(backup.manifest['files'])} tệp"
                )
            return
        try:
            backup = backups.backup_create()
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(backup.manifest["row_counts"].values())
        self.stdout.write(
            f"Đã sao lưu vào {backup.path}: {rows} dòng dữ liệu, {len(backup.manifest['files'])} tệp."
        )
