"""The self-assessment report (SCORE-4) read back: XLSX with openpyxl, PDF with pypdf — the title,
the unit, the figures per node, the areas' subtotals and the total, who approved and sent it."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from congvu.scoring import services
from congvu.scoring.models import Assessment
from tests.scoring.cast import build_scoring_cast, full_marks, submitted

TITLE = "BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026"


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


def scored(cast):
    p = cast.province
    entries = full_marks(cast)
    entries[cast.criteria["1.4"].pk] = services.ScoreInput(score="0,5", explanation='=HYPERLINK("x")')
    return submitted(cast, cast.assessments.snv, entry=p.chuyen_vien, leader=p.giam_doc, entries=entries)


def test_the_workbook_holds_the_figures(cast, signed_in):
    assessment = scored(cast)
    response = signed_in(cast.province.giam_doc).get(f"/cham-diem/tu-danh-gia/{assessment.pk}/bao-cao.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == TITLE
    assert "Đơn vị: Sở Nội vụ" in rows[1][0] and "Chỉ số CCHC năm 2026" in rows[2][0]
    by_code = {r[0]: r for r in rows[6:] if r[0] and r[1] and isinstance(r[2], (int, float))}
    assert by_code["1.4"][2:4] == [1, 0.5]
    assert by_code["1.4"][4] == '\'=HYPERLINK("x")'  # a typed formula stays text
    assert by_code["1"][3] == 6.5  # area 1: 7 points without the survey, 0,5 lost on 1.4
    assert by_code["1.6"][3] == "Điều tra XHH"
    assert "Kiểm chứng 1.1.1" in by_code["1.1.1"][5]
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert total[2:4] == [70.5, 70]
    text = " ".join(str(v) for r in rows for v in r if v)
    assert "Lãnh đạo đơn vị duyệt: Hoàng Văn Nam" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text


def test_the_pdf_reads_back(cast, signed_in):
    assessment = scored(cast)
    response = signed_in(cast.province.chuyen_vien).get(f"/cham-diem/tu-danh-gia/{assessment.pk}/bao-cao.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM" in flat and "NĂM 2026" in flat
    assert "Sở Nội vụ" in flat and "Công tác tuyên truyền CCHC" in flat
    assert "Tổng cộng 70,50 70,00" in flat
    assert "Đã gửi" in flat and "Hoàng Văn Nam" in flat and "THỦ TRƯỞNG ĐƠN VỊ" in flat


def test_outsiders_get_no_report(cast, signed_in):
    assert (
        signed_in(cast.stc_head)
        .get(f"/cham-diem/tu-danh-gia/{cast.assessments.snv.pk}/bao-cao.pdf")
        .status_code
        == 404
    )
    assert Assessment.objects.get(pk=cast.assessments.snv.pk).status == "draft"
