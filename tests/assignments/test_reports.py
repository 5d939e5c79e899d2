"""The evaluation statistics (TASK-5; seed 000 Đ4.3, Đ10.1.e, Đ11.3) against a dataset counted by
hand (tests/assignments/report_dataset.py), their scope, their drill-down lists and their API."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from congvu.accounts.models import User
from congvu.assignments import policies
from congvu.assignments.reports import selectors as reports
from congvu.core.decisions import Refused
from tests.assignments import report_dataset

YEAR = 2025
MID_YEAR = dt.date(YEAR, 7, 1)  # "today" inside the period
AFTER = dt.date(YEAR + 1, 3, 1)  # "today" once the period is over
PERIOD = reports.period_for("year", year=YEAR)

FIELDS = ("assigned", "on_time", "late", "overdue", "in_progress", "returned", "avg_rating")


def fresh(user):
    return User.objects.get(pk=user.pk)


def figures(row):
    return tuple(getattr(row, f) for f in FIELDS)


@pytest.fixture
def data(province):
    return report_dataset.build(province, YEAR)


def by_label(report):
    return {r.label + (f" ({r.note})" if r.note else ""): figures(r) for r in report.rows}


# --- the figures ---------------------------------------------------------------------------------


def test_figures_per_person_match_the_hand_count_in_the_middle_of_the_year(province, data):
    scope = reports.report_scope(fresh(province.giam_doc))
    report = reports.evaluation_report(scope, PERIOD, group="person", today=MID_YEAR)
    #                                               assigned on_time late overdue in_progress returned avg
    assert by_label(report) == {
        "Nguyễn Văn Minh": (
            6,
            2,
            1,
            2,
            1,
            2,
            4.0,
        ),  # 1,2 on time; 3 late; 4,6 overdue; 5 open; 2,6 returned; (5+4+3)/3
        "Trần Thị Thu Hà": (4, 1, 1, 0, 2, 1, 3.5),  # 12 on time; 8 late; 9,10 open; 8 returned; (2+5)/2
        "Phòng Công chức viên chức (đơn vị chủ trì)": (3, 1, 1, 1, 0, 1, 3.5),  # 15; 13; 14; 15; (4+3)/2
    }
    assert figures(report.total) == (13, 4, 3, 3, 3, 4, 3.71)  # 26 / 7 = 3.714…
    assert [r.label for r in report.rows] == [
        "Trần Thị Thu Hà",
        "Nguyễn Văn Minh",
        "Phòng Công chức viên chức",
    ]


def test_once_the_period_is_over_every_open_item_is_overdue(province, data):
    scope = reports.report_scope(fresh(province.giam_doc))
    report = reports.evaluation_report(scope, PERIOD, group="person", today=AFTER)
    assert by_label(report) == {
        "Nguyễn Văn Minh": (6, 2, 1, 3, 0, 2, 4.0),
        "Trần Thị Thu Hà": (4, 1, 1, 2, 0, 1, 3.5),
        "Phòng Công chức viên chức (đơn vị chủ trì)": (3, 1, 1, 1, 0, 1, 3.5),
    }
    assert figures(report.total) == (13, 4, 3, 6, 0, 4, 3.71)


def test_unit_rows_roll_up_the_subtree_one_level_below_the_leaders_unit(province, data):
    scope = reports.report_scope(fresh(province.giam_doc))
    report = reports.evaluation_report(scope, PERIOD, today=MID_YEAR)
    assert report.group == "unit"
    assert by_label(report) == {
        "Phòng Tổ chức biên chế": (10, 3, 2, 2, 3, 3, 3.8),  # items 1–6, 8–10, 12; (5+4+3+2+5)/5
        "Phòng Công chức viên chức": (3, 1, 1, 1, 0, 1, 3.5),
    }
    assert figures(report.total) == (13, 4, 3, 3, 3, 4, 3.71)


def test_the_province_chairman_sees_each_department_as_one_row(province, data):
    scope = reports.report_scope(fresh(province.chu_tich))
    report = reports.evaluation_report(scope, PERIOD, today=MID_YEAR)
    assert by_label(report) == {
        "Sở Nội vụ": (13, 4, 3, 3, 3, 4, 3.71),
        "Sở Tài chính": (1, 1, 0, 0, 0, 0, 1.0),
    }
    snv = reports.narrow(scope, province.units.snv)
    assert by_label(reports.evaluation_report(snv, PERIOD, today=MID_YEAR)) == {
        "Phòng Tổ chức biên chế": (10, 3, 2, 2, 3, 3, 3.8),
        "Phòng Công chức viên chức": (3, 1, 1, 1, 0, 1, 3.5),
    }


def test_work_held_by_the_chosen_unit_itself_is_a_row_of_its_own(province, data):
    """A division's work sits at the division's own path: one "(trực tiếp)" row, not lost."""
    scope = reports.narrow(reports.report_scope(fresh(province.giam_doc)), province.units.tcbc)
    report = reports.evaluation_report(scope, PERIOD, group="unit", today=MID_YEAR)
    assert by_label(report) == {"Phòng Tổ chức biên chế (trực tiếp)": (10, 3, 2, 2, 3, 3, 3.8)}
    assert report.rows[0].exact


def test_the_statistics_are_one_grouped_query(province, data, django_assert_num_queries):
    scope = reports.report_scope(fresh(province.chu_tich))
    for group in ("unit", "person"):
        with django_assert_num_queries(1):
            rows = reports.evaluation_statistics(scope, PERIOD, group=group, today=MID_YEAR)
        assert sum(r.assigned for r in rows) == 14


def test_the_screen_shows_the_busiest_people_and_still_counts_everyone(
    province, data, signed_in, monkeypatch
):
    monkeypatch.setattr(reports, "SCREEN_ROW_LIMIT", 2)
    response = signed_in(province.giam_doc).get(
        reverse("assignments:report"), {"nam": YEAR, "theo": "person"}
    )
    report = response.context["report"]
    assert report.truncated
    assert [r.label for r in report.rows] == [
        "Trần Thị Thu Hà",
        "Nguyễn Văn Minh",
    ]  # 4 and 6 items; CCVC's 3 left out
    assert figures(report.total) == (13, 4, 3, 6, 0, 4, 3.71)
    assert "Bảng hiện 2 người chủ trì nhiều việc nhất" in response.content.decode()


def test_a_person_filter_keeps_that_persons_work(province, data):
    scope = reports.report_scope(fresh(province.giam_doc))
    report = reports.evaluation_report(scope, PERIOD, person_id=province.chuyen_vien_2.pk, today=MID_YEAR)
    assert figures(report.total) == (4, 1, 1, 0, 2, 1, 3.5)


# --- who sees what -------------------------------------------------------------------------------


def test_a_staff_member_sees_only_their_own_figures(province, data):
    scope = reports.report_scope(fresh(province.chuyen_vien))
    assert not scope.is_leader
    report = reports.evaluation_report(scope, PERIOD, group="unit", today=MID_YEAR)
    assert report.group == "person"
    assert by_label(report) == {"Nguyễn Văn Minh": (6, 2, 1, 2, 1, 2, 4.0)}


def test_a_staff_member_cannot_ask_for_another_units_figures(province, data, signed_in):
    scope = reports.report_scope(fresh(province.chuyen_vien))
    with pytest.raises(Refused, match="chỉ xem được số liệu"):
        reports.narrow(scope, province.units.ns)
    client = signed_in(province.chuyen_vien)
    response = client.get(reverse("assignments:report"), {"nam": YEAR, "don_vi": province.units.ns.pk})
    assert response.status_code == 400
    assert "Sở Tài chính" not in response.content.decode().split("<main", 1)[1].split("</form>", 1)[1]
    response = client.get(
        reverse("assignments:report_items"),
        {"tu": "2025-01-01", "den": "2025-12-31", "don_vi": province.units.ns.pk},
    )
    assert response.status_code == 403


def test_a_division_head_cannot_read_a_sibling_division(province, data):
    scope = reports.report_scope(fresh(province.truong_phong))
    with pytest.raises(Refused):
        reports.narrow(scope, province.units.ccvc)
    report = reports.evaluation_report(scope, PERIOD, today=MID_YEAR)
    assert figures(report.total) == (10, 3, 2, 2, 3, 3, 3.8)


def test_a_deputy_sees_only_the_divisions_in_their_charge(province, data):
    scope = reports.report_scope(fresh(province.pho_giam_doc))
    report = reports.evaluation_report(scope, PERIOD, today=MID_YEAR)
    assert by_label(report) == {"Phòng Tổ chức biên chế (trực tiếp)": (10, 3, 2, 2, 3, 3, 3.8)}


@pytest.mark.parametrize(
    "persona",
    ["chu_tich", "giam_doc", "pho_giam_doc", "truong_phong", "chuyen_vien", "chuyen_vien_khac", "quan_tri"],
)
def test_the_report_never_counts_work_the_person_cannot_see(province, data, persona):
    user = fresh(getattr(province, persona))
    scope = reports.report_scope(user)
    counted = set(reports.items_queryset(scope, PERIOD, today=MID_YEAR).values_list("pk", flat=True))
    visible = set(policies.visible_assignments(user).values_list("pk", flat=True))
    assert counted <= visible


# --- the lists behind the figures ----------------------------------------------------------------


def test_every_figure_links_to_a_list_of_exactly_that_many_items(province, data, signed_in):
    client = signed_in(province.giam_doc)
    response = client.get(reverse("assignments:report"), {"nam": YEAR, "ky": "year", "theo": "person"})
    assert response.status_code == 200
    report = response.context["report"]
    checked = 0
    for row in [*report.rows, report.total]:
        for measure in reports.COUNTED:
            expected = getattr(row, measure)
            listed = client.get(row.links[measure])
            assert listed.status_code == 200
            assert len(listed.context["page"].items) == expected, (row.label, measure)
            checked += 1
        rated = client.get(row.links["rated"])
        assert len(rated.context["page"].items) == row.rated
    assert checked == 4 * 6
    html = response.content.decode()
    minh = province.chuyen_vien.pk
    overdue_link = unescape(re.search(rf'href="([^"]*nguoi={minh}&amp;chi_tieu=overdue)"', html).group(1))
    listed = client.get(overdue_link)
    assert [i.title for i in listed.context["page"].items] == [
        "Việc 4 – Minh quá hạn",
        "Việc 6 – Minh bị trả lại",
        "Việc 5 – Minh còn hạn",
    ]


def test_a_unit_row_drills_down_one_level(province, data, signed_in):
    client = signed_in(province.chu_tich)
    response = client.get(reverse("assignments:report"), {"nam": YEAR})
    snv = next(r for r in response.context["report"].rows if r.label == "Sở Nội vụ")
    deeper = client.get(reverse("assignments:report") + snv.drill_url)
    assert [r.label for r in deeper.context["report"].rows] == [
        "Phòng Tổ chức biên chế",
        "Phòng Công chức viên chức",
    ]
    listed = client.get(snv.links["late"])
    assert sorted(i.title for i in listed.context["page"].items) == [
        "Việc 13 – CCVC trễ hạn",
        "Việc 3 – Minh trễ hạn",
        "Việc 8 – Hà trễ hạn",
    ]


def test_the_report_page_reads_in_a_bounded_number_of_queries(
    province, data, signed_in, django_assert_max_num_queries
):
    client = signed_in(province.chu_tich)
    client.get(reverse("assignments:report"), {"nam": YEAR})
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assignments:report"), {"nam": YEAR, "theo": "person"})
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        listed = client.get(response.context["report"].total.links["assigned"])
    assert len(listed.context["page"].items) == 14


def test_the_report_page_shows_the_figures_a_chart_and_the_exports(province, data, signed_in):
    client = signed_in(province.giam_doc)
    response = client.get(reverse("assignments:report"), {"nam": YEAR, "ky": "year"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in html and '<title id="chart-title">' in html
    assert "Phòng Tổ chức biên chế" in html and "3,80" in html and "3,71" in html
    assert reverse("assignments:report_xlsx") in html and reverse("assignments:report_pdf") in html


@pytest.mark.parametrize(
    ("params", "label", "start", "end"),
    [
        ({"nam": 2025, "ky": "q2"}, "Quý II/2025", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ({"nam": 2024, "ky": "m2"}, "Tháng 2/2024", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (
            {"ky": "custom", "tu": "2025-03-10", "den": "2025-05-20"},
            "Từ 10/03/2025 đến 20/05/2025",
            dt.date(2025, 3, 10),
            dt.date(2025, 5, 20),
        ),
    ],
)
def test_the_period_picker_understands_quarters_months_and_custom_dates(
    province, signed_in, params, label, start, end
):
    response = signed_in(province.giam_doc).get(reverse("assignments:report"), params)
    period = response.context["report"].period
    assert (period.label, period.start, period.end) == (label, start, end)


def test_a_custom_period_ending_before_it_starts_is_refused(province, signed_in):
    response = signed_in(province.giam_doc).get(
        reverse("assignments:report"), {"ky": "custom", "tu": "2025-05-01", "den": "2025-04-01"}
    )
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()


# --- API -----------------------------------------------------------------------------------------


def test_the_api_gives_the_same_figures(province, data, signed_in):
    client = signed_in(province.giam_doc)
    response = client.get(
        "/api/v1/assignments/statistics", {"start": "2025-01-01", "end": "2025-12-31", "group": "person"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    rows = {
        r["label"]: (r["assigned"], r["on_time"], r["late"], r["overdue"], r["returned"], r["avg_rating"])
        for r in body["rows"]
    }
    assert rows == {
        "Nguyễn Văn Minh": (6, 2, 1, 3, 2, 4.0),
        "Trần Thị Thu Hà": (4, 1, 1, 2, 1, 3.5),
        "Phòng Công chức viên chức": (3, 1, 1, 1, 1, 3.5),
    }
    assert body["totals"]["assigned"] == 13 and body["totals"]["avg_rating"] == 3.71
    by_unit = client.get(
        "/api/v1/assignments/statistics",
        {"start": "2025-01-01", "end": "2025-12-31", "unit_id": province.units.tcbc.pk},
    )
    assert by_unit.json()["totals"]["assigned"] == 10


def test_the_api_refuses_another_units_figures_to_a_staff_member(province, data, signed_in):
    client = signed_in(province.chuyen_vien)
    response = client.get("/api/v1/assignments/statistics", {"unit_id": province.units.ns.pk})
    assert response.status_code == 403
    own = client.get("/api/v1/assignments/statistics", {"start": "2025-01-01", "end": "2025-12-31"})
    assert [r["label"] for r in own.json()["rows"]] == ["Nguyễn Văn Minh"]
