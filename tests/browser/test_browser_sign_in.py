"""First sign-in, sessions and the administrators' second factor in a real browser (ORG-6; TV-SEC-3/4)."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from congvu.accounts.users import services as user_services


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


@pytest.mark.django_db(transaction=True)
def test_a_new_account_changes_its_one_time_password_at_first_sign_in(
    page, live_server, province, sign_in, shoot
):
    created = user_services.user_create(
        full_name="Phan Thị Ngọc Ánh",
        unit=province.units.tcbc,
        position=province.positions.chuyen_vien,
        actor=province.quan_tri,
        email="anhptn@binhson.gov.vn",
    )
    assert created.user.username == "anhptn"

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    expect(page.get_by_role("heading", name="Đăng nhập Công Vụ")).to_be_visible()
    shoot(page, "sign-in")

    sign_in(created.user, created.one_time_password)
    assert page.url == f"{live_server.url}/tai-khoan/doi-mat-khau/"
    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    expect(page.get_by_text("mật khẩu một lần do quản trị cấp")).to_be_visible()
    # Any other page leads back here until the password is changed.
    page.goto(f"{live_server.url}/tai-khoan/ho-so/")
    assert page.url == f"{live_server.url}/tai-khoan/doi-mat-khau/"

    page.get_by_label("Mật khẩu hiện tại").fill(created.one_time_password)
    page.locator("#id_new_password1").fill("Abc@12345")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Abc@12345")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.locator(".field .error").get_by_text("Mật khẩu phải có ít nhất 14 ký tự.")).to_be_visible()
    shoot(page, "first-password-change")

    page.get_by_label("Mật khẩu hiện tại").fill(created.one_time_password)
    page.locator("#id_new_password1").fill("Văn-thư-2026@OK!")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Văn-thư-2026@OK!")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/"
    expect(page.get_by_role("heading", name="Chào Ánh")).to_be_visible()
    expect(page.get_by_text("Đã đổi mật khẩu.")).to_be_visible()
    shoot(page, "first-sign-in-home")

    page.goto(f"{live_server.url}/tai-khoan/ho-so/")
    expect(page.get_by_role("heading", name="Phiên đăng nhập")).to_be_visible()
    expect(page.get_by_text("phiên hiện tại")).to_be_visible()
    page.get_by_label("Tên gợi nhớ của mã").fill("Máy tính phòng")
    page.get_by_role("button", name="Tạo mã mới").click()
    token = page.get_by_test_id("api-token").inner_text()
    assert token.startswith("cv_")
    page.get_by_role("link", name="Đã lưu, quay lại hồ sơ").click()
    expect(page.get_by_text(token[:8] + "…")).to_be_visible()
    shoot(page, "profile-sessions")


@pytest.mark.django_db(transaction=True)
def test_an_administrator_enrols_the_second_factor_before_anything_else(
    page, live_server, province, sign_in, shoot
):
    sign_in(province.quan_tri)
    assert page.url == f"{live_server.url}/tai-khoan/xac-thuc-hai-lop/cai-dat/"
    expect(page.get_by_text("Tài khoản quản trị bắt buộc dùng xác thực hai lớp")).to_be_visible()
    expect(page.locator(".qr svg")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")  # the code field's autofocus scrolled the page
    shoot(page, "totp-setup")

    page.goto(f"{live_server.url}/tai-khoan/quan-tri/")
    assert page.url == f"{live_server.url}/tai-khoan/xac-thuc-hai-lop/cai-dat/"

    device = TOTPDevice.objects.get(user=province.quan_tri, confirmed=False)
    page.get_by_label("Mã xác thực").fill(current_code(device))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Đã bật xác thực hai lớp")).to_be_visible()
    assert len(page.get_by_test_id("backup-codes").locator("span").all()) == 10
    shoot(page, "totp-backup-codes")

    page.get_by_role("link", name="Đã lưu, tiếp tục").click()
    page.goto(f"{live_server.url}/tai-khoan/quan-tri/")
    expect(page.get_by_role("heading", name="Tài khoản")).to_be_visible()
    expect(page.get_by_role("link", name="Nguyễn Văn Minh")).to_be_visible()
    shoot(page, "account-list")
    page.get_by_role("link", name="Nguyễn Văn Minh").click()
    expect(page.get_by_role("heading", name="Trạng thái tài khoản")).to_be_visible()
    shoot(page, "account-detail")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}, {"width": 1366, "height": 900}])
def test_a_right_code_typed_right_after_a_wrong_one_lets_the_administrator_in(
    page, live_server, province, sign_in, shoot, viewport
):
    device = TOTPDevice.objects.create(user=province.quan_tri, name="Ứng dụng xác thực", confirmed=True)
    page.set_viewport_size(viewport)
    sign_in(province.quan_tri)
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    right = current_code(device)
    page.get_by_label("Mã xác thực").fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("alert").filter(has_text="Mã xác thực không đúng").first).to_be_visible()
    assert page.evaluate("document.activeElement.name") == "token"
    if viewport["width"] == 360:
        shoot(page, "otp-wrong-code")
    page.get_by_label("Mã xác thực").fill(current_code(device))  # at once, no waiting
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/"
