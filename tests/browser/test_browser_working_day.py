"""A civil servant's working day in a real browser, on a phone and on a desktop: each persona of
the demo province finds what waits on them; a subtask's doer reads the work above it; the search
box; the office head following the leaders' work; a deadline on a day off; finished work by year;
the error pages."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from congvu.accounts.models import User
from congvu.assignments import services
from congvu.assignments.models import Assignment
from congvu.synthetic import demo
from tests.assignments.screen_helpers import give, submitted, today
from tests.conftest import PASSWORD, travel_to

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1366, "height": 900}


def _demo_people(*keys: str) -> dict[str, User]:
    """Load the demo province, and let its personas sign in with the suite's password."""
    call_command("load_demo", stdout=StringIO())
    emails = [f"{key}@{demo.EMAIL_DOMAIN}" for key in keys]
    User.objects.filter(email__in=emails).update(password=make_password(PASSWORD), must_change_password=False)
    return {user.email.split("@")[0]: user for user in User.objects.filter(email__in=emails)}


def _leave(page):
    page.context.clear_cookies()


def _waiting(page):
    return page.locator("section.waiting")


@pytest.mark.django_db(transaction=True)
def test_each_persona_of_the_demo_finds_what_waits_on_them(page, live_server, sign_in, shoot):
    people = _demo_people("hungtq", "namhv", "minhnv", "hoant", "kienlv")
    page.set_viewport_size(DESKTOP)

    # The chairman: results to approve, and an overview of the province's work by unit.
    sign_in(people["hungtq"])
    expect(_waiting(page)).to_contain_text("Kết quả công việc chờ duyệt")
    overview = page.locator("section.overview")
    expect(overview).to_contain_text("UBND tỉnh Bình Sơn")
    expect(overview).to_contain_text("Sở Nội vụ")
    shoot(page, "home-leader")
    overdue = overview.locator("tr", has_text="Sở Nội vụ").locator("td.tone-bad a")
    shown = int(overdue.inner_text())
    overdue.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Việc của đơn vị")).to_be_visible()
    expect(page.locator("table.work tbody tr")).to_have_count(shown)
    _leave(page)

    # The director of Sở Nội vụ: a delegation request of one of his heads waits for him too.
    sign_in(people["namhv"])
    waiting = _waiting(page)
    expect(waiting).to_contain_text("Đề nghị ủy quyền chờ duyệt")
    waiting.get_by_role("link", name=re.compile("Đề nghị ủy quyền chờ duyệt")).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Bùi Thanh Sơn").first).to_be_visible()
    _leave(page)

    # An officer: his work to do, overdue first.
    sign_in(people["minhnv"])
    expect(page.locator(".counters")).to_contain_text("Cần làm")
    expect(page.locator(".today-work")).to_contain_text("quá hạn")
    shoot(page, "home-officer")
    _leave(page)

    # The clerk.
    sign_in(people["hoant"])
    expect(page.locator(".today-work")).to_be_visible()
    shoot(page, "home-clerk")
    _leave(page)

    # The administrator (with his second factor): the account request waiting for him, one click away.
    device = TOTPDevice.objects.create(user=people["kienlv"], name="Ứng dụng xác thực", confirmed=True)
    sign_in(people["kienlv"])
    page.get_by_label("Mã xác thực").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("networkidle")
    waiting = _waiting(page)
    expect(waiting).to_contain_text("Đề nghị cấp tài khoản chờ xử lý")
    shoot(page, "home-admin")
    waiting.get_by_role("link", name=re.compile("Đề nghị cấp tài khoản chờ xử lý")).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("table tbody tr")).to_have_count(1)


