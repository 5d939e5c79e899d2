"""The whole directive follow-up journey in a real browser (issue #10; seed 001 Đ8, Đ9; DIR-1…6).

On Wed 02/12/2026 (the suite's clock) the office — Đỗ Minh Tuấn, the directive monitor of UBND tỉnh —
enters directive 150/UBND-VP signed by the chairman, with one task each for Sở Nội vụ, Sở Tài chính
and UBND huyện Đức Trọng, and gives it to them. The head of Sở Nội vụ reports the task done; the
office rejects the report with a reason; he reports again and the office approves it: the task is
"Hoàn thành". The chairman of UBND huyện Đức Trọng returns his task as wrongly assigned; the office
gives it to Sở Tài chính, and the task's history keeps both. Last, the office opens the report of
Quý IV/2026 and downloads it as XLSX and PDF.

Everything goes through the screens; only the people and the organisation are set up beforehand.
"""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from congvu.directives.models import Directive, DirectiveTask, TaskEvent, TaskReport
from tests.directives.cast import person

NUMBER = "150/UBND-VP"
SUBJECT = "Về việc triển khai chuyển đổi số trong cơ quan nhà nước năm 2027"
TASKS = {
    "snv": "Rà soát, chuẩn hóa cơ sở dữ liệu cán bộ, công chức của tỉnh",
    "stc": "Bố trí kinh phí chuyển đổi số năm 2027",
    "huyen": "Xây dựng kho dữ liệu dùng chung của tỉnh",
}
DESKTOP = {"width": 1366, "height": 900}


def _sign_out(page):
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def _open_action(page, name):
    summary = page.locator("details.action > summary", has_text=name)
    if summary.locator("xpath=..").get_attribute("open") is None:  # the first action is open already
        summary.click()


