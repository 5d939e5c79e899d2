"""Nothing typed is lost to a sign-in, in a real browser: an officer types a progress report, the
idle limit passes (the live server shares the test clock), she sends it, signs in again and finds
her text back in the form, opened, to send; the same after the session was purged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from congvu.assignments.models import ProgressReport
from tests.assignments.screen_helpers import give
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import PASSWORD

TEXT = "Đã làm việc với 3/5 phòng; còn Phòng Ngân sách và Văn phòng."


def _type_report(page):
    page.locator("#act-report > summary").click()
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Nội dung báo cáo").fill(TEXT)


def _send_report(page):
    page.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    page.wait_for_load_state("networkidle")


def _sign_in_here(page, user):
    """The sign-in form the person was sent to (it carries ``next``)."""
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")


def _back_and_send(page, live_server, item, shoot, name):
    assert page.url == f"{live_server.url}/cong-viec/{item.pk}/"
    form = page.locator("#act-report")
    expect(form).to_have_attribute("open", "")
    expect(form.get_by_label("Nội dung báo cáo")).to_have_value(TEXT)
    expect(form.get_by_label("Tiến độ (%)")).to_have_value("60")
    expect(form.get_by_role("status")).to_have_text(
        "Nội dung bạn đã nhập được giữ lại; hãy kiểm tra và gửi lại."
    )
    assert page.evaluate("document.activeElement.name") == "report-text"  # the text she typed
    if name:
        page.evaluate("window.scrollTo(0, 0)")  # a full-page picture, the top bar at the top
        shoot(page, name)
    _send_report(page)
    expect(page.get_by_text("Đã báo cáo tiến độ.")).to_be_visible()
    report = ProgressReport.objects.get()
    assert (report.percent, report.text) == (60, TEXT)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_report_sent_after_the_idle_limit_is_sent_after_signing_in_again(
    page, live_server, province, sign_in, shoot, clock, viewport
):
    item = give(province.truong_phong, province.chuyen_vien)
    page.set_viewport_size(viewport)
    sign_in(province.chuyen_vien)
    page.goto(f"{live_server.url}/cong-viec/{item.pk}/")
    _type_report(page)
    clock.shift(dt.timedelta(minutes=16))  # she was called to a meeting while typing
    _send_report(page)

    assert "/tai-khoan/dang-nhap/" in page.url
    expect(page.get_by_text("Phiên làm việc đã hết hạn sau 15 phút không thao tác.")).to_be_visible()
    expect(page.get_by_text("Nội dung bạn vừa nhập được giữ lại")).to_be_visible()
    assert not ProgressReport.objects.exists()
    if viewport == PHONE:
        shoot(page, "session-timeout-sign-in")
    _sign_in_here(page, province.chuyen_vien)
    _back_and_send(page, live_server, item, shoot, "session-timeout-restored" if viewport == PHONE else "")


@pytest.mark.django_db(transaction=True)
def test_a_report_sent_after_the_session_was_purged_is_sent_after_signing_in(
    page, live_server, province, sign_in, shoot
):
    item = give(province.truong_phong, province.chuyen_vien)
    page.set_viewport_size(PHONE)
    sign_in(province.chuyen_vien)
    page.goto(f"{live_server.url}/cong-viec/{item.pk}/")
    _type_report(page)
    Session.objects.all().delete()  # purged (or past its age) while she typed
    _send_report(page)

    assert "/tai-khoan/dang-nhap/" in page.url
    expect(page.get_by_text("Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.")).to_be_visible()
    _sign_in_here(page, province.chuyen_vien)
    _back_and_send(page, live_server, item, shoot, "session-purged-restored")
