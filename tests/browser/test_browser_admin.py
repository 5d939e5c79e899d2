"""The administrator's screens in a real browser: Quản trị, the audit log, the calendar."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from congvu.core import audit, calendar


@pytest.mark.django_db(transaction=True)
def test_the_administrator_reads_the_log_and_adds_a_day_off(
    page, live_server, province, legal_data, sign_in, shoot
):
    admin = province.quan_tri
    device = TOTPDevice.objects.create(user=admin, name="Ứng dụng xác thực", confirmed=True)
    audit.record(
        actor=None, action="accounts.sign_in_failed", object_type="accounts.user", object_repr="kienlv",
        ip="203.113.1.9", result="failed",
    )  # fmt: skip
    calendar.invalidate()

    sign_in(admin)
    # Administrators must use their second factor before anything else (TV-SEC-4).
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    page.get_by_label("Mã xác thực").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/quan-tri/")
    expect(page.get_by_role("heading", name="Quản trị", exact=True)).to_be_visible()
    for group in ("Tổ chức và tài khoản", "Danh mục và lịch", "Giám sát"):
        expect(page.get_by_role("heading", name=group)).to_be_visible()
    shoot(page, "admin-index")

    page.get_by_role("link", name="Nhật ký hệ thống").first.click()
    page.get_by_label("Mã hành động").fill("accounts.")
    page.get_by_role("button", name="Lọc", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "action=accounts." in page.url
    expect(page.locator("table.list").get_by_text("Đăng nhập không thành công").first).to_be_visible()
    expect(page.get_by_text("accounts.sign_in", exact=True).first).to_be_visible()
    shoot(page, "audit-log")
    page.get_by_role("row").nth(1).get_by_role("link").first.click()  # its time opens the event
    expect(page.get_by_text("Nội dung khớp mã băm")).to_be_visible()
    shoot(page, "audit-event")

    page.goto(f"{live_server.url}/quan-tri/")
    page.get_by_role("link", name="Lịch ngày nghỉ, ngày làm bù").click()
    page.get_by_label("Năm", exact=True).select_option("2026")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Lịch ngày nghỉ, ngày làm bù năm 2026")).to_be_visible()
    expect(page.get_by_text("250", exact=True).first).to_be_visible()
    shoot(page, "calendar-2026")

    page.get_by_role("textbox", name="Ngày", exact=True).fill("2026-03-10")
    page.get_by_label("Loại ngày").select_option("day_off")
    page.get_by_label("Tên ngày").fill("Nghỉ bù bầu cử đại biểu")
    page.get_by_label("Căn cứ (văn bản quyết định)").fill("QĐ 15/QĐ-UBND")
    page.get_by_role("button", name="Thêm vào lịch").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã thêm 10/03/2026")).to_be_visible()
    expect(page.get_by_role("cell", name="Nghỉ bù bầu cử đại biểu")).to_be_visible()
    expect(page.get_by_text("249", exact=True).first).to_be_visible()

    # The deadline calculator sees the new day at once.
    page.get_by_label("Tính từ ngày").fill("2026-03-09")
    page.get_by_label("Số ngày làm việc").fill("1")
    page.get_by_role("button", name="Tính hạn").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("11/03/2026").first).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "calendar-2026-added")

    page.goto(f"{live_server.url}/quan-tri/")
    page.get_by_role("link", name="Loại văn bản").click()
    expect(page.get_by_role("cell", name="QyĐ")).to_be_visible()
    shoot(page, "catalogue-document-types")
    page.get_by_role("link", name="Thêm loại văn bản").click()
    page.get_by_label("Tên loại văn bản").fill("Công văn hỏa tốc")
    page.get_by_label("Chữ viết tắt").fill("CV")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".field .error").get_by_text("Không dùng “CV” làm chữ viết tắt")).to_be_visible()
    shoot(page, "catalogue-refused-cv")
