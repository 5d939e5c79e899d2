"""Signing in a real browser (DOC-5): the chairman finds the document waiting for his signature on
"Hôm nay", sees the stamp it will carry, signs; an officer of another agency checks the signed PDF
with the signature check tool."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from congvu.documents.models import OutgoingDocument
from congvu.documents.signing.selectors import file_bytes
from tests.documents.cast import build_documents_cast
from tests.documents.signing.helpers import to_sign
from tests.documents.signing.pki import PASSPHRASE, make_ca, make_pkcs12


@pytest.mark.django_db(transaction=True)
def test_the_chairman_signs_and_the_signature_checks_out(
    page, live_server, province, sign_in, shoot, settings, tmp_path, monkeypatch
):
    try:  # the text of an attached file is extracted by the search feature's job, once it is there
        import congvu.documents.search.jobs  # noqa: F401
    except ImportError:
        from congvu.documents import services

        monkeypatch.setattr(services, "enqueue_on_commit", lambda *args: None)
    ca = make_ca(tmp_path)
    settings.SIGNING_PKCS12 = str(make_pkcs12(ca, tmp_path, "Trần Quốc Hùng", "hung.p12"))
    settings.SIGNING_PASSPHRASE = PASSPHRASE
    settings.SIGNING_TRUST_ROOTS = [str(ca.path)]
    cast = build_documents_cast(province)
    doc = to_sign(cast, subject="Kế hoạch tuyển dụng công chức tỉnh Bình Sơn năm 2027")

    sign_in(cast.chu_tich)
    expect(page.get_by_role("heading", name="Văn bản chờ ký")).to_be_visible()
    shoot(page, "signing-home")
    page.get_by_role("link", name="Kế hoạch tuyển dụng công chức tỉnh Bình Sơn năm 2027").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Ký bởi: Trần Quốc Hùng")).to_be_visible()
    shoot(page, "signing-confirm")
    page.get_by_label("Tôi đã đọc văn bản và đồng ý ký số").check()
    page.get_by_role("button", name="Ký số").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã ký số văn bản; văn bản chờ văn thư phát hành.")).to_be_visible()
    doc.refresh_from_db()
    assert doc.status == OutgoingDocument.Status.SIGNED

    signed = tmp_path / "van-ban-da-ky.pdf"
    signed.write_bytes(file_bytes(doc.signed_file))
    page.context.clear_cookies()
    sign_in(cast.chuyen_vien_khac)
    page.goto(f"{live_server.url}/van-ban/kiem-tra-chu-ky/")
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(signed))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Chữ ký hợp lệ")).to_be_visible()
    expect(page.get_by_text("Không bị sửa sau khi ký")).to_be_visible()
    shoot(page, "signing-check")
