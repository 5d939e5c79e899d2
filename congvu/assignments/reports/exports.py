"""The reports as files: the evaluation report as XLSX (with a native bar chart) and as PDF (A4
landscape, Noto fonts so that every Vietnamese letter prints), the usage report as XLSX
(TASK-5, TASK-7).

WeasyPrint takes about two seconds to import, so it is imported inside the function that needs it.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from congvu.assignments.reports import selectors as reports
from congvu.assignments.reports.selectors import CHART_SERIES, MEASURES, EvaluationReport, UsageReport
from congvu.assignments.reports.selectors import USAGE_FIGURES as FIGURES
from congvu.core.pdf import sans_fonts
from congvu.core.text import safe_cell

CHART_ALL_ROWS = 60  # up to this many rows, the XLSX chart shows them all
EVALUATION_TITLE = "BÁO CÁO ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ"
USAGE_TITLE = "BÁO CÁO TÌNH HÌNH SỬ DỤNG PHẦN MỀM"

EVALUATION_COLUMNS = (
    ("assigned", MEASURES["assigned"]),
    ("on_time", MEASURES["on_time"]),
    ("late", MEASURES["late"]),
    ("overdue", MEASURES["overdue"]),
    ("in_progress", MEASURES["in_progress"]),
    ("returned", MEASURES["returned"]),
    ("avg_rating", "Điểm đánh giá bình quân"),
    ("on_time_rate", "Tỷ lệ đúng hạn (%)"),
)


def _generated(at) -> str:
    return f"Lập lúc {timezone.localtime(at):%H:%M} ngày {timezone.localtime(at):%d/%m/%Y}"


def filename(kind: str, report: Any, extension: str) -> str:
    period = report.period
    return f"{kind}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


def _row_label(row: Any) -> str:
    return row.label + (f" ({row.note})" if getattr(row, "note", "") else "")


def _workbook() -> tuple[io.BytesIO, Any]:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    return buffer, book


# --- evaluation ----------------------------------------------------------------------------------


def evaluation_xlsx(report: EvaluationReport) -> bytes:
    """One sheet: title, period, unit, the table with its totals row, and a stacked bar chart."""
    buffer, book = _workbook()
    sheet = book.add_worksheet("Đánh giá")
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    meta = book.add_format({"italic": True})
    head = book.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
    )
    cell = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "0"})
    decimal = book.add_format({"border": 1, "num_format": "0.00"})
    total_text = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8"})
    total_number = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8", "num_format": "0"})
    total_decimal = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8", "num_format": "0.00"})

    last_col = len(EVALUATION_COLUMNS) + 1
    sheet.merge_range(0, 0, 0, last_col, EVALUATION_TITLE, title)
    sheet.write(1, 0, f"Kỳ báo cáo: {report.period.label} ({report.period.span})", meta)
    sheet.write(2, 0, f"Đơn vị: {report.unit_line}", meta)
    sheet.write(3, 0, _generated(report.generated_at), meta)
    header_row = 5
    first_header = "Đơn vị" if report.group == "unit" else "Người / đơn vị chủ trì"
    sheet.write(header_row, 0, "STT", head)
    sheet.write(header_row, 1, first_header, head)
    for col, (_name, label) in enumerate(EVALUATION_COLUMNS, start=2):
        sheet.write(header_row, col, str(label), head)
    sheet.set_row(header_row, 32)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, last_col, 13)

    def write_figures(row_index: int, row: reports.StatRow, fmt_n: Any, fmt_d: Any) -> None:
        for col, (name, _label) in enumerate(EVALUATION_COLUMNS, start=2):
            value = getattr(row, name)
            if value is None:
                sheet.write_blank(row_index, col, None, fmt_n)
            else:
                sheet.write_number(
                    row_index, col, value, fmt_d if name in {"avg_rating", "on_time_rate"} else fmt_n
                )

    first_data = header_row + 1
    for i, row in enumerate(report.rows):
        r = first_data + i
        sheet.write_number(r, 0, i + 1, cell)
        sheet.write_string(r, 1, safe_cell(_row_label(row)), cell)
        write_figures(r, row, number, decimal)
    total_row = first_data + len(report.rows)
    sheet.write_blank(total_row, 0, None, total_text)
    sheet.write_string(total_row, 1, "Tổng cộng", total_text)
    write_figures(total_row, report.total, total_number, total_decimal)
    sheet.freeze_panes(first_data, 2)

    if report.rows:
        chart_sheet, first, last, name_col, columns = sheet, first_data, total_row - 1, 1, 2
        if len(report.rows) > CHART_ALL_ROWS:
            # Tens of thousands of bars say nothing: chart the busiest rows, on a sheet of their own.
            chart_sheet = book.add_worksheet("Biểu đồ")
            top = sorted(report.rows, key=lambda r: -r.assigned)[: reports.CHART_MAX_ROWS]
            chart_sheet.write_row(
                0, 0, [first_header, *(str(label) for _n, label in EVALUATION_COLUMNS[:5])], head
            )
            for i, row in enumerate(top, start=1):
                chart_sheet.write_string(i, 0, safe_cell(_row_label(row)))
                chart_sheet.write_row(i, 1, [getattr(row, n) for n, _label in EVALUATION_COLUMNS[:5]])
            chart_sheet.set_column(0, 0, 40)
            first, last, name_col, columns = 1, len(top), 0, 1
            header_at = 0
        else:
            header_at = header_row
        chart = book.add_chart({"type": "bar", "subtype": "stacked"})
        sheet_name = chart_sheet.get_name()
        for name, color in CHART_SERIES:
            col = columns + [n for n, _ in EVALUATION_COLUMNS].index(name)
            chart.add_series(
                {
                    "name": [sheet_name, header_at, col],
                    "categories": [sheet_name, first, name_col, last, name_col],
                    "values": [sheet_name, first, col, last, col],
                    "fill": {"color": color},
                    "gap": 60,
                }
            )
        chart.set_title({"name": f"Kết quả thực hiện nhiệm vụ — {report.period.label}"})
        chart.set_x_axis({"name": "Số công việc", "major_gridlines": {"visible": True}})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"position": "bottom"})
        bars = last - first + 1
        chart.set_size({"width": 860, "height": max(320, 60 + 28 * bars)})
        if chart_sheet is sheet:
            sheet.insert_chart(total_row + 2, 1, chart)
        else:
            chart_sheet.insert_chart(len(top) + 2, 0, chart)
    book.close()
    return buffer.getvalue()


def agency_name(report: EvaluationReport) -> str:
    """The top of the tree the report's unit belongs to (the agency), for the header."""
    from congvu.org import policies as org
    from congvu.org.models import Unit

    scope = report.scope
    unit = scope.unit or (scope.roots[0] if scope.roots else None)
    if unit is None:
        membership = org.primary_membership(scope.user)
        unit = membership.unit if membership else None
    if unit is None:
        return settings.AGENCY_NAME
    if unit.parent_id is None:
        return unit.name
    return (
        Unit.objects.filter(pk=unit.ancestor_ids[0]).values_list("name", flat=True).first()
        or settings.AGENCY_NAME
    )


