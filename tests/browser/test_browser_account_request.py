"""An account request in a real browser (ORG-3): a division head files it on a phone, an
administrator processes it and reads the one-time passwords once."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from congvu.accounts.models import AccountRequest, User

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def browser_context_args(browser_context_args):
    """A browser set to Vietnamese and to Vietnam's time zone, as the people who use it."""
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


def top(page):
    page.evaluate("window.scrollTo(0, 0)")
    return page


def _fill_line(page, number, *, full_name, email, unit, position, dob=""):
    line = page.locator(f"#line-{number}")
    line.get_by_label("Họ và tên").fill(full_name)
    if dob:
        line.get_by_label("Ngày sinh").fill(dob)
    line.get_by_label("Đơn vị công tác").select_option(str(unit.pk))
    line.get_by_label("Chức vụ").select_option(str(position.pk))
    line.get_by_label("Email công vụ").fill(email)


@pytest.mark.django_db(transaction=True)
def test_a_head_files_on_a_phone_and_the_administrator_processes(page, live_server, province, sign_in, shoot):
    p = province
    page.set_viewport_size(PHONE)
    sign_in(p.truong_phong)

    # The menu leads to the list, the list to the kinds, the kind to the form.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation").get_by_role("link", name="Đề nghị tài khoản").click()
    expect(page.get_by_role("heading", name="Đề nghị tài khoản")).to_be_visible()
    page.get_by_role("link", name="Lập đề nghị").click()
    page.get_by_role("link", name="Lập đề nghị: Cấp mới tài khoản").click()
    expect(page.get_by_role("heading", name="Lập đề nghị tài khoản")).to_be_visible()

    _fill_line(
        page,
        1,
        full_name="Trương Hoàng Tiến Minh",
        email="minhtht@binhson.gov.vn",
        unit=p.units.tcbc,
        position=p.positions.chuyen_vien,
        dob="1973-02-11",
    )
    _fill_line(
        page,
        2,
        full_name="Trần Huỳnh Tấn Minh",
        email="tanminhth@binhson.gov.vn",
        unit=p.units.tcbc,
        position=p.positions.pho_truong_phong,
    )
    # One more line, added in place (htmx); left blank, it is ignored.
    page.get_by_role("button", name="Thêm người").click()
    page.locator("#line-3").wait_for()
    assert page.locator("#id_lines-TOTAL_FORMS").input_value() == "3"
    shoot(top(page), "account-request-form")

    page.get_by_role("button", name="Gửi đề nghị").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi đề nghị tới quản trị hệ thống.")).to_be_visible()
    request = AccountRequest.objects.get()
    assert request.status == AccountRequest.Status.SUBMITTED and request.lines.count() == 2
    expect(page.get_by_text("Đã gửi, chờ xử lý").first).to_be_visible()
    expect(page.get_by_text("Còn ").or_(page.get_by_text("Hạn hôm nay")).first).to_be_visible()
    expect(page.get_by_role("button", name="Rút đề nghị")).to_be_visible()
    assert page.get_by_role("button", name="Xử lý xong").count() == 0
    expect(page.get_by_role("link", name="Bản in Phụ lục 1 (PDF)")).to_be_visible()
    shoot(top(page), "account-request-detail")

    # The administrator: second factor first, then the queue.
    page.context.clear_cookies()
    admin = p.quan_tri
    device = TOTPDevice.objects.create(user=admin, name="Ứng dụng xác thực", confirmed=True)
    sign_in(admin)
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    page.get_by_label("Mã xác thực").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/tai-khoan/de-nghi/")
    expect(page.get_by_text("Còn ").or_(page.get_by_text("Hạn hôm nay")).first).to_be_visible()
    shoot(top(page), "account-request-queue")
    page.get_by_role("link", name=f"#{request.pk}").click()
    page.get_by_role("button", name="Xử lý xong").click()
    page.wait_for_load_state("networkidle")
    result_page = f"{live_server.url}/tai-khoan/de-nghi/{request.pk}/ket-qua/"
    assert page.url == result_page  # the POST was answered with a redirect
    expect(page.get_by_role("heading", name=f"Đã xử lý đề nghị #{request.pk}")).to_be_visible()
    names = [n.strip() for n in page.locator(".login-name").all_inner_texts()]
    passwords = [pw.strip() for pw in page.locator(".one-time-password").all_inner_texts()]
    assert names == ["minhtht", "tanminhth"]
    for name, password in zip(names, passwords, strict=True):
        assert User.objects.get(username=name).check_password(password)
    expect(page.get_by_text("cho đến khi bạn rời trang")).to_be_visible()
    shoot(top(page), "account-request-processed")

    # A reload (a phone that went to sleep) shows them again; so does printing the Phụ lục.
    page.reload()
    assert [pw.strip() for pw in page.locator(".one-time-password").all_inner_texts()] == passwords
    pdf = page.get_by_role("link", name="Bản in Phụ lục 1 (PDF)").get_attribute("href")
    printed = page.request.get(f"{live_server.url}{pdf}")
    assert printed.ok and printed.headers["content-type"] == "application/pdf"
    page.reload()
    assert [pw.strip() for pw in page.locator(".one-time-password").all_inner_texts()] == passwords

    # Once the administrator opens another page, they are gone: the request page has the login
    # names but no password, and coming back to the result says they are no longer shown.
    page.get_by_role("link", name="Xem đề nghị").click()
    page.wait_for_load_state("networkidle")
    body = page.content()
    assert "minhtht" in body and not any(password in body for password in passwords)
    expect(page.get_by_text("Đã xử lý", exact=True).first).to_be_visible()
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert page.url == result_page
    expect(page.get_by_text("đã hiển thị xong và không còn hiển thị lại")).to_be_visible()
    body = page.content()
    assert "minhtht" in body and not any(password in body for password in passwords)
    shoot(top(page), "account-request-processed-again")


