"""Drafting and review in a real browser (DOC-4; seed 002 Đ10): an officer drafts a plan and submits
it, his division head comments and passes it on, the director approves it for issue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from congvu.documents.models import OutgoingDocument
from tests.documents.cast import build_documents_cast, docx_bytes


@pytest.mark.django_db(transaction=True)
def test_an_officer_drafts_and_the_chain_reviews(page, live_server, province, sign_in, shoot, monkeypatch):
    # The text-extraction job a stored file enqueues belongs to the search part; not called here.
    monkeypatch.setattr("congvu.documents.services.enqueue_on_commit", lambda *args, **kwargs: None)
    cast = build_documents_cast(province)

    # The officer drafts the plan and submits it.
    sign_in(cast.chuyen_vien)
    page.goto(f"{live_server.url}/van-ban/di/soan/")
    page.get_by_label("Loại văn bản").select_option(label="Kế hoạch")
    page.get_by_label("Trích yếu nội dung").fill("Kế hoạch tuyển dụng công chức Sở Nội vụ năm 2027")
    page.get_by_label("Người ký").select_option(label="Hoàng Văn Nam")
    page.get_by_label("Độ khẩn").select_option(label="Khẩn")
    page.get_by_label("Tệp dự thảo (.docx, .odt, .pdf)").set_input_files(
        {
            "name": "du-thao-ke-hoach.docx",
            "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "buffer": docx_bytes("KẾ HOẠCH", "Tuyển dụng 10 công chức"),
        }
    )
    shoot(page, "outgoing-draft-form")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    page.locator("#act-submit summary").click()
    page.locator("#act-submit button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã trình dự thảo.")).to_be_visible()
    doc = OutgoingDocument.objects.get()
    assert doc.status == OutgoingDocument.Status.IN_REVIEW

    # The division head finds it under "Chờ tôi duyệt", comments and passes it on.
    page.context.clear_cookies()
    sign_in(cast.truong_phong)
    page.goto(f"{live_server.url}/van-ban/di/cho-duyet/")
    assert page.locator("tr.urgent").count() == 1
    shoot(page, "outgoing-to-review")
    page.get_by_role("link", name="Kế hoạch tuyển dụng công chức Sở Nội vụ năm 2027").click()
    page.locator("#act-comment summary").click()
    page.locator("#act-comment textarea").fill("Đề nghị nêu rõ chỉ tiêu của từng phòng")
    page.locator("#act-comment button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đề nghị nêu rõ chỉ tiêu của từng phòng")).to_be_visible()
    page.locator("#act-pass_on summary").click()
    page.locator("#act-pass_on button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã đồng ý và trình bước tiếp theo.")).to_be_visible()

    # The director approves it for issue.
    page.context.clear_cookies()
    sign_in(cast.giam_doc)
    page.goto(f"{live_server.url}/van-ban/di/{doc.pk}/")
    shoot(page, "outgoing-detail-director")
    page.locator("#act-approve summary").click()
    page.locator("#act-approve button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã duyệt ban hành; văn bản chuyển văn thư cấp số.")).to_be_visible()
    doc.refresh_from_db()
    assert doc.status == OutgoingDocument.Status.APPROVED
