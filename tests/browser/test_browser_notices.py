"""Notifications and the checklist in a real browser, on a phone (390×844) and a desktop: the unread
count is in the phone's header without opening the menu, and it drops once the approver has acted
on what the notice asked for; ticking the checklist brings its "(n/m)" up to date."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from congvu.assignments import services
from tests.assignments.screen_helpers import give

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _submitted(province, title="Rà soát vị trí việc làm năm 2026"):
    item = give(province.truong_phong, province.chuyen_vien, title=title, due=10)
    services.progress_report(item=item, actor=province.chuyen_vien, percent=100, text="Xong")
    return services.submit(item=item, actor=province.chuyen_vien, note="Gửi kết quả rà soát")


@pytest.mark.django_db(transaction=True)
def test_the_phone_header_shows_the_unread_count_until_the_result_is_approved(
    page, live_server, province, sign_in, shoot
):
    item = _submitted(province)
    page.set_viewport_size(PHONE)
    sign_in(province.truong_phong)

    bell = page.locator("header.topbar a.topbar-notes")
    expect(bell).to_be_visible()
    expect(page.locator("#main-nav")).to_be_hidden()  # the menu stays folded
    expect(bell.locator(".badge")).to_have_text("1")
    expect(bell).to_have_attribute("aria-label", "Thông báo: 1 chưa đọc")
    shoot(page, "notices-phone-header")

    # The head approves from the work's page, never opening the notice: it is settled all the same.
    page.set_viewport_size(DESKTOP)
    expect(bell).to_be_hidden()  # on a desktop the menu shows the count itself
    page.goto(f"{live_server.url}/cong-viec/{item.pk}/")
    page.locator("#approve-form input[value='4']").check()
    page.get_by_role("button", name="Duyệt hoàn thành").click()
    page.wait_for_load_state("networkidle")
    page.set_viewport_size(PHONE)
    expect(bell).to_be_visible()
    expect(bell.locator(".badge")).to_have_count(0)
    bell.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    expect(page.locator("li", has_text="Chờ duyệt: Rà soát vị trí việc làm năm 2026")).to_contain_text(
        "Đã xử lý"
    )
    shoot(page, "notices-inbox-settled")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_ticking_the_checklist_updates_its_count(page, live_server, province, sign_in, shoot, size):
    item = give(
        province.truong_phong, province.chuyen_vien, title="Chuẩn bị hội nghị", due=10,
        checklist=["Giấy mời", "Tài liệu", "Hội trường"],
    )  # fmt: skip
    services.add_attachment(
        item=item, actor=province.truong_phong, upload=("danh-sach-dai-bieu.csv", b"a,b\n1,2\n")
    )
    page.set_viewport_size(size)
    sign_in(province.chuyen_vien)
    page.goto(f"{live_server.url}/cong-viec/{item.pk}/")
    # The paper clip before a file is drawn, not an emoji that shows as an empty box without its font.
    clip = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('ul.files a'), '::before');"
        " return [s.content, s.backgroundImage]; })()"
    )
    assert clip[0] == '""' and "svg" in clip[1]
    count = page.locator("#dau-viec-dem")
    expect(count).to_have_text("(0/3)")
    checklist = page.locator("ul.checklist")
    checklist.get_by_role("button", name="Giấy mời").click()
    expect(checklist.get_by_role("button", name="Giấy mời")).to_have_attribute("aria-pressed", "true")
    expect(count).to_have_text("(1/3)")
    checklist.get_by_role("button", name="Tài liệu").click()
    expect(count).to_have_text("(2/3)")
    checklist.get_by_role("button", name="Giấy mời").click()
    expect(count).to_have_text("(1/3)")
    page.reload()
    expect(page.locator("#dau-viec-dem")).to_have_text("(1/3)")
    if size == PHONE:
        shoot(page, "checklist-count")


@pytest.mark.django_db(transaction=True)
def test_an_english_reader_reads_the_notices_and_the_header_in_english(
    page, live_server, province, sign_in, shoot
):
    _submitted(province)
    page.set_viewport_size(PHONE)
    sign_in(province.truong_phong)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/thong-bao/")
    bell = page.locator("header.topbar a.topbar-notes")
    expect(bell).to_have_attribute("aria-label", "Notifications: 1 unread")
    expect(page.locator("main")).to_contain_text("Awaiting approval: Rà soát vị trí việc làm năm 2026")
    expect(page.locator("main")).not_to_contain_text("Chờ duyệt")
    shoot(page, "notices-inbox-english")
