"""The usage report (TASK-7; seed 000 Đ10.1.f, 004 Đ10.3.d) against audit events counted by hand.

October 2026, Sở Nội vụ (Vietnam time):

    Minh (TCBC)   sign-ins 05/10 08:00, 20/10 14:00, 31/10 23:30 → 3   (30/09 23:59 and 01/11 00:10 left out)
                  one failed sign-in (not a sign-in); work: A twice, B once; one account change (not work)
    Hà (TCBC)     sign-in 12/10 → 1
    Sơn (TCBC)    no sign-in; work: A once
    Nam (SNV)     sign-ins 01/10 00:05, 15/10 → 2; work: C once; a plan created (not a work item)
    Đức (NS, Sở Tài chính)  sign-ins 2; work: D once
    Lan (SNV)     nothing
    a retired account of TCBC: not an active account

    row                          accounts  signed in  sign-ins  items updated  updates
    Sở Nội vụ (trực tiếp)        2         1          2         1              1
    Phòng Tổ chức biên chế       3         2          4         2              4
    Phòng Công chức viên chức    0         0          0         0              0
    total                        5         3          6         3              5
"""

from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from congvu.accounts.models import User
from congvu.assignments.models import Assignment
from congvu.assignments.reports import selectors as reports
from congvu.assignments.reports import selectors as usage
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.org.units import services as unit_services
from tests.conftest import PASSWORD, travel_to

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OCTOBER = reports.period_for("m10", year=2026)


def fresh(user):
    return User.objects.get(pk=user.pk)


@contextmanager
def at(day: int, hour: int = 9, minute: int = 0, month: int = 10):
    when = dt.datetime(2026, month, day, hour, minute, tzinfo=VN)
    with travel_to(when, tick=False):
        yield


def sign_in(user, **when):
    with at(**when):
        audit.record(actor=user, action="accounts.sign_in", obj=user)


def work(user, item, action="assignments.assignment.progress", **when):
    with at(**when):
        audit.record(actor=user, action=action, obj=item)


def item(province, title, unit):
    p = province
    return Assignment.objects.create(
        title=title,
        assigner=p.giam_doc,
        approver=p.giam_doc,
        lead_unit=unit,
        unit=unit,
        unit_path=unit.path,
        start_date=dt.date(2026, 9, 1),
        deadline=dt.date(2026, 12, 1),
    )


@pytest.fixture
def events(province):
    p, u = province, province.units
    retired = User.objects.create_user("cuvv", PASSWORD, full_name="Vũ Văn Cũ", must_change_password=False)
    unit_services.membership_start(user=retired, unit=u.tcbc, position=p.positions.chuyen_vien, actor=None)
    User.objects.filter(pk=retired.pk).update(status=User.Status.RETIRED)
    a, b, c, d = (item(p, t, unit) for t, unit in (("A", u.tcbc), ("B", u.tcbc), ("C", u.snv), ("D", u.ns)))

    minh = p.chuyen_vien
    sign_in(minh, day=5, hour=8)
    sign_in(minh, day=20, hour=14)
    sign_in(minh, day=31, hour=23, minute=30)
    sign_in(minh, month=9, day=30, hour=23, minute=59)
    sign_in(minh, month=11, day=1, hour=0, minute=10)
    with at(day=6):
        audit.record(actor=minh, action="accounts.sign_in_failed", obj=minh)
        audit.record(actor=minh, action="accounts.user.updated", obj=minh)
    work(minh, a, day=6)
    work(minh, a, action="assignments.assignment.submitted", day=7)
    work(minh, b, day=8)
    sign_in(p.chuyen_vien_2, day=12)
    work(p.truong_phong, a, action="assignments.assignment.returned", day=9)
    sign_in(p.giam_doc, day=1, hour=0, minute=5)
    sign_in(p.giam_doc, day=15)
    work(p.giam_doc, c, action="assignments.assignment.created", day=15)
    with at(day=16):
        audit.record(
            actor=p.giam_doc,
            action="assignments.plan.created",
            object_type="assignments.workplan",
            object_id="1",
        )
    sign_in(p.chuyen_vien_khac, day=3)
    sign_in(p.chuyen_vien_khac, day=4)
    work(p.chuyen_vien_khac, d, day=4)


FIELDS = ("accounts", "signed_in", "sign_ins", "items_updated", "updates")


def table(report):
    rows = {
        r.label + (f" ({r.note})" if r.note else ""): tuple(getattr(r, f) for f in FIELDS)
        for r in report.rows
    }
    rows["total"] = tuple(getattr(report.total, f) for f in FIELDS)
    return rows


