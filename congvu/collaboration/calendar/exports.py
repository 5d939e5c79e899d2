"""The agency's weekly calendar as it is printed ("lịch công tác tuần"): PDF (WeasyPrint) and DOCX
(python-docx), both laid out alike — the agency's name, "LỊCH CÔNG TÁC TUẦN", "Tuần thứ N (từ ngày …
đến ngày …)", and a table Thứ/Ngày | Buổi | Nội dung | Chủ trì | Thành phần | Địa điểm."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from congvu.collaboration.calendar.selectors import WeekPage
from congvu.core.pdf import sans_fonts

HEADERS = ("Thứ/Ngày", "Buổi", "Nội dung", "Chủ trì", "Thành phần", "Địa điểm")
WIDTHS = (11, 7, 36, 14, 20, 12)  # per cent of the table's width


@dataclass
class Row:
    day: str
    part: str
    content: str
    host: str
    participants: str
    place: str
    day_rows: int = 0  # > 0 on a day's first row: how many rows the day spans
    part_rows: int = 0


def time_text(entry: Any) -> str:
    return entry.when


def host_text(entry: Any) -> str:
    return entry.host_label


def participants_text(entry: Any) -> str:
    """The week page's label (``selectors.label``) and the unit that prepares it."""
    names = [entry.people_label] if entry.people_label else []
    if entry.preparing_unit_id:
        names.append(f"Đơn vị chuẩn bị: {entry.preparing_unit.name}")
    return "; ".join(names)


def rows(page: WeekPage) -> list[Row]:
    """One row per entry; a day with no entry keeps one empty row (the printed form lists every day)."""
    out: list[Row] = []
    for slot in page.days:
        day_label = f"{slot.name}\n{slot.day:%d/%m}"
        parts = [("Sáng", slot.morning), ("Chiều", slot.afternoon)]
        day_rows: list[Row] = []
        for part, entries in parts:
            if not entries:
                continue
            first = len(day_rows)
            for entry in entries:
                when = time_text(entry)
                content = f"{when}: {entry.content}" if when else entry.content
                day_rows.append(
                    Row(day_label, part, content, host_text(entry), participants_text(entry), entry.place)
                )
            day_rows[first].part_rows = len(entries)
        if not day_rows:
            day_rows.append(Row(day_label, "", "", "", "", "", part_rows=1))
        day_rows[0].day_rows = len(day_rows)
        out.extend(day_rows)
    return out


def title_lines(page: WeekPage) -> tuple[str, str]:
    return (
        "LỊCH CÔNG TÁC TUẦN",
        f"Tuần thứ {page.number} (từ ngày {page.monday:%d/%m/%Y} đến ngày {page.sunday:%d/%m/%Y})",
    )


def week_pdf(page: WeekPage) -> bytes:
    from weasyprint import HTML  # slow import: only when a PDF is asked for
    from weasyprint.text.fonts import FontConfiguration

    title, span = title_lines(page)
    html = render_to_string(
        "collaboration/calendar/pdf_week.html",
        {
            "page": page,
            "agency_name": page.calendar.agency.name,
            "title": title,
            "span": span,
            "headers": HEADERS,
            "widths": WIDTHS,
            "rows": rows(page),
            "generated": f"In lúc {timezone.localtime():%H:%M} ngày {timezone.localtime():%d/%m/%Y}",
            **sans_fonts(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())


def week_docx(page: WeekPage) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(12)  # type: ignore[attr-defined]

    agency = document.add_paragraph()
    run = agency.add_run(page.calendar.agency.name.upper())
    run.bold = True
    title, span = title_lines(page)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading_run = heading.add_run(title)
    heading_run.bold = True
    heading_run.font.size = Pt(14)
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(span).italic = True

    lines = rows(page)
    table = document.add_table(rows=1 + len(lines), cols=len(HEADERS))
    table.style = "Table Grid"
    usable = 29.7 - 3.0
    for i, header in enumerate(HEADERS):
        cell = table.rows[0].cells[i]
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r, line in enumerate(lines, start=1):
        values = (line.day, line.part, line.content, line.host, line.participants, line.place)
        for c, value in enumerate(values):
            table.rows[r].cells[c].text = value
    for c, width in enumerate(WIDTHS):
        for row in table.rows:
            row.cells[c].width = Cm(usable * width / 100)
    # The day and the part of day span their rows, as on the printed form.
    r = 1
    for line in lines:
        if line.day_rows > 1:
            top = table.cell(r, 0)
            text = top.text
            merged = top.merge(table.cell(r + line.day_rows - 1, 0))
            merged.text = text
        r += 1
    r = 1
    for line in lines:
        if line.part_rows > 1:
            top = table.cell(r, 1)
            text = top.text
            merged = top.merge(table.cell(r + line.part_rows - 1, 1))
            merged.text = text
        r += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
