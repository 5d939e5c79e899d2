"""The follow-up register of incoming documents ("Sổ theo dõi giải quyết văn bản đến", Nghị định
30/2020 Phụ lục IV, standards §2.4): the incoming register's documents followed to their end — who
handles each, by when, how far it has come on the day, the number of the reply issued — on screen,
through the API, as XLSX and as PDF, audited like the register.

The rows are the statistics' five documents (``conftest.documents``; the suite's day is
02/12/2026). Each document came from Bộ Nội vụ two days before it arrived, numbered 100, 101 …
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from congvu.core.models import AuditEvent
from congvu.documents.models import OutgoingDocument
from congvu.documents.registers import selectors
from tests.documents.cast import outgoing
from tests.documents.registers.test_register_screen import issued

HEADERS = (
    "Số đến",
    "Tên loại, số, ký hiệu, ngày tháng và cơ quan ban hành",
    "Đơn vị hoặc người nhận",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
)


@pytest.fixture
def replied(cast, documents):
    """B was answered twice (07/UBND-TCBC, then 08/UBND-TCBC); C has a reply still in draft, which
    has no number to write."""
    _a, b, c, _d, _e = documents["docs"]
    for code in ("07", "08"):
        reply = issued(cast, day=dt.date(2026, 3, 24), subject=f"Trả lời {code}")
        OutgoingDocument.objects.filter(pk=reply.pk).update(
            in_reply_to=b, code_number=code, code_notation="UBND-TCBC"
        )
    draft = outgoing(cast, subject="Trả lời văn bản C (dự thảo)")
    OutgoingDocument.objects.filter(pk=draft.pk).update(in_reply_to=c)
    return documents


def expected(bnv: str) -> list[tuple]:
    """The five rows, written from the documents' table and the regulation's columns."""
    return [
        (1, f"Công văn số 100/BNV-TCBC ngày 28/02/2026 của {bnv}", "Sở Nội vụ", dt.date(2026, 3, 10),
         "Đã giải quyết ngày 09/03/2026", "", ""),
        (2, f"Công văn số 101/BNV-TCBC ngày 13/03/2026 của {bnv}", "Nguyễn Văn Minh", dt.date(2026, 3, 20),
         "Đã giải quyết ngày 25/03/2026 (trễ hạn)", "07/UBND-TCBC; 08/UBND-TCBC", ""),
        (3, f"Kế hoạch số 102/BNV-TCBC ngày 31/10/2026 của {bnv}", "Nguyễn Văn Minh", dt.date(2026, 11, 30),
         "Đang giải quyết (quá hạn)", "", ""),
        (4, f"Quyết định số 103/BNV-TCBC ngày 18/11/2026 của {bnv}", "Sở Nội vụ", dt.date(2026, 12, 15),
         "Đang giải quyết", "", ""),
        (5, f"Công văn số 104/BNV-TCBC ngày 29/11/2026 của {bnv}", "", None, "Chờ phân phối", "", ""),
    ]  # fmt: skip


def _tuple(cells: dict) -> tuple:
    return tuple(cells[name] for name, _label in selectors.FOLLOW_UP_COLUMNS)


def test_each_document_is_followed_to_its_end(cast, replied, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the rows, their replies
        rows = list(
            selectors.stream_rows(
                cast.registers.tinh_in, 2026, selectors.RowFilter(), book=selectors.FOLLOW_UP
            )
        )
    assert [_tuple(row) for row in rows] == expected(cast.bnv.name)


def test_the_screen_shows_the_follow_up_register_beside_the_register(cast, replied, signed_in):
    client = signed_in(cast.van_thu)
    url = f"/van-ban/so/{cast.registers.tinh_in.pk}/"
    register = client.get(url, {"nam": 2026, "khan": "normal"}).content.decode()
    assert 'aria-current="page">Sổ đăng ký</a>' in register
    assert (
        f'href="?nam=2026&amp;khan=normal&amp;mau={selectors.FOLLOW_UP}">Sổ theo dõi giải quyết</a>'
        in register
    )
    response = client.get(url, {"nam": 2026, "khan": "normal", "mau": selectors.FOLLOW_UP})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-current="page">Sổ theo dõi giải quyết</a>' in body
    for header in HEADERS:
        assert f">{header}</th>" in body
    assert ">Ngày đến</th>" not in body
    for cell in ("<td>02</td>", "<td>20/03/2026</td>", "Đã giải quyết ngày 25/03/2026 (trễ hạn)",
                 "<td>07/UBND-TCBC; 08/UBND-TCBC</td>", "<td>Đang giải quyết (quá hạn)</td>",
                 "<td>Chờ phân phối</td>"):  # fmt: skip
        assert cell in body
    # the filters and the exports keep to the follow-up register
    assert f'name="mau" value="{selectors.FOLLOW_UP}"' in body
    assert f"tai/xlsx/?nam=2026&amp;khan=normal&amp;mau={selectors.FOLLOW_UP}" in body


def test_a_bad_register_name_is_told(cast, replied, signed_in):
    response = signed_in(cast.van_thu).get(f"/van-ban/so/{cast.registers.tinh_in.pk}/", {"mau": "nhat-ky"})
    assert response.status_code == 400
    assert "Loại sổ không hợp lệ." in response.content.decode()


def test_an_outgoing_register_has_no_follow_up_register(cast, api, signed_in):
    issued(cast, day=dt.date(2026, 6, 1))
    pk = cast.registers.tinh_out.pk
    body = signed_in(cast.van_thu).get(f"/van-ban/so/{pk}/", {"nam": 2026, "mau": selectors.FOLLOW_UP})
    assert body.status_code == 200  # the outgoing register, as it is
    assert ">Nơi nhận văn bản</th>" in body.content.decode() and "Sổ theo dõi" not in body.content.decode()
    client = api(cast.van_thu)
    for path in ("rows", "export"):
        response = client.get(f"/api/v1/documents/registers/{pk}/{path}", {"book": selectors.FOLLOW_UP})
        assert response.status_code == 400 and response.json()["field"] == "book"
        assert response.json()["detail"] == "Sổ theo dõi giải quyết chỉ có cho sổ văn bản đến."
    assert not AuditEvent.objects.filter(action="documents.register.exported").exists()


def test_the_follow_up_register_through_the_api(cast, replied, api):
    response = api(cast.chu_tich).get(
        f"/api/v1/documents/registers/{cast.registers.tinh_in.pk}/rows",
        {"year": 2026, "book": selectors.FOLLOW_UP},
    )
    assert response.status_code == 200
    body = response.json()
    assert [c["label"] for c in body["columns"]] == list(HEADERS)
    rows = [_tuple(item["cells"]) for item in body["items"]]
    iso = [
        tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row) for row in expected(cast.bnv.name)
    ]
    assert rows == iso


def test_the_follow_up_register_as_xlsx_reads_back_and_is_audited(cast, replied, signed_in):
    response = signed_in(cast.van_thu).get(
        f"/van-ban/so/{cast.registers.tinh_in.pk}/tai/xlsx/", {"nam": 2026, "mau": selectors.FOLLOW_UP}
    )
    assert response.status_code == 200
    assert "so-theo-doi-giai-quyet-van-ban-den" in response["Content-Disposition"]
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rows[1][0] == "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN" and rows[2][0] == "Năm 2026"
    assert rows[4] == HEADERS
    as_read = [
        tuple(dt.datetime.combine(v, dt.time()) if isinstance(v, dt.date) else (v or "") for v in row)
        for row in expected(cast.bnv.name)
    ]
    assert [tuple(v if v is not None else "" for v in row) for row in rows[5:]] == as_read
    event = AuditEvent.objects.get(action="documents.register.exported")
    assert event.actor == cast.van_thu
    assert event.after == {"year": 2026, "format": "xlsx", "rows": 5, "book": selectors.FOLLOW_UP}


def test_the_follow_up_register_printed_as_pdf(cast, replied, signed_in):
    response = signed_in(cast.van_thu).get(
        f"/van-ban/so/{cast.registers.tinh_in.pk}/tai/pdf/",
        {"nam": 2026, "thang": 11, "mau": selectors.FOLLOW_UP},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    for words in ("SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN", "Tháng 11 năm 2026", "Tiến độ giải quyết",
                  "Đang giải quyết (quá hạn)", "30/11/2026", "15/12/2026"):  # fmt: skip
        assert words in text
    assert "Đã giải quyết" not in text  # March's documents are not in November's pages


# The register page's constant part (REGISTER_PAGE in test_register_screen) and the rows' replies.
FOLLOW_UP_PAGE = 11


@pytest.mark.parametrize("replies", [1, 40])
def test_the_follow_up_register_loads_in_constant_queries(
    cast,
    documents,
    signed_in,
    django_assert_max_num_queries,
    replies,
):
    *_, e = documents["docs"]
    for i in range(replies):
        reply = issued(cast, day=dt.date(2026, 12, 1), subject=f"Trả lời {i}")
        OutgoingDocument.objects.filter(pk=reply.pk).update(in_reply_to=e)
    client = signed_in(cast.van_thu)
    url = f"/van-ban/so/{cast.registers.tinh_in.pk}/?nam=2026&mau={selectors.FOLLOW_UP}"
    client.get(url)
    with django_assert_max_num_queries(FOLLOW_UP_PAGE):
        assert client.get(url).status_code == 200