@pytest.mark.django_db(transaction=True)
def test_a_subtask_doer_reads_the_parent_and_the_approver_sees_the_result(
    page, live_server, province, sign_in, shoot
):
    p = province
    parent = give(
        p.giam_doc, p.truong_phong, title="Rà soát vị trí việc làm toàn Sở", due=15,
        description="<p>Theo chỉ đạo của UBND tỉnh: rà soát và báo cáo trước ngày 20.</p>",
    )  # fmt: skip
    child = give(
        p.truong_phong, p.chuyen_vien, title="Rà soát vị trí việc làm phòng TCBC", due=10, parent=parent
    )

    page.set_viewport_size(PHONE)
    sign_in(p.chuyen_vien)
    page.goto(f"{live_server.url}/cong-viec/{child.pk}/")
    page.get_by_role("link", name="Rà soát vị trí việc làm toàn Sở").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Rà soát vị trí việc làm toàn Sở")).to_be_visible()
    expect(page.get_by_text("Theo chỉ đạo của UBND tỉnh")).to_be_visible()
    expect(page.locator("details.action")).to_have_count(0)  # reading only
    page.go_back()
    page.locator("details.action > summary", has_text="Gửi kết quả").click()
    page.get_by_label("Ghi chú kết quả").fill("Đã rà soát 12 vị trí; gửi anh bảng tổng hợp.")
    page.get_by_role("button", name="Gửi kết quả", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".error-summary")).to_contain_text("xác nhận")  # under 100 %: asked first
    expect(page.get_by_label("Ghi chú kết quả")).to_have_value("Đã rà soát 12 vị trí; gửi anh bảng tổng hợp.")
    page.get_by_label("Tôi xác nhận gửi kết quả khi tiến độ chưa đạt 100%").check()
    page.get_by_role("button", name="Gửi kết quả", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi kết quả; đang chờ duyệt.")).to_be_visible()
    _leave(page)

    # The head who gave the subtask sees its result on the page of the work above it.
    sign_in(p.truong_phong)
    page.goto(f"{live_server.url}/cong-viec/{parent.pk}/")
    expect(page.get_by_text("Đã rà soát 12 vị trí; gửi anh bảng tổng hợp.")).to_be_visible()
    shoot(page, "assignment-with-subtask")


@pytest.mark.django_db(transaction=True)
def test_the_search_box_finds_people_units_and_work(page, live_server, province, sign_in, shoot):
    give(province.truong_phong, province.chuyen_vien, title="Tổng hợp biên chế năm 2027")
    page.set_viewport_size(PHONE)
    sign_in(province.chuyen_vien)
    page.locator("body").press("/")  # the keyboard's way to the box
    expect(page.locator("#site-q")).to_be_focused()
    page.keyboard.type("bien che")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#h-work").locator("xpath=..")).to_contain_text("Tổng hợp biên chế năm 2027")
    expect(page.locator("#h-units").locator("xpath=..")).to_contain_text("Phòng Tổ chức biên chế")
    shoot(page, "search")
    page.locator(".search-hits").get_by_role("link", name="Tổng hợp biên chế năm 2027").click()
    expect(page.get_by_role("heading", name="Tổng hợp biên chế năm 2027")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_office_head_follows_the_work_the_leaders_gave(page, live_server, province, sign_in, shoot):
    p = province
    give(p.chu_tich, p.giam_doc, title="Đề án sắp xếp tổ chức bộ máy", due=-4)
    give(p.pho_chu_tich, p.giam_doc, title="Báo cáo cải cách hành chính quý IV", due=10)
    page.set_viewport_size(DESKTOP)
    sign_in(p.chanh_vp)
    page.get_by_role("navigation").get_by_role("link", name="Việc lãnh đạo giao").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("table.work tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Đề án sắp xếp tổ chức bộ máy")
    expect(rows.first).to_contain_text("quá hạn")
    shoot(page, "leaders-work")


@pytest.mark.django_db(transaction=True)
def test_a_deadline_on_a_day_off_is_questioned_with_the_next_working_day(
    page, live_server, province, sign_in, shoot
):
    page.set_viewport_size(PHONE)
    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/cong-viec/giao-viec/")
    page.get_by_label("Tên công việc").fill("Chuẩn bị hội nghị tổng kết")
    page.get_by_label("Hạn hoàn thành (ngày)").fill("2026-12-05")  # a Saturday
    expect(page.locator("#deadline-preview")).to_contain_text(
        "Thứ Bảy 05/12/2026 không phải ngày làm việc. Đề xuất: Thứ Hai 07/12/2026."
    )
    shoot(page, "deadline-day-off")
    assert not Assignment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_finished_work_is_found_by_year(page, live_server, province, sign_in, shoot):
    p = province
    for title, on in (
        ("Báo cáo tổng kết năm trước", dt.date(today().year - 1, 11, 16)),
        ("Rà soát quy chế làm việc", dt.date(today().year, 3, 16)),
    ):
        with travel_to(on - dt.timedelta(days=10)):
            item = give(p.truong_phong, p.chuyen_vien, title=title, due=7)
        with travel_to(on):
            submitted(item, p.chuyen_vien)
            services.approve(item=item, actor=p.truong_phong, rating=5, comment="Tốt")
    page.set_viewport_size(DESKTOP)
    sign_in(p.chuyen_vien)
    page.goto(f"{live_server.url}/cong-viec/")
    page.get_by_role("link", name="Đã hoàn thành").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("table.work tbody tr")).to_have_count(1)
    expect(page.locator("table.work")).to_contain_text("Rà soát quy chế làm việc")
    page.get_by_text("Lọc, tìm kiếm, sắp xếp").click()
    page.get_by_label("Năm hoàn thành").select_option(str(today().year - 1))
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("table.work")).to_contain_text("Báo cáo tổng kết năm trước")
    shoot(page, "my-finished-work")


@pytest.mark.django_db(transaction=True)
def test_error_pages_say_what_happened_and_lead_home(page, live_server, province, sign_in, shoot):
    page.set_viewport_size(PHONE)
    sign_in(province.chuyen_vien)
    response = page.goto(f"{live_server.url}/cong-viec/999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy")).to_be_visible()
    expect(page.locator(".topbar")).to_be_visible()  # in the site's layout
    shoot(page, "error-404")
    response = page.goto(f"{live_server.url}/quan-tri/")  # the administration, for an officer
    assert response.status == 403
    expect(page.get_by_role("heading", name="Không được phép")).to_be_visible()
    shoot(page, "error-403")
    page.get_by_role("link", name=re.compile("Trang chủ|Hôm nay")).last.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/"
