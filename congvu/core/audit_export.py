"""The audit log as CSV or XLSX (R-SEC-2: UTC and +07:00 time, account, source IP, object, action,
result). Vietnamese headers; the CSV starts with a byte-order mark so that spreadsheet programs read
it as UTF-8."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any

import xlsxwriter

from congvu.core.audit import RESULT_LABELS
from congvu.core.models import AuditEvent
from congvu.core.registry import audit_label as action_label
from congvu.core.text import safe_cell

VN_OFFSET = dt.timezone(dt.timedelta(hours=7))

HEADERS = (
    "Số thứ tự bản ghi",
    "Thời điểm (UTC)",
    "Thời điểm (+07:00)",
    "Người thực hiện",
    "Tài khoản",
    "Thay mặt (tài khoản)",
    "Hành động",
    "Mã hành động",
    "Loại đối tượng",
    "Mã đối tượng",
    "Đối tượng",
    "Ghi chú",
    "Địa chỉ IP",
    "Kết quả",
    "Trước khi thay đổi",
    "Sau khi thay đổi",
    "Mã băm",
)
WIDTHS = (10, 21, 20, 28, 14, 14, 28, 30, 20, 10, 32, 30, 16, 14, 40, 40, 20)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


def row_values(event: AuditEvent) -> list[Any]:
    occurred = event.occurred_at.astimezone(dt.UTC)
    return [
        event.pk,
        occurred.strftime("%Y-%m-%dT%H:%M:%SZ"),
        occurred.astimezone(VN_OFFSET).strftime("%d/%m/%Y %H:%M:%S"),
        str(event.actor_display),
        event.actor.username if event.actor is not None else "",
        event.on_behalf_of.username if event.on_behalf_of is not None else "",
        action_label(event.action),
        event.action,
        event.object_type,
        event.object_id,
        event.object_repr,
        event.note,
        event.ip or "",
        str(RESULT_LABELS.get(event.result, event.result)),
        _json(event.before),
        _json(event.after),
        event.hash,
    ]


def to_csv(events: Iterable[AuditEvent]) -> tuple[bytes, int]:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    count = 0
    for event in events:
        writer.writerow([safe_cell(v) for v in row_values(event)])
        count += 1
    return buffer.getvalue().encode("utf-8"), count


def to_xlsx(events: Iterable[AuditEvent], *, title: str = "Nhật ký hệ thống") -> tuple[bytes, int]:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(title[:31])
    head = book.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
    )
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        sheet.write(0, col, header, head)
        sheet.set_column(col, col, width, wrap if width >= 28 else None)
    count = 0
    for count, event in enumerate(events, start=1):
        sheet.write_row(count, 0, row_values(event))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(HEADERS) - 1)
    book.close()
    return buffer.getvalue(), count
