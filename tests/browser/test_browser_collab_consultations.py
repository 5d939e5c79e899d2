"""A consultation in a real browser (COL-5; seed 002 Đ7.5): the director of Sở Nội vụ appoints the
head of TCBC to draft; he posts it to three people; two answer (one from a phone), the third stays
silent and the drafter's report shows her as not answered."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congvu.collaboration.consultations.models import Consultation

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 780}
SUBJECT = "Dự thảo Quy chế văn hóa công sở năm 2027"


def _sign_out(page):
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_two_of_three_answer_and_the_report_shows_the_silent_one(page, live_server, province, sign_in, shoot):
    page.set_viewport_size(DESKTOP)
    sign_in(province.giam_doc)
    page.goto(f"{live_server.url}/phoi-hop/lay-y-kien/giao-soan-thao/")
    page.get_by_label("Nội dung cần soạn thảo, lấy ý kiến").fill(SUBJECT)
    page.get_by_label("Người được giao soạn thảo").select_option(str(province.truong_phong.pk))
    page.get_by_role("button", name="Giao soạn thảo").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã giao soạn thảo để lấy ý kiến.")).to_be_visible()
    _sign_out(page)

    sign_in(province.truong_phong)
    c = Consultation.objects.get()
    page.goto(f"{live_server.url}/phoi-hop/lay-y-kien/{c.pk}/")
    page.get_by_role("link", name="Đăng lấy ý kiến").click()
    page.get_by_label("Mô tả, nội dung cần góp ý").fill("Đề nghị góp ý về trang phục, giao tiếp, ứng xử.")
    deadline = timezone.localtime(timezone.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Hạn góp ý").fill(deadline)
    page.get_by_label("Người, đơn vị được chọn").check()
    for person in (province.pho_giam_doc, province.chuyen_vien, province.chuyen_vien_2):
        page.get_by_label(person.full_name, exact=True).check()
    shoot(page, "consultations-post")
    page.get_by_role("button", name="Đăng lấy ý kiến").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã đăng lấy ý kiến.")).to_be_visible()
    shoot(page, "consultations-detail")
    _sign_out(page)

    sign_in(province.chuyen_vien)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("Chờ bạn góp ý")).to_be_visible()
    shoot(page, "consultations-home")
    page.get_by_role("link", name=SUBJECT).first.click()
    page.get_by_label("Nội dung góp ý, hoặc lý do không góp ý").fill(
        "Đề nghị bổ sung quy định ứng xử trên mạng xã hội."
    )
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi ý kiến của bạn.")).to_be_visible()
    _sign_out(page)

    sign_in(province.chuyen_vien_2)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/phoi-hop/lay-y-kien/{c.pk}/")
    page.get_by_label("Không có ý kiến (nhất trí)").check()
    shoot(page, "consultations-answer")
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi ý kiến của bạn.")).to_be_visible()
    _sign_out(page)

    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/phoi-hop/lay-y-kien/{c.pk}/tong-hop/")
    silent = page.locator("ul.silent")
    assert silent.inner_text().strip().startswith(province.pho_giam_doc.full_name)
    expect(page.get_by_text("Đề nghị bổ sung quy định ứng xử trên mạng xã hội.")).to_be_visible()
    expect(page.get_by_text("1 người chưa trả lời", exact=False)).to_be_visible()
    shoot(page, "consultations-report")
    page.goto(f"{live_server.url}/phoi-hop/lay-y-kien/?xem=mine")
    expect(page.get_by_text("2/3")).to_be_visible()
    shoot(page, "consultations-list")
