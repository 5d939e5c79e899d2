"""Registering and routing an incoming document in a real browser (DOC-1, DOC-2): the clerk types
it in on a desktop (a duplicate asks for confirmation), the chairman routes it from a phone with an
instruction, the unit head finds it in "Văn bản cần xử lý" and sees the route."""

import pytest
from playwright.sync_api import expect

from congvu.documents.models import IncomingDocument
from tests.documents.cast import build_documents_cast

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 780}
SUBJECT = "Đề nghị báo cáo kết quả tuyển dụng công chức năm 2026"


def _sign_out(page):
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def _register(page, live_server, cast):
    page.goto(f"{live_server.url}/van-ban/den/vao-so/")
    page.get_by_label("Cơ quan gửi (danh mục)").select_option(str(cast.bnv.pk))
    page.get_by_label("Loại văn bản").select_option(str(cast.types.cv.pk))
    page.get_by_label("Số", exact=True).fill("1234")
    page.get_by_label("Ký hiệu").fill("BNV-TCBC")
    page.get_by_label("Trích yếu nội dung").fill(SUBJECT)
    page.get_by_label("Độ khẩn").select_option("flash")
    page.get_by_role("button", name="Vào sổ").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_clerk_registers_and_the_chairman_routes_from_a_phone(page, live_server, province, sign_in, shoot):
    cast = build_documents_cast(province)
    page.set_viewport_size(DESKTOP)
    sign_in(cast.van_thu)
    _register(page, live_server, cast)
    expect(page.get_by_text("Đã vào sổ văn bản đến, số đến 1.")).to_be_visible()
    expect(page.get_by_text("HỎA TỐC").first).to_be_visible()
    # the same document again: flagged, what was typed kept, saved only when confirmed
    _register(page, live_server, cast)
    expect(page.get_by_text("có thể đã được vào sổ").first).to_be_visible()
    assert page.get_by_label("Trích yếu nội dung").input_value() == SUBJECT
    shoot(page, "incoming-duplicate")
    assert IncomingDocument.objects.count() == 1
    page.goto(f"{live_server.url}/van-ban/den/")
    assert page.locator("tr.urgent .urgent-mark").first.inner_text() == "HỎA TỐC"
    shoot(page, "incoming-register")
    _sign_out(page)

    sign_in(cast.chu_tich)
    page.set_viewport_size(PHONE)
    doc = IncomingDocument.objects.get()
    page.goto(f"{live_server.url}/van-ban/den/{doc.pk}/")
    page.get_by_role("link", name="Phân phối").click()
    page.get_by_label("Xử lý chính", exact=True).select_option(f"d{cast.units.tcbc.pk}")
    page.get_by_label("Ý kiến chỉ đạo (bút phê)").fill("Giao Phòng TCBC tham mưu, báo cáo trước 10/12")
    shoot(page, "incoming-route")
    page.get_by_role("button", name="Chuyển").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã chuyển văn bản.")).to_be_visible()
    _sign_out(page)

    sign_in(cast.truong_phong)
    page.goto(f"{live_server.url}/van-ban/den/can-xu-ly/")
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_text("Giao Phòng TCBC tham mưu, báo cáo trước 10/12")).to_be_visible()
    expect(page.get_by_role("link", name="Chuyển xử lý")).to_be_visible()
    shoot(page, "incoming-detail")
