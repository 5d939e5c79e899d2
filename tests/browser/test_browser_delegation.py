"""Delegation in a real browser (ORG-8): the head of a division lends his authority for next week,
the director approves, and the officer sees it — and, inside the window, the acting-for banner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congvu.org.models import Delegation
from tests.org.delegation_helpers import HOUR


def _next_week():
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    return monday, monday + dt.timedelta(days=4)


@pytest.mark.django_db(transaction=True)
def test_a_delegation_from_request_to_acting_banner(page, live_server, province, sign_in, shoot, clock):
    monday, friday = _next_week()

    # The head of the division asks to lend his authority to an officer for next week.
    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/to-chuc/uy-quyen/")
    page.get_by_role("link", name="Ủy quyền mới").click()
    page.get_by_label("Người được ủy quyền").select_option(
        label="Nguyễn Văn Minh — Chuyên viên, Phòng Tổ chức biên chế"
    )
    page.get_by_label("Từ (ngày, giờ)").fill(f"{monday.isoformat()}T07:30")
    page.get_by_label("Đến (ngày, giờ)").fill(f"{friday.isoformat()}T17:00")
    page.get_by_label("Lý do").fill("Đi công tác tại Bộ Nội vụ, Hà Nội")
    shoot(page, "delegation-form")
    page.get_by_role("button", name="Gửi đề nghị ủy quyền").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi đề nghị ủy quyền; đang chờ lãnh đạo duyệt.")).to_be_visible()
    delegation = Delegation.objects.get()
    assert timezone.localtime(delegation.starts_at).strftime("%H:%M") == "07:30"

    # The director approves it from "Chờ tôi duyệt".
    page.context.clear_cookies()
    sign_in(province.giam_doc)
    page.goto(f"{live_server.url}/to-chuc/uy-quyen/?tab=to_approve")
    page.get_by_role("row", name="Bùi Thanh Sơn").get_by_role("link").click()
    page.get_by_role("button", name="Duyệt", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã duyệt ủy quyền.")).to_be_visible()
    assert page.locator(".page-head .status").inner_text() == "Đã duyệt, chưa đến hạn"
    shoot(page, "delegation-detail")

    # The officer finds it under "Tôi được ủy quyền".
    page.context.clear_cookies()
    sign_in(province.chuyen_vien)
    assert page.locator(".acting-for").count() == 0  # not yet: the window is next week
    page.goto(f"{live_server.url}/to-chuc/uy-quyen/")
    page.get_by_role("link", name="Tôi được ủy quyền").click()
    expect(page.get_by_role("cell", name="Bùi Thanh Sơn")).to_be_visible()
    expect(page.get_by_text("Đã duyệt, chưa đến hạn").first).to_be_visible()
    shoot(page, "delegation-list")

    # Inside the window, every page says whose authority he holds.
    delegation.refresh_from_db()
    clock.move_to(delegation.starts_at + 2 * HOUR)
    page.context.clear_cookies()
    sign_in(province.chuyen_vien)
    banner = page.locator(".acting-for")
    assert banner.inner_text() == "Bạn đang được ủy quyền xử lý thay: Bùi Thanh Sơn"
    expect(page.get_by_role("heading", name="Đang được ủy quyền xử lý thay")).to_be_visible()
    shoot(page, "delegation-acting-banner")
