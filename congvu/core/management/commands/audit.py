"""``congvu audit``: check and export the audit log (ADM-2, R-SEC-2).

    congvu audit verify
    congvu audit checkpoint
    congvu audit purge
    congvu audit export --since 2026-01-01 --until 2026-03-31 --format xlsx --output q1.xlsx

``verify`` walks the hash chain and names every edited, removed or inserted row, then compares the
chain with the latest signed checkpoint (``congvu.core.audit_checkpoints``); it exits with a
non-zero status when the chain is broken (for monitoring). ``checkpoint`` writes a checkpoint now
(the scheduler writes one every hour by default). ``purge`` deletes the rows past the retention
period (TV-SEC-6; the scheduler runs it every night). ``export`` writes the events of a period
(by local date, both ends included) with the columns of the administration screen's export
(``congvu.core.audit_export``: time in UTC and +07:00, account, IP, object, action, result; R-SEC-2),
streamed to the file so a long period fits; the export is itself recorded in the log.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from congvu.core import audit, audit_checkpoints, audit_export, audit_retention
from congvu.core.models import AuditEvent

from .workdays import parse_date


def _events(since: dt.date | None, until: dt.date | None) -> Iterator[AuditEvent]:
    events = AuditEvent.objects.select_related("actor", "on_behalf_of").order_by("id")
    if since:
        events = events.filter(occurred_at__gte=timezone.make_aware(dt.datetime.combine(since, dt.time.min)))
    if until:
        end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
        events = events.filter(occurred_at__lt=end)
    return events.iterator(chunk_size=2000)


def _write_csv(path: Path, events: Iterator[AuditEvent]) -> int:
    """Row by row to the file (a whole year may not fit in memory); the columns of the admin export."""
    count = 0
    # utf-8-sig: spreadsheet programs read the Vietnamese text correctly only with the byte-order mark.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(audit_export.HEADERS)
        for event in events:
            writer.writerow([_formula_safe(value) for value in audit_export.row_values(event)])
            count += 1
    return count


def _formula_safe(value: Any) -> Any:
    """Text typed by people must not become a spreadsheet formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _write_xlsx(path: Path, events: Iterator[AuditEvent]) -> int:
    """Streamed to the file (constant memory), with the columns of the admin export."""
    import xlsxwriter

    count = 0
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    try:
        sheet = book.add_worksheet("Nhật ký hệ thống")
        head = book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True})
        for col, width in enumerate(audit_export.WIDTHS):
            sheet.set_column(col, col, width)
        sheet.write_row(0, 0, audit_export.HEADERS, head)
        sheet.freeze_panes(1, 0)
        for count, event in enumerate(events, start=1):
            sheet.write_row(count, 0, audit_export.row_values(event))
    finally:
        book.close()
    return count


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn và xuất nhật ký hệ thống."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        sub.add_parser("verify", help="Kiểm tra chuỗi băm của nhật ký và đối chiếu điểm kiểm tra cuối cùng.")
        sub.add_parser("checkpoint", help="Ghi một điểm kiểm tra có chữ ký của chuỗi nhật ký.")
        sub.add_parser("purge", help="Xóa các bản ghi nhật ký quá thời hạn lưu trữ.")
        export = sub.add_parser("export", help="Xuất nhật ký của một khoảng thời gian ra CSV hoặc XLSX.")
        export.add_argument("--since", help="Từ ngày (2026-01-01 hoặc 01/01/2026), tính cả ngày này.")
        export.add_argument("--until", help="Đến ngày, tính cả ngày này.")
        export.add_argument("--format", choices=("csv", "xlsx"), default=None, help="csv hoặc xlsx.")
        export.add_argument("--output", required=True, help="Tệp kết quả.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            self._verify()
        elif action == "checkpoint":
            checkpoint = audit_checkpoints.checkpoint_write(reason="manual")
            self.stdout.write(
                f"Đã ghi điểm kiểm tra: bản ghi cuối #{checkpoint.head_id}, {checkpoint.count} bản ghi, "
                f"vào {settings.AUDIT_CHECKPOINT_FILE}."
            )
        elif action == "purge":
            try:
                result = audit_retention.audit_purge()
            except audit_retention.AuditPurgeUnavailable as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"Đã xóa {result.deleted} bản ghi nhật ký trước "
                f"{timezone.localtime(result.cutoff):%d/%m/%Y %H:%M}."
            )
        else:
            self._export(**options)

    def _verify(self) -> None:
        try:
            checkpoint = audit_checkpoints.latest()
        except audit_checkpoints.BadCheckpoint as exc:
            checkpoint, problems = None, [audit.ChainProblem(None, str(exc))]
        else:
            problems = []
        problems += list(audit.verify(checkpoint=checkpoint))
        if problems:
            for problem in problems:
                where = f"Bản ghi #{problem.event_id}" if problem.event_id else "Chuỗi"
                self.stderr.write(f"{where}: {problem.problem}")
            raise CommandError(f"Chuỗi nhật ký KHÔNG toàn vẹn: {len(problems)} vấn đề.")
        self.stdout.write(f"Chuỗi nhật ký toàn vẹn: {AuditEvent.objects.count()} bản ghi")
        if checkpoint is None:
            self.stdout.write(f"Chưa có điểm kiểm tra nào trong {settings.AUDIT_CHECKPOINT_FILE}.")
        else:
            when = timezone.localtime(checkpoint.moment)
            self.stdout.write(
                f"Khớp điểm kiểm tra lúc {when:%H:%M %d/%m/%Y} (bản ghi #{checkpoint.head_id})."
            )

    def _export(
        self, *, since: str | None, until: str | None, format: str | None, output: str, **_: Any
    ) -> None:
        first = parse_date(since) if since else None
        last = parse_date(until) if until else None
        if first and last and first > last:
            raise CommandError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        path = Path(output)
        kind = format or path.suffix.lower().lstrip(".")
        if kind not in ("csv", "xlsx"):
            raise CommandError("Định dạng xuất phải là csv hoặc xlsx (--format).")
        if not path.parent.exists():
            raise CommandError(f"Thư mục “{path.parent}” không tồn tại.")
        writer = _write_csv if kind == "csv" else _write_xlsx
        count = writer(path, _events(first, last))
        audit.record(
            actor=None,
            action="core.audit.exported",
            object_type="core.auditevent",
            object_repr=f"Xuất nhật ký ({kind.upper()}, {count} dòng) bằng dòng lệnh",
            after={"filters": {"since": first, "until": last}, "format": kind, "rows": count},
        )
        self.stdout.write(f"Đã xuất {count} bản ghi nhật ký ra {path} ({kind}).")
