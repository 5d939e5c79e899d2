"""Appraisal in a real browser (SCORE-5; seed 003 Đ10): a council member opens "Thẩm định chấm
điểm", scores Sở Nội vụ — keeps the self-scores, lowers one criterion, first forgetting the reason
(the message lands on that row and what she typed stays), then with it — and, once the
self-assessment time is over, sends the results and the account locks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congvu.scoring.models import Appraisal, Score
from tests.scoring.appraisal_cast import submit_units
from tests.scoring.cast import build_scoring_cast


@pytest.mark.django_db(transaction=True)
def test_appraise_a_unit_then_send_the_results(page, live_server, province, sign_in, shoot, clock):
    cast = build_scoring_cast(province)
    submit_units(cast, "snv")
    snv = cast.assessments.snv
    leaf = cast.criteria["1.4"]
    page.set_viewport_size({"width": 1366, "height": 900})

    sign_in(cast.appraiser_a)
    page.goto(f"{live_server.url}/cham-diem/tham-dinh/")
    account = page.locator(".appraisal-account")
    expect(account).to_contain_text("Chỉ số CCHC năm 2026")
    expect(account).to_contain_text("19 tiêu chí")
    expect(account.get_by_text("chưa gửi")).to_have_count(2)
    shoot(page, "scoring-appraisal-queue")

    page.get_by_role("link", name="Sở Nội vụ").click()
    expect(page.locator("h1")).to_have_text("Sở Nội vụ")
    page.get_by_role("button", name="Chấp nhận tất cả điểm tự chấm").click()
    expect(page.locator(f"#id_score_{leaf.pk}")).to_have_value("1,00")
    page.locator(f"#id_score_{leaf.pk}").fill("0,5")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#tc-{leaf.pk}")
    expect(row.locator(".error")).to_have_text(
        "Điểm thẩm định khác điểm tự đánh giá (1,00): vui lòng nêu lý do."
    )
    expect(page.locator(f"#id_score_{leaf.pk}")).to_have_value("0,5")
    expect(page.locator(f"#id_score_{cast.criteria['1.5'].pk}")).to_have_value("1,00")
    assert not Score.objects.filter(appraised_score__isnull=False).exists()
    row.scroll_into_view_if_needed()
    shoot(page, "scoring-appraisal-unit-error")

    page.locator(f"#id_reason_{leaf.pk}").fill("Chưa có kế hoạch tuyên truyền riêng.")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã lưu điểm thẩm định.")).to_be_visible()
    expect(page.locator(".ap-head .status")).to_have_text("Đã thẩm định xong")
    saved = Score.objects.get(assessment=snv, criterion=leaf)
    assert (str(saved.appraised_score), saved.appraisal_reason) == (
        "0.50",
        "Chưa có kế hoạch tuyên truyền riêng.",
    )
    shoot(page, "scoring-appraisal-unit")

    # Too early: Sở Tài chính and the district may still submit.
    page.goto(f"{live_server.url}/cham-diem/tham-dinh/")
    page.locator(".ap-submit > summary").click()
    page.get_by_role("button", name="Tôi xác nhận, gửi kết quả").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".msg-error")).to_contain_text("Còn đơn vị chưa gửi báo cáo tự đánh giá")

    # After the self-assessment deadline she sends them; the account locks.
    clock.move_to(dt.datetime(2026, 12, 23, 9, tzinfo=timezone.get_current_timezone()))
    sign_in(cast.appraiser_a)
    page.goto(f"{live_server.url}/cham-diem/tham-dinh/")
    page.locator(".ap-submit > summary").click()
    expect(page.locator(".ap-submit")).to_contain_text("tài khoản thẩm định sẽ bị khóa")
    shoot(page, "scoring-appraisal-confirm")
    page.get_by_role("button", name="Tôi xác nhận, gửi kết quả").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi kết quả thẩm định. Tài khoản thẩm định đã khóa.")).to_be_visible()
    expect(page.locator(".appraisal-account .status").first).to_have_text("Đã gửi — đã khóa")
    assert Appraisal.objects.get(pk=cast.appraisals.a.pk).status == "submitted"
    page.get_by_role("link", name="Sở Nội vụ").click()
    expect(page.locator(".msg-info")).to_contain_text("Kết quả thẩm định đã được gửi: tài khoản đã khóa.")
    expect(page.locator(f"#id_score_{leaf.pk}")).to_have_count(0)