@pytest.mark.django_db(transaction=True)
def test_a_director_asks_to_move_an_officer_and_the_form_is_phu_luc_2(
    page, live_server, province, sign_in, shoot
):
    p = province
    page.set_viewport_size(PHONE)
    sign_in(p.giam_doc)
    page.goto(f"{live_server.url}/tai-khoan/de-nghi/moi/change/")
    line = page.locator("#line-1")
    line.get_by_label("Tài khoản").select_option(str(p.chuyen_vien.pk))
    line.get_by_label("Đơn vị công tác mới").select_option(str(p.units.ccvc.pk))
    line.get_by_label("Lý do thay đổi").fill("Điều động theo Quyết định số 45/QĐ-SNV")
    shoot(top(page), "account-request-change-form")
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã lưu nháp đề nghị.")).to_be_visible()
    assert page.get_by_text(
        "Chuyển đơn vị: Phòng Tổ chức biên chế → Phòng Công chức viên chức"
    ).first.is_visible()
    expect(page.get_by_role("button", name="Gửi đề nghị")).to_be_visible()
    expect(page.get_by_role("link", name="Bản in Phụ lục 2 (PDF)")).to_be_visible()
    shoot(top(page), "account-request-change-detail")


@pytest.mark.django_db(transaction=True)
def test_a_reset_password_survives_a_reload_and_is_gone_once_left(
    page, live_server, province, sign_in, shoot
):
    admin = province.quan_tri
    device = TOTPDevice.objects.create(user=admin, name="Ứng dụng xác thực", confirmed=True)
    page.set_viewport_size(PHONE)
    sign_in(admin)
    page.get_by_label("Mã xác thực").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/tai-khoan/quan-tri/{province.chuyen_vien.pk}/")
    page.get_by_role("button", name="Cấp lại mật khẩu một lần").click()
    page.wait_for_load_state("networkidle")
    shown_at = f"{live_server.url}/tai-khoan/quan-tri/{province.chuyen_vien.pk}/mat-khau-mot-lan/"
    assert page.url == shown_at
    password = page.get_by_test_id("one-time-password").inner_text().strip()
    assert User.objects.get(pk=province.chuyen_vien.pk).check_password(password)
    shoot(top(page), "one-time-password-reset")
    page.reload()
    assert page.get_by_test_id("one-time-password").inner_text().strip() == password

    page.get_by_role("link", name="Xem tài khoản").click()
    page.wait_for_load_state("networkidle")
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert page.url == shown_at and password not in page.content()
    expect(page.get_by_text("đã hiển thị xong và không còn hiển thị lại")).to_be_visible()
    shoot(top(page), "one-time-password-gone")