def evaluation_pdf_context(report: EvaluationReport) -> dict[str, Any]:
    return {
        "report": report,
        "title": EVALUATION_TITLE,
        "agency_name": agency_name(report),
        "columns": EVALUATION_COLUMNS,
        "chart": reports.chart(report),
        "generated": _generated(report.generated_at),
        **sans_fonts(),
    }


def evaluation_pdf(report: EvaluationReport) -> bytes:
    """A4 landscape: title, period, unit, the table with its totals, the chart, the time it was made."""
    from weasyprint import HTML  # slow import: only when a PDF is asked for
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string("assignments/pdf_evaluation.html", evaluation_pdf_context(report))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())


# --- usage ---------------------------------------------------------------------------------------


def usage_xlsx(report: UsageReport) -> bytes:
    buffer, book = _workbook()
    sheet = book.add_worksheet("Sử dụng")
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    meta = book.add_format({"italic": True})
    head = book.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
    )
    cell = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "0"})
    decimal = book.add_format({"border": 1, "num_format": "0.0"})
    total_text = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8"})
    total_number = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8", "num_format": "0"})
    total_decimal = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8", "num_format": "0.0"})
    columns = [*FIGURES.items(), ("signed_in_rate", "Tỷ lệ đăng nhập (%)")]
    last_col = len(columns) + 1
    sheet.merge_range(0, 0, 0, last_col, USAGE_TITLE, title)
    sheet.write(1, 0, f"Kỳ báo cáo: {report.period.label} ({report.period.span})", meta)
    sheet.write(2, 0, f"Đơn vị: {report.scope.title}", meta)
    sheet.write(3, 0, _generated(report.generated_at), meta)
    header_row = 5
    sheet.write(header_row, 0, "STT", head)
    sheet.write(header_row, 1, "Đơn vị", head)
    for col, (_name, label) in enumerate(columns, start=2):
        sheet.write(header_row, col, str(label), head)
    sheet.set_row(header_row, 32)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, last_col, 14)

    def write_figures(r: int, row: Any, fmt_n: Any, fmt_d: Any) -> None:
        for col, (name, _label) in enumerate(columns, start=2):
            value = getattr(row, name)
            if value is None:
                sheet.write_blank(r, col, None, fmt_n)
            else:
                sheet.write_number(r, col, value, fmt_d if name == "signed_in_rate" else fmt_n)

    for i, row in enumerate(report.rows):
        r = header_row + 1 + i
        sheet.write_number(r, 0, i + 1, cell)
        sheet.write_string(r, 1, safe_cell(_row_label(row)), cell)
        write_figures(r, row, number, decimal)
    total_row = header_row + 1 + len(report.rows)
    sheet.write_blank(total_row, 0, None, total_text)
    sheet.write_string(total_row, 1, "Tổng cộng", total_text)
    write_figures(total_row, report.total, total_number, total_decimal)
    sheet.freeze_panes(header_row + 1, 2)
    book.close()
    return buffer.getvalue()
