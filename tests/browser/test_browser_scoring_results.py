"""The results of a scoring period in a real browser (SCORE-6): Home Affairs reads the ranking of a
published period, opens a unit's result and downloads the council report; a unit's leader reads
the ranking after publication."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.scoring.results_scene import published_scene


@pytest.mark.django_db(transaction=True)
def test_home_affairs_reads_the_ranking_opens_a_unit_and_downloads_the_report(
    page, live_server, province, sign_in, shoot
):
    cast = published_scene(province)
    url = f"{live_server.url}/cham-diem/ky/{cast.period.pk}/ket-qua/"
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(cast.home_affairs)
    page.goto(url)
    expect(page.get_by_role("heading", name="Kết quả và xếp hạng")).to_be_visible()
    expect(page.get_by_text("Đã công bố", exact=True)).to_be_visible()
    first = page.locator("table.sr-table tbody tr").first
    expect(first).to_contain_text("Sở Tài chính")
    expect(first).to_contain_text("91,43 %")
    snv = page.get_by_role("row", name="Sở Nội vụ")
    expect(snv).to_contain_text("89,00 %")
    expect(snv.locator("td.sr-rank")).to_have_text("2")
    expect(page.get_by_role("row", name="Văn phòng UBND tỉnh")).to_contain_text("Không gửi báo cáo")
    shoot(page, "scoring-results")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải báo cáo XLSX").click()
    with open(info.value.path(), "rb") as f:
        ranking = load_workbook(io.BytesIO(f.read()))["Xếp hạng"]
    assert [r[1] for r in ranking.iter_rows(min_row=6, values_only=True)] == [
        "Sở Tài chính", "Sở Nội vụ", "UBND huyện Đức Trọng", "Văn phòng UBND tỉnh"
    ]  # fmt: skip

    page.get_by_role("link", name="Sở Nội vụ").click()
    expect(page.get_by_role("heading", name="Sở Nội vụ", exact=True)).to_be_visible()
    expect(page.get_by_text("Lý do điều chỉnh: Chưa đủ tài liệu kiểm chứng.").first).to_be_visible()
    expect(page.locator(".sr-summary")).to_contain_text("2/3")
    shoot(page, "scoring-result-unit")


@pytest.mark.django_db(transaction=True)
def test_a_unit_leader_reads_the_ranking_after_publication(page, live_server, province, sign_in, shoot):
    cast = published_scene(province)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(province.chu_tich_huyen)
    page.goto(f"{live_server.url}/cham-diem/ky/{cast.period.pk}/ket-qua/")
    expect(page.get_by_role("heading", name="Kết quả và xếp hạng")).to_be_visible()
    expect(page.get_by_role("row", name="UBND huyện Đức Trọng")).to_contain_text("89,00 %")
    expect(page.get_by_role("link", name="Tải báo cáo XLSX")).to_have_count(0)
    expect(page.locator("table.sr-table td.sr-area").first).to_be_hidden()  # a phone: no per-area columns
    shoot(page, "scoring-results-leader")
