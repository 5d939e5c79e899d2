"""A document's file is downloaded by those who may read the document, and each download is
audited (F-5a, F-6l); others get "not found" alike for missing and hidden."""

from congvu.core.files import store_upload
from congvu.core.models import AuditEvent
from congvu.documents.models import IncomingDocument
from tests.documents.cast import build_documents_cast, incoming, pdf_bytes

PDF = pdf_bytes("UBND tỉnh Bình Sơn", "Công văn số 100")


def test_reader_downloads_the_main_file_and_it_is_audited(province, signed_in):
    cast = build_documents_cast(province)
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    stored = store_upload(uploaded_file=("cong-van-100.pdf", PDF), actor=cast.van_thu)
    IncomingDocument.objects.filter(pk=doc.pk).update(file=stored)
    client = signed_in(cast.chuyen_vien)
    response = client.get(f"/van-ban/tep/den/{doc.pk}/{stored.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    event = AuditEvent.objects.get(action="documents.incomingdocument.downloaded")
    assert event.actor == cast.chuyen_vien and event.object_id == str(doc.pk)
    assert event.after["file"] == "cong-van-100.pdf"


def test_someone_off_the_path_gets_not_found(province, signed_in):
    cast = build_documents_cast(province)
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    stored = store_upload(uploaded_file=("cong-van-100.pdf", PDF), actor=cast.van_thu)
    IncomingDocument.objects.filter(pk=doc.pk).update(file=stored)
    client = signed_in(cast.chuyen_vien_khac)
    assert client.get(f"/van-ban/tep/den/{doc.pk}/{stored.pk}/").status_code == 404
    other = store_upload(uploaded_file=("khac.pdf", PDF), actor=cast.van_thu)
    assert signed_in(cast.chuyen_vien).get(f"/van-ban/tep/den/{doc.pk}/{other.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="documents.incomingdocument.downloaded").exists()