def _submit(page, locator):
    locator.click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_directive_journey_enter_report_reject_approve_return_reassign_report(
    page, live_server, province, sign_in, shoot
):
    person("hainv", "Ngô Văn Hải", province.units.stc, province.positions.giam_doc)
    page.set_viewport_size(DESKTOP)

    # 1. The office enters the directive with three tasks and gives them to the agencies.
    sign_in(province.theo_doi)
    page.goto(f"{live_server.url}/chi-dao/")
    page.get_by_role("link", name="Nhập văn bản chỉ đạo").click()
    page.get_by_label("Số, ký hiệu").fill(NUMBER)
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    page.get_by_label("Trích yếu").fill(SUBJECT)
    expect(page.get_by_label("Ngày ban hành")).to_have_value("2026-12-02")  # today, by default
    page.get_by_label("Người chỉ đạo").select_option(label="Trần Quốc Hùng")
    for n, (unit, name, days) in enumerate(
        (("snv", "Sở Nội vụ", "10"), ("stc", "Sở Tài chính", "15"), ("huyen", "UBND huyện Đức Trọng", "20")),
        start=1,
    ):
        row = page.locator(f"#nhiem-vu-{n}")
        row.get_by_label("Nội dung nhiệm vụ").fill(TASKS[unit])
        row.get_by_label("Cơ quan chủ trì").select_option(label=name)
        row.get_by_label("Người theo dõi (Văn phòng)").select_option(label="Đỗ Minh Tuấn")
        row.get_by_label("hoặc số ngày làm việc").fill(days)
    shoot(page, "journey-1-directive-entry")
    _submit(page, page.get_by_role("button", name="Giao nhiệm vụ", exact=True))
    expect(page.get_by_text(f"Đã giao nhiệm vụ của văn bản {NUMBER}.")).to_be_visible()
    for content in TASKS.values():
        expect(page.get_by_role("row", name=re.compile(re.escape(content)))).to_contain_text("Đỗ Minh Tuấn")
    directive = Directive.objects.get(number=NUMBER)
    assert directive.status == Directive.Status.PUBLISHED
    by_unit = {t.lead_unit_id: t for t in directive.tasks.all()}
    units = province.units
    snv, huyen = by_unit[units.snv.pk], by_unit[units.huyen.pk]
    assert sorted(by_unit) == sorted([units.snv.pk, units.stc.pk, units.huyen.pk])
    _sign_out(page)

    # 2. The head of Sở Nội vụ finds the task on his list and reports it done.
    sign_in(province.giam_doc)
    page.goto(f"{live_server.url}/chi-dao/nhiem-vu/?tab=mine")
    expect(page.get_by_role("link", name=TASKS["huyen"])).to_have_count(0)  # not his agency's
    page.get_by_role("link", name=TASKS["snv"]).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".item-head .status")).to_have_text("Chưa cập nhật")
    expect(page.locator(".item-info")).to_contain_text("tuandm@binhson.gov.vn")  # the monitor (DIR-9)
    _open_action(page, "Báo cáo kết quả")
    page.get_by_label("Nội dung thực hiện").fill("Sở đã rà soát hồ sơ của 1.250 cán bộ, công chức.")
    page.get_by_label("Số, ký hiệu văn bản báo cáo").fill("312/BC-SNV")
    page.get_by_label("Ngày văn bản báo cáo").fill("2026-12-02")
    page.get_by_label("Đề nghị hoàn thành").check()
    shoot(page, "journey-2-task-report-form")
    _submit(page, page.get_by_role("button", name="Gửi báo cáo"))
    expect(page.get_by_text("Đã gửi báo cáo; đang chờ Văn phòng duyệt.")).to_be_visible()
    expect(page.locator(".item-head .status")).to_have_text("Chờ duyệt báo cáo")
    expect(page.locator("#h-reports + .timeline")).to_contain_text("312/BC-SNV ngày 02/12/2026")
    _sign_out(page)

    # 3. The office opens "Duyệt báo cáo" and rejects the report with a reason.
    sign_in(province.theo_doi)
    page.goto(f"{live_server.url}/chi-dao/")
    page.get_by_role("link", name="Duyệt báo cáo").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Duyệt báo cáo")).to_be_visible()
    queued = page.locator(".queue > li")
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text("Sở Nội vụ")
    expect(queued).to_contain_text("312/BC-SNV")
    shoot(page, "journey-3-review-queue")
    queued.get_by_label("Lý do từ chối").fill("Chưa nêu số hồ sơ còn sai lệch và thời hạn khắc phục.")
    _submit(page, queued.get_by_role("button", name="Từ chối"))
    expect(page.get_by_text("Đã từ chối báo cáo; cơ quan sẽ báo cáo lại.")).to_be_visible()
    expect(page.get_by_text("Không có báo cáo nào chờ duyệt.")).to_be_visible()
    _sign_out(page)

    # 4. The head of Sở Nội vụ sees why, and reports again.
    sign_in(province.giam_doc)
    page.goto(f"{live_server.url}/chi-dao/nhiem-vu/?tab=mine")
    page.get_by_role("link", name=TASKS["snv"]).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".item-head .status")).to_have_text("Bị từ chối")
    expect(page.locator(".msg-error")).to_contain_text("Chưa nêu số hồ sơ còn sai lệch")
    _open_action(page, "Báo cáo kết quả")
    page.get_by_label("Nội dung thực hiện").fill(
        "Đã chuẩn hóa 1.250 hồ sơ; 14 hồ sơ sai lệch được khắc phục xong ngày 01/12/2026."
    )
    page.get_by_label("Số, ký hiệu văn bản báo cáo").fill("315/BC-SNV")
    page.get_by_label("Ngày văn bản báo cáo").fill("2026-12-02")
    page.get_by_label("Đề nghị hoàn thành").check()
    _submit(page, page.get_by_role("button", name="Gửi báo cáo"))
    expect(page.get_by_text("Đã gửi báo cáo; đang chờ Văn phòng duyệt.")).to_be_visible()
    _sign_out(page)

    # 5. The office approves it from the queue: the task is done.
    sign_in(province.theo_doi)
    page.goto(f"{live_server.url}/chi-dao/duyet-bao-cao/")
    queued = page.locator(".queue > li")
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text("315/BC-SNV")
    _submit(page, queued.get_by_role("button", name="Duyệt"))
    expect(page.get_by_text("Đã duyệt báo cáo.")).to_be_visible()
    page.goto(f"{live_server.url}/chi-dao/nhiem-vu/{snv.pk}/")
    expect(page.locator(".item-head .status")).to_have_text("Hoàn thành")
    expect(page.locator(".item-info")).to_contain_text("Hoàn thành ngày")
    shoot(page, "journey-5-task-done")
    _sign_out(page)

    # 6. The chairman of UBND huyện Đức Trọng returns his task: it is not his district's to do.
    sign_in(province.chu_tich_huyen)
    page.goto(f"{live_server.url}/chi-dao/nhiem-vu/?tab=mine")
    page.get_by_role("link", name=TASKS["huyen"]).click()
    page.wait_for_load_state("networkidle")
    _open_action(page, "Trả lại Văn phòng")
    page.locator("#act-return").get_by_label("Lý do").fill(
        "Kho dữ liệu dùng chung của tỉnh không thuộc thẩm quyền của UBND huyện."
    )
    _submit(page, page.locator("#act-return").get_by_role("button", name="Trả lại"))
    expect(page.locator(".item-head .status")).to_have_text("Trả lại Văn phòng")
    _sign_out(page)

    # 7. The office finds it on its home page and gives it to Sở Tài chính.
    sign_in(province.theo_doi)
    page.goto(f"{live_server.url}/")
    returned = page.get_by_role("link", name=TASKS["huyen"])
    expect(returned).to_be_visible()
    returned.click()
    page.wait_for_load_state("networkidle")
    _open_action(page, "Giao lại cho cơ quan khác")
    reassign = page.locator("#act-reassign")
    choice = reassign.get_by_label("Cơ quan chủ trì mới")
    stc_value = choice.locator("option", has_text="Sở Tài chính").get_attribute("value")
    choice.select_option(value=stc_value)
    reassign.get_by_label("Lý do").fill("Giao Sở Tài chính chủ trì theo chức năng quản lý tài sản công.")
    _submit(page, reassign.get_by_role("button", name="Giao lại"))
    expect(page.locator(".item-head .status")).to_have_text("Chưa cập nhật")
    expect(page.locator(".item-info")).to_contain_text("Sở Tài chính")
    history = page.locator("#h-timeline + .timeline")
    expect(history.locator("li").filter(has_text="Trả lại Văn phòng")).to_contain_text(
        "không thuộc thẩm quyền của UBND huyện"
    )
    expect(history.locator("li").filter(has_text="Giao lại")).to_contain_text("quản lý tài sản công")
    shoot(page, "journey-7-task-reassigned")
    huyen.refresh_from_db()
    assert (huyen.status, huyen.lead_unit_id) == (DirectiveTask.Status.NEW, units.stc.pk)
    kinds = list(TaskEvent.objects.filter(task=huyen).order_by("at", "pk").values_list("kind", flat=True))
    assert kinds[-2:] == ["returned", "reassigned"]

    # 8. The quarterly report of Quý IV/2026: one task done on time, two not updated (DIR-5).
    page.goto(f"{live_server.url}/chi-dao/")
    page.get_by_role("link", name="Báo cáo chỉ đạo").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Báo cáo tình hình thực hiện chỉ đạo")).to_be_visible()
    expect(page.get_by_text("Quý IV/2026").first).to_be_visible()

    def figure(label):
        return (
            page.locator("ul.figures li")
            .filter(has=page.locator(".l", has_text=re.compile(f"^{label}$")))
            .locator(".n")
        )

    expect(figure("Tổng số nhiệm vụ")).to_have_text("3")
    expect(figure("Hoàn thành đúng hạn")).to_have_text("1")
    expect(figure("Chưa cập nhật")).to_have_text("2")
    expect(figure("Tỷ lệ hoàn thành đúng hạn")).to_have_text("33,3%")  # Vietnamese decimal comma
    expect(page.get_by_role("row", name=re.compile("Sở Tài chính")).first).to_contain_text("2")
    shoot(page, "journey-8-report")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải XLSX").click()
    xlsx = info.value
    assert xlsx.suggested_filename == "bao-cao-chi-dao-20261001-20261231.xlsx"
    with open(xlsx.path(), "rb") as f:
        rows = [list(r) for r in load_workbook(io.BytesIO(f.read()))["Báo cáo"].iter_rows(values_only=True)]
    header = next(r for r in rows if r[1] == "Cơ quan chủ trì")
    by_agency = {
        r[1]: dict(zip(header[2:], r[2:], strict=True)) for r in rows if r[1] in ("Sở Nội vụ", "Sở Tài chính")
    }
    total = next(dict(zip(header[2:], r[2:], strict=True)) for r in rows if r[1] == "Tổng cộng")
    assert by_agency["Sở Nội vụ"]["Hoàn thành đúng hạn"] == 1
    assert by_agency["Sở Tài chính"]["Chưa cập nhật"] == 2
    assert (total["Tổng số"], total["Hoàn thành đúng hạn"], total["Chưa cập nhật"]) == (3, 1, 2)

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải PDF").click()
    pdf = info.value
    assert pdf.suggested_filename == "bao-cao-chi-dao-20261001-20261231.pdf"
    with open(pdf.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"

    assert list(TaskReport.objects.filter(task=snv).order_by("pk").values_list("status", flat=True)) == [
        "rejected",
        "approved",
    ]
