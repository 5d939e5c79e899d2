"""A form that fails shows its errors where the person is looking: a summary at the top of the page,
each error a link to its field, and the focus on the first wrong field — on a phone, where the
action forms of the item page sit far below the fold."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from congvu.assignments.models import Assignment
from tests.assignments.screen_helpers import give, submitted
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS

REASON = "Bổ sung số liệu của phòng Công chức viên chức."


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_failed_return_shows_the_summary_and_focuses_the_reason(
    page, live_server, province, sign_in, shoot, viewport
):
    item = submitted(give(province.truong_phong, province.chuyen_vien), province.chuyen_vien)
    page.set_viewport_size(viewport)
    sign_in(province.truong_phong)
    page.goto(f"{live_server.url}/cong-viec/{item.pk}/")
    page.locator("#act-return > summary").click()
    page.locator("#act-return").get_by_role("button", name="Trả lại").click()  # no reason
    page.wait_for_load_state("networkidle")

    summary = page.get_by_role("alert").filter(has_text="Có 1 chỗ cần sửa")
    expect(summary).to_contain_text("Vui lòng nêu lý do trả lại.")
    assert summary.get_attribute("tabindex") == "-1"
    # The summary opens the page; the focus is on the reason box, opened and in sight.
    assert page.evaluate("document.querySelector('main').firstElementChild.className") == "error-summary"
    assert page.evaluate("document.activeElement.id") == "id_return-reason"
    expect(page.locator("#act-return")).to_have_attribute("open", "")
    expect(page.locator("#id_return-reason")).to_be_in_viewport()
    expect(page.locator("#id_return-reason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_return-reason")).to_have_attribute("aria-describedby", "id_return-reason_error")
    # What the person sees: the reason box in sight, with the focus ring.
    label = "phone" if viewport == PHONE else "desktop"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"form-error-focus-{label}.png"))
    if viewport == PHONE:
        page.evaluate("window.scrollTo(0, 0)")
        shoot(page, "form-error-summary")

    # The summary's link leads back to the field (after the person scrolled away).
    page.evaluate("window.scrollTo(0, 0)")
    summary.get_by_role("link", name="Lý do: Vui lòng nêu lý do trả lại.").click()
    assert page.evaluate("document.activeElement.id") == "id_return-reason"

    page.keyboard.type(REASON)
    page.locator("#act-return").get_by_role("button", name="Trả lại").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã trả lại kết quả cho người chủ trì.")).to_be_visible()
    assert page.locator(".error-summary").count() == 0
    item.refresh_from_db()
    assert item.status == Assignment.Status.RETURNED
