"""The request printed as seed 000 Phụ lục 1 / Phụ lục 2 (ORG-3): A4, Vietnamese text, ND30 date."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from congvu.accounts.models import AccountRequest
from congvu.accounts.requests import services as services
from congvu.accounts.requests.exports import nd30_date_line, render_request_pdf
from tests.conftest import travel_to

K = AccountRequest.Kind
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
A4 = (595.0, 842.0)  # points


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def _fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "pdf"


def _keep(pdf: bytes, name: str) -> None:
    """Save the print beside the screenshots, for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(pdf)


def _submitted(p, *, kind, lines, on=dt.datetime(2026, 2, 5, 9, 30, tzinfo=HANOI)):
    with travel_to(on):
        r = services.request_create(
            actor=p.giam_doc, kind=kind, unit=p.units.snv, lines=lines
        ).account_request
        return services.request_submit(account_request=r, actor=p.giam_doc)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 2, 5), "……., ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 1, 15), "……., ngày 15 tháng 01 năm 2026"),
        (dt.date(2026, 3, 5), "……., ngày 05 tháng 3 năm 2026"),
        (dt.date(2026, 11, 21), "……., ngày 21 tháng 11 năm 2026"),
    ],
)
def test_the_date_line_follows_nghi_dinh_30(day, expected):
    assert nd30_date_line(day) == expected


def test_a_create_request_prints_as_phu_luc_1(province):
    p = province
    r = _submitted(
        p,
        kind=K.CREATE,
        lines=[
            services.LineData(
                full_name="Trương Hoàng Tiến Minh",
                unit=p.units.tcbc,
                position=p.positions.chuyen_vien,
                email="minhtht@binhson.gov.vn",
                date_of_birth=dt.date(1973, 2, 11),
                note="Mới tuyển dụng",
            ),
            services.LineData(
                full_name="Nguyễn Thị Ánh Tuyết",
                unit=p.units.ccvc,
                position=p.positions.pho_truong_phong,
                email="tuyetnta@binhson.gov.vn",
            ),
        ],
    )
    pdf = render_request_pdf(r)
    _keep(pdf, "account-request-phu-luc-1.pdf")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    text = _text(pdf)
    assert "Phụ lục 1" in text
    assert "ĐỀ NGHỊ ĐĂNG KÝ CẤP MỚI TÀI KHOẢN NGƯỜI SỬ DỤNG PHẦN MỀM QUẢN LÝ CÔNG VIỆC" in text
    assert "UBND TỈNH BÌNH SƠN" in text and "Đơn vị: Sở Nội vụ" in text
    for column in ("STT", "Họ và tên", "Đơn vị công tác", "Chức vụ", "Email", "Ghi chú"):
        assert column in text
    assert "Nội dung thay đổi" not in text
    for value in (
        "Trương Hoàng Tiến Minh",
        "Nguyễn Thị Ánh Tuyết",
        "Phòng Công chức viên chức",
        "Phó Trưởng phòng",
        "Mới tuyển dụng",
        "Ngày sinh: 11/02/1973",
    ):
        assert value in text, value
    assert "minhtht@binhson.gov.vn" in text.replace(" ", "")  # may break before the @
    assert "……., ngày 05 tháng 02 năm 2026" in text
    assert "Người lập biểu (Ký, họ tên)" in text
    assert "Thủ trưởng đơn vị (Ký, đóng dấu, họ tên)" in text
    assert text.count("Hoàng Văn Nam") == 2  # the director both prepared and signs it
    assert any(
        "Cong-Vu-Serif" in name for name in _fonts(pdf)
    )  # the bundled Noto Serif, by its @font-face name


def test_a_change_request_prints_as_phu_luc_2_in_landscape(province):
    p = province
    r = _submitted(
        p,
        kind=K.CHANGE,
        lines=[
            services.LineData(
                target_user=p.chuyen_vien, unit=p.units.ccvc, change_reason="Điều động công tác"
            )
        ],
        on=dt.datetime(2026, 10, 1, 8, 0, tzinfo=HANOI),
    )
    pdf = render_request_pdf(r)
    _keep(pdf, "account-request-phu-luc-2.pdf")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (A4[1], A4[0])
    text = _text(pdf)
    assert "Phụ lục 2" in text
    assert (
        "ĐỀ NGHỊ THAY ĐỔI, DỪNG HOẠT ĐỘNG, HỦY BỎ TÀI KHOẢN NGƯỜI SỬ DỤNG PHẦN MỀM QUẢN LÝ CÔNG VIỆC" in text
    )
    for value in (
        "Nội dung thay đổi",
        "Lý do thay đổi",
        "Nguyễn Văn Minh",
        "tài khoản: minhnv",
        "Điều động công tác",
        "Phòng Công chức viên chức",
        "ngày 01 tháng 10 năm 2026",
    ):
        assert value in text, value


def test_a_head_filing_under_delegation_prints_the_heads_name_to_sign(province, monkeypatch):
    from django.utils import timezone

    from congvu.org.models import Delegation

    p = province
    now = timezone.now()
    Delegation.objects.create(
        principal=p.giam_doc,
        delegate=p.pho_giam_doc,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=1),
        status=Delegation.Status.APPROVED,
        requested_by=p.giam_doc,
    )
    r = services.request_create(
        actor=p.pho_giam_doc,
        kind=K.SUSPEND,
        unit=p.units.snv,
        lines=[services.LineData(target_user=p.chuyen_vien_2, change_reason="Nghỉ thai sản")],
    ).account_request
    text = _text(render_request_pdf(r))
    assert "Vũ Thị Lan" in text and "Hoàng Văn Nam" in text
    assert "Dừng hoạt động tài khoản" in text


def test_the_pdf_is_served_to_those_who_can_see_the_request(province, signed_in):
    p = province
    r = _submitted(
        p,
        kind=K.CREATE,
        lines=[
            services.LineData(
                full_name="Lò Văn Pá",
                unit=p.units.tcbc,
                position=p.positions.chuyen_vien,
                email="palv@binhson.gov.vn",
            )
        ],
    )
    url = reverse("accounts:request_pdf", args=[r.pk])
    response = signed_in(p.quan_tri).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"de-nghi-tai-khoan-{r.pk}-phu-luc-1.pdf" in response["Content-Disposition"]
    assert "Lò Văn Pá" in _text(response.content)


def test_the_pdf_is_hidden_from_others(province, signed_in):
    p = province
    r = _submitted(
        p,
        kind=K.CREATE,
        lines=[
            services.LineData(
                full_name="Lò Văn Pá",
                unit=p.units.tcbc,
                position=p.positions.chuyen_vien,
                email="palv@binhson.gov.vn",
            )
        ],
    )
    assert signed_in(p.chu_tich_huyen).get(reverse("accounts:request_pdf", args=[r.pk])).status_code == 404
