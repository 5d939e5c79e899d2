"""Messages and reminders in a real browser (COL-2, COL-7): the director writes to a division with a
file, an officer reads it from a phone, files it into a folder and replies; the head of division
sends a reminder, the officer acknowledges it and reports it done, and the head sees each
recipient's state."""

import pytest
from playwright.sync_api import expect

from congvu.collaboration.messages.models import Message
from congvu.collaboration.reminders.models import Reminder, ReminderRecipient

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SUBJECT = "Kế hoạch tuyển dụng công chức năm 2027"


def _sign_out(page):
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_a_message_to_a_division_is_read_filed_and_answered(
    page, live_server, province, sign_in, shoot, tmp_path
):
    page.set_viewport_size(DESKTOP)
    sign_in(province.giam_doc)
    page.goto(f"{live_server.url}/phoi-hop/thu/soan/")
    page.get_by_label("Gửi đến đơn vị").select_option(str(province.units.tcbc.pk))
    page.get_by_label("Tiêu đề").fill(SUBJECT)
    page.get_by_label("Nội dung").fill(
        "Phòng TCBC chuẩn bị dự thảo kế hoạch, trình Ban Giám đốc trong tháng."
    )
    attachment = tmp_path / "du-thao-ke-hoach.txt"
    attachment.write_text("Dự thảo kế hoạch tuyển dụng", encoding="utf-8")
    page.get_by_label("Tệp đính kèm").set_input_files(str(attachment))
    shoot(page, "collab-messages-compose")
    page.get_by_role("button", name="Gửi thư").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi thư.")).to_be_visible()
    expect(page.get_by_text("đến 3 người")).to_be_visible()
    shoot(page, "collab-messages-sent")
    _sign_out(page)

    sign_in(province.chuyen_vien)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name=SUBJECT).first).to_be_visible()  # "Thư chưa đọc" on Hôm nay
    page.goto(f"{live_server.url}/phoi-hop/thu/")
    assert page.locator("tr.unread").count() == 1
    shoot(page, "collab-messages-inbox")
    page.get_by_role("link", name=SUBJECT).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("link", name="du-thao-ke-hoach.txt")).to_be_visible()
    shoot(page, "collab-messages-read")
    page.goto(f"{live_server.url}/phoi-hop/thu/thu-muc/")
    page.get_by_label("Tên thư mục").fill("Tuyển dụng")
    page.get_by_role("button", name="Tạo thư mục").click()
    message = Message.objects.get()
    page.goto(f"{live_server.url}/phoi-hop/thu/{message.pk}/")
    page.get_by_label("Chuyển vào").select_option(label="Tuyển dụng")
    page.get_by_role("button", name="Chuyển vào thư mục").click()
    expect(page.get_by_text("Đã chuyển thư vào Tuyển dụng.")).to_be_visible()
    page.get_by_role("link", name="Trả lời", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_label("Tiêu đề").input_value() == f"Trả lời: {SUBJECT}"
    page.get_by_role("button", name="Gửi thư").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi thư.")).to_be_visible()
    assert Message.objects.get(reply_to=message).sender == province.chuyen_vien


@pytest.mark.django_db(transaction=True)
def test_a_reminder_is_acknowledged_done_and_followed(page, live_server, province, sign_in, shoot):
    page.set_viewport_size(DESKTOP)
    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/phoi-hop/nhac-viec/gui/")
    page.get_by_label("Người được nhắc").select_option(
        [str(province.chuyen_vien.pk), str(province.chuyen_vien_2.pk)]
    )
    page.get_by_label("Nội dung nhắc việc").fill("Hoàn thiện hồ sơ nâng lương quý IV")
    page.get_by_label("Liên kết đến việc liên quan").fill("https://ngoai.vn/")
    page.get_by_role("button", name="Gửi nhắc việc").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Liên kết phải là một trang trong hệ thống").first).to_be_visible()
    assert page.get_by_label("Nội dung nhắc việc").input_value() == "Hoàn thiện hồ sơ nâng lương quý IV"
    page.get_by_label("Liên kết đến việc liên quan").fill("/phoi-hop/thu/")
    shoot(page, "collab-reminders-send")
    page.get_by_role("button", name="Gửi nhắc việc").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi nhắc việc.")).to_be_visible()
    reminder = Reminder.objects.get()
    _sign_out(page)

    sign_in(province.chuyen_vien)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Hoàn thiện hồ sơ nâng lương quý IV").first).to_be_visible()
    shoot(page, "collab-reminders-home")
    page.goto(f"{live_server.url}/phoi-hop/nhac-viec/{reminder.pk}/")
    page.get_by_role("button", name="Đã nhận").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Kết quả thực hiện").fill("Đã nộp hồ sơ về Văn phòng Sở")
    shoot(page, "collab-reminders-detail")
    page.get_by_role("button", name="Đã thực hiện").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã báo cáo: đã thực hiện nhắc việc.")).to_be_visible()
    assert ReminderRecipient.objects.get(user=province.chuyen_vien).status == "done"
    _sign_out(page)

    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/phoi-hop/nhac-viec/da-gui/")
    expect(page.get_by_text("Đã thực hiện").first).to_be_visible()
    expect(page.get_by_text("Chưa nhận").first).to_be_visible()
    shoot(page, "collab-reminders-sent")
