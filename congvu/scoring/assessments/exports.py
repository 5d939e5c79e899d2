"""The self-assessment report (SCORE-4; seed 003 Đ9.2: the unit's leader reads the exported report
and approves it): "BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM <KIND> NĂM <YEAR>" — per node its code, name,
maximum, self-score, explanation and evidence titles; the areas' subtotals and the total; the status
and who approved and sent it when; the place for the leader's signature. XLSX (XlsxWriter, every
typed text through ``safe_cell``) and PDF (WeasyPrint, A4 portrait, Noto fonts).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from congvu.core.pdf import sans_fonts
from congvu.core.text import safe_cell
from congvu.scoring import rules
from congvu.scoring.assessments import selectors
from congvu.scoring.models import Assessment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Tự đánh giá"
SURVEY = "Điều tra XHH"


@dataclass
class Line:
    code: str
    name: str
    level: int
    is_leaf: bool
    max_points: Decimal
    self_score: Decimal | None
    survey: bool
    explanation: str
    evidence: list[str]

    @property
    def shown_max(self) -> str:
        return rules.show(self.max_points)

    @property
    def shown_score(self) -> str:
        return "Điều tra XHH" if self.is_leaf and self.survey else rules.show(self.self_score)


@dataclass
class Report:
    assessment: Assessment
    title: str
    unit: str
    period: str
    lines: list[Line]
    areas: list[tuple[str, str, str, str]]  # code, name, subtotal, maximum without survey (shown)
    total: Decimal
    scored_max: Decimal
    sheet_areas: list[selectors.Area]
    status: str
    approved: str
    submitted: str
    generated: str


def _who_when(person: Any, at: Any) -> str:
    if person is None or at is None:
        return ""
    at = timezone.localtime(at)
    return f"{person.full_name}, {at:%H:%M} ngày {at:%d/%m/%Y}"


def report(assessment: Assessment) -> Report:
    sheet = selectors.sheet(assessment)
    period = assessment.period
    lines = []
    for row in sheet.rows:
        node = row.node
        if node.is_leaf:
            score = row.score.self_score if row.score else None
        else:
            score = row.subtotal
        lines.append(
            Line(
                code=node.code,
                name=node.name,
                level=node.level,
                is_leaf=node.is_leaf,
                max_points=Decimal(node.max_points),
                self_score=score,
                survey=node.is_survey,
                explanation=row.score.explanation if row.score else "",
                evidence=[e.title for e in row.evidence],
            )
        )
    kind = str(period.get_kind_display()).upper()
    now = timezone.localtime()
    return Report(
        assessment=assessment,
        title=f"BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM {kind} NĂM {period.year}",
        unit=assessment.unit.name,
        period=period.title,
        lines=lines,
        areas=[(a.code, a.node.name, rules.show(a.subtotal), rules.show(a.scored_max)) for a in sheet.areas],
        total=sheet.total,
        scored_max=sheet.scored_max,
        sheet_areas=sheet.areas,
        status=str(assessment.get_status_display()),
        approved=_who_when(assessment.approved_by, assessment.approved_at),
        submitted=_who_when(assessment.submitted_by, assessment.submitted_at),
        generated=f"Lập lúc {now:%H:%M} ngày {now:%d/%m/%Y}",
    )


def filename(assessment: Assessment, extension: str) -> str:
    return f"tu-danh-gia-{assessment.period.year}-{assessment.pk}.{extension}"


def report_xlsx(data: Report) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(SHEET)
    big = book.add_format({"bold": True, "font_size": 13, "align": "center", "text_wrap": True})
    meta = book.add_format({"italic": True})
    head = book.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
    )
    text = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    bold_text = book.add_format({"border": 1, "text_wrap": True, "valign": "top", "bold": True})
    num = book.add_format({"border": 1, "num_format": "0.00", "valign": "top"})
    bold_num = book.add_format({"border": 1, "num_format": "0.00", "valign": "top", "bold": True})
    total_text = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8"})
    total_num = book.add_format({"border": 1, "bold": True, "bg_color": "#F5F6F8", "num_format": "0.00"})
    columns = ("Mã", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Giải trình", "Tài liệu kiểm chứng")
    widths = (8, 50, 11, 12, 45, 35)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.merge_range(0, 0, 0, len(columns) - 1, data.title, big)
    sheet.set_row(0, 36)
    sheet.write_string(1, 0, safe_cell(f"Đơn vị: {data.unit}"), meta)
    sheet.write_string(2, 0, safe_cell(f"Kỳ chấm điểm: {data.period}"), meta)
    sheet.write_string(3, 0, f"Trạng thái: {data.status}", meta)
    header = 5
    for col, label in enumerate(columns):
        sheet.write_string(header, col, label, head)
    r = header
    for line in data.lines:
        r += 1
        strong = not line.is_leaf
        sheet.write_string(r, 0, safe_cell(line.code), bold_text if strong else text)
        sheet.write_string(r, 1, safe_cell(line.name), bold_text if strong else text)
        sheet.write_number(r, 2, float(line.max_points), bold_num if strong else num)
        if line.is_leaf and line.survey:
            sheet.write_string(r, 3, SURVEY, text)
        elif line.self_score is None:
            sheet.write_blank(r, 3, None, num)
        else:
            sheet.write_number(r, 3, float(line.self_score), bold_num if strong else num)
        sheet.write_string(r, 4, safe_cell(line.explanation), text)
        sheet.write_string(r, 5, safe_cell("; ".join(line.evidence)), text)
    r += 2
    sheet.write_string(r, 1, "Tổng điểm theo lĩnh vực", head)
    sheet.write_string(r, 2, "Tối đa (không kể điều tra XHH)", head)
    sheet.write_string(r, 3, "Điểm tự chấm", head)
    for area in data.sheet_areas:
        r += 1
        sheet.write_string(r, 0, safe_cell(area.code), text)
        sheet.write_string(r, 1, safe_cell(area.node.name), text)
        sheet.write_number(r, 2, float(area.scored_max), num)
        sheet.write_number(r, 3, float(area.subtotal), num)
    r += 1
    sheet.write_blank(r, 0, None, total_text)
    sheet.write_string(r, 1, "Tổng cộng", total_text)
    sheet.write_number(r, 2, float(data.scored_max), total_num)
    sheet.write_number(r, 3, float(data.total), total_num)
    r += 2
    if data.approved:
        sheet.write_string(r, 1, safe_cell(f"Lãnh đạo đơn vị duyệt: {data.approved}"), meta)
        r += 1
    if data.submitted:
        sheet.write_string(r, 1, safe_cell(f"Gửi Sở Nội vụ: {data.submitted}"), meta)
        r += 1
    r += 1
    sheet.write_string(r, 4, "THỦ TRƯỞNG ĐƠN VỊ", book.add_format({"bold": True, "align": "center"}))
    sheet.write_string(
        r + 1, 4, "(Ký, ghi rõ họ tên, đóng dấu)", book.add_format({"italic": True, "align": "center"})
    )
    sheet.write_string(r + 6, 0, data.generated, meta)
    sheet.freeze_panes(header + 1, 2)
    book.close()
    return buffer.getvalue()


def report_pdf(data: Report) -> bytes:
    from weasyprint import HTML  # slow import: only when a PDF is asked for
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(
        "scoring/assessments/pdf_report.html",
        {
            "report": data,
            "show": rules.show,
            **sans_fonts(),
            "total": rules.show(data.total),
            "scored_max": rules.show(data.scored_max),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())