def test_the_figures_per_division_match_the_hand_count(province, events):
    scope = usage.usage_scope(fresh(province.giam_doc))
    report = usage.usage_report(scope, OCTOBER, today=dt.date(2026, 11, 21))
    assert table(report) == {
        "Sở Nội vụ (trực tiếp)": (2, 1, 2, 1, 1),
        "Phòng Tổ chức biên chế": (3, 2, 4, 2, 4),
        "Phòng Công chức viên chức": (0, 0, 0, 0, 0),
        "total": (5, 3, 6, 3, 5),
    }
    assert [r.label for r in report.rows] == [
        "Sở Nội vụ",
        "Phòng Tổ chức biên chế",
        "Phòng Công chức viên chức",
    ]


def test_the_administrator_sees_every_department_of_the_province(province, events):
    scope = usage.usage_scope(fresh(province.quan_tri))
    report = usage.usage_report(scope, OCTOBER)
    rows = table(report)
    assert rows["Sở Nội vụ"] == (5, 3, 6, 3, 5)
    assert rows["Sở Tài chính"] == (1, 1, 2, 1, 1)
    assert rows["UBND tỉnh Bình Sơn (trực tiếp)"] == (2, 0, 0, 0, 0)
    assert rows["Văn phòng UBND tỉnh"] == (4, 0, 0, 0, 0)
    assert rows["total"] == (13, 4, 8, 4, 6)


def test_one_item_updated_by_people_of_two_units_counts_once_in_the_total(province, events):
    a = Assignment.objects.get(title="A")
    work(province.chuyen_vien_khac, a, day=10)
    report = usage.usage_report(usage.usage_scope(fresh(province.quan_tri)), OCTOBER)
    rows = table(report)
    assert rows["Sở Tài chính"][3] == 2 and rows["Sở Nội vụ"][3] == 3
    assert rows["total"][3] == 4  # A, B, C, D


def test_the_report_is_a_few_grouped_queries_whatever_the_number_of_units(
    province, events, django_assert_num_queries
):
    scope = usage.usage_scope(fresh(province.quan_tri))
    with django_assert_num_queries(5):  # accounts, sign-ins, updates, distinct total, unit names
        usage.usage_report(scope, OCTOBER)


def test_staff_may_not_read_the_usage_report(province, events, signed_in):
    with pytest.raises(Refused, match="Chỉ quản trị hệ thống và lãnh đạo"):
        usage.usage_scope(fresh(province.chuyen_vien))
    assert signed_in(province.chuyen_vien).get(reverse("assignments:usage")).status_code == 403
    assert signed_in(province.chuyen_vien).get("/api/v1/assignments/usage").status_code == 403


def test_a_leader_may_not_read_another_departments_usage(province, events, signed_in):
    with pytest.raises(Refused):
        usage.usage_narrow(usage.usage_scope(fresh(province.giam_doc)), province.units.stc.pk)
    response = signed_in(province.giam_doc).get(
        "/api/v1/assignments/usage", {"unit_id": province.units.stc.pk}
    )
    assert response.status_code == 403


def test_the_screen_and_the_xlsx_show_the_figures(province, events, signed_in, django_assert_max_num_queries):
    client = signed_in(province.giam_doc)
    params = {"nam": 2026, "ky": "m10"}
    client.get(reverse("assignments:usage"), params)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assignments:usage"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phòng Tổ chức biên chế" in html and "Tháng 10/2026" in html
    xlsx = client.get(reverse("assignments:usage_xlsx"), params)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content))["Sử dụng"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "BÁO CÁO TÌNH HÌNH SỬ DỤNG PHẦN MỀM"
    assert rows[1][0] == "Kỳ báo cáo: Tháng 10/2026 (từ 01/10/2026 đến 31/10/2026)"
    assert {r[1]: r[2:8] for r in rows[6:10]} == {
        "Sở Nội vụ (trực tiếp)": [2, 1, 2, 1, 1, 50.0],
        "Phòng Tổ chức biên chế": [3, 2, 4, 2, 4, 66.7],
        "Phòng Công chức viên chức": [0, 0, 0, 0, 0, None],
        "Tổng cộng": [5, 3, 6, 3, 5, 60.0],
    }


def test_the_api_gives_the_same_figures(province, events, signed_in):
    response = signed_in(province.giam_doc).get(
        "/api/v1/assignments/usage", {"start": "2026-10-01", "end": "2026-10-31"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["totals"]["sign_ins"] == 6 and body["totals"]["items_updated"] == 3
    assert [(r["label"], r["signed_in"]) for r in body["rows"]] == [
        ("Sở Nội vụ", 1),
        ("Phòng Tổ chức biên chế", 2),
        ("Phòng Công chức viên chức", 0),
    ]
