"""Posting an announcement and reading it as another user, in a real browser (COL-4): the head of
Phòng Tổ chức biên chế posts one to his division on a desktop; an officer of the division finds it
on her phone's home page and opens it; the head sees who read it and who has not."""

import pytest
from playwright.sync_api import expect

from congvu.collaboration.announcements.models import Announcement

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TITLE = "Họp phòng triển khai đề án vị trí việc làm"


def _sign_out(page):
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_a_leader_posts_to_a_unit_an_officer_reads_it_and_the_leader_sees_the_receipt(
    page, live_server, province, sign_in, shoot
):
    page.set_viewport_size(DESKTOP)
    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/phoi-hop/thong-bao-chung/soan/")
    page.get_by_label("Phòng Tổ chức biên chế").check()
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Nội dung").fill(
        "14h00 thứ Sáu tại phòng họp tầng 2. Mỗi chuyên viên chuẩn bị số liệu."
    )
    shoot(page, "collab-announcement-compose")
    page.get_by_role("button", name="Đăng thông báo").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã đăng thông báo.")).to_be_visible()
    announcement = Announcement.objects.get()
    assert announcement.capacity == "Trưởng phòng Phòng Tổ chức biên chế"
    _sign_out(page)

    sign_in(province.chuyen_vien_2)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Thông báo chưa đọc"))
    expect(section.get_by_role("link", name=TITLE)).to_be_visible()
    shoot(page, "collab-announcement-home")
    section.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("14h00 thứ Sáu tại phòng họp tầng 2.")).to_be_visible()
    shoot(page, "collab-announcement-detail")
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Thông báo chưa đọc").count() == 0
    _sign_out(page)

    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/phoi-hop/thong-bao-chung/{announcement.pk}/")
    page.get_by_role("link", name="Ai đã đọc").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("1 / 2 người đã đọc.")).to_be_visible()
    read = page.locator("section", has=page.get_by_role("heading", name="Đã đọc"))
    unread = page.locator("section", has=page.get_by_role("heading", name="Chưa đọc"))
    expect(read.get_by_text("Trần Thị Thu Hà")).to_be_visible()
    expect(unread.get_by_text("Nguyễn Văn Minh")).to_be_visible()
    shoot(page, "collab-announcement-receipts")


@pytest.mark.django_db(transaction=True)
def test_the_party_secretary_posts_on_the_party_cell_board(page, live_server, province, sign_in, shoot):
    from tests.collaboration.boards.cast import build_organisations

    orgs = build_organisations(province)
    page.set_viewport_size(DESKTOP)
    sign_in(province.giam_doc)
    page.goto(f"{live_server.url}/phoi-hop/bang-tin/")
    page.get_by_role("link", name="Chi bộ Sở Nội vụ").click()
    page.get_by_role("link", name="+ Đăng bài").click()
    page.get_by_label("Tiêu đề").fill("Sinh hoạt chi bộ thường kỳ tháng 12")
    page.get_by_label("Nội dung").fill("14h00 thứ Sáu 25/12 tại phòng họp tầng 2. Đảng viên tham dự đầy đủ.")
    page.get_by_role("button", name="Đăng bài").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã đăng bài.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sinh hoạt chi bộ thường kỳ tháng 12")).to_be_visible()
    shoot(page, "collab-board-party-cell")
    _sign_out(page)

    sign_in(province.chuyen_vien)  # not on the Chi ủy: reads, does not post
    page.goto(f"{live_server.url}/phoi-hop/bang-tin/to-chuc/{orgs.party.pk}/")
    expect(page.get_by_role("heading", name="Sinh hoạt chi bộ thường kỳ tháng 12")).to_be_visible()
    assert page.get_by_role("link", name="+ Đăng bài").count() == 0
    shoot(page, "collab-board-party-cell-reader")
