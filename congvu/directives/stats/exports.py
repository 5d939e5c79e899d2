"""The DIR-6 report as files: XLSX (both tables and a native stacked bar chart per lead agency) and
PDF (A4 landscape, Noto fonts so that every Vietnamese letter prints). A closed period exports its
frozen figures, and its title says so.

WeasyPrint takes about two seconds to import, so it is imported inside the function that needs it.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from congvu.core.pdf import sans_fonts
from congvu.core.text import safe_cell
from congvu.directives.stats.forms import Period
from congvu.directives.stats.selectors import (
    CATEGORIES,
    CHART_COLORS,
    CHART_ORDER,
    Statistics,
    StatRow,
    chart,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CHỈ ĐẠO"
FROZEN = "SỐ LIỆU ĐÃ CHỐT"
SHEET = "Báo cáo"
COLUMNS: tuple[tuple[str, str], ...] = (
    *((name, str(CATEGORIES[name])) for name in CHART_ORDER),
    ("total", "Tổng số"),
    ("on_time_rate", "Tỷ lệ đúng hạn (%)"),
)


def title(snapshot: Any) -> str:
    return f"{TITLE} ({FROZEN})" if snapshot is not None else TITLE


def status_line(stats: Statistics, snapshot: Any) -> str:
    if snapshot is not None:
        at = timezone.localtime(snapshot.closed_at)
        who = snapshot.closed_by.full_name if snapshot.closed_by_id else ""
        return f"Số liệu đã chốt ngày {at:%d/%m/%Y} lúc {at:%H:%M}, người chốt: {who}"
    return f"Số liệu hiện tại, tính đến ngày {stats.as_of:%d/%m/%Y}"


def filename(period: Period, extension: str) -> str:
    return f"bao-cao-chi-dao-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


def statistics_xlsx(stats: Statistics, period: Period, *, snapshot: Any = None) -> bytes:
    """One sheet: the title, the period, the agency, the table per lead agency with its totals, the
    table per directing leader, and a stacked bar chart of the five categories per lead agency."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(SHEET)
    big = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    meta = book.add_format({"italic": True})
    bold = book.add_format({"bold": True})
    head = book.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
    )
    cell = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "0"})
    decimal = book.add_format({"border": 1, "num_format": "0.0"})
    total_text = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8"})
    total_number = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8", "num_format": "0"})
    total_decimal = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8", "num_format": "0.0"})
    last_col = len(COLUMNS) + 1
    sheet.merge_range(0, 0, 0, last_col, title(snapshot), big)
    sheet.write(1, 0, f"Kỳ báo cáo: {period.label} ({period.span})", meta)
    sheet.write(2, 0, f"Cơ quan ban hành: {safe_cell(stats.agency_name)}", meta)
    sheet.write(3, 0, status_line(stats, snapshot), meta)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, last_col, 13)

    def table(top: int, caption: str, first_header: str, rows: list[StatRow]) -> tuple[int, int, int]:
        sheet.write(top, 0, caption, bold)
        header = top + 1
        sheet.write(header, 0, "STT", head)
        sheet.write(header, 1, first_header, head)
        for col, (_name, label) in enumerate(COLUMNS, start=2):
            sheet.write(header, col, label, head)
        sheet.set_row(header, 32)

        def figures(r: int, row: StatRow, fmt_n: Any, fmt_d: Any) -> None:
            for col, (name, _label) in enumerate(COLUMNS, start=2):
                value = getattr(row, name)
                if value is None:
                    sheet.write_blank(r, col, None, fmt_n)
                else:
                    sheet.write_number(r, col, value, fmt_d if name == "on_time_rate" else fmt_n)

        for i, row in enumerate(rows):
            r = header + 1 + i
            sheet.write_number(r, 0, i + 1, cell)
            sheet.write_string(r, 1, safe_cell(row.label), cell)
            figures(r, row, number, decimal)
        total_row = header + 1 + len(rows)
        sheet.write_blank(total_row, 0, None, total_text)
        sheet.write_string(total_row, 1, "Tổng cộng", total_text)
        figures(total_row, stats.totals, total_number, total_decimal)
        return header, header + 1, total_row

    header, first, total_row = table(5, "Theo cơ quan chủ trì", "Cơ quan chủ trì", stats.rows_by_agency)
    _h2, _f2, leader_total = table(total_row + 2, "Theo người chỉ đạo", "Người chỉ đạo", stats.rows_by_leader)
    if stats.rows_by_agency:
        bar_chart = book.add_chart({"type": "bar", "subtype": "stacked"})
        last = total_row - 1
        for col, (name, _label) in enumerate(COLUMNS[:5], start=2):
            bar_chart.add_series(
                {
                    "name": [SHEET, header, col],
                    "categories": [SHEET, first, 1, last, 1],
                    "values": [SHEET, first, col, last, col],
                    "fill": {"color": CHART_COLORS[name]},
                    "gap": 60,
                }
            )
        bar_chart.set_title({"name": f"Kết quả thực hiện nhiệm vụ chỉ đạo — {period.label}"})
        bar_chart.set_x_axis({"name": "Số nhiệm vụ", "major_gridlines": {"visible": True}})
        bar_chart.set_y_axis({"reverse": True})
        bar_chart.set_legend({"position": "bottom"})
        bars = last - first + 1
        bar_chart.set_size({"width": 860, "height": max(320, 60 + 28 * bars)})
        sheet.insert_chart(leader_total + 2, 1, bar_chart)
    sheet.freeze_panes(first, 2)
    book.close()
    return buffer.getvalue()


def statistics_pdf(stats: Statistics, period: Period, *, snapshot: Any = None) -> bytes:
    """A4 landscape: title, period, agency, both tables with their totals, the chart."""
    from weasyprint import HTML  # slow import: only when a PDF is asked for
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(
        "directives/stats/pdf_report.html",
        {
            "stats": stats,
            "period": period,
            "title": title(snapshot),
            "status_line": status_line(stats, snapshot),
            "columns": COLUMNS,
            "chart": chart(stats),
            "colors": CHART_COLORS,
            "generated": f"Lập lúc {timezone.localtime():%H:%M} ngày {timezone.localtime():%d/%m/%Y}",
            **sans_fonts(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())
