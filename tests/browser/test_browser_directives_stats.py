"""The directive report in a real browser (DIR-6): the office opens the quarterly report of UBND
tỉnh, sees the chart and the tables (the frozen figures of the closed quarter, then the live ones),
and downloads the XLSX."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.directives import stats_dataset


@pytest.mark.django_db(transaction=True)
def test_the_office_opens_the_quarterly_report_and_downloads_the_xlsx(
    page, live_server, province, sign_in, shoot
):
    stats_dataset.build(province)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(province.theo_doi)
    page.goto(f"{live_server.url}/chi-dao/bao-cao/?ky=2026-Q3")
    expect(page.get_by_role("heading", name="Báo cáo tình hình thực hiện chỉ đạo")).to_be_visible()
    expect(page.get_by_text("Quý III/2026").first).to_be_visible()
    chart = page.get_by_role(
        "img", name="Biểu đồ kết quả thực hiện nhiệm vụ chỉ đạo theo cơ quan chủ trì — Quý III/2026"
    )
    expect(chart).to_be_visible()
    expect(page.locator("svg.dir-chart-svg rect.seg")).to_have_count(
        8
    )  # frozen: 4 + 2 + 2 non-empty segments
    row = page.get_by_role("row", name="Sở Nội vụ").first
    expect(row).to_contain_text("4")
    expect(page.get_by_text("Kỳ này đã được chốt số liệu")).to_be_visible()
    shoot(page, "directives-report")

    page.get_by_role("link", name="Số liệu hiện tại").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("link", name="Số liệu hiện tại")).to_have_attribute("aria-current", "page")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải XLSX").click()
    download = info.value
    assert download.suggested_filename == "bao-cao-chi-dao-20260701-20260930.xlsx"
    with open(download.path(), "rb") as f:
        rows = [list(r) for r in load_workbook(io.BytesIO(f.read()))["Báo cáo"].iter_rows(values_only=True)]
    assert rows[0][0] == "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CHỈ ĐẠO (SỐ LIỆU ĐÃ CHỐT)"
    assert rows[10][1:8] == ["Tổng cộng", 1, 1, 2, 1, 3, 8]
