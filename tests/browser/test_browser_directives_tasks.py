"""A directive task in a real browser (issue #10; seed 001 Đ8.2, Đ8.3): the head of Sở Nội vụ
reports on his agency's task with the report document's file; the office (the directive monitor)
rejects it with a reason; the head reports again; the office approves it from "Duyệt báo cáo"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from congvu.directives.models import DirectiveTask, TaskReport
from tests.directives.cast import build_directive_cast


def _sign_out(page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def _open_action(page, name):
    summary = page.locator("details.action > summary", has_text=name)
    if summary.locator("xpath=..").get_attribute("open") is None:  # the first action is open already
        summary.click()


@pytest.mark.django_db(transaction=True)
def test_report_reject_report_again_approve(page, live_server, province, sign_in, shoot, tmp_path):
    cast = build_directive_cast(province)
    task = cast.tasks.snv
    page.set_viewport_size({"width": 1366, "height": 900})
    document = tmp_path / "bao-cao-45.txt"
    document.write_text("Báo cáo số 45/BC-SNV", encoding="utf-8")

    # The head of Sở Nội vụ finds the task on his list and reports, with the document's file.
    sign_in(cast.giam_doc)
    page.goto(f"{live_server.url}/chi-dao/nhiem-vu/?tab=mine")
    link = page.get_by_role("link", name=task.content)
    expect(link).to_be_visible()
    shoot(page, "directive-tasks-list")
    link.click()
    expect(page.locator(".item-info")).to_contain_text("Đỗ Minh Tuấn")
    _open_action(page, "Báo cáo kết quả")
    expect(page.locator("#act-report")).to_contain_text("trong vòng 2 ngày làm việc")
    page.get_by_label("Nội dung thực hiện").fill(
        "Sở đã ban hành Kế hoạch 45/KH-SNV triển khai nội dung chỉ đạo."
    )
    page.get_by_label("Số, ký hiệu văn bản báo cáo").fill("45/BC-SNV")
    page.get_by_label("Ngày văn bản báo cáo").fill("2026-12-02")
    page.get_by_label("Tệp văn bản báo cáo").set_input_files(str(document))
    page.get_by_label("Đề nghị hoàn thành").check()
    shoot(page, "directive-task-report")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi báo cáo; đang chờ Văn phòng duyệt.")).to_be_visible()
    expect(page.locator(".item-head .status")).to_have_text("Chờ duyệt báo cáo")
    expect(page.get_by_role("link", name="bao-cao-45.txt")).to_be_visible()
    _sign_out(page)

    # The office rejects it with a reason, on the task page.
    sign_in(cast.theo_doi)
    page.goto(f"{live_server.url}/chi-dao/duyet-bao-cao/")
    expect(page.locator(".queue")).to_contain_text("Sở Nội vụ")
    page.get_by_role("link", name=f"125/UBND-VP: {task.content}").click()
    _open_action(page, "Từ chối báo cáo")
    page.locator("#act-reject").get_by_role("button", name="Từ chối").click()  # no reason: refused
    page.wait_for_load_state("networkidle")
    expect(page.locator("#act-reject .error")).to_contain_text("Vui lòng nhập lý do từ chối.")
    page.locator("#act-reject").get_by_label("Lý do").fill("Chưa nêu kết quả của các huyện.")
    page.locator("#act-reject").get_by_role("button", name="Từ chối").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã từ chối báo cáo; cơ quan sẽ báo cáo lại.")).to_be_visible()
    expect(page.locator(".item-head .status")).to_have_text("Bị từ chối")
    _sign_out(page)

    # The head sees why and reports again.
    sign_in(cast.giam_doc)
    page.goto(f"{live_server.url}/chi-dao/nhiem-vu/{task.pk}/")
    expect(page.locator(".msg-error")).to_contain_text("Chưa nêu kết quả của các huyện.")
    shoot(page, "directive-task-rejected")
    _open_action(page, "Báo cáo kết quả")
    page.get_by_label("Nội dung thực hiện").fill("Đã bổ sung kết quả triển khai tại các huyện.")
    page.get_by_label("Đề nghị hoàn thành").check()
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi báo cáo; đang chờ Văn phòng duyệt.")).to_be_visible()
    _sign_out(page)

    # The office approves it from the queue.
    sign_in(cast.theo_doi)
    page.goto(f"{live_server.url}/chi-dao/duyet-bao-cao/")
    expect(page.locator(".queue")).to_contain_text("Đã bổ sung kết quả triển khai tại các huyện.")
    shoot(page, "directive-review-queue")
    page.locator(".queue").get_by_role("button", name="Duyệt").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã duyệt báo cáo.")).to_be_visible()
    expect(page.get_by_text("Không có báo cáo nào chờ duyệt.")).to_be_visible()
    page.goto(f"{live_server.url}/chi-dao/nhiem-vu/{task.pk}/")
    expect(page.locator(".item-head .status")).to_have_text("Hoàn thành")
    shoot(page, "directive-task-done")
    task.refresh_from_db()
    assert (task.status, task.rejected_count) == (DirectiveTask.Status.DONE, 1)
    assert list(TaskReport.objects.filter(task=task).values_list("status", flat=True)) == [
        "rejected",
        "approved",
    ]
