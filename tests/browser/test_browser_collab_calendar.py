"""The weekly work calendar in a real browser (COL-1, TASK-6; seed 002 Đ7.1): the office's clerk types
the agency's week on a desktop (a wrong time is refused with what was typed kept) and publishes it; an
officer of the office reads it on a phone and on a desktop, and finds today's entry on the home page."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from congvu.collaboration.calendar.models import CalendarEntry, CalendarWeek
from tests.collaboration.calendar.cast import build_calendar_cast, entry

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _sign_out(page):
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_the_office_keeps_and_publishes_the_week_and_the_agency_reads_it(
    page, live_server, province, sign_in, shoot
):
    from django.utils import timezone

    cast = build_calendar_cast(province)
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    for offset, hour, content, place in (
        (
            0,
            8,
            "Chủ tịch UBND tỉnh chủ trì họp giao ban lãnh đạo UBND tỉnh",
            "Phòng họp số 1, trụ sở UBND tỉnh",
        ),
        (1, 14, "Phó Chủ tịch Lê Thị Mai làm việc với Sở Nội vụ về đề án vị trí việc làm", "Sở Nội vụ"),
        (3, 7, "Chủ tịch UBND tỉnh kiểm tra tiến độ dự án đường ven biển", "Huyện Đức Trọng"),
        (4, 14, "Tiếp công dân định kỳ", "Trụ sở Tiếp công dân tỉnh"),
    ):
        entry(cast, cast.agency, day=monday + dt.timedelta(days=offset), start_time=dt.time(hour), content=content,
              place=place, host=cast.chu_tich if offset != 1 else cast.pho_chu_tich,
              participants_text="Lãnh đạo các sở, ngành liên quan")  # fmt: skip

    page.set_viewport_size(DESKTOP)
    sign_in(cast.van_thu)
    page.get_by_role("link", name="Lịch công tác").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Dự thảo, chưa công bố")).to_be_visible()
    page.get_by_role("link", name="+ Thêm lịch").click()
    page.get_by_label("Ngày").fill(today.isoformat())
    page.get_by_label("Từ giờ").fill("15:00")
    page.get_by_label("Đến giờ").fill("14:00")
    page.get_by_label("Nội dung").fill("Họp Ban Chỉ đạo chuyển đổi số tỉnh")
    page.get_by_label("Địa điểm").fill("Hội trường UBND tỉnh")
    page.get_by_label("Chủ trì", exact=True).select_option(str(cast.chu_tich.pk))
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Giờ kết thúc phải sau giờ bắt đầu.").first).to_be_visible()
    assert page.get_by_label("Nội dung").input_value() == "Họp Ban Chỉ đạo chuyển đổi số tỉnh"
    shoot(page, "calendar-entry-error")
    page.get_by_label("Đến giờ").fill("16:30")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã thêm vào lịch công tác.")).to_be_visible()
    page.get_by_role("button", name="Công bố lịch tuần").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã công bố lịch công tác tuần.")).to_be_visible()
    assert CalendarWeek.objects.get(week_start=monday).status == CalendarWeek.Status.PUBLISHED
    assert CalendarEntry.objects.count() == 5
    shoot(page, "calendar-week-keeper")
    _sign_out(page)

    sign_in(cast.theo_doi)
    expect(page.get_by_role("heading", name="Lịch hôm nay")).to_be_visible()
    expect(page.get_by_text("Họp Ban Chỉ đạo chuyển đổi số tỉnh")).to_be_visible()
    page.get_by_role("link", name="Xem lịch công tác tuần").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("LỊCH CÔNG TÁC TUẦN")).to_be_visible()
    expect(page.get_by_text("Tiếp công dân định kỳ")).to_be_visible()
    assert page.get_by_role("link", name="+ Thêm lịch").count() == 0
    shoot(page, "calendar-week")
    page.set_viewport_size(PHONE)
    expect(page.get_by_text("Chủ tịch UBND tỉnh kiểm tra tiến độ dự án đường ven biển")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải lịch tuần (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Xem theo tháng").click()
    page.wait_for_load_state("networkidle")
    shoot(page, "calendar-month")
