"""A register as a file, read back (R-REG-1: printable with every column of the model register):
XLSX of the year or a month, PDF for printing bounded per file; every export audited (F-6l)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from pypdf import PdfReader

from congvu.core.models import AuditEvent
from congvu.documents.models import IncomingDocument
from congvu.documents.registers import exports
from tests.documents.cast import incoming
from tests.documents.registers.test_register_screen import INCOMING_HEADERS, OUTGOING_HEADERS, issued


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_incoming_register_as_xlsx_reads_back(cast, signed_in):
    incoming(cast, arrival_date=dt.date(2026, 4, 1), subject='=HYPERLINK("http://x") trích yếu')
    incoming(
        cast,
        status=IncomingDocument.Status.IN_PROGRESS,
        lead_user=cast.chuyen_vien,
        arrival_date=dt.date(2026, 5, 6),
        subject="Về việc tinh giản biên chế",
    )
    incoming(cast, arrival_date=dt.date(2025, 5, 6), subject="Năm trước")
    response = signed_in(cast.van_thu).get(f"/van-ban/so/{cast.registers.tinh_in.pk}/tai/xlsx/?nam=2026")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(_content(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "UBND TỈNH BÌNH SƠN"
    assert rows[1][0] == "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" and rows[2][0] == "Năm 2026"
    assert rows[3][0] == "Lập bởi Nguyễn Thị Hoa lúc 09:00 ngày 02/12/2026"  # the copy's mark (F-6k)
    assert rows[4] == INCOMING_HEADERS
    data = rows[5:]
    assert len(data) == 2
    assert data[0][0] == dt.datetime(2026, 4, 1) and data[0][1] == 1
    assert data[0][2] == cast.bnv.name and data[0][3] == "100/BNV-TCBC"
    assert data[0][5].startswith("Công văn – =HYPERLINK")  # kept as text, not a formula
    assert data[1][1] == 2 and data[1][6] == "Nguyễn Văn Minh"
    event = AuditEvent.objects.get(action="documents.register.exported")
    assert event.actor == cast.van_thu and event.object_id == str(cast.registers.tinh_in.pk)
    assert event.after == {"year": 2026, "format": "xlsx", "rows": 2}


def test_outgoing_register_of_a_month_as_xlsx(cast, signed_in):
    issued(cast, day=dt.date(2026, 10, 30), subject="Tháng mười")
    issued(cast, day=dt.date(2026, 11, 3), subject="Tháng mười một", recipients=["Bộ Nội vụ"])
    response = signed_in(cast.chu_tich).get(
        f"/van-ban/so/{cast.registers.tinh_out.pk}/tai/xlsx/", {"nam": 2026, "thang": 11}
    )
    rows = list(load_workbook(io.BytesIO(_content(response))).active.iter_rows(values_only=True))
    assert rows[1][0] == "SỔ ĐĂNG KÝ VĂN BẢN ĐI" and rows[2][0] == "Tháng 11 năm 2026"
    assert rows[4] == OUTGOING_HEADERS
    assert len(rows[5:]) == 1
    number, day, subject, signer, to, archive, amount, *_ = rows[5]
    assert (number, day, signer, to, amount) == (
        "02/KH-UBND",
        dt.datetime(2026, 11, 3),
        "Trần Quốc Hùng",
        "Bộ Nội vụ",
        12,
    )
    assert subject == "Kế hoạch – Tháng mười một" and archive == "Văn thư; Phòng Tổ chức biên chế"
    event = AuditEvent.objects.get(action="documents.register.exported")
    assert event.after["filters"] == {"month": "11"}


def test_register_printed_as_pdf_reads_back(cast, signed_in):
    incoming(cast, arrival_date=dt.date(2026, 7, 1), subject="Về việc đào tạo, bồi dưỡng công chức")
    response = signed_in(cast.van_thu).get(
        f"/van-ban/so/{cast.registers.tinh_in.pk}/tai/pdf/", {"nam": 2026, "thang": 7}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    for words in (
        "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
        "Tháng 7 năm 2026",
        "Lập bởi Nguyễn Thị Hoa lúc 09:00 ngày 02/12/2026",
        "Số đến",
        "Ký nhận",
        "đào tạo",
        "01/07/2026",
    ):
        assert words in text
    assert AuditEvent.objects.get(action="documents.register.exported").after["format"] == "pdf"


def test_a_pdf_too_long_for_one_file_asks_to_narrow_the_range(cast, signed_in, monkeypatch):
    monkeypatch.setattr(exports, "MAX_PDF_ROWS", 2)
    for day in (1, 2, 3):
        incoming(cast, arrival_date=dt.date(2026, 8, day))
    client = signed_in(cast.van_thu)
    url = f"/van-ban/so/{cast.registers.tinh_in.pk}/tai/pdf/?nam=2026"
    response = client.get(url)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Sổ có 3 văn bản trong khoảng đã chọn; mỗi tệp PDF in tối đa 2 dòng." in page
    assert "chọn một tháng hoặc một khoảng ngày ngắn hơn" in page
    assert not AuditEvent.objects.filter(action="documents.register.exported").exists()
    assert client.get(url + "&tu=2026-08-02&den=2026-08-03").status_code == 200


def test_exports_are_for_the_agencys_clerks_and_leaders(cast, signed_in):
    url = f"/van-ban/so/{cast.registers.tinh_in.pk}/tai/xlsx/"
    assert signed_in(cast.chuyen_vien).get(url).status_code == 404
    assert (
        signed_in(cast.van_thu).get(f"/van-ban/so/{cast.registers.tinh_in.pk}/tai/docx/").status_code == 404
    )
    assert not AuditEvent.objects.filter(action="documents.register.exported").exists()


def test_streamed_rows_of_a_big_year_are_read_in_chunks(cast, django_assert_max_num_queries):
    for i in range(7):
        incoming(cast, arrival_date=dt.date(2026, 9, 1 + i))
    with django_assert_max_num_queries(4):  # chunk size 3: three reads of rows, whatever the count
        rows = list(
            exports.selectors.stream_rows(
                cast.registers.tinh_in, 2026, exports.selectors.RowFilter(), chunk=3
            )
        )
    assert [r["arrival_number"] for r in rows] == list(range(1, 8))
