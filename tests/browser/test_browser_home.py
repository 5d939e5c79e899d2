"""The home page in a real browser, on a phone and on a desktop."""

import re

import pytest
from playwright.sync_api import expect

from congvu.notifications.models import Notification

# the notifications inbox, with its unread count, not "Thông báo chung" (announcements)
NOTIFICATIONS_LINK = re.compile(r"^Thông báo( \d+)?$")


@pytest.mark.django_db(transaction=True)
def test_a_person_signs_in_and_sees_today(page, live_server, province, sign_in, shoot):
    Notification.objects.create(
        recipient=province.truong_phong, title="Đề nghị cấp tài khoản của phòng đã được xử lý"
    )
    Notification.objects.create(
        recipient=province.truong_phong, title="Phó Giám đốc Vũ Thị Lan ủy quyền cho ông từ 25/11"
    )
    sign_in(province.truong_phong)
    assert page.url == f"{live_server.url}/"
    expect(page.get_by_role("heading", name="Chào Sơn")).to_be_visible()
    expect(page.get_by_text("Phòng Tổ chức biên chế").first).to_be_visible()
    expect(page.get_by_text("Đề nghị cấp tài khoản của phòng đã được xử lý")).to_be_visible()
    shoot(page, "home")
    # On a phone the menu folds into a button that opens it.
    page.set_viewport_size({"width": 360, "height": 780})
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation").get_by_role("link", name=NOTIFICATIONS_LINK)).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name=NOTIFICATIONS_LINK).click()
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    shoot(page, "notifications")
