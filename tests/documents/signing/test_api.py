"""Signing and checking signatures through the API (DOC-5): the same rules as the screens, with the
answers of core.api_errors; two routers share /documents/outgoing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congvu.documents.models import OutgoingDocument
from congvu.documents.signing.signers import Pkcs12Signer, Stamp
from tests.conftest import bearer_client
from tests.documents.cast import build_documents_cast
from tests.documents.signing.helpers import PDF, to_sign
from tests.documents.signing.pki import PASSPHRASE

S = OutgoingDocument.Status


@pytest.fixture
def cast(province):
    return build_documents_cast(province)


@pytest.fixture
def api():
    return bearer_client


def test_signer_signs_through_the_api(cast, pki, api):
    doc = to_sign(cast)
    response = api(cast.chu_tich).post(f"/api/v1/documents/outgoing/{doc.pk}/sign")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "signed" and body["status_display"] == "Chờ phát hành"
    [signature] = body["signatures"]
    assert signature["signer"] == "Trần Quốc Hùng" and signature["ok"] is True
    assert signature["signed_at"].endswith("+07:00")
    doc.refresh_from_db()
    assert doc.signed_file_id == body["signed_file_id"]


def test_the_api_answers_each_refusal_with_its_status(cast, pki, api):
    doc = to_sign(cast)
    drafter = api(cast.chuyen_vien).post(f"/api/v1/documents/outgoing/{doc.pk}/sign")
    assert drafter.status_code == 403 and drafter.json()["detail"] == "Chỉ người ký văn bản mới ký được."
    assert api(cast.chuyen_vien_khac).post(f"/api/v1/documents/outgoing/{doc.pk}/sign").status_code == 404
    chairman = api(cast.chu_tich)
    assert chairman.post(f"/api/v1/documents/outgoing/{doc.pk}/sign").status_code == 200
    again = chairman.post(f"/api/v1/documents/outgoing/{doc.pk}/sign")
    assert again.status_code == 409 and again.json()["code"] == "wrong_state"
    no_file = to_sign(cast, data=None)
    missing = chairman.post(f"/api/v1/documents/outgoing/{no_file.pk}/sign")
    assert missing.status_code == 400 and "chưa có tệp để ký" in missing.json()["detail"]


def test_verify_reads_each_signature_of_an_uploaded_pdf(cast, pki, api):
    stamp = Stamp("Trần Quốc Hùng", "Chủ tịch", "UBND tỉnh Bình Sơn", timezone.now())
    signed = Pkcs12Signer(pki.p12, PASSPHRASE).sign(PDF, stamp=stamp)
    client = api(cast.chuyen_vien_khac)
    response = client.post(
        "/api/v1/documents/signatures/verify", {"file": SimpleUploadedFile("a.pdf", signed)}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["signed"] and body["ok"]
    assert body["signatures"][0]["trusted"] and body["signatures"][0]["unchanged"]
    plain = client.post("/api/v1/documents/signatures/verify", {"file": SimpleUploadedFile("b.pdf", PDF)})
    assert plain.json() == {"signed": False, "ok": False, "signatures": []}
    bad = client.post(
        "/api/v1/documents/signatures/verify", {"file": SimpleUploadedFile("c.pdf", b"xin chao")}
    )
    assert bad.status_code == 400 and bad.json()["field"] == "file"
