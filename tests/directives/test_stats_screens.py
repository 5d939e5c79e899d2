"""DIR-6 screens, exports and API: who sees the report, its links, the frozen and live figures, the
files read back, closing a period, the leader's dashboard (the hand-counted quarter of stats_dataset)."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from congvu.directives.models import PeriodSnapshot
from tests.conftest import build_province, built_once
from tests.directives import stats_dataset

Q3 = {"ky": "2026-Q3"}
API = "/api/v1/directives"


def build_scene():
    province = build_province()
    return province, stats_dataset.build(province)


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_scene) as built:
        yield built


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]


# --- who sees the report -----------------------------------------------------------------------------


def test_the_office_and_the_leaders_of_the_agency_see_the_report(scene, db, signed_in):
    province, _data = scene
    for someone in (province.theo_doi, province.chanh_vp, province.chu_tich, province.pho_chu_tich):
        response = signed_in(someone).get(reverse("directives:report"), Q3)
        assert response.status_code == 200, someone
        assert "Quý III/2026" in response.content.decode()


def test_an_agency_head_who_does_not_lead_the_issuing_agency_gets_403(scene, db, signed_in):
    province, _data = scene
    client = signed_in(province.giam_doc)
    assert (
        client.get(reverse("directives:report"), {**Q3, "co_quan": province.units.tinh.pk}).status_code == 403
    )
    assert (
        client.get(reverse("directives:report_xlsx"), {**Q3, "co_quan": province.units.tinh.pk}).status_code
        == 403
    )
    assert client.get(f"{API}/statistics", {"agency_id": province.units.tinh.pk}).status_code == 403
    # An officer with no agency to read: 403 too.
    assert signed_in(province.chuyen_vien).get(reverse("directives:report")).status_code == 403


# --- the page ------------------------------------------------------------------------------------------


def test_every_figure_links_to_its_tasks_list(scene, db, signed_in):
    province, _data = scene
    response = signed_in(province.theo_doi).get(reverse("directives:report"), {**Q3, "xem": "hien_tai"})
    html = response.content.decode()
    links = [h for h in hrefs(html) if h.startswith(reverse("directives:tasks") + "?")]
    base = reverse("directives:tasks")
    snv, stc = province.units.snv.pk, province.units.stc.pk
    period = "start=2026-07-01&end=2026-09-30"
    assert f"{base}?agency={snv}&{period}&category=done_on_time" in links
    assert f"{base}?agency={stc}&{period}&category=not_updated" in links
    assert f"{base}?signer={province.pho_chu_tich.pk}&{period}&category=done_late" in links
    assert f"{base}?{period}&category=total" in links
    # Three agencies, two leaders, totals in both tables and the headline: 6 figures each.
    assert len(links) == (3 + 1 + 2 + 1) * 6 + 6
    assert "<svg" in html and '<title id="dir-chart-title">' in html and '<desc id="dir-chart-desc">' in html
    assert 'style="' not in html.split("<main", 1)[1]  # no inline style attributes
    assert "<script>" not in html


def test_a_closed_period_shows_the_frozen_figures_and_the_live_ones_on_request(scene, db, signed_in):
    province, data = scene
    client = signed_in(province.theo_doi)
    frozen = client.get(reverse("directives:report"), Q3)
    html = frozen.content.decode()
    assert frozen.context["view"] == "frozen"
    assert frozen.context["stats"].totals.in_progress == 2
    assert "Kỳ này đã được chốt số liệu lúc 30/09/2026 17:00, người chốt: Đỗ Minh Tuấn." in html
    assert "Số liệu đã chốt" in html and "Số liệu hiện tại" in html
    assert "Tổng số nhiệm vụ: 8 khi chốt, 8 hiện nay" in html
    live = client.get(reverse("directives:report"), {**Q3, "xem": "hien_tai"})
    assert live.context["view"] == "live"
    assert live.context["stats"].totals.in_progress == 1
    assert live.context["stats"].totals.done_late == 2
    assert "Chốt số liệu Quý III/2026" not in html  # already closed: nothing to close
    assert f'id="chot-{data.snapshot.pk}"' in html  # the list of closed periods


def test_a_bad_period_answers_400_with_the_reason(scene, db, signed_in):
    province, _data = scene
    client = signed_in(province.theo_doi)
    response = client.get(reverse("directives:report"), {"ky": "2026-Q7"})
    assert response.status_code == 400
    assert "Kỳ báo cáo không hợp lệ" in response.content.decode()
    response = client.get(reverse("directives:report"), {"tu": "2026-09-30", "den": "2026-07-01"})
    assert response.status_code == 400
    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in response.content.decode()
    assert client.get(reverse("directives:report_xlsx"), {"ky": "abc"}).status_code == 400


def test_the_report_page_reads_a_fixed_number_of_queries(scene, db, signed_in, django_assert_max_num_queries):
    province, _data = scene
    client = signed_in(province.theo_doi)
    client.get(reverse("directives:report"), Q3)  # warm the caches of the session
    with django_assert_max_num_queries(22):
        response = client.get(reverse("directives:report"), Q3)
    assert response.status_code == 200


def test_the_office_closes_a_period_from_the_page(scene, db, signed_in):
    province, _data = scene
    client = signed_in(province.theo_doi)
    page = client.get(reverse("directives:report"), {"ky": "2026-08"})
    assert "Chốt số liệu Tháng 8/2026" in page.content.decode()
    response = client.post(
        reverse("directives:period_close"), {"ky": "2026-08", "co_quan": province.units.tinh.pk}
    )
    assert response.status_code == 302
    snapshot = PeriodSnapshot.objects.get(start="2026-08-01", end="2026-08-31")
    assert snapshot.kind == "month" and snapshot.closed_by == province.theo_doi
    again = client.post(
        reverse("directives:period_close"), {"ky": "2026-08", "co_quan": province.units.tinh.pk}, follow=True
    )
    assert "đã được chốt số liệu trước đó" in again.content.decode()
    not_ended = client.post(reverse("directives:period_close"), {"ky": "2026-Q4"}, follow=True)
    assert "Kỳ báo cáo chưa kết thúc" in not_ended.content.decode()
    assert PeriodSnapshot.objects.count() == 2


def test_a_leader_reads_but_does_not_close(scene, db, signed_in):
    province, _data = scene
    client = signed_in(province.chu_tich)
    assert "Chốt số liệu" not in client.get(reverse("directives:report"), {"ky": "2026-08"}).content.decode()
    client.post(reverse("directives:period_close"), {"ky": "2026-08"})
    assert not PeriodSnapshot.objects.filter(start="2026-08-01").exists()


# --- the files -------------------------------------------------------------------------------------------


def test_the_xlsx_of_a_closed_period_holds_the_frozen_figures_and_a_native_chart(scene, db, signed_in):
    province, _data = scene
    response = signed_in(province.theo_doi).get(reverse("directives:report_xlsx"), Q3)
    assert response.status_code == 200
    assert 'filename="bao-cao-chi-dao-20260701-20260930.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in book["Báo cáo"].iter_rows(values_only=True)]
    assert rows[0][0] == "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CHỈ ĐẠO (SỐ LIỆU ĐÃ CHỐT)"
    assert rows[1][0] == "Kỳ báo cáo: Quý III/2026 (từ 01/07/2026 đến 30/09/2026)"
    assert rows[2][0] == "Cơ quan ban hành: UBND tỉnh Bình Sơn"
    assert rows[3][0].startswith("Số liệu đã chốt ngày 30/09/2026 lúc 17:00, người chốt: Đỗ Minh Tuấn")
    assert rows[6] == [
        "STT",
        "Cơ quan chủ trì",
        "Hoàn thành đúng hạn",
        "Hoàn thành trễ hạn",
        "Đang thực hiện, còn hạn",
        "Quá hạn",
        "Chưa cập nhật",
        "Tổng số",
        "Tỷ lệ đúng hạn (%)",
    ]
    by_agency = {r[1]: r[2:9] for r in rows[7:11]}
    assert by_agency == {
        "Sở Nội vụ": [1, 0, 1, 1, 1, 4, 25.0],
        "Sở Tài chính": [0, 1, 0, 0, 1, 2, 0.0],
        "UBND huyện Đức Trọng": [0, 0, 1, 0, 1, 2, 0.0],
        "Tổng cộng": [1, 1, 2, 1, 3, 8, 12.5],
    }
    leaders = {r[1]: r[2:9] for r in rows[12:] if r[1] in {"Trần Quốc Hùng", "Lê Thị Mai"}}
    assert leaders == {"Trần Quốc Hùng": [1, 1, 1, 1, 2, 6, 16.7], "Lê Thị Mai": [0, 0, 1, 0, 1, 2, 0.0]}
    import zipfile

    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    assert xml.count("<c:ser>") == 5 and "<c:barChart>" in xml and 'val="stacked"' in xml


def test_the_xlsx_of_the_live_figures_says_so(scene, db, signed_in):
    province, _data = scene
    response = signed_in(province.chu_tich).get(reverse("directives:report_xlsx"), {"ky": "2026-10"})
    rows = [
        list(r) for r in load_workbook(io.BytesIO(response.content))["Báo cáo"].iter_rows(values_only=True)
    ]
    assert rows[0][0] == "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CHỈ ĐẠO"
    assert rows[3][0] == "Số liệu hiện tại, tính đến ngày 02/12/2026"
    assert rows[7][1:8] == ["Sở Nội vụ", 0, 0, 0, 0, 1, 1]


def test_the_pdf_prints_the_figures_in_vietnamese(scene, db, signed_in):
    province, _data = scene
    response = signed_in(province.theo_doi).get(reverse("directives:report_pdf"), Q3)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CHỈ ĐẠO (SỐ LIỆU ĐÃ CHỐT)" in text
    assert "Quý III/2026" in text
    assert "UBND huyện Đức Trọng" in text and "Trần Quốc Hùng" in text
    assert "Theo người chỉ đạo" in text


# --- the dashboard -------------------------------------------------------------------------------------


def test_the_leaders_dashboard_puts_overdue_tasks_first(scene, db, signed_in):
    province, data = scene
    response = signed_in(province.chu_tich).get(reverse("directives:dashboard"))
    assert response.status_code == 200
    board = response.context["board"]
    # Open tasks the chairman signed: D1 (31/07), A4 and A5 (31/08), E.1 (15/09), C1 (30/10), all
    # overdue, then A3 (31/12). Overdue first, each by deadline.
    assert [t.pk for t in board.tasks] == [
        data.d1.pk,
        data.a4.pk,
        data.a5.pk,
        data.item.pk,
        data.c1.pk,
        data.a3.pk,
    ]
    assert [t.group for t in board.tasks] == ["overdue"] * 5 + ["later"]
    assert board.overdue == 5 and board.due_soon == 0
    # The year's counts: A1, A2, A3, A4, A5, E.1, C1, D1 (issued 2026, signed by the chairman).
    c = board.counts
    assert [c.done_on_time, c.done_late, c.in_progress, c.overdue, c.not_updated, c.total] == [
        1,
        1,
        1,
        1,
        4,
        8,
    ]


def test_the_dashboard_reads_a_fixed_number_of_queries(scene, db, signed_in, django_assert_max_num_queries):
    province, _data = scene
    client = signed_in(province.chu_tich)
    client.get(reverse("directives:dashboard"))
    with django_assert_max_num_queries(18):
        client.get(reverse("directives:dashboard"))


# --- the API ----------------------------------------------------------------------------------------------


def test_the_api_answers_the_frozen_figures_of_a_closed_period(scene, db, signed_in):
    province, _data = scene
    client = signed_in(province.theo_doi)
    body = client.get(f"{API}/statistics", {"period": "2026-Q3"}).json()
    assert body["frozen"] is True and body["period"] == "Quý III/2026"
    assert body["totals"]["in_progress"] == 2 and body["totals"]["total"] == 8
    live = client.get(f"{API}/statistics", {"start": "2026-07-01", "end": "2026-07-31"}).json()
    assert live["frozen"] is False and live["totals"]["total"] == 5  # A1..A5 issued 01/07; A6 cancelled
    bad = client.get(f"{API}/statistics", {"period": "2026-Q9"})
    assert bad.status_code == 400 and bad.json()["field"] == "period"


def test_the_api_lists_and_closes_periods(scene, db, signed_in):
    province, data = scene
    client = signed_in(province.theo_doi)
    listed = client.get(f"{API}/periods").json()
    assert [p["id"] for p in listed] == [data.snapshot.pk]
    created = client.post(
        f"{API}/periods",
        {"agency_id": province.units.tinh.pk, "period": "2026-09"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["kind"] == "month"
    again = client.post(
        f"{API}/periods",
        {"agency_id": province.units.tinh.pk, "period": "2026-09"},
        content_type="application/json",
    )
    assert again.status_code == 409
    leader = signed_in(province.chu_tich).post(
        f"{API}/periods",
        {"agency_id": province.units.tinh.pk, "period": "2026-07"},
        content_type="application/json",
    )
    assert leader.status_code == 403


def test_due_soon_comes_between_overdue_and_the_rest(scene, db, signed_in):
    import datetime as dt

    from tests.directives.cast import enter, task_input

    province, data = scene
    soon = enter(
        province,
        number="150/UBND-VP",
        tasks=[
            task_input(province, province.units.stc, deadline=dt.date(2026, 12, 7), content="Sắp đến hạn"),
        ],
    ).tasks.get()
    board = signed_in(province.chu_tich).get(reverse("directives:dashboard")).context["board"]
    assert [t.group for t in board.tasks] == ["overdue"] * 5 + ["due_soon", "later"]
    assert board.tasks[5].pk == soon.pk and board.due_soon == 1
