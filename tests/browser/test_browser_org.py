"""The organisation screens in a real browser: the administrator opens the tree, creates a division
under Sở Tài chính and puts a person into it (ORG-1, ORG-2)."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from congvu.org.models import Membership, Unit


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.mark.django_db(transaction=True)
def test_the_administrator_builds_a_division_and_staffs_it(page, live_server, province, sign_in, shoot):
    admin = province.quan_tri
    device = TOTPDevice.objects.create(user=admin, name="Ứng dụng xác thực", confirmed=True)

    sign_in(admin)
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    page.get_by_label("Mã xác thực").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/to-chuc/don-vi/")
    expect(page.get_by_role("heading", name="Cơ cấu tổ chức")).to_be_visible()
    expect(page.get_by_role("link", name="Sở Tài chính")).to_be_visible()
    # The divisions of Sở Nội vụ are folded until its branch is opened.
    tcbc = page.get_by_role("link", name="Phòng Tổ chức biên chế")
    expect(tcbc).not_to_be_visible()
    page.locator("summary", has_text="Sở Nội vụ").click()
    expect(tcbc).to_be_visible()
    expect(page.get_by_text("Bùi Thanh Sơn")).to_be_visible()
    shoot(page, "org-tree")

    page.get_by_role("link", name="Sở Tài chính").click()
    expect(page.get_by_role("heading", name="Sở Tài chính")).to_be_visible()
    page.get_by_role("link", name="Thêm đơn vị trực thuộc").click()
    page.get_by_label("Tên đơn vị").fill("Phòng Quản lý giá và Công sản")
    page.get_by_label("Tên viết tắt").fill("QLGCS")
    page.get_by_label("Mã định danh").fill("000.0.03.H99")  # a mistake first
    page.get_by_label("Thứ tự hiển thị").fill("2")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".field .error").get_by_text("không đúng cấu trúc NNN.NN.NN.XNN")).to_be_visible()
    assert not Unit.objects.filter(short_name="QLGCS").exists()
    page.get_by_label("Mã định danh").fill("")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Phòng Quản lý giá và Công sản")).to_be_visible()
    unit = Unit.objects.get(short_name="QLGCS")
    assert unit.parent == province.units.stc

    page.get_by_role("link", name="Thêm người vào đơn vị").click()
    page.get_by_label("Tìm tài khoản").fill("dang dinh duc")
    page.locator("main").get_by_role("button", name="Tìm").click()  # not the header's search
    page.wait_for_load_state("networkidle")
    shoot(page, "org-membership-add")
    page.get_by_label("Đặng Đình Đức (ducdd)", exact=False).check()
    page.get_by_label("Chức vụ").select_option(label="Trưởng phòng")
    page.get_by_role("button", name="Thêm vào đơn vị").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã thêm Đặng Đình Đức vào Phòng Quản lý giá và Công sản")).to_be_visible()
    expect(page.get_by_role("cell", name="Trưởng phòng")).to_be_visible()
    membership = Membership.objects.current().get(user=province.chuyen_vien_khac, unit=unit)
    assert membership.is_primary
    shoot(page, "org-unit-detail")
