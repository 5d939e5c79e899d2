"""A criteria set in a real browser (SCORE-1, R-PAR-1): Home Affairs creates the year's set from the
sample tree, edits a leaf's maximum so that its criterion no longer adds up, reads the Vietnamese
message with the table as typed, fixes it, saves and exports the workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from congvu.scoring.criteria import exports
from congvu.scoring.models import CriteriaSet
from tests.scoring.cast import build_scoring_cast


def _row(page, code):
    return page.locator("tr.node-row").filter(has=page.locator(f'td.c-code input[value="{code}"]'))


@pytest.mark.django_db(transaction=True)
def test_create_from_the_sample_edit_fix_and_export(page, live_server, province, sign_in, shoot):
    cast = build_scoring_cast(province)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(cast.home_affairs)

    page.goto(f"{live_server.url}/cham-diem/bo-tieu-chi/")
    expect(page.locator("table.criteria-sets")).to_contain_text("Đang dùng")
    shoot(page, "scoring-criteria-sets")
    page.get_by_role("link", name="+ Thêm bộ tiêu chí").click()
    page.get_by_label("Năm").fill("2027")
    page.get_by_label("Tên bộ tiêu chí").fill("Bộ chỉ số CCHC năm 2027")
    page.get_by_label("Bộ tiêu chí mẫu").check()
    shoot(page, "scoring-criteria-create")
    page.get_by_role("button", name="Tạo bộ tiêu chí").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã tạo bộ tiêu chí “Bộ chỉ số CCHC năm 2027”.")).to_be_visible()
    expect(page.locator(".set-facts")).to_contain_text("100,00")
    expect(page.locator("table.criteria-tree")).to_contain_text("Cộng lĩnh vực 8")
    shoot(page, "scoring-criteria-tree")
    made = CriteriaSet.objects.get(year=2027)

    # A leaf's maximum changed alone: 1.1 no longer adds up, nothing is saved, the table stays.
    page.get_by_role("link", name="Sửa bộ tiêu chí").click()
    _row(page, "1.1.1").locator("td.c-max input").fill("0,75")
    _row(page, "2.1").locator("td.c-name input").fill("Xây dựng và tổ chức thực hiện văn bản QPPL (đã sửa)")
    rows_before = page.locator("tr.node-row").count()
    page.get_by_role("button", name="+ Thêm dòng").click()  # the script adds a row in place
    expect(page.locator("tr.node-row")).to_have_count(rows_before + 1)
    page.get_by_role("button", name="Lưu bộ tiêu chí").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".tree-refusal")).to_contain_text(
        "Điểm tối đa của 1.1 (2,00) khác tổng điểm tối đa các tiêu chí con (2,25)."
    )
    expect(_row(page, "1.1.1").locator("td.c-max input")).to_have_value("0,75")
    expect(_row(page, "2.1").locator("td.c-name input")).to_have_value(
        "Xây dựng và tổ chức thực hiện văn bản QPPL (đã sửa)"
    )
    expect(page.locator("tr.row-wrong")).to_have_count(1)
    shoot(page, "scoring-criteria-edit-refused")
    assert made.criteria.get(code="1.1.1").max_points == 0.5

    # Fixed: the other leaf gives up a quarter point, and the tree saves.
    _row(page, "1.1.2").locator("td.c-max input").fill("0,25")
    page.get_by_role("button", name="Lưu bộ tiêu chí").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã lưu bộ tiêu chí “Bộ chỉ số CCHC năm 2027”.")).to_be_visible()
    expect(page.locator("table.criteria-tree")).to_contain_text("(đã sửa)")
    assert str(made.criteria.get(code="1.1.2").max_points) == "0.25"

    with page.expect_download() as caught:
        page.get_by_role("link", name="Xuất Excel").click()
    download = caught.value
    assert download.suggested_filename == f"bo-tieu-chi-2027-{made.pk}.xlsx"
    book = load_workbook(io.BytesIO(open(download.path(), "rb").read()), read_only=True)
    rows = list(book[exports.SHEET].iter_rows(values_only=True))
    assert rows[0] == exports.HEADER
    assert next(r for r in rows if r[0] == "1.1.1")[2] == 0.75

    page.goto(f"{live_server.url}/cham-diem/bo-tieu-chi/{made.pk}/sua/")
    shoot(page, "scoring-criteria-edit")
