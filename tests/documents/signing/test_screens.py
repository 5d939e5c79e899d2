"""The signing screens: the signer sees the stamp and signs; the queue lists what waits for me in
constant queries; a PDF is checked without being kept; a file's signatures are shown; a print
carries "In bởi … lúc …" and is audited (DOC-5; Phụ lục VI F-6k, F-6l)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from congvu.core.models import AuditEvent, StoredFile
from congvu.documents.models import DocumentFile, IncomingDocument, OutgoingDocument
from congvu.documents.signing.signers import Pkcs12Signer, Stamp
from tests.documents.cast import build_documents_cast, incoming
from tests.documents.signing.helpers import PDF, to_sign
from tests.documents.signing.pki import PASSPHRASE

S = OutgoingDocument.Status


@pytest.fixture
def cast(province):
    return build_documents_cast(province)


def _signed_pdf(pki):
    from django.utils import timezone

    stamp = Stamp("Trần Quốc Hùng", "Chủ tịch", "UBND tỉnh Bình Sơn", timezone.now())
    return Pkcs12Signer(pki.p12, PASSPHRASE).sign(PDF, stamp=stamp)


def test_signer_sees_the_stamp_then_signs(cast, pki, signed_in):
    doc = to_sign(cast)
    client = signed_in(cast.chu_tich)
    page = client.get(f"/van-ban/di/{doc.pk}/ky/").content.decode()
    assert "Ký bởi: Trần Quốc Hùng" in page
    assert f"Chủ tịch, {cast.units.tinh.name}" in page
    assert "+07:00" in page and "ke-hoach-tuyen-dung.pdf" in page
    response = client.post(f"/van-ban/di/{doc.pk}/ky/", {"confirm": "on"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == S.SIGNED and doc.signed_file_id is not None


def test_signing_without_confirming_keeps_the_page(cast, pki, signed_in):
    doc = to_sign(cast)
    response = signed_in(cast.chu_tich).post(f"/van-ban/di/{doc.pk}/ky/", {})
    assert response.status_code == 400
    assert "Xác nhận đã đọc văn bản trước khi ký." in response.content.decode()
    doc.refresh_from_db()
    assert doc.status == S.TO_SIGN


def test_a_docx_is_refused_on_the_page(cast, pki, signed_in):
    from tests.documents.cast import docx_bytes

    doc = to_sign(cast, data=docx_bytes("Kế hoạch"), name="ke-hoach.docx")
    client = signed_in(cast.chu_tich)
    assert "không phải PDF" in client.get(f"/van-ban/di/{doc.pk}/ky/").content.decode()
    response = client.post(f"/van-ban/di/{doc.pk}/ky/", {"confirm": "on"})
    assert response.status_code == 400 and "không phải PDF" in response.content.decode()


def test_the_drafter_reads_but_cannot_sign(cast, pki, signed_in):
    doc = to_sign(cast)
    client = signed_in(cast.chuyen_vien)
    page = client.get(f"/van-ban/di/{doc.pk}/ky/")
    assert page.status_code == 200 and "Chỉ người ký văn bản mới ký được." in page.content.decode()
    assert client.post(f"/van-ban/di/{doc.pk}/ky/", {"confirm": "on"}).status_code == 403
    doc.refresh_from_db()
    assert doc.status == S.TO_SIGN


def test_someone_off_the_path_gets_not_found(cast, pki, signed_in):
    doc = to_sign(cast)
    client = signed_in(cast.chuyen_vien_khac)
    assert client.get(f"/van-ban/di/{doc.pk}/ky/").status_code == 404
    assert client.post(f"/van-ban/di/{doc.pk}/ky/", {"confirm": "on"}).status_code == 404


def test_the_queue_lists_what_waits_for_my_signature(cast, signed_in):
    mine = to_sign(cast, subject="Kế hoạch chờ Chủ tịch ký")
    deputy = to_sign(cast, subject="Công văn chờ Phó Chủ tịch ký", signer=cast.pho_chu_tich)
    outgoing_numbered = to_sign(cast, subject="Văn bản chưa kiểm tra")
    OutgoingDocument.objects.filter(pk=outgoing_numbered.pk).update(status=S.NUMBERED)
    page = signed_in(cast.chu_tich).get("/van-ban/di/cho-ky/").content.decode()
    assert "Kế hoạch chờ Chủ tịch ký" in page and f"/van-ban/di/{mine.pk}/ky/" in page
    assert "Công văn chờ Phó Chủ tịch ký" not in page and f"/van-ban/di/{deputy.pk}/ky/" not in page
    assert "Văn bản chưa kiểm tra" not in page


@pytest.mark.parametrize("rows", [2, 30])
def test_the_queue_loads_in_constant_queries(cast, signed_in, django_assert_max_num_queries, rows, settings):
    settings.PAGE_SIZE = 10
    for i in range(rows):
        to_sign(cast, data=None, subject=f"Văn bản chờ ký số {i}")
    client = signed_in(cast.chu_tich)
    client.get("/van-ban/di/cho-ky/")
    with django_assert_max_num_queries(8 + 1):  # the constant part of a page, then the rows
        body = client.get("/van-ban/di/cho-ky/").content.decode()
    assert body.count('/ky/"') == min(rows, 10)
    if rows > 10:
        assert "Trang sau" in body


def test_the_check_tool_reads_each_signature_and_keeps_nothing(cast, pki, signed_in):
    client = signed_in(cast.chuyen_vien_khac)
    files_before = StoredFile.objects.count()
    upload = SimpleUploadedFile("van-ban.pdf", _signed_pdf(pki), content_type="application/pdf")
    page = client.post("/van-ban/kiem-tra-chu-ky/", {"file": upload}).content.decode()
    assert "Trần Quốc Hùng" in page and "Chữ ký hợp lệ" in page and "Không bị sửa sau khi ký" in page
    assert StoredFile.objects.count() == files_before


def test_the_check_tool_refuses_what_is_not_a_pdf_and_what_is_too_big(cast, signed_in, settings):
    client = signed_in(cast.chuyen_vien)
    response = client.post("/van-ban/kiem-tra-chu-ky/", {"file": SimpleUploadedFile("a.pdf", b"MZ\x90 exe")})
    assert response.status_code == 400 and "Chọn một tệp PDF" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024))
    response = client.post("/van-ban/kiem-tra-chu-ky/", {"file": big})
    assert (
        response.status_code == 400 and "Tệp quá lớn để kiểm tra: tối đa 1 MB." in response.content.decode()
    )
    assert client.post("/van-ban/kiem-tra-chu-ky/", {}).status_code == 400


def test_an_unsigned_pdf_has_no_signature(cast, signed_in):
    client = signed_in(cast.chuyen_vien)
    page = client.post("/van-ban/kiem-tra-chu-ky/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert "Tệp không có chữ ký số nào." in page.content.decode()


def test_a_signed_file_s_verify_page(cast, pki, signed_in):
    from congvu.documents.signing import services

    doc = services.document_sign(doc=to_sign(cast), actor=cast.chu_tich)
    page = signed_in(cast.chuyen_vien).get(f"/van-ban/tep/di/{doc.pk}/{doc.signed_file_id}/chu-ky/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Trần Quốc Hùng" in body and "Chữ ký hợp lệ" in body
    assert "Do tổ chức chứng thực được tin cậy cấp" in body
    assert (
        signed_in(cast.chuyen_vien_khac)
        .get(f"/van-ban/tep/di/{doc.pk}/{doc.signed_file_id}/chu-ky/")
        .status_code
        == 404
    )


def test_print_stamps_each_page_and_is_audited(cast, signed_in):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    from congvu.core.files import store_upload

    stored = store_upload(uploaded_file=("cong-van.pdf", PDF), actor=cast.van_thu)
    IncomingDocument.objects.filter(pk=doc.pk).update(file=stored)
    response = signed_in(cast.chuyen_vien).get(f"/van-ban/tep/den/{doc.pk}/{stored.pk}/in/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = PdfReader(BytesIO(response.content)).pages
    assert all("In bởi Nguyễn Văn Minh lúc" in page.extract_text() for page in pages)
    event = AuditEvent.objects.get(action="documents.incomingdocument.printed")
    assert event.actor == cast.chuyen_vien and event.after["file"] == "cong-van.pdf"
    assert (
        signed_in(cast.chuyen_vien_khac).get(f"/van-ban/tep/den/{doc.pk}/{stored.pk}/in/").status_code == 404
    )


def test_a_docx_is_not_printed(cast, signed_in):
    from tests.documents.cast import docx_bytes

    doc = to_sign(cast, data=docx_bytes("Kế hoạch"), name="ke-hoach.docx")
    item = DocumentFile.objects.get(outgoing=doc)
    response = signed_in(cast.chuyen_vien).get(f"/van-ban/tep/di/{doc.pk}/{item.file_id}/in/")
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="documents.outgoingdocument.printed").exists()


def test_a_signed_pdf_of_several_pages_prints_with_its_signature_readable(cast, pki, signed_in):
    from congvu.documents.signing import services
    from congvu.documents.signing.signers import verify_pdf
    from tests.documents.cast import pdf_bytes

    pages = pdf_bytes(*(f"<p style='page-break-after:always'>Trang {i}</p>" for i in range(1, 4)))
    doc = services.document_sign(doc=to_sign(cast, data=pages), actor=cast.chu_tich)
    response = signed_in(cast.chuyen_vien).get(f"/van-ban/tep/di/{doc.pk}/{doc.signed_file_id}/in/")
    printed = PdfReader(BytesIO(response.content)).pages
    assert len(printed) >= 3
    assert all("In bởi Nguyễn Văn Minh lúc" in page.extract_text() for page in printed)
    [check] = verify_pdf(response.content)
    assert check.intact and check.signer == "Trần Quốc Hùng"
