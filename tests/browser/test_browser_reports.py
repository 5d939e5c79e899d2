"""The evaluation report and the work plan in a real browser (TASK-5, TASK-6): the Director of Sở Nội
vụ opens this year's report, clicks a figure and lands on the list behind it, then opens the
department's plan and turns its last item into work."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congvu.accounts.models import User
from congvu.assignments.models import Assignment
from congvu.assignments.plans import services as plan_services
from tests.assignments import report_dataset
from tests.conftest import travel_to


def _more_work(province, year):
    """A few items still running, so that every colour of the chart shows."""
    p, u = province, province.units
    for i, (lead, deadline) in enumerate(
        [(p.chuyen_vien, (12, 15)), (p.chuyen_vien_2, (12, 22)), (p.chuyen_vien, (12, 29))], start=1
    ):
        Assignment.objects.create(
            title=f"Việc còn hạn {i}",
            assigner=p.truong_phong,
            approver=p.truong_phong,
            lead_user=lead,
            unit=u.tcbc,
            unit_path=u.tcbc.path,
            start_date=dt.date(year, 11, 1),
            deadline=dt.date(year, *deadline),
        )


def _plan(province, year):
    director = User.objects.get(pk=province.giam_doc.pk)
    u = province.units
    plan = plan_services.plan_create(actor=director, unit=u.snv, year=year)
    rows = [
        ("Tổng kết công tác năm trước, triển khai nhiệm vụ năm", u.ccvc, 1, "", dt.date(year, 1, 5), True),
        (
            "Rà soát, điều chỉnh vị trí việc làm các cơ quan hành chính",
            u.tcbc,
            2,
            "Theo Nghị định 62/2020/NĐ-CP",
            dt.date(year, 4, 2),
            True,
        ),
        ("Thẩm định đề án thành lập đơn vị sự nghiệp", u.tcbc, 3, "", dt.date(year, 7, 1), False),
        ("Đánh giá, xếp loại công chức, viên chức năm", u.ccvc, 4, "Hoàn thành trước 20/12", None, False),
        ("Tổng hợp kết quả tuyển dụng công chức", u.tcbc, 4, "", None, False),
    ]
    for title, owner, quarter, note, made_on, done in rows:
        item = plan_services.plan_item_add(
            actor=director, plan=plan, title=title, owner_unit=owner, quarter=quarter, note=note
        )
        if made_on:
            with travel_to(made_on):
                work = plan_services.plan_item_create_work(actor=director, item=item)
            if done:
                Assignment.objects.filter(pk=work.pk).update(
                    status=Assignment.Status.DONE,
                    completed_on=work.deadline - dt.timedelta(days=3),
                    rating=5,
                    progress=100,
                )
    return plan


@pytest.mark.django_db(transaction=True)
def test_a_leader_reads_the_years_evaluation_and_the_work_plan(page, live_server, province, sign_in, shoot):
    year = timezone.localdate().year
    report_dataset.build(province, year)
    _more_work(province, year)
    plan = _plan(province, year)

    sign_in(province.giam_doc)
    page.goto(f"{live_server.url}/cong-viec/bao-cao/")
    expect(page.get_by_role("heading", name="Đánh giá kết quả thực hiện nhiệm vụ")).to_be_visible()
    expect(page.get_by_text(f"Năm {year}", exact=True)).to_be_visible()
    assert page.locator("svg[role=img] title").first.text_content().startswith("Biểu đồ kết quả")
    tcbc = page.get_by_role("row", name="Phòng Tổ chức biên chế")
    overdue = tcbc.locator("td[data-label='Quá hạn'] a")
    shown = int(overdue.inner_text())
    assert shown > 0
    shoot(page, "assignment-report")

    overdue.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Quá hạn")).to_be_visible()
    assert page.locator("main tbody tr").count() == shown
    assert page.locator("main tbody .status-bad").count() == shown
    shoot(page, "assignment-report-items")

    page.goto(f"{live_server.url}/cong-viec/ke-hoach/")
    page.get_by_role("link", name=plan.title).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Quý IV")).to_be_visible()
    page.get_by_role("button", name="Tạo công việc: Đánh giá, xếp loại công chức, viên chức năm").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã giao")).to_be_visible()
    work = Assignment.objects.get(plan_item__quarter=4, plan_item__plan=plan)
    assert (work.lead_unit, work.assigner_id) == (province.units.ccvc, province.giam_doc.pk)
    page.evaluate("window.scrollTo(0, 0)")  # the redirect lands on #quy-4; shoot from the top
    shoot(page, "work-plan")

    # The usage report, from the evaluation page: the Director's own sign-in is there.
    page.goto(f"{live_server.url}/cong-viec/bao-cao/")
    page.get_by_role("link", name="Tình hình sử dụng").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Tình hình sử dụng phần mềm")).to_be_visible()
    direct = page.get_by_role("row", name="Sở Nội vụ trực tiếp")
    assert direct.locator("td[data-label='Lượt đăng nhập']").inner_text() == "1"
    shoot(page, "usage-report")
