"""The audit log in a real browser, on a phone and on a desktop: Vietnamese labels with the object's
name and link, the raw code beside them (a link that filters on it), and why a session ended."""

from __future__ import annotations

import datetime as dt

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from congvu.assignments import services as work
from tests.assignments.screen_helpers import give, submitted
from tests.browser.conftest import DESKTOP, PHONE
from tests.org.delegation_helpers import approved


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_administrator_reads_what_happened_in_vietnamese(
    page, live_server, province, sign_in, shoot, clock, viewport
):
    p = province
    item = submitted(give(p.truong_phong, p.chuyen_vien), p.chuyen_vien)
    work.return_result(item=item, actor=p.truong_phong, reason="Bổ sung số liệu của phòng CCVC.")
    delegation = approved(p.giam_doc, p.pho_giam_doc, p.chu_tich)
    page.set_viewport_size(viewport)

    # An officer leaves her session idle: the idle limit signs her out.
    sign_in(p.chuyen_vien)
    clock.shift(dt.timedelta(minutes=16))
    page.goto(f"{live_server.url}/cong-viec/")
    assert "/tai-khoan/dang-nhap/" in page.url
    page.context.clear_cookies()

    admin = p.quan_tri
    device = TOTPDevice.objects.create(user=admin, name="Ứng dụng xác thực", confirmed=True)
    sign_in(admin)
    page.get_by_label("Mã xác thực").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/quan-tri/nhat-ky/")

    rows = page.locator("table.list tbody tr")
    returned = rows.filter(has_text="Trả lại kết quả công việc")
    expect(returned).to_contain_text("assignments.assignment.return")
    expect(returned.get_by_role("link", name=item.title)).to_have_attribute("href", f"/cong-viec/{item.pk}/")
    expect(returned).to_contain_text("Bổ sung số liệu của phòng CCVC.")
    approval = rows.filter(has_text="Duyệt ủy quyền")
    expect(approval).to_contain_text("org.delegation.approve")
    expect(approval.locator(f'a[href="/to-chuc/uy-quyen/{delegation.pk}/"]')).to_be_visible()
    idle = rows.filter(has_text="hết thời gian chờ")
    expect(idle).to_contain_text("Đăng xuất")
    expect(idle).to_contain_text("Nguyễn Văn Minh")
    if viewport == PHONE:
        shoot(page, "audit-log-labels")

    # The code filters the log on itself.
    returned.get_by_role("link", name="assignments.assignment.return").click()
    page.wait_for_load_state("networkidle")
    assert "action=assignments.assignment.return" in page.url
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    expect(page.get_by_label("Mã hành động")).to_have_value("assignments.assignment.return")

    # One event: its label as the title, the object linked, the note readable.
    page.goto(f"{live_server.url}/quan-tri/nhat-ky/?action=accounts.sign_out")
    page.locator("table.list tbody tr").first.get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đăng xuất")
    expect(page.locator("dl.kv")).to_contain_text("hết thời gian chờ")
    if viewport == DESKTOP:
        shoot(page, "audit-event-sign-out")
