"""The signer signs the numbered document waiting for them (chờ ký → chờ phát hành): the signed PDF
becomes the document's main file, verifies intact and trusted, and the step is audited; anyone else,
a DOCX without a PDF, or a signature that does not verify leaves everything as it was (DOC-5;
seed 002 Đ10; Nghị định 30/2020 Điều 14.3)."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent, StoredFile
from congvu.documents.models import DocumentFile, OutgoingDocument
from congvu.documents.signing import selectors, services
from congvu.documents.signing.signers import verify_pdf
from tests.documents.cast import build_documents_cast, docx_bytes
from tests.documents.signing.helpers import to_sign

S = OutgoingDocument.Status


def test_signer_signs_and_the_signed_pdf_becomes_the_main_file(province, pki):
    cast = build_documents_cast(province)
    doc = to_sign(cast)
    signed = services.document_sign(doc=doc, actor=cast.chu_tich)
    assert signed.status == S.SIGNED and signed.signed_at is not None
    assert signed.signer_name == "Trần Quốc Hùng"
    stored = StoredFile.objects.get(pk=signed.signed_file_id)
    assert stored.original_name == "ke-hoach-tuyen-dung-da-ky-so.pdf"
    assert DocumentFile.objects.filter(outgoing=doc, kind="main", file=stored).exists()
    [check] = verify_pdf(selectors.file_bytes(stored))
    assert check.ok and check.signer == "Trần Quốc Hùng"
    event = AuditEvent.objects.get(action="documents.outgoingdocument.sign")
    assert event.actor == cast.chu_tich and event.before["status"] == "to_sign"
    assert event.after["status"] == "signed" and event.after["signed_file_id"] == stored.pk


def test_stamp_names_the_signer_the_post_and_the_agency(province, pki):
    cast = build_documents_cast(province)
    doc = to_sign(cast)
    stamp = selectors.stamp_for(doc, cast.chu_tich)
    assert stamp.name == "Trần Quốc Hùng"
    assert stamp.agency == cast.units.tinh.name
    assert stamp.position == "Chủ tịch"
    assert stamp.time_text.endswith("+07:00")


@pytest.mark.parametrize("who", ["chuyen_vien", "truong_phong", "pho_chu_tich", "van_thu"])
def test_nobody_but_the_signer_signs(province, pki, who):
    cast = build_documents_cast(province)
    doc = to_sign(cast)
    with pytest.raises(Refused) as refused:
        services.document_sign(doc=doc, actor=getattr(cast, who))
    assert refused.value.kind == Refused.Kind.NOT_ALLOWED
    assert refused.value.message == "Chỉ người ký văn bản mới ký được."
    doc.refresh_from_db()
    assert doc.status == S.TO_SIGN and doc.signed_file_id is None


@pytest.mark.parametrize("status", [S.NUMBERED, S.SIGNED, S.ISSUED, S.APPROVED])
def test_only_a_document_waiting_for_signature_is_signed(province, pki, status):
    cast = build_documents_cast(province)
    doc = to_sign(cast)
    OutgoingDocument.objects.filter(pk=doc.pk).update(status=status)
    doc.refresh_from_db()
    with pytest.raises(Refused) as refused:
        services.document_sign(doc=doc, actor=cast.chu_tich)
    assert refused.value.kind == Refused.Kind.WRONG_STATE


def test_a_docx_without_a_pdf_is_refused_with_what_to_do(province, pki):
    cast = build_documents_cast(province)
    doc = to_sign(cast, data=docx_bytes("Kế hoạch"), name="ke-hoach.docx")
    with pytest.raises(Refused, match="không phải PDF") as refused:
        services.document_sign(doc=doc, actor=cast.chu_tich)
    assert "ke-hoach.docx" in refused.value.message
    doc.refresh_from_db()
    assert doc.status == S.TO_SIGN


def test_a_document_without_a_file_is_refused(province, pki):
    cast = build_documents_cast(province)
    doc = to_sign(cast, data=None)
    with pytest.raises(Refused, match="chưa có tệp để ký"):
        services.document_sign(doc=doc, actor=cast.chu_tich)


def test_a_signature_that_does_not_verify_saves_nothing(province, pki, settings):
    settings.SIGNING_TRUST_ROOTS = [str(pki.stranger.path)]  # the signer's CA is not trusted here
    cast = build_documents_cast(province)
    doc = to_sign(cast)
    files_before = DocumentFile.objects.count()
    with pytest.raises(Refused) as refused:
        services.document_sign(doc=doc, actor=cast.chu_tich)
    assert refused.value.message.startswith("Chữ ký số vừa tạo không kiểm tra được")
    assert "tổ chức chứng thực được tin cậy" in refused.value.message
    doc.refresh_from_db()
    assert doc.status == S.TO_SIGN and doc.signed_file_id is None
    assert DocumentFile.objects.count() == files_before
    assert not AuditEvent.objects.filter(action="documents.outgoingdocument.sign").exists()


def test_without_a_certificate_the_signer_is_told_so(province, settings, tmp_path):
    settings.SIGNING_PKCS12 = ""
    settings.SIGNING_DEMO_DIR = tmp_path
    cast = build_documents_cast(province)
    doc = to_sign(cast)
    with pytest.raises(Refused, match="Chưa có chứng thư số để ký cho Trần Quốc Hùng"):
        services.document_sign(doc=doc, actor=cast.chu_tich)


def test_printing_marks_each_page_and_is_audited(province):
    cast = build_documents_cast(province)
    doc = to_sign(cast)
    [item] = DocumentFile.objects.filter(outgoing=doc)
    marked = services.file_printed(doc=doc, stored=item.file, actor=cast.chuyen_vien)
    text = PdfReader(BytesIO(marked)).pages[0].extract_text()
    assert "In bởi Nguyễn Văn Minh lúc" in text
    event = AuditEvent.objects.get(action="documents.outgoingdocument.printed")
    assert event.actor == cast.chuyen_vien and event.after["file_id"] == item.file_id


def test_without_a_main_pdf_the_newest_pdf_version_is_signed(province, pki):
    from congvu.core.files import store_upload
    from congvu.documents.models import DraftVersion
    from tests.documents.signing.helpers import PDF

    cast = build_documents_cast(province)
    doc = to_sign(cast, data=None)
    older = store_upload(uploaded_file=("du-thao-1.docx", docx_bytes("Dự thảo")), actor=cast.chuyen_vien)
    newest = store_upload(uploaded_file=("du-thao-2.pdf", PDF), actor=cast.chuyen_vien)
    DraftVersion.objects.create(document=doc, number=1, file=older, author=cast.chuyen_vien)
    DraftVersion.objects.create(document=doc, number=2, file=newest, author=cast.chuyen_vien)
    assert selectors.file_to_sign(doc) == newest
    signed = services.document_sign(doc=doc, actor=cast.chu_tich)
    assert signed.signed_file.original_name == "du-thao-2-da-ky-so.pdf"
