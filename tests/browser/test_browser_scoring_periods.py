"""Scoring periods in a real browser (SCORE-2; seed 003 Đ8, Đ10): Home Affairs creates a period
(set, deadlines, units picked from a filterable list), appoints a council member found by name
with the areas they cover, and opens the period; the entry page and the period's page at phone
and desktop sizes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from congvu.scoring.models import Appraisal, Period
from tests.scoring.cast import build_scoring_cast, submitted


@pytest.mark.django_db(transaction=True)
def test_home_affairs_creates_appoints_and_opens_a_period(page, live_server, province, sign_in, shoot):
    cast = build_scoring_cast(province)
    submitted(cast, cast.assessments.stc, entry=province.chuyen_vien_khac, leader=cast.stc_head)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(cast.home_affairs)

    # The entry page: the periods with their counts, and the button to create one.
    page.get_by_role("link", name="Chấm điểm CCHC").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("table.periods")).to_contain_text("Chỉ số CCHC năm 2026")
    expect(page.locator("table.periods")).to_contain_text("1/3")
    shoot(page, "scoring-index")
    page.get_by_role("link", name="Tạo kỳ chấm điểm").first.click()
    page.wait_for_load_state("networkidle")

    # A new period: a deadline in the wrong order is refused and what was typed stays.
    page.get_by_label("Bộ tiêu chí").select_option(label=str(cast.criteria_set))
    page.get_by_label("Tên kỳ chấm điểm").fill("Chỉ số CCHC bổ sung năm 2026")
    page.get_by_label("Hạn tự đánh giá").fill("2026-12-28")
    page.get_by_label("Hạn thẩm định").fill("2026-12-20")
    page.get_by_label("Lọc đơn vị").fill("tai chinh")
    expect(page.get_by_label("Sở Nội vụ", exact=True)).to_be_hidden()
    page.get_by_label("Sở Tài chính", exact=True).check()
    page.get_by_label("Lọc đơn vị").fill("")
    page.get_by_label("UBND huyện Đức Trọng", exact=True).check()
    page.get_by_label("Câu hỏi khảo sát").fill("Hướng dẫn chấm điểm có rõ ràng không?")
    shoot(page, "scoring-period-create")
    page.get_by_role("button", name="Tạo kỳ chấm điểm").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#id_appraisal_deadline_error")).to_have_text(
        "Hạn thẩm định phải sau hạn tự đánh giá."
    )
    expect(page.get_by_label("Tên kỳ chấm điểm")).to_have_value("Chỉ số CCHC bổ sung năm 2026")
    page.get_by_label("Hạn thẩm định").fill("2027-01-15")
    page.get_by_role("button", name="Tạo kỳ chấm điểm").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã tạo kỳ chấm điểm.")).to_be_visible()
    period = Period.objects.get(title="Chỉ số CCHC bổ sung năm 2026")
    assert period.status == "draft" and period.assessments.count() == 2

    # Appoint a council member, found by name, for areas 1 and 2.
    page.get_by_role("link", name="Phân công thẩm định").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Tìm tài khoản").fill("kim anh")
    page.get_by_label("Tìm tài khoản").press("Enter")
    page.wait_for_load_state("networkidle")
    page.get_by_label(re.compile("Võ Thị Kim Anh")).check()
    for code in ("1", "2"):
        page.get_by_label(f"{code}. {cast.criteria[code].name}", exact=True).check()
    shoot(page, "scoring-period-appraisers")
    page.get_by_role("button", name="Phân công", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã phân công Võ Thị Kim Anh thẩm định.")).to_be_visible()
    assert Appraisal.objects.filter(period=period, appraiser=cast.appraiser_a).exists()

    # Open it from its page.
    page.get_by_role("link", name="Chỉ số CCHC bổ sung năm 2026").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Mở kỳ chấm điểm").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã mở kỳ chấm điểm: các đơn vị bắt đầu tự đánh giá.")).to_be_visible()
    expect(page.locator(".page-head .status")).to_have_text("Đang chấm điểm")
    assert Period.objects.get(pk=period.pk).status == "open"

    # The running period with a submitted unit: its page shows "Mở lại".
    page.goto(f"{live_server.url}/cham-diem/ky/{cast.period.pk}/")
    expect(page.locator("table.scoring-units")).to_contain_text("Sở Tài chính")
    expect(page.locator("table.scoring-units summary", has_text="Mở lại")).to_be_visible()
    shoot(page, "scoring-period-detail")
