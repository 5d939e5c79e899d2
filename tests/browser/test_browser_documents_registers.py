"""The clerk's registers in a real browser (DOC-9, R-REG-1): the menu's "Sổ văn bản", the incoming
register of the year with its Phụ lục IV columns, its follow-up register and its download, the
statistics, and a figure's link to the rows
it counts; screenshots on a phone and a desktop."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from congvu.documents.models import IncomingDocument
from tests.documents.cast import build_documents_cast, incoming


@pytest.mark.django_db(transaction=True)
def test_the_clerk_reads_the_register_and_its_statistics(page, live_server, province, sign_in, shoot):
    cast = build_documents_cast(province)
    S = IncomingDocument.Status
    incoming(cast, arrival_date=dt.date(2026, 11, 3), subject="Về việc báo cáo biên chế năm 2026")
    late = incoming(
        cast,
        status=S.IN_PROGRESS,
        lead_user=cast.chuyen_vien,
        arrival_date=dt.date(2026, 11, 10),
        urgency="flash",
        subject="Về việc thi tuyển công chức tỉnh Bình Sơn",
    )
    IncomingDocument.objects.filter(pk=late.pk).update(due_date=dt.date(2026, 11, 25))

    sign_in(cast.van_thu)
    page.get_by_role("link", name="Sổ văn bản", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Sổ văn bản đến")).to_be_visible()
    shoot(page, "documents-registers")

    page.get_by_role("link", name="Sổ văn bản đến").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("columnheader", name="Tên loại và trích yếu nội dung")).to_be_visible()
    expect(page.get_by_text("Về việc thi tuyển công chức tỉnh Bình Sơn")).to_be_visible()
    shoot(page, "documents-register-incoming")

    # the same documents followed to their end: the follow-up register (sổ theo dõi giải quyết)
    page.get_by_role("link", name="Sổ theo dõi giải quyết").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("columnheader", name="Tiến độ giải quyết")).to_be_visible()
    expect(page.get_by_role("cell", name="Đang giải quyết (quá hạn)")).to_be_visible()
    expect(page.get_by_role("cell", name="Chờ phân phối")).to_be_visible()
    shoot(page, "documents-register-follow-up")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel").click()
    assert (
        download.value.suggested_filename
        == f"so-theo-doi-giai-quyet-van-ban-den-{cast.registers.tinh_in.pk}-2026.xlsx"
    )

    page.goto(f"{live_server.url}/van-ban/thong-ke/")
    expect(page.get_by_role("heading", name="Theo người xử lý chính")).to_be_visible()
    shoot(page, "documents-statistics")
    page.locator('a[data-figure="overdue"]').click()
    page.wait_for_load_state("networkidle")
    assert "tinh_trang=overdue" in page.url
    expect(page.get_by_text("Về việc thi tuyển công chức tỉnh Bình Sơn")).to_be_visible()
    assert page.get_by_text("Về việc báo cáo biên chế năm 2026").count() == 0
