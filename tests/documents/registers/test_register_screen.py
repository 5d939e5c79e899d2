"""A register on screen (R-REG-1, Phụ lục IV): per register and year, the model register's columns,
in number order, filtered by month, dates, type and urgency, a page at a time whatever its length;
for the agency's clerks and leaders only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.documents.models import IncomingDocument, OutgoingDocument, OutgoingRecipient
from tests.documents.cast import incoming, outgoing

INCOMING_HEADERS = (
    "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú",
)  # fmt: skip
OUTGOING_HEADERS = (
    "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung", "Người ký",
    "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú",
)  # fmt: skip


def issued(cast, *, day: dt.date, subject="Kế hoạch tuyển dụng công chức năm 2027", recipients=()):
    doc = outgoing(cast, status=OutgoingDocument.Status.ISSUED, subject=subject)
    OutgoingDocument.objects.filter(pk=doc.pk).update(
        issued_date=day,
        code_number=f"{doc.number:02d}",
        code_notation="KH-UBND",
        signer_name="Trần Quốc Hùng",
        issued_amount=12,
        issued_at=timezone.make_aware(dt.datetime.combine(day, dt.time(15, 0))),
    )
    for name in recipients:
        OutgoingRecipient.objects.create(document=doc, name=name, state=OutgoingRecipient.State.SENT)
    doc.refresh_from_db()
    return doc


def test_incoming_register_shows_every_column_in_number_order(cast, signed_in):
    first = incoming(cast, arrival_date=dt.date(2026, 3, 2), subject="Về việc báo cáo biên chế quý I")
    second = incoming(
        cast,
        status=IncomingDocument.Status.IN_PROGRESS,
        lead_unit=cast.units.snv,
        arrival_date=dt.date(2026, 3, 5),
        urgency="flash",
        subject="Về việc thi tuyển công chức",
    )
    body = signed_in(cast.van_thu).get(f"/van-ban/so/{cast.registers.tinh_in.pk}/?nam=2026").content.decode()
    for header in INCOMING_HEADERS:
        assert f">{header}</th>" in body
    assert body.index("Về việc báo cáo biên chế quý I") < body.index("Về việc thi tuyển công chức")
    assert "<td>01</td>" in body and "<td>02/03/2026</td>" in body
    assert "Công văn – Về việc thi tuyển công chức" in body
    assert "<td>Sở Nội vụ</td>" in body  # the unit it was handed to
    assert "Hỏa tốc" in body
    assert first.arrival_number == 1 and second.arrival_number == 2


def test_outgoing_register_shows_signer_recipients_and_copies(cast, signed_in):
    issued(cast, day=dt.date(2026, 11, 20), recipients=["Bộ Nội vụ", "Sở Tài chính"])
    body = (
        signed_in(cast.chu_tich).get(f"/van-ban/so/{cast.registers.tinh_out.pk}/?nam=2026").content.decode()
    )
    for header in OUTGOING_HEADERS:
        assert f">{header}</th>" in body
    assert "<td>01/KH-UBND</td>" in body and "<td>20/11/2026</td>" in body
    assert "<td>Bộ Nội vụ; Sở Tài chính</td>" in body
    assert "<td>Văn thư; Phòng Tổ chức biên chế</td>" in body and "<td>12</td>" in body


def test_filters_by_month_dates_type_and_urgency(cast, signed_in):
    incoming(cast, arrival_date=dt.date(2026, 2, 10), subject="Tháng hai thường")
    incoming(cast, arrival_date=dt.date(2026, 3, 10), subject="Tháng ba khẩn", urgency="urgent")
    kh = incoming(cast, arrival_date=dt.date(2026, 3, 20), subject="Tháng ba kế hoạch")
    IncomingDocument.objects.filter(pk=kh.pk).update(document_type=cast.types.kh)
    incoming(cast, arrival_date=dt.date(2025, 3, 10), subject="Năm ngoái")
    client = signed_in(cast.van_thu)
    url = f"/van-ban/so/{cast.registers.tinh_in.pk}/"

    def subjects(query):
        body = client.get(url, query).content.decode()
        return {
            s for s in ("Tháng hai thường", "Tháng ba khẩn", "Tháng ba kế hoạch", "Năm ngoái") if s in body
        }

    assert subjects({"nam": 2026}) == {"Tháng hai thường", "Tháng ba khẩn", "Tháng ba kế hoạch"}
    assert subjects({"nam": 2025}) == {"Năm ngoái"}
    assert subjects({"nam": 2026, "thang": 3}) == {"Tháng ba khẩn", "Tháng ba kế hoạch"}
    assert subjects({"nam": 2026, "tu": "2026-03-15", "den": "2026-12-31"}) == {"Tháng ba kế hoạch"}
    assert subjects({"nam": 2026, "loai": cast.types.kh.pk}) == {"Tháng ba kế hoạch"}
    assert subjects({"nam": 2026, "khan": "urgent"}) == {"Tháng ba khẩn"}


def test_bad_filters_are_told_and_bounded(cast, signed_in):
    client = signed_in(cast.van_thu)
    url = f"/van-ban/so/{cast.registers.tinh_in.pk}/"
    response = client.get(url, {"tu": "2026-05-01", "den": "2026-04-01"})
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    response = client.get(url, {"thang": "13", "khan": "rat-khan", "tu": "3026-01-01"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tháng không hợp lệ." in body and "Độ khẩn không hợp lệ." in body and "nằm ngoài khoảng" in body
    assert client.get(url, {"sau": "không-phải-con-trỏ"}).status_code == 400


def test_pages_follow_the_numbers(cast, signed_in):
    for i in range(55):
        incoming(cast, arrival_date=dt.date(2026, 1, 5), subject=f"Văn bản thứ {i + 1:03d}")
    client = signed_in(cast.van_thu)
    url = f"/van-ban/so/{cast.registers.tinh_in.pk}/?nam=2026"
    first = client.get(url).content.decode()
    assert "Văn bản thứ 050" in first and "Văn bản thứ 051" not in first
    cursor = first.split("sau=")[1].split('"')[0]
    second = client.get(f"{url}&sau={cursor}").content.decode()
    assert "Văn bản thứ 051" in second and "Văn bản thứ 055" in second and "Văn bản thứ 050" not in second


@pytest.mark.parametrize(
    "persona,status", [("van_thu", 200), ("pho_chu_tich", 200), ("chuyen_vien", 404), ("giam_doc", 404)]
)
def test_only_the_agencys_clerks_and_leaders_read_it(cast, signed_in, persona, status):
    response = signed_in(getattr(cast, persona)).get(f"/van-ban/so/{cast.registers.tinh_in.pk}/")
    assert response.status_code == status


def test_quan_tri_keeps_but_does_not_read(cast, signed_in):
    client = signed_in(cast.quan_tri)
    assert client.get(f"/van-ban/so/{cast.registers.tinh_in.pk}/sua/").status_code == 200
    assert client.get(f"/van-ban/so/{cast.registers.tinh_in.pk}/").status_code == 403


# The constant part of every page (session, user, safeguards, posts, delegations, roles, badge: 6)
# plus the register, the year's rows, the filter's types and fields: 10 for 3 rows as for 60.
REGISTER_PAGE = 10


@pytest.mark.parametrize("rows", [3, 60])
def test_the_incoming_register_loads_in_constant_queries(
    cast, signed_in, django_assert_max_num_queries, rows
):
    for i in range(rows):
        incoming(
            cast,
            status=IncomingDocument.Status.IN_PROGRESS if i % 2 else IncomingDocument.Status.REGISTERED,
            lead_user=cast.chuyen_vien if i % 2 else None,
            arrival_date=dt.date(2026, 6, 1),
        )
    client = signed_in(cast.van_thu)
    url = f"/van-ban/so/{cast.registers.tinh_in.pk}/?nam=2026"
    client.get(url)
    with django_assert_max_num_queries(REGISTER_PAGE):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [3, 60])
def test_the_outgoing_register_loads_in_constant_queries(
    cast, signed_in, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        issued(cast, day=dt.date(2026, 6, 1), recipients=["Bộ Nội vụ"])
    client = signed_in(cast.van_thu)
    url = f"/van-ban/so/{cast.registers.tinh_out.pk}/?nam=2026"
    client.get(url)
    with django_assert_max_num_queries(REGISTER_PAGE + 1):  # the rows' recipients
        assert client.get(url).status_code == 200
