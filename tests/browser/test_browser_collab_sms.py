"""SMS and the installed app in a real browser (COL-9; seed 000 Điều 9.1): the office head, who holds
the SMS role, writes an SMS with the live count of characters and parts, sends it unaccented and sees
each recipient's status; every page links the manifest and registers the site's service worker, and
the device page offers to receive notifications on this device."""

import json

import pytest
from playwright.sync_api import expect

from congvu.collaboration.sms.models import SmsDelivery
from congvu.notifications.push.services import generate_vapid_keys
from congvu.org.models import RoleGrant
from congvu.org.units.services import role_grant
from tests.collaboration.sms.conftest import give_phones

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 780}


@pytest.mark.django_db(transaction=True)
def test_the_office_head_sends_an_sms_and_sees_each_status(page, live_server, province, sign_in, shoot):
    give_phones(province)
    role_grant(user=province.chanh_vp, role=RoleGrant.Role.SMS_SENDER, unit=province.units.tinh, actor=None)
    page.set_viewport_size(PHONE)
    sign_in(province.chanh_vp)
    page.goto(f"{live_server.url}/phoi-hop/tin-nhan-sms/gui/")
    page.get_by_label("Nguyễn Văn Minh · 0912345007").check()
    page.get_by_label("Trần Thị Thu Hà · 0912345008").check()
    page.get_by_label("Nội dung").fill("Họp giao ban lúc 14h00 tại phòng họp số 2.")
    count = page.locator("#sms-count")
    assert count.inner_text() == "42 ký tự · 1 phần (tối đa 3) · không dấu, 160 ký tự mỗi phần"
    page.get_by_label("Gửi không dấu").uncheck()
    assert count.inner_text() == "42 ký tự · 1 phần (tối đa 3) · có dấu, 70 ký tự mỗi phần"
    page.get_by_label("Gửi không dấu").check()
    shoot(page, "sms-send")
    page.get_by_role("button", name="Gửi tin nhắn").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi tin nhắn SMS tới 2 người")).to_be_visible()
    expect(page.get_by_text("Hop giao ban luc 14h00 tai phong hop so 2.")).to_be_visible()
    assert page.locator("span.status-ok").count() == 2
    assert list(SmsDelivery.objects.values_list("status", flat=True)) == ["sent", "sent"]
    shoot(page, "sms-detail")
    page.goto(f"{live_server.url}/phoi-hop/tin-nhan-sms/")
    expect(page.get_by_text("2 đã gửi")).to_be_visible()
    shoot(page, "sms-list")


@pytest.mark.django_db(transaction=True)
def test_a_person_without_the_role_is_told_why(page, live_server, province, sign_in):
    page.set_viewport_size(DESKTOP)
    sign_in(province.chuyen_vien)
    response = page.goto(f"{live_server.url}/phoi-hop/tin-nhan-sms/gui/")
    assert response.status == 403
    expect(page.get_by_text("Chỉ người được giao quyền gửi tin nhắn SMS").first).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_site_registers_its_service_worker_and_offers_this_device(
    page, live_server, province, sign_in, shoot, settings, tmp_path
):
    keys = generate_vapid_keys()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = keys.public_key, keys.private_key
    page.set_viewport_size(DESKTOP)
    sign_in(province.chuyen_vien)
    page.goto(f"{live_server.url}/thong-bao/thiet-bi/")
    registration = page.evaluate(
        "navigator.serviceWorker.ready.then(r => ({scope: r.scope, script: r.active && r.active.scriptURL}))"
    )
    assert registration == {"scope": f"{live_server.url}/", "script": f"{live_server.url}/sw.js"}
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.text())")
    assert json.loads(manifest)["name"] == "Công Vụ"
    expect(page.get_by_text("Thiết bị này chưa nhận thông báo.")).to_be_visible()
    expect(page.get_by_role("button", name="Nhận thông báo trên thiết bị này")).to_be_visible()
    expect(page.get_by_role("button", name="Ngừng nhận trên thiết bị này")).not_to_be_visible()
    shoot(page, "push-devices")
