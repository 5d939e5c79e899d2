"""A register as a file (R-REG-1: printable with every column of the model register, then signed
and bound): XLSX for any span of the year, PDF for printing.

- XLSX: openpyxl's write-only mode, rows read from the database in chunks and written as they come,
  so a year of 20,000 documents neither sits in memory whole nor takes more than a few seconds
  (``bench/documents_register_export.py``). Bounded at ``MAX_XLSX_ROWS``.
- PDF: WeasyPrint lays out every row, about 13 ms a row on this machine (1,000 rows: 13 s), so
  one file holds at most ``MAX_PDF_ROWS`` rows — a month of most agencies' registers, half a month
  of the busiest. A wider span is refused with a message to narrow it (a month, or a shorter range
  of days) or to take the XLSX, which holds the whole year.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.core.pdf import sans_fonts
from congvu.core.text import safe_cell
from congvu.documents.models import Direction, Register
from congvu.documents.registers import selectors
from congvu.documents.registers.selectors import RowFilter

MAX_XLSX_ROWS = 200_000
MAX_PDF_ROWS = 1_000
TITLES = {
    (Direction.INCOMING, selectors.REGISTRATION): "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    (Direction.INCOMING, selectors.FOLLOW_UP): "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN",
    (Direction.OUTGOING, selectors.REGISTRATION): "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
}
FILE_NAMES = {
    (Direction.INCOMING, selectors.REGISTRATION): "so-van-ban-den",
    (Direction.INCOMING, selectors.FOLLOW_UP): "so-theo-doi-giai-quyet-van-ban-den",
    (Direction.OUTGOING, selectors.REGISTRATION): "so-van-ban-di",
}
COLUMN_WIDTHS = {
    "arrival_date": 16,
    "arrival_number": 8,
    "author": 22,
    "number_notation": 20,
    "issued_date": 16,
    "type_subject": 50,
    "receiver": 26,
    "routed_on": 16,
    "signed_for": 10,
    "note": 20,
    "signer": 22,
    "recipients": 30,
    "archive": 26,
    "amount": 8,
    "sent_on": 16,
    "document": 40,
    "due_date": 14,
    "progress": 26,
    "reply": 20,
}


def count_rows(register: Register, year: int, filters: RowFilter) -> int:
    return selectors.register_rows(register, year, filters).order_by().count()


def check_size(register: Register, year: int, filters: RowFilter, file_format: str) -> int:
    """The number of rows the file will hold, or refused when too many for one file."""
    rows = count_rows(register, year, filters)
    limit = MAX_PDF_ROWS if file_format == "pdf" else MAX_XLSX_ROWS
    if rows > limit:
        if file_format == "pdf":
            raise Refused.invalid(
                f"Sổ có {rows:,} văn bản trong khoảng đã chọn; mỗi tệp PDF in tối đa {limit:,} dòng. "
                "Vui lòng chọn một tháng hoặc một khoảng ngày ngắn hơn (hoặc tải tệp Excel).".replace(
                    ",", "."
                ),
                field="thang",
            )
        raise Refused.invalid(
            f"Sổ có {rows:,} văn bản trong khoảng đã chọn; mỗi tệp Excel tối đa {limit:,} dòng.".replace(
                ",", "."
            ),
            field="thang",
        )
    return rows


def span_words(year: int, filters: RowFilter) -> str:
    if filters.date_from or filters.date_to:
        start = filters.date_from or dt.date(year, 1, 1)
        end = filters.date_to or dt.date(year, 12, 31)
        return f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    if filters.month:
        return f"Tháng {filters.month} năm {year}"
    return f"Năm {year}"


def _book(register: Register, book: str) -> tuple[Direction, str]:
    return Direction(register.direction), selectors.book_of(register, book)


def title(register: Register, book: str = selectors.REGISTRATION) -> str:
    return TITLES[_book(register, book)]


def filename(
    register: Register, year: int, filters: RowFilter, extension: str, book: str = selectors.REGISTRATION
) -> str:
    kind = FILE_NAMES[_book(register, book)]
    part = f"-{filters.month:02d}" if filters.month else ""
    return f"{kind}-{register.pk}-{year}{part}.{extension}"


def _made_by(actor: Any) -> str:
    """The mark of who made the copy and when (F-6k: a printed copy carries its print mark)."""
    who = f" bởi {actor.full_name}" if getattr(actor, "full_name", "") else ""
    return f"Lập{who} lúc {timezone.localtime():%H:%M ngày %d/%m/%Y}"


def register_xlsx(
    register: Register,
    year: int,
    filters: RowFilter,
    out: IO[bytes] | None = None,
    *,
    actor: Any = None,
    book: str = selectors.REGISTRATION,
) -> IO[bytes]:
    """The register (as ``book``: its register or its follow-up register) as an XLSX workbook
    written to ``out`` (a temporary file by default), rewound."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    cols = selectors.columns(register, book)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sổ văn bản")
    for i, (name, _label) in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = COLUMN_WIDTHS.get(name, 14)
    sheet.freeze_panes = "A6"

    def cell(value: Any, *, bold: bool = False, wrap: bool = False) -> WriteOnlyCell:
        c = WriteOnlyCell(sheet, value=value)
        if bold:
            c.font = Font(bold=True)
        if wrap:
            c.alignment = Alignment(wrap_text=True, vertical="top")
        return c

    sheet.append([cell(register.agency.name.upper(), bold=True)])
    sheet.append([cell(title(register, book), bold=True), None, None, cell(register.name)])
    sheet.append([span_words(year, filters)])
    sheet.append([_made_by(actor)])
    sheet.append([cell(label, bold=True, wrap=True) for _name, label in cols])
    names = [name for name, _label in cols]
    date_format = "DD/MM/YYYY"
    for row in selectors.stream_rows(register, year, filters, book=book):
        values = []
        for name in names:
            value = row[name]
            if name in selectors.DATE_COLUMNS and value is not None:
                c = WriteOnlyCell(sheet, value=value)
                c.number_format = date_format
                values.append(c)
            else:
                values.append(safe_cell(value) if value != "" else None)
        sheet.append(values)
    target = out or tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned open
    workbook.save(target)
    target.seek(0)
    return target


