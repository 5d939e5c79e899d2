"""The consultation report as an XLSX workbook (COL-5): who answered, what and when, who gave a
reason for none, and who has not answered — the list a leader acts on (seed 002 Đ7.5: silence
without a reason is handled under the agency's working rules). The sheet carries who exported it
and when."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from congvu.collaboration.consultations.selectors import Report

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def report_xlsx(report: Report, *, exported_by: Any) -> bytes:
    from openpyxl import Workbook  # slow import: only when a workbook is asked for
    from openpyxl.styles import Font

    consultation = report.consultation
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tổng hợp ý kiến"
    bold = Font(bold=True)
    now = timezone.localtime()
    sheet.append(["TỔNG HỢP Ý KIẾN GÓP Ý"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["Nội dung", consultation.title or consultation.subject])
    sheet.append(["Cơ quan", consultation.agency.name])
    sheet.append(["Người soạn thảo", consultation.drafter.full_name])
    sheet.append(["Hạn góp ý", _when(consultation.deadline)])
    sheet.append(
        [
            "Kết quả",
            f"{len(report.answered)} người góp ý, {len(report.excused)} người có lý do không góp ý, "
            f"{len(report.silent)} người chưa trả lời / {report.total} người được lấy ý kiến",
        ]
    )
    sheet.append([f"Xuất bởi {exported_by.full_name} lúc {now:%H:%M} ngày {now:%d/%m/%Y}"])
    sheet.append([])
    header = [
        "STT",
        "Họ và tên",
        "Tên đăng nhập",
        "Tình trạng",
        "Nội dung ý kiến / lý do",
        "Tệp",
        "Thời điểm",
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    number = 0
    for row in [*report.answered, *report.excused]:
        number += 1
        sheet.append(
            [
                number,
                row.user.full_name,
                row.user.username,
                row.get_answer_display(),
                row.text,
                row.attachment.original_name if row.attachment is not None else "",
                _when(row.answered_at),
            ]
        )
    for row in report.silent:
        number += 1
        sheet.append([number, row.user.full_name, row.user.username, "Chưa trả lời", "", "", ""])
    for column, width in zip("ABCDEFG", (6, 28, 16, 26, 60, 24, 18), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
