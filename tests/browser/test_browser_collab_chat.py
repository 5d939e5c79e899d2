"""A chat between two people in real browsers (COL-8): Nguyễn Văn Minh opens a conversation with Trần
Thị Thu Hà and writes; Hà (a second browser) sees the unread count, opens it and answers; Minh sees
the answer appear without reloading (HTMX polling)."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 780}
QUESTION = "Chị Hà ơi, chị gửi giúp em bảng biên chế quý IV nhé."
ANSWER = "Ừ, chị gửi trong sáng nay nhé."


@pytest.mark.django_db(transaction=True)
def test_two_people_chat_and_the_answer_arrives_without_reloading(
    page, browser, browser_context_args, csp_violations, live_server, province, sign_in, shoot
):
    minh, ha = province.chuyen_vien, province.chuyen_vien_2
    page.set_viewport_size(DESKTOP)
    sign_in(minh)
    page.goto(f"{live_server.url}/phoi-hop/hoi-thoai/")
    expect(page.get_by_text("Hội thoại chỉ dùng cho công việc")).to_be_visible()
    page.get_by_label("Tìm người").fill("thu ha")
    page.locator(".chat-new").get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_role("button", name="Trần Thị Thu Hà").click()
    expect(page.get_by_role("heading", name="Trần Thị Thu Hà")).to_be_visible()
    page.get_by_label("Tin nhắn").fill(QUESTION)
    page.get_by_role("button", name="Gửi", exact=True).click()
    log = page.locator("#chat-log")
    expect(log).to_contain_text(QUESTION)
    expect(page.get_by_label("Tin nhắn")).to_have_value("")  # the box emptied, the page not reloaded

    # Hà, in a browser of her own.
    other = browser.new_context(**browser_context_args)
    other.on("console", lambda m: "Content Security Policy" in m.text and csp_violations.append(m.text))
    page_b = other.new_page()
    page_b.set_viewport_size(PHONE)
    page_b.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page_b.get_by_label("Tên đăng nhập").fill(ha.username)
    page_b.get_by_label("Mật khẩu").fill(PASSWORD)
    page_b.get_by_role("button", name="Đăng nhập").click()
    page_b.wait_for_load_state("networkidle")
    # the menu's badge arrives once the page has loaded (the page itself pays no query for it)
    expect(page_b.locator('a[href="/phoi-hop/hoi-thoai/"] .nav-badge .badge').first).to_have_text("1")
    page_b.goto(f"{live_server.url}/phoi-hop/hoi-thoai/")
    row = page_b.locator(".chat-list li.has-unread")
    expect(row).to_contain_text("Nguyễn Văn Minh")
    expect(row.locator(".badge")).to_have_text("1 tin chưa đọc")
    shoot(page_b, "chat-list-unread")
    row.get_by_role("link").click()
    expect(page_b.locator("#chat-log")).to_contain_text(QUESTION)
    page_b.get_by_label("Tin nhắn").fill(ANSWER)
    page_b.get_by_role("button", name="Gửi", exact=True).click()
    expect(page_b.locator("#chat-log")).to_contain_text(ANSWER)

    # Minh's page was never reloaded: the poll brings the answer.
    expect(log).to_contain_text(ANSWER, timeout=10_000)
    shoot(page, "chat-conversation")
    shoot(page_b, "chat-conversation-answered")
    other.close()


@pytest.mark.django_db(transaction=True)
def test_a_division_head_creates_a_group_from_a_phone(page, live_server, province, sign_in, shoot):
    page.set_viewport_size(PHONE)
    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/phoi-hop/hoi-thoai/")
    page.get_by_role("link", name="Tạo nhóm hội thoại").click()
    page.get_by_label("Tên nhóm").fill("Tổ rà soát biên chế 2027")
    page.get_by_label("Tìm người").fill("nguyen van minh")
    page.get_by_role("button", name="Tìm", exact=True).last.click()
    page.get_by_label("Nguyễn Văn Minh", exact=False).check()
    page.get_by_label("Tìm người").fill("thu ha")
    page.get_by_role("button", name="Tìm", exact=True).last.click()
    expect(page.get_by_label("Nguyễn Văn Minh", exact=False)).to_be_checked()  # kept between searches
    page.get_by_label("Trần Thị Thu Hà", exact=False).check()
    shoot(page, "chat-group-create")
    page.get_by_role("button", name="Tạo nhóm").click()
    expect(page.get_by_text("Đã tạo nhóm hội thoại “Tổ rà soát biên chế 2027”.")).to_be_visible()
    expect(page.locator(".chat-members li")).to_have_count(3)
    page.get_by_label("Tin nhắn").fill("Cả tổ gửi số liệu trước thứ Sáu nhé.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator("#chat-log")).to_contain_text("Cả tổ gửi số liệu")
    shoot(page, "chat-group")