def register_pdf(
    register: Register,
    year: int,
    filters: RowFilter,
    *,
    actor: Any = None,
    book: str = selectors.REGISTRATION,
) -> bytes:
    """The register for printing: A4 landscape, every column of the model register, the rows of
    the span (at most ``MAX_PDF_ROWS``: the caller checked), a line for the keeper to sign."""
    from weasyprint import HTML  # slow import: only when a PDF is asked for
    from weasyprint.text.fonts import FontConfiguration

    cols = selectors.columns(register, book)
    names = [name for name, _label in cols]
    total = sum(COLUMN_WIDTHS.get(name, 14) for name in names)
    rows = [
        [selectors.printed(name, row[name]) for name in names]
        for row in selectors.stream_rows(register, year, filters, book=book)
    ]
    html = render_to_string(
        "documents/registers/pdf_register.html",
        {
            "register": register,
            "title": title(register, book),
            "span": span_words(year, filters),
            "headers": [label for _name, label in cols],
            "rows": rows,
            "widths": [COLUMN_WIDTHS.get(name, 14) * 100 / total for name in names],
            "generated": _made_by(actor),
            **sans_fonts(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(
    register: Register,
    year: int,
    filters: RowFilter,
    file_format: str,
    *,
    actor: Any,
    book: str = selectors.REGISTRATION,
) -> HttpResponse | FileResponse:
    """The register's file as the answer to send, for the screen and the API alike (the export
    checked and audited first: ``services.register_export``)."""
    name = filename(register, year, filters, file_format, book)
    if file_format == "pdf":
        response = HttpResponse(
            register_pdf(register, year, filters, actor=actor, book=book), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(
        register_xlsx(register, year, filters, actor=actor, book=book),
        as_attachment=True,
        filename=name,
        content_type=XLSX_TYPE,
    )
