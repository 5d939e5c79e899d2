"""Giao việc in a real browser (issue #3, "done when"): the head of the division assigns work to an
officer through the form; the officer finds it on "Việc của tôi", reports 50 %, submits; the head
returns it with a reason; the officer resubmits; the head approves and rates it 4/5."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from congvu.assignments.models import Assignment
from tests.conftest import travel_to, working_day

TITLE = "Rà soát vị trí việc làm năm 2026"


def _sign_out(page):
    page.set_viewport_size({"width": 1366, "height": 900})  # the menu is open on a desktop
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def _open_action(page, name):
    page.locator("details.action > summary", has_text=name).click()


@pytest.mark.django_db(transaction=True)
def test_assign_report_submit_return_resubmit_approve(page, live_server, province, sign_in, shoot):
    page.set_viewport_size({"width": 1366, "height": 900})

    # The head of the division gives the work to an officer of his division.
    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/cong-viec/")
    page.get_by_role("link", name="Giao việc").first.click()
    page.get_by_label("Tên công việc").fill(TITLE)
    page.get_by_label("Nội dung, yêu cầu").fill(
        "Rà soát bản mô tả vị trí việc làm của các phòng thuộc Sở.\nĐối chiếu với Thông tư 12/2022/TT-BNV."
    )
    page.get_by_label("Chủ trì").select_option(label="Nguyễn Văn Minh — Chuyên viên, Phòng Tổ chức biên chế")
    page.get_by_label("Trần Thị Thu Hà — Chuyên viên, Phòng Tổ chức biên chế").first.check()
    page.get_by_label("hoặc số ngày làm việc").fill("5")
    expect(page.locator("#deadline-preview")).to_contain_text("Hạn hoàn thành")
    page.get_by_label("Mức ưu tiên").select_option(label="Cao")
    page.get_by_label("Các đầu việc").fill("Thu thập bản mô tả\nĐối chiếu danh mục\nDự thảo báo cáo")
    shoot(page, "assignment-create")
    page.get_by_role("button", name="Giao việc", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text(f"Đã giao việc “{TITLE}”.")).to_be_visible()
    item = Assignment.objects.get(title=TITLE)
    assert item.lead_user == province.chuyen_vien and item.deadline_working_days == 5
    _sign_out(page)

    # The officer signs in and sees it on "Việc của tôi".
    sign_in(province.chuyen_vien)
    page.goto(f"{live_server.url}/cong-viec/")
    expect(page.locator(".counter").first).to_contain_text("1")
    row = page.get_by_role("row", name=re.compile(TITLE))
    expect(row).to_be_visible()
    expect(row.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")
    expect(row).to_contain_text("còn 5 ngày làm việc")
    shoot(page, "assignments-mine")

    # He reports 50 % with a text, ticks a line of the checklist, then submits the result.
    row.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Thu thập bản mô tả").click()
    expect(page.get_by_role("button", name="Thu thập bản mô tả")).to_have_attribute("aria-pressed", "true")
    _open_action(page, "Báo cáo tiến độ")
    page.get_by_label("Tiến độ (%)").fill("50")
    page.get_by_label("Nội dung báo cáo").fill("Đã thu thập bản mô tả của 4/6 phòng.")
    page.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã báo cáo tiến độ.")).to_be_visible()
    expect(page.locator(".item-info").get_by_role("progressbar")).to_have_attribute("aria-valuenow", "50")
    expect(page.locator(".timeline")).to_contain_text("Đã thu thập bản mô tả của 4/6 phòng.")
    _open_action(page, "Gửi kết quả")
    page.get_by_label("Ghi chú kết quả").fill("Gửi anh bản rà soát lần 1.")
    page.get_by_label("Tôi xác nhận gửi kết quả khi tiến độ chưa đạt 100%").check()  # at 50 %
    page.get_by_role("button", name="Gửi kết quả", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi kết quả; đang chờ duyệt.")).to_be_visible()
    _sign_out(page)

    # The head returns it with a reason.
    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/cong-viec/?nhom=cho-duyet")
    page.get_by_role("link", name=TITLE).click()
    _open_action(page, "Trả lại")
    page.locator("#act-return").get_by_role("button", name="Trả lại").click()  # no reason: refused
    page.wait_for_load_state("networkidle")
    expect(page.locator("#act-return .error")).to_contain_text("Vui lòng nêu lý do")
    page.locator("#act-return").get_by_label("Lý do").fill("Bổ sung số liệu của phòng Công chức viên chức.")
    page.locator("#act-return").get_by_role("button", name="Trả lại").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã trả lại kết quả cho người chủ trì.")).to_be_visible()
    expect(page.locator(".item-head .status")).to_have_text("Bị trả lại")
    shoot(page, "assignment-returned")
    _sign_out(page)

    # The officer sees why, and resubmits.
    sign_in(province.chuyen_vien)
    page.goto(f"{live_server.url}/cong-viec/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator(".msg-error")).to_contain_text("Bổ sung số liệu của phòng Công chức viên chức.")
    _open_action(page, "Gửi kết quả")
    page.get_by_label("Ghi chú kết quả").fill("Đã bổ sung số liệu phòng CCVC.")
    page.get_by_label("Tôi xác nhận gửi kết quả khi tiến độ chưa đạt 100%").check()
    page.get_by_role("button", name="Gửi kết quả", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi kết quả; đang chờ duyệt.")).to_be_visible()
    _sign_out(page)

    # The head approves and rates it 4/5.
    sign_in(province.truong_phong)
    expect(page.locator(".today-work")).to_contain_text(TITLE)  # "Hôm nay": waiting for him
    page.locator(".today-work").get_by_role("link", name=TITLE).click()
    page.locator("#approve-form input[value='4']").check()
    page.get_by_label("Nhận xét").fill("Bản rà soát đầy đủ, đúng hạn.")
    page.get_by_role("button", name="Duyệt hoàn thành").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã duyệt hoàn thành và đánh giá công việc.")).to_be_visible()
    expect(page.locator(".item-head .status")).to_have_text("Hoàn thành")
    expect(page.locator(".item-info")).to_contain_text("4/5")
    shoot(page, "assignment-detail-done")
    item.refresh_from_db()
    assert (item.status, item.rating, item.returned_count, item.progress) == ("done", 4, 1, 100)


def _seed_work(province):
    """A realistic week in the division: overdue, due soon, waiting for approval, done."""
    import datetime as dt

    from django.utils import timezone

    from congvu.assignments import services

    today = timezone.localdate()
    head, minh, ha = province.truong_phong, province.chuyen_vien, province.chuyen_vien_2
    rows = [
        ("Báo cáo biên chế quý III", minh, -20, -2, 4),
        ("Thẩm định đề án vị trí việc làm Sở Y tế", ha, -10, 1, 3),
        ("Tổng hợp số lượng người làm việc năm 2027", minh, -5, 2, 2),
        ("Dự thảo quyết định giao biên chế", ha, -2, 12, 2),
        ("Rà soát hồ sơ nâng lương trước hạn", minh, -1, 25, 1),
    ]
    items = []
    for title, lead, start, due, priority in rows:
        with travel_to(today + dt.timedelta(days=start)):  # given on its start day
            items.append(
                services.assignment_create(
                    actor=head, title=title, lead_user=lead, priority=priority,
                    start_date=today + dt.timedelta(days=start),
                    deadline=working_day(today + dt.timedelta(days=due)),
                )
            )  # fmt: skip
    services.progress_report(item=items[1], actor=ha, percent=80, text="Đã thẩm định xong 4/5 nội dung.")
    services.progress_report(item=items[2], actor=minh, percent=30)
    services.submit(item=items[2], actor=minh, note="Gửi anh bảng tổng hợp.", incomplete_confirmed=True)
    services.progress_report(item=items[4], actor=minh, percent=100)
    services.submit(item=items[4], actor=minh, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True)
    services.approve(item=items[4], actor=head, rating=5, comment="Tốt.")
    services.assignment_create(
        actor=province.giam_doc, title="Chuẩn bị họp giao ban tháng", lead_user=head, priority=3,
        deadline=working_day(today + dt.timedelta(days=3)),
    )  # fmt: skip
    return items


@pytest.mark.django_db(transaction=True)
def test_the_leaders_today_given_and_unit_screens(page, live_server, province, sign_in, shoot):
    _seed_work(province)
    sign_in(province.truong_phong)
    expect(page.locator(".today-work")).to_contain_text(
        "Tổng hợp số lượng người làm việc năm 2027"
    )  # to approve
    expect(page.locator(".today-work")).to_contain_text("Chuẩn bị họp giao ban tháng")  # to do
    shoot(page, "home-today")

    page.goto(f"{live_server.url}/cong-viec/da-giao/")
    first = page.locator("table.work tbody tr").first
    expect(first).to_contain_text("Báo cáo biên chế quý III")  # overdue first
    expect(first).to_contain_text("quá hạn 2 ngày")
    shoot(page, "assignments-given")

    page.goto(f"{live_server.url}/cong-viec/don-vi/?q=bien che")
    expect(page.locator("table.work tbody tr")).to_have_count(2)  # "biên chế" without accents
    page.goto(f"{live_server.url}/cong-viec/don-vi/?trang_thai=tat-ca&sap_xep=uu-tien")
    expect(page.locator("table.work tbody tr").first).to_contain_text("Báo cáo biên chế quý III")  # Khẩn
    shoot(page, "assignments-unit")


@pytest.mark.django_db(transaction=True)
def test_the_officer_reports_progress_from_the_item_page(page, live_server, province, sign_in, shoot):
    items = _seed_work(province)
    sign_in(province.chuyen_vien_2)
    page.goto(f"{live_server.url}/cong-viec/{items[1].pk}/")
    _open_action(page, "Báo cáo tiến độ")
    page.get_by_label("Tiến độ (%)").fill("90")
    page.get_by_label("Nội dung báo cáo").fill("Gửi kèm công cụ tính.")
    page.get_by_label("Tệp kèm theo").set_input_files(
        files=[{"name": "cong-cu.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00" * 64}]
    )
    page.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#act-report .error")).to_be_visible()  # the file service refuses it
    items[1].refresh_from_db()
    assert items[1].progress == 80 and items[1].reports.count() == 1  # nothing changed
    shoot(page, "assignment-detail-officer")
