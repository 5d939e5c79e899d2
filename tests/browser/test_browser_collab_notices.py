"""Maintenance notices and feedback in a real browser (ADM-4, ADM-5): the administrator schedules a
maintenance window and every signed-in person sees its banner, on a phone and on a desktop; an
officer hides it, reports a fault from the page they are on, and the administrator finds the report
with the page's address."""

import datetime as dt

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from congvu.collaboration.feedback.models import FeedbackReport
from congvu.collaboration.notices.models import Notice

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TITLE = "Nâng cấp phần mềm quản lý văn bản"


def _sign_in_admin(page, sign_in, admin, device):
    sign_in(admin)
    page.get_by_label("Mã xác thực").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("networkidle")


def _sign_out(page):
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_a_maintenance_banner_and_a_fault_reported_from_a_page(
    page, live_server, province, sign_in, shoot, clock
):
    admin, officer = province.quan_tri, province.chuyen_vien
    device = TOTPDevice.objects.create(user=admin, name="Ứng dụng xác thực", confirmed=True)

    page.set_viewport_size(DESKTOP)
    _sign_in_admin(page, sign_in, admin, device)
    page.goto(f"{live_server.url}/phoi-hop/thong-bao-he-thong/quan-tri/")
    page.get_by_role("link", name="Đăng thông báo").click()
    page.get_by_label("Loại").select_option("maintenance")
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Nội dung").fill(
        "Hệ thống tạm dừng để nâng cấp. Văn bản khẩn xin gửi bằng thư điện tử công vụ."
    )
    page.get_by_label("Bắt đầu (ngày, giờ)").fill("2026-12-04T19:00")
    page.get_by_label("Kết thúc dự kiến (ngày, giờ)").fill("2026-12-04T22:00")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã đăng thông báo.")).to_be_visible()
    assert (
        page.locator("#sys-notices").get_by_text(TITLE).is_visible()
    )  # the administrator's own page, at once
    shoot(page, "notices-admin-list")
    assert Notice.objects.count() == 1
    _sign_out(page)

    sign_in(officer)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    banner = page.locator("#sys-notices")
    expect(banner.get_by_text("Sắp bảo trì hệ thống")).to_be_visible()
    expect(banner.get_by_text("19:00 04/12/2026")).to_be_visible()
    shoot(page, "notices-banner")

    page.goto(f"{live_server.url}/phoi-hop/thong-bao-he-thong/")
    assert (
        page.get_by_role("cell", name=TITLE).first.is_visible() or page.get_by_text(TITLE).first.is_visible()
    )
    page.locator("#sys-notices").get_by_role("button", name="Ẩn").click()
    page.wait_for_timeout(300)
    assert page.locator("#sys-notices section").count() == 0
    page.reload()
    assert page.locator("#sys-notices").count() == 0  # hidden for the rest of the session

    page.get_by_role("link", name="Góp ý, báo lỗi").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("/phoi-hop/thong-bao-he-thong/").first).to_be_visible()
    page.get_by_label("Lỗi, sự cố của phần mềm").check()
    page.get_by_label("Mô tả").fill("Trang lịch sử thông báo hiện giờ sai múi giờ.")
    shoot(page, "feedback-form")
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi góp ý")).to_be_visible()
    report = FeedbackReport.objects.get()
    assert report.page_path == "/phoi-hop/thong-bao-he-thong/"
    _sign_out(page)

    clock.shift(dt.timedelta(minutes=1))  # a new code of the authenticator (one code is used once)
    _sign_in_admin(page, sign_in, admin, device)
    page.goto(f"{live_server.url}/phoi-hop/gop-y/quan-tri/")
    row = page.get_by_role("row").filter(has_text="Trang lịch sử thông báo")
    expect(row.get_by_text("/phoi-hop/thong-bao-he-thong/")).to_be_visible()
    shoot(page, "feedback-admin-list")
    row.get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("link", name="/phoi-hop/thong-bao-he-thong/")).to_be_visible()
    page.get_by_role("button", name="Nhận xử lý").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Trả lời").fill("Cảm ơn chị, đã ghi nhận; sẽ sửa trong bản sau.")
    page.get_by_role("button", name="Gửi trả lời").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi trả lời.")).to_be_visible()
    shoot(page, "feedback-detail")
    report.refresh_from_db()
    assert report.status == FeedbackReport.Status.IN_PROGRESS
