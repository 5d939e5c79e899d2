"""The incoming screens (DOC-1..DOC-3): register view, "Văn bản cần xử lý", registration with its
confirm flow, the document page and its route timeline, routing, closing, dossiers, the printed
slip — and each list in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.core.models import AuditEvent
from congvu.documents.incoming import services
from congvu.documents.models import Dossier, IncomingDocument, RouteRecipient
from tests.conftest import TODAY
from tests.documents.cast import build_documents_cast, incoming, pdf_bytes

CONSTANT = (
    8  # session, user, safeguards, delegations, posts, roles, unread badge, calendar (tests/assignments)
)
LIST = CONSTANT + 4  # the org facts of the document rules (agencies), the rows with their joins, filters
TODO = CONSTANT + 3
DOSSIERS = CONSTANT + 3


@pytest.fixture
def cast(province):
    return build_documents_cast(province)


def _form(cast, **overrides):
    data = {
        "sender_agency": cast.bnv.pk,
        "document_type": cast.types.cv.pk,
        "code_number": "1234",
        "code_notation": "BNV-TCBC",
        "issued_date": (TODAY - dt.timedelta(days=2)).isoformat(),
        "subject": "Đề nghị báo cáo kết quả tuyển dụng công chức năm 2026",
        "urgency": "normal",
    }
    data.update(overrides)
    return data


def test_clerk_registers_through_the_form_and_lands_on_the_document(cast, signed_in):
    client = signed_in(cast.van_thu)
    assert client.get("/van-ban/den/vao-so/").status_code == 200
    data = _form(cast, files=SimpleUploadedFile("scan.pdf", pdf_bytes("Công văn 1234")))
    response = client.post("/van-ban/den/vao-so/", data)
    doc = IncomingDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/van-ban/den/{doc.pk}/"
    assert doc.arrival_number == 1 and doc.file is not None


def test_a_duplicate_asks_for_confirmation_and_keeps_what_was_typed(cast, signed_in):
    client = signed_in(cast.van_thu)
    client.post("/van-ban/den/vao-so/", _form(cast))
    response = client.post("/van-ban/den/vao-so/", _form(cast, signer_name="Nguyễn Văn Bình"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "có thể đã được vào sổ" in body and "Vẫn vào sổ" in body
    assert 'value="Nguyễn Văn Bình"' in body  # what was typed is kept
    assert IncomingDocument.objects.count() == 1
    response = client.post("/van-ban/den/vao-so/", _form(cast, confirm_duplicate="on"))
    assert response.status_code == 302 and IncomingDocument.objects.count() == 2


def test_a_vague_subject_asks_for_confirmation(cast, signed_in):
    client = signed_in(cast.van_thu)
    response = client.post("/van-ban/den/vao-so/", _form(cast, subject="V/v"))
    assert response.status_code == 400 and "Trích yếu quá chung" in response.content.decode()
    assert (
        client.post("/van-ban/den/vao-so/", _form(cast, subject="V/v", confirm_subject="on")).status_code
        == 302
    )


def test_an_officer_cannot_open_the_registration_form(cast, signed_in):
    assert signed_in(cast.chuyen_vien).get("/van-ban/den/vao-so/").status_code == 403


def test_leader_distributes_unit_head_forwards_officer_closes(cast, signed_in):
    doc = incoming(cast, urgency="flash")
    chairman = signed_in(cast.chu_tich)
    page = chairman.get(f"/van-ban/den/{doc.pk}/").content.decode()
    assert "HỎA TỐC" in page and "Phân phối" in page
    response = chairman.post(
        f"/van-ban/den/{doc.pk}/chuyen/",
        {"lead": "", "instruction": "Giao Sở Nội vụ", "urgency": "flash"},
    )
    assert response.status_code == 400 and "đúng một người hoặc một đơn vị" in response.content.decode()
    response = chairman.post(
        f"/van-ban/den/{doc.pk}/chuyen/",
        {
            "lead": f"d{cast.units.tcbc.pk}",
            "coordinators": [f"d{cast.units.ccvc.pk}"],
            "informed": [f"u{cast.chanh_vp.pk}"],
            "instruction": "Giao Phòng TCBC tham mưu, báo cáo trước 10/12",
            "deadline": (TODAY + dt.timedelta(days=7)).isoformat(),
            "urgency": "flash",
        },
    )
    assert response.status_code == 302
    head = signed_in(cast.truong_phong)
    assert doc.subject[:30] in head.get("/van-ban/den/can-xu-ly/").content.decode()
    response = head.post(
        f"/van-ban/den/{doc.pk}/chuyen/",
        {"lead": f"u{cast.chuyen_vien.pk}", "urgency": "flash", "instruction": "Minh"},
    )
    assert response.status_code == 302
    officer = signed_in(cast.chuyen_vien)
    page = officer.get(f"/van-ban/den/{doc.pk}/").content.decode()
    assert "Giao Phòng TCBC tham mưu" in page and "Trần Quốc Hùng" in page and "Bùi Thanh Sơn" in page
    response = officer.post(
        f"/van-ban/den/{doc.pk}/ket-thuc/",
        {"new": "on", "unit": cast.units.tcbc.pk, "notation": "01.TCBC", "dossier_title": "Tuyển dụng 2026",
         "maintenance": "10 năm"},
    )  # fmt: skip
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == IncomingDocument.Status.DONE
    dossier = Dossier.objects.get()
    assert "Tuyển dụng 2026" in officer.get(f"/van-ban/ho-so/{dossier.pk}/").content.decode()
    assert AuditEvent.objects.filter(
        action="documents.incomingdocument.viewed", actor=cast.chuyen_vien
    ).exists()


def test_the_slip_prints_as_pdf_and_is_audited(cast, signed_in):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    response = signed_in(cast.chuyen_vien).get(f"/van-ban/den/{doc.pk}/phieu-giai-quyet.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN" in text and "Giao Sở Nội vụ xử lý" in text
    assert AuditEvent.objects.filter(action="documents.incomingdocument.slip_printed").exists()


def test_someone_off_the_path_gets_not_found(cast, signed_in):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    client = signed_in(cast.chuyen_vien_khac)
    for url in (
        f"/van-ban/den/{doc.pk}/",
        f"/van-ban/den/{doc.pk}/chuyen/",
        f"/van-ban/den/{doc.pk}/phieu-giai-quyet.pdf",
    ):
        assert client.get(url).status_code == 404


def test_the_officer_cannot_route_a_document_they_only_read(cast, signed_in):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    services.incoming_share(doc=doc, actor=cast.chuyen_vien, people=[cast.chuyen_vien_2])
    assert signed_in(cast.chuyen_vien_2).get(f"/van-ban/den/{doc.pk}/chuyen/").status_code == 403


def test_urgent_documents_are_marked_in_the_register_view(cast, signed_in):
    incoming(cast, urgency="very_urgent", subject="Đề nghị báo cáo gấp tình hình thiên tai tại địa phương")
    incoming(cast, number=555)
    body = signed_in(cast.van_thu).get("/van-ban/den/?do_khan=urgent").content.decode()
    assert "THƯỢNG KHẨN" in body and body.count('class="urgent"') == 1


@pytest.mark.parametrize("rows", [3, 40])
def test_the_register_view_loads_in_constant_queries(cast, signed_in, django_assert_max_num_queries, rows):
    for i in range(rows):
        incoming(cast, number=1000 + i, urgency="urgent" if i % 3 == 0 else "normal",
                 status=IncomingDocument.Status.IN_PROGRESS if i % 2 else IncomingDocument.Status.REGISTERED,
                 lead_unit=cast.units.tcbc if i % 2 else None)  # fmt: skip
    client = signed_in(cast.van_thu)
    client.get("/van-ban/den/")
    with django_assert_max_num_queries(LIST):
        response = client.get("/van-ban/den/?nam=2026&q=tuyen+dung")
    assert response.status_code == 200
    assert response.content.decode().count("/van-ban/den/") >= min(rows, 30)


@pytest.mark.parametrize("rows", [3, 40])
def test_the_todo_list_loads_in_constant_queries(cast, signed_in, django_assert_max_num_queries, rows):
    for i in range(rows):
        incoming(cast, number=2000 + i, status=IncomingDocument.Status.IN_PROGRESS, lead_unit=cast.units.tcbc)
    client = signed_in(cast.truong_phong)
    client.get("/van-ban/den/can-xu-ly/")
    with django_assert_max_num_queries(TODO):
        response = client.get("/van-ban/den/can-xu-ly/")
    assert response.status_code == 200
    assert RouteRecipient.objects.count() == rows


@pytest.mark.parametrize("rows", [3, 40])
def test_the_dossier_list_loads_in_constant_queries(cast, signed_in, django_assert_max_num_queries, rows):
    for i in range(rows):
        services.dossier_create(actor=cast.chuyen_vien, unit=cast.units.tcbc, notation=f"HS-{i}",
                                title=f"Hồ sơ số {i}", maintenance="10 năm")  # fmt: skip
    client = signed_in(cast.chuyen_vien)
    client.get("/van-ban/ho-so/")
    with django_assert_max_num_queries(DOSSIERS):
        response = client.get("/van-ban/ho-so/")
    assert response.status_code == 200 and f"HS-{rows - 1}" in response.content.decode()


def test_the_home_page_counts_what_waits_on_each_person(cast, signed_in):
    incoming(cast, status=IncomingDocument.Status.RECEIVED)
    incoming(cast, number=301)
    incoming(cast, number=302, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien,
             subject="Đề nghị cung cấp số liệu biên chế công chức năm 2026")  # fmt: skip
    from congvu.documents.incoming import selectors

    assert selectors.home_tally(cast.van_thu) == {"to_register": 1, "to_distribute": 0, "to_handle": 0}
    assert selectors.home_tally(cast.chu_tich)["to_distribute"] == 1
    assert selectors.home_tally(cast.chuyen_vien)["to_handle"] == 1
    clerk_home = signed_in(cast.van_thu).get("/").content.decode()
    assert "Văn bản chờ vào sổ" in clerk_home
    officer_home = signed_in(cast.chuyen_vien).get("/").content.decode()
    assert "Văn bản cần xử lý" in officer_home and "Đề nghị cung cấp số liệu biên chế" in officer_home


def test_clerk_corrects_the_registration_and_accepts_a_received_document(cast, signed_in):
    client = signed_in(cast.van_thu)
    client.post("/van-ban/den/vao-so/", _form(cast))
    doc = IncomingDocument.objects.get()
    page = client.get(f"/van-ban/den/{doc.pk}/sua/").content.decode()
    assert doc.subject in page
    response = client.post(
        f"/van-ban/den/{doc.pk}/sua/",
        _form(cast, subject="Đề nghị báo cáo số lượng công chức tuyển dụng năm 2026"),
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.subject.startswith("Đề nghị báo cáo số lượng") and doc.arrival_number == 1
    received = incoming(cast, status=IncomingDocument.Status.RECEIVED, number=901)
    assert client.post(f"/van-ban/den/{received.pk}/vao-so/").status_code == 302
    received.refresh_from_db()
    assert received.status == IncomingDocument.Status.REGISTERED and received.arrival_number == 2


def test_the_work_created_with_a_document_links_back_to_it(cast, signed_in):
    doc = incoming(cast)
    step = services.incoming_distribute(
        doc=doc,
        actor=cast.chu_tich,
        route=services.Route(
            leads=[cast.giam_doc],
            instruction="Tham mưu báo cáo Bộ Nội vụ",
            deadline=TODAY + dt.timedelta(days=7),
        ),
        create_work=True,
    )
    page = signed_in(cast.giam_doc).get(f"/cong-viec/{step.assignment_id}/").content.decode()
    assert f'href="/van-ban/den/{doc.pk}/"' in page
    detail = signed_in(cast.chu_tich).get(f"/van-ban/den/{doc.pk}/").content.decode()
    assert f"/cong-viec/{step.assignment_id}/" in detail


def test_an_agency_with_a_separate_series_chooses_its_register(cast, signed_in):
    from congvu.documents.models import Direction, Register

    separate = Register.objects.create(
        agency=cast.units.tinh, direction=Direction.INCOMING, name="Sổ đơn thư"
    )
    client = signed_in(cast.van_thu)
    assert "Sổ đơn thư" in client.get("/van-ban/den/vao-so/").content.decode()
    assert client.post("/van-ban/den/vao-so/", _form(cast, register=separate.pk)).status_code == 302
    assert client.post("/van-ban/den/vao-so/", _form(cast, code_number="77")).status_code == 302
    numbers = sorted(
        (d.register.name, d.arrival_number) for d in IncomingDocument.objects.select_related("register")
    )
    assert numbers == [("Sổ văn bản đến", 1), ("Sổ đơn thư", 1)]


def test_the_todo_list_puts_the_most_urgent_first_across_pages(cast, signed_in):
    from congvu.documents.incoming import selectors

    levels = ["normal", "flash", "urgent", "normal", "very_urgent", "flash"]
    docs = [
        incoming(
            cast,
            number=3000 + i,
            urgency=u,
            status=IncomingDocument.Status.IN_PROGRESS,
            lead_user=cast.chuyen_vien,
        )
        for i, u in enumerate(levels)
    ]
    first = selectors.todo_page(cast.chuyen_vien, size=3)
    rest = selectors.todo_page(cast.chuyen_vien, size=3, after=first.next_cursor)
    order = [d.pk for d in first.items + rest.items]
    assert order == [docs[5].pk, docs[1].pk, docs[4].pk, docs[2].pk, docs[3].pk, docs[0].pk]


def test_closing_into_an_incomplete_new_dossier_keeps_the_form(cast, signed_in):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    client = signed_in(cast.chuyen_vien)
    assert client.get(f"/van-ban/den/{doc.pk}/ket-thuc/").status_code == 200
    response = client.post(
        f"/van-ban/den/{doc.pk}/ket-thuc/", {"new": "on", "notation": "07.TCBC", "maintenance": "5 năm"}
    )
    body = response.content.decode()
    assert response.status_code == 400 and 'value="07.TCBC"' in body
    response = client.post(f"/van-ban/den/{doc.pk}/ket-thuc/", {"note": "Xong"})
    assert (
        response.status_code == 400
        and "Chọn một hồ sơ có sẵn hoặc lập hồ sơ mới." in response.content.decode()
    )
    doc.refresh_from_db()
    assert doc.status == IncomingDocument.Status.IN_PROGRESS and not Dossier.objects.exists()
