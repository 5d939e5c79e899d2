"""The evaluation report as XLSX and PDF (TASK-5): opened with openpyxl and pypdf, the hand-counted
figures are there, with the title, the period and Vietnamese letters intact."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.assignments import report_dataset

YEAR = 2025  # over: every open item of the year is overdue


@pytest.fixture
def data(province):
    return report_dataset.build(province, YEAR)


def sheet_rows(content: bytes):
    book = load_workbook(io.BytesIO(content))
    sheet = book["Đánh giá"]
    return sheet, [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_xlsx_holds_the_hand_counted_figures_and_a_chart(province, data, signed_in):
    response = signed_in(province.giam_doc).get(
        reverse("assignments:report_xlsx"), {"nam": YEAR, "theo": "person"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="danh-gia-20250101-20251231.xlsx"' in response["Content-Disposition"]
    _sheet, rows = sheet_rows(response.content)
    assert rows[0][0] == "BÁO CÁO ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ"
    assert rows[1][0] == "Kỳ báo cáo: Năm 2025 (từ 01/01/2025 đến 31/12/2025)"
    assert rows[2][0] == "Đơn vị: Sở Nội vụ (gồm các đơn vị trực thuộc)"
    assert rows[5][:9] == [
        "STT",
        "Người / đơn vị chủ trì",
        "Được giao",
        "Hoàn thành đúng hạn",
        "Hoàn thành trễ hạn",
        "Quá hạn",
        "Đang thực hiện, còn hạn",
        "Bị trả lại",
        "Điểm đánh giá bình quân",
    ]
    table = {r[1]: r[2:10] for r in rows[6:10]}
    #          assigned on_time late overdue in_progress returned avg   on-time %
    assert table == {
        "Trần Thị Thu Hà": [4, 1, 1, 2, 0, 1, 3.5, 25.0],
        "Nguyễn Văn Minh": [6, 2, 1, 3, 0, 2, 4.0, 33.3],
        "Phòng Công chức viên chức (đơn vị chủ trì)": [3, 1, 1, 1, 0, 1, 3.5, 33.3],
        "Tổng cộng": [13, 4, 3, 6, 0, 4, 3.71, 30.8],
    }
    chart = _chart_xml(response.content)
    assert chart.count("<c:ser>") == 4  # on time, late, overdue, in progress
    assert '<c:barDir val="bar"/>' in chart and '<c:grouping val="stacked"/>' in chart


def _chart_xml(content: bytes) -> str:
    import zipfile

    book = zipfile.ZipFile(io.BytesIO(content))
    names = [n for n in book.namelist() if n.startswith("xl/charts/chart")]
    assert len(names) == 1
    return book.read(names[0]).decode()


def test_the_xlsx_by_unit_rolls_up_divisions(province, data, signed_in):
    response = signed_in(province.giam_doc).get(reverse("assignments:report_xlsx"), {"nam": YEAR})
    _sheet, rows = sheet_rows(response.content)
    table = {r[1]: r[2:9] for r in rows[6:9]}
    assert table == {
        "Phòng Tổ chức biên chế": [10, 3, 2, 5, 0, 3, 3.8],
        "Phòng Công chức viên chức": [3, 1, 1, 1, 0, 1, 3.5],
        "Tổng cộng": [13, 4, 3, 6, 0, 4, 3.71],
    }
    assert _chart_xml(response.content).count("<c:ser>") == 4


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_the_pdf_is_a4_landscape_with_title_period_unit_and_figures(province, data, signed_in):
    response = signed_in(province.giam_doc).get(
        reverse("assignments:report_pdf"), {"nam": YEAR, "theo": "person"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, reader = pdf_text(response.content)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape, in points
    flat = " ".join(text.split())
    assert "BÁO CÁO ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ" in flat
    assert "Kỳ báo cáo: Năm 2025 (từ 01/01/2025 đến 31/12/2025)" in flat
    assert "Đơn vị: Sở Nội vụ (gồm các đơn vị trực thuộc)" in flat
    assert "UBND TỈNH BÌNH SƠN" in flat or "UBND tỉnh Bình Sơn" in flat
    assert "Lập lúc" in flat
    assert "Nguyễn Văn Minh 6 2 1 3 0 2 4,00 33,3" in flat
    assert "Trần Thị Thu Hà 4 1 1 2 0 1 3,50 25,0" in flat
    assert "Tổng cộng 13 4 3 6 0 4 3,71 30,8" in flat


def test_the_pdf_embeds_the_noto_fonts(province, data, signed_in):
    response = signed_in(province.giam_doc).get(reverse("assignments:report_pdf"), {"nam": YEAR})
    _text, reader = pdf_text(response.content)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto-Sans" in f for f in fonts), fonts


def test_a_staff_member_exports_only_their_own_figures(province, data, signed_in):
    client = signed_in(province.chuyen_vien)
    response = client.get(reverse("assignments:report_xlsx"), {"nam": YEAR})
    _sheet, rows = sheet_rows(response.content)
    assert [r[1] for r in rows[6:8]] == ["Nguyễn Văn Minh", "Tổng cộng"]
    refused = client.get(reverse("assignments:report_pdf"), {"nam": YEAR, "don_vi": province.units.ns.pk})
    assert refused.status_code == 403


def test_a_long_xlsx_charts_only_the_busiest_rows_on_a_sheet_of_their_own(
    province, data, signed_in, monkeypatch
):
    from congvu.assignments.reports import exports
    from congvu.assignments.reports import selectors as reports

    monkeypatch.setattr(exports, "CHART_ALL_ROWS", 2)
    monkeypatch.setattr(reports, "CHART_MAX_ROWS", 2)
    response = signed_in(province.giam_doc).get(
        reverse("assignments:report_xlsx"), {"nam": YEAR, "theo": "person"}
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Đánh giá", "Biểu đồ"]
    top = [list(r)[:2] for r in book["Biểu đồ"].iter_rows(min_row=2, values_only=True)]
    assert top == [["Nguyễn Văn Minh", 6], ["Trần Thị Thu Hà", 4]]
    assert _chart_xml(response.content).count("<c:ser>") == 4
