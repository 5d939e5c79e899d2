"""Nhập văn bản chỉ đạo in a real browser (DIR-1; seed 001 Đ8.1): the office enters a directive with
two tasks through the form, gives them to the agencies and finds the directive on the list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from congvu.directives.models import Directive

NUMBER = "145/UBND-VP"
SUBJECT = "Về việc triển khai Đề án 06 năm 2027"


@pytest.mark.django_db(transaction=True)
def test_the_office_enters_a_directive_with_two_tasks(page, live_server, province, sign_in, shoot):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(province.theo_doi)
    page.goto(f"{live_server.url}/chi-dao/")
    page.get_by_role("link", name="Nhập văn bản chỉ đạo").click()
    page.get_by_label("Số, ký hiệu").fill(NUMBER)
    page.get_by_label("Loại văn bản").select_option(label="Kế hoạch")
    page.get_by_label("Trích yếu").fill(SUBJECT)
    page.get_by_label("Người chỉ đạo").select_option(label="Trần Quốc Hùng")
    page.get_by_label("Độ khẩn").select_option(label="Khẩn")

    first = page.locator("#nhiem-vu-1")
    first.get_by_label("Nội dung nhiệm vụ").fill("Rà soát dữ liệu dân cư trên địa bàn")
    first.get_by_label("Cơ quan chủ trì").select_option(label="UBND huyện Đức Trọng")
    first.get_by_label("Người theo dõi (Văn phòng)").select_option(label="Đỗ Minh Tuấn")
    first.get_by_label("hoặc số ngày làm việc").fill("10")
    second = page.locator("#nhiem-vu-2")
    second.get_by_label("Nội dung nhiệm vụ").fill("Bố trí kinh phí thực hiện Đề án")
    second.get_by_label("Cơ quan chủ trì").select_option(label="Sở Tài chính")
    second.get_by_label("Người theo dõi (Văn phòng)").select_option(label="Phạm Văn Đức")
    second.get_by_label("hoặc số ngày làm việc").fill("15")
    shoot(page, "directive-entry")
    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text(f"Đã giao nhiệm vụ của văn bản {NUMBER}.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Rà soát dữ liệu dân cư"))).to_contain_text(
        "tuandm@binhson.gov.vn"
    )
    directive = Directive.objects.get(number=NUMBER)
    assert directive.status == Directive.Status.PUBLISHED and directive.tasks.count() == 2
    assert directive.entry_due == directive.issued_on  # urgent: the same day

    page.get_by_role("link", name="Văn bản chỉ đạo").first.click()
    page.wait_for_load_state("networkidle")
    row = page.get_by_role("row").filter(has_text=NUMBER)
    expect(row).to_contain_text(SUBJECT)
    expect(row).to_contain_text("Khẩn")
    expect(row).to_contain_text("2")
    shoot(page, "directives-list")
