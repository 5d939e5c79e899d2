"""The council report (seed 003 Đ11.2): Home Affairs exports a period's results for the council.

XLSX: a ranking sheet (rank, unit, per area self / final, totals, index, grade) and a detail
sheet (units × counted leaves, self and final). PDF: A4 landscape, the ranking with a column per
area, Noto fonts so every Vietnamese letter prints. Text typed by people goes through
``safe_cell``. WeasyPrint is imported inside the function that needs it (a slow import).
"""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from congvu.core.pdf import sans_fonts
from congvu.core.text import safe_cell
from congvu.scoring import rules
from congvu.scoring.models import Kind, Period
from congvu.scoring.results.selectors import PeriodResults, leaf_table, percent

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RANKING_SHEET = "Xếp hạng"
DETAIL_SHEET = "Chi tiết"
NOT_SUBMITTED = "Không gửi báo cáo"
KIND_TITLES = {
    Kind.PAR_INDEX: "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
    Kind.TASK_COMPLETION: "MỨC ĐỘ HOÀN THÀNH NHIỆM VỤ",
}


def title(period: Period) -> str:
    kind = KIND_TITLES.get(period.kind, str(period.get_kind_display()).upper())  # type: ignore[call-overload]
    return f"BÁO CÁO KẾT QUẢ THẨM ĐỊNH {kind} NĂM {period.year}"


def status_line(period: Period) -> str:
    if period.status == Period.Status.PUBLISHED and period.published_at:
        return f"Kết quả đã công bố ngày {timezone.localtime(period.published_at):%d/%m/%Y}"
    return "Kết quả chưa công bố (tạm tính)"


def survey_line(period: Period, maximum: Decimal) -> str:
    if period.with_survey:
        return f"Có điều tra xã hội học; điểm tối đa {rules.show(maximum)}"
    return (
        f"Không điều tra xã hội học: các tiêu chí điều tra không tính, chỉ số tính trên điểm tối đa "
        f"{rules.show(maximum)}"
    )


def filename(period: Period, extension: str) -> str:
    return f"ket-qua-cham-diem-{period.year}-{period.pk}.{extension}"


def _number(value: Decimal) -> float:
    return float(value)


def results_xlsx(found: PeriodResults) -> bytes:
    period = found.period
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    big = book.add_format({"bold": True, "font_size": 14})
    meta = book.add_format({"italic": True})
    head = book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True,
                            "valign": "top"})  # fmt: skip
    cell = book.add_format({"border": 1})
    points = book.add_format({"border": 1, "num_format": "0.00"})
    index = book.add_format({"border": 1, "num_format": "0.00"})

    sheet = book.add_worksheet(RANKING_SHEET)
    sheet.write(0, 0, title(period), big)
    sheet.write(1, 0, safe_cell(period.title), meta)
    sheet.write(2, 0, f"{status_line(period)}. {survey_line(period, found.maximum)}.", meta)
    header = 4
    columns = ["Hạng", "Đơn vị"]
    for area in found.areas:
        label = f"LV{area.code} (tối đa {rules.show(found.area_maxima[area.pk])})"
        columns += [f"{label} tự chấm", f"{label} thẩm định"]
    columns += ["Tổng tự chấm", "Tổng thẩm định", "Chỉ số (%)", "Xếp loại"]
    for col, label in enumerate(columns):
        sheet.write(header, col, label, head)
    sheet.set_row(header, 48)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, len(columns) - 1, 11)
    for i, unit in enumerate(found.units):
        r = header + 1 + i
        if unit.rank is None:
            sheet.write_blank(r, 0, None, cell)
        else:
            sheet.write_number(r, 0, unit.rank, cell)
        sheet.write_string(r, 1, safe_cell(unit.unit_name), cell)
        col = 2
        for area in found.areas:
            totals = unit.areas[area.pk]
            sheet.write_number(r, col, _number(totals.self_total), points)
            sheet.write_number(r, col + 1, _number(totals.final_total), points)
            col += 2
        sheet.write_number(r, col, _number(unit.self_total), points)
        sheet.write_number(r, col + 1, _number(unit.final_total), points)
        sheet.write_number(r, col + 2, _number(unit.index), index)
        sheet.write_string(
            r, col + 3, rules.grade(unit.index) if unit.rank is not None else NOT_SUBMITTED, cell
        )
    sheet.freeze_panes(header + 1, 2)

    leaves, table = leaf_table(period)
    detail = book.add_worksheet(DETAIL_SHEET)
    detail.write(0, 0, f"{title(period)} — điểm từng tiêu chí", big)
    detail.write(1, 0, "Mỗi tiêu chí hai cột: tự chấm, điểm cuối cùng (thẩm định / điều tra).", meta)
    detail.write(3, 0, "Đơn vị", head)
    detail.write(4, 0, "", head)
    for j, (_pk, code, name) in enumerate(leaves):
        detail.merge_range(3, 1 + 2 * j, 3, 2 + 2 * j, safe_cell(f"{code} {name}"), head)
        detail.write(4, 1 + 2 * j, "Tự chấm", head)
        detail.write(4, 2 + 2 * j, "Cuối cùng", head)
    detail.set_row(3, 60)
    detail.set_column(0, 0, 36)
    detail.set_column(1, 2 * len(leaves), 9)
    for i, unit in enumerate(found.units):
        r = 5 + i
        detail.write_string(r, 0, safe_cell(unit.unit_name), cell)
        scores = table.get(unit.assessment_id, {})
        for j, (pk, _code, _name) in enumerate(leaves):
            own, final = scores.get(pk, (None, Decimal(0)))
            if own is None:
                detail.write_blank(r, 1 + 2 * j, None, points)
            else:
                detail.write_number(r, 1 + 2 * j, _number(own), points)
            detail.write_number(r, 2 + 2 * j, _number(final), points)
    detail.freeze_panes(5, 1)
    book.close()
    return buffer.getvalue()


def results_pdf(found: PeriodResults) -> bytes:
    """A4 landscape: the heading, the period, then the ranking with a column per area."""
    from weasyprint import HTML  # slow import: only when a PDF is asked for
    from weasyprint.text.fonts import FontConfiguration

    period = found.period
    rows = [
        {
            "rank": unit.rank or "",
            "name": unit.unit_name,
            "areas": [rules.show(unit.areas[a.pk].final_total) for a in found.areas],
            "self_total": rules.show(unit.self_total),
            "final_total": rules.show(unit.final_total),
            "index": percent(unit.index),
            "grade": rules.grade(unit.index) if unit.rank is not None else NOT_SUBMITTED,
        }
        for unit in found.units
    ]
    now = timezone.localtime()
    html = render_to_string(
        "scoring/results/pdf.html",
        {
            "title": title(period),
            "period": period,
            "status_line": status_line(period),
            "survey_line": survey_line(period, found.maximum),
            "areas": [(a, rules.show(found.area_maxima[a.pk])) for a in found.areas],
            "maximum": rules.show(found.maximum),
            "rows": rows,
            "generated": f"Lập lúc {now:%H:%M} ngày {now:%d/%m/%Y}",
            **sans_fonts(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())
