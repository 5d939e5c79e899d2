"""Statistics of a register (DOC-9; seed 002 Đ14.1): counts by period, type, field and unit; the
processing status of incoming documents against their deadlines (on time, late, overdue, in time)
per unit and per person — the expected figures counted by hand below, on the suite's frozen day
(2 December 2026), over the documents of ``conftest.documents`` (their table is there) — and every
figure links to the register screen listing exactly what it counts."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from congvu.documents.models import IncomingDocument
from congvu.documents.registers import selectors
from tests.documents.registers.test_register_screen import issued

S = IncomingDocument.Status
SUBJECTS = ("Văn bản A", "Văn bản B", "Văn bản C", "Văn bản D", "Văn bản E", "Văn bản năm trước")


def _by_label(figures):
    return {f.label: (f.total, f.on_time, f.late, f.overdue, f.in_time) for f in figures}


def test_incoming_figures_counted_by_hand(cast, documents):
    stats = selectors.statistics(cast.registers.tinh_in, 2026)
    assert stats.total == 5
    p = stats.processing
    assert (p.on_time, p.late, p.overdue, p.in_time) == (1, 1, 1, 2)
    months = {f.label: f.total for f in stats.by_month}
    assert months == {**{f"Tháng {m}": 0 for m in range(1, 13)}, "Tháng 3": 2, "Tháng 11": 2, "Tháng 12": 1}
    assert {f.label: f.total for f in stats.by_type} == {"Công văn": 3, "Kế hoạch": 1, "Quyết định": 1}
    assert {f.label: f.total for f in stats.by_field} == {
        "Tổ chức bộ máy (thử)": 1,
        "Chưa xác định lĩnh vực": 4,
    }
    assert _by_label(stats.by_unit) == {
        "Sở Nội vụ": (2, 1, 0, 0, 1),
        "Phòng Tổ chức biên chế": (2, 0, 1, 1, 0),
        "Chưa phân công": (1, 0, 0, 0, 1),
    }
    assert _by_label(stats.by_person) == {"Nguyễn Văn Minh": (2, 0, 1, 1, 0)}


def test_a_period_narrows_every_figure(cast, documents):
    stats = selectors.statistics(cast.registers.tinh_in, 2026, selectors.RowFilter(month=3))
    assert stats.total == 2
    assert (stats.processing.on_time, stats.processing.late) == (1, 1)
    stats = selectors.statistics(
        cast.registers.tinh_in,
        2026,
        selectors.RowFilter(date_from=dt.date(2026, 11, 15), date_to=dt.date(2026, 12, 31)),
    )
    assert stats.total == 2 and _by_label(stats.by_unit) == {
        "Sở Nội vụ": (1, 0, 0, 0, 1),
        "Chưa phân công": (1, 0, 0, 0, 1),
    }


def test_a_day_later_in_time_becomes_overdue(cast, documents, clock):
    clock.move_to(dt.datetime(2026, 12, 16, 9, 0, tzinfo=timezone.get_current_timezone()))
    stats = selectors.statistics(cast.registers.tinh_in, 2026)
    assert (stats.processing.overdue, stats.processing.in_time) == (2, 1)  # D's deadline passed


def test_outgoing_figures_by_month_type_and_drafting_unit(cast):
    issued(cast, day=dt.date(2026, 2, 3))
    issued(cast, day=dt.date(2026, 2, 17))
    issued(cast, day=dt.date(2026, 9, 9))
    stats = selectors.statistics(cast.registers.tinh_out, 2026)
    assert stats.total == 3 and stats.processing is None and stats.by_person == []
    assert [f.total for f in stats.by_month] == [0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]
    assert _by_label(stats.by_unit) == {"Phòng Tổ chức biên chế": (3, 0, 0, 0, 0)}
    assert {f.label: f.total for f in stats.by_type} == {"Kế hoạch": 3}


def _listed(client, url) -> set[str]:
    body = client.get(url.replace("&amp;", "&")).content.decode()
    return {s for s in SUBJECTS if f"– {s}<" in body}


def test_every_figure_links_to_the_rows_it_counts(cast, documents, signed_in):
    client = signed_in(cast.van_thu)
    page = client.get("/van-ban/thong-ke/", {"so": cast.registers.tinh_in.pk, "nam": 2026})
    assert page.status_code == 200
    body = page.content.decode()
    links = re.findall(r'<a href="(/van-ban/so/\d+/\?[^"]+)"[^>]*>(\d+)</a>', body)
    assert len(links) > 30
    for url, figure in links:
        assert len(_listed(client, url)) == int(figure), url
    # and some by name
    base = f"/van-ban/so/{cast.registers.tinh_in.pk}/?nam=2026"
    assert _listed(client, f"{base}&tinh_trang=overdue") == {"Văn bản C"}
    assert _listed(client, f"{base}&don_vi={cast.units.snv.pk}&tinh_trang=in_time") == {"Văn bản D"}
    assert _listed(client, f"{base}&nguoi={cast.chuyen_vien.pk}&tinh_trang=late") == {"Văn bản B"}
    assert _listed(client, f"{base}&don_vi=0") == {"Văn bản E"}
    page = client.get(f"{base}&don_vi={cast.units.tcbc.pk}&nguoi={cast.chuyen_vien.pk}").content.decode()
    assert "Đang lọc theo đơn vị: Phòng Tổ chức biên chế; người xử lý chính: Nguyễn Văn Minh." in page
    assert _listed(client, f"{base}&linh_vuc={documents['field'].pk}") == {"Văn bản A"}


def test_statistics_are_for_the_agencys_clerks_and_leaders(cast, signed_in):
    assert signed_in(cast.chu_tich).get("/van-ban/thong-ke/").status_code == 200
    assert signed_in(cast.chuyen_vien).get("/van-ban/thong-ke/").status_code == 403
    client = signed_in(cast.snv_clerk)
    assert client.get("/van-ban/thong-ke/", {"so": cast.registers.tinh_in.pk}).status_code == 404


def test_statistics_page_loads_in_constant_queries(cast, documents, signed_in, django_assert_max_num_queries):
    client = signed_in(cast.van_thu)
    url = f"/van-ban/thong-ke/?so={cast.registers.tinh_in.pk}&nam=2026"
    client.get(url)
    # the constant part (6), the registers, the filter's types and fields, the figures: total,
    # months, types (+ names), fields (+ names), units (+ names), people (+ names)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
