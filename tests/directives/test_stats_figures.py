"""DIR-6 figures (seed 001 Đ10.1): the hand-counted third quarter of 2026 (see stats_dataset), live
and as closed on its last day; closing a period; the period picker's parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.core.decisions import Refused
from congvu.directives.models import PeriodSnapshot
from congvu.directives.stats import selectors, services
from congvu.directives.stats.forms import parse_period, range_period
from tests.conftest import build_province, built_once
from tests.directives import stats_dataset
from tests.directives.stats_dataset import Q3_END, Q3_START

FIGURES = ("done_on_time", "done_late", "in_progress", "overdue", "not_updated", "total")


def build_scene():
    province = build_province()
    return province, stats_dataset.build(province)


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_scene) as built:
        yield built


def table(rows):
    return {row.label: [getattr(row, name) for name in FIGURES] for row in rows}


def dict_table(rows):
    return {row["label"]: [row[name] for name in FIGURES] for row in rows}


# --- the live view (as of today, 02/12/2026) -------------------------------------------------------


def test_live_figures_per_lead_agency_and_per_leader_are_the_hand_counted_ones(scene, db):
    province, _data = scene
    stats = selectors.statistics(agency=province.units.tinh, start=Q3_START, end=Q3_END)
    assert stats.as_of == dt.date(2026, 12, 2)
    #                         on time, late, in progress, overdue, not updated, total
    assert table(stats.rows_by_agency) == {
        "Sở Nội vụ": [1, 1, 0, 1, 1, 4],  # A1, B1 (done the day after its deadline), A4, E.1
        "Sở Tài chính": [0, 1, 0, 0, 1, 2],  # A2, A5 (never reported although overdue)
        "UBND huyện Đức Trọng": [0, 0, 1, 0, 1, 2],  # A3, B2 (A6 cancelled)
    }
    assert table(stats.rows_by_leader) == {
        "Trần Quốc Hùng": [1, 1, 1, 1, 2, 6],
        "Lê Thị Mai": [0, 1, 0, 0, 1, 2],
    }
    assert table([stats.totals]) == {"Tổng cộng": [1, 2, 1, 1, 3, 8]}
    assert stats.totals.on_time_rate == 12.5  # 1 of 8
    assert stats.totals.done_rate == 37.5  # 3 of 8


def test_the_last_day_of_the_quarter_belongs_to_it_and_the_next_day_does_not(scene, db):
    province, data = scene
    q4 = selectors.statistics(
        agency=province.units.tinh, start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31)
    )
    assert table(q4.rows_by_agency) == {"Sở Nội vụ": [0, 0, 0, 0, 1, 1]}  # C1 only, issued 01/10
    q2 = selectors.statistics(agency=province.units.tinh, start=dt.date(2026, 4, 1), end=dt.date(2026, 6, 30))
    assert table(q2.rows_by_agency) == {"Sở Tài chính": [0, 0, 0, 0, 1, 1]}  # D1, issued 30/06


def test_a_task_never_reported_is_not_updated_even_when_overdue(scene, db):
    province, data = scene
    stats = selectors.statistics(
        agency=province.units.tinh, start=dt.date(2026, 7, 1), end=dt.date(2026, 7, 1)
    )
    # Issued 01/07: A1 on time, A2 late, A3 in progress, A4 overdue, A5 not updated (due 31/08, never reported).
    assert table([stats.totals]) == {"Tổng cộng": [1, 1, 1, 1, 1, 5]}


def test_three_queries_whatever_the_number_of_tasks(scene, db, django_assert_num_queries):
    province, _data = scene
    with django_assert_num_queries(3):  # one aggregate, the units' names, the leaders' names
        selectors.statistics(agency=province.units.tinh, start=Q3_START, end=Q3_END)


# --- the snapshot closed on 30/09/2026 at 17:00 ------------------------------------------------------


def test_the_period_closed_on_its_last_day_keeps_the_figures_of_that_day(scene, db):
    province, data = scene
    figures = PeriodSnapshot.objects.get(pk=data.snapshot.pk).figures
    assert figures["as_of"] == "2026-09-30"
    assert dict_table(figures["rows_by_agency"]) == {
        "Sở Nội vụ": [1, 0, 1, 1, 1, 4],  # B1 reported that morning, due that day: in progress
        "Sở Tài chính": [0, 1, 0, 0, 1, 2],
        "UBND huyện Đức Trọng": [0, 0, 1, 0, 1, 2],
    }
    assert dict_table(figures["rows_by_leader"]) == {
        "Trần Quốc Hùng": [1, 1, 1, 1, 2, 6],
        "Lê Thị Mai": [0, 0, 1, 0, 1, 2],
    }
    assert dict_table([figures["totals"]]) == {"Tổng cộng": [1, 1, 2, 1, 3, 8]}
    # The ids and the names as they were.
    assert {r["unit_id"] for r in figures["rows_by_agency"]} == {
        province.units.snv.pk,
        province.units.stc.pk,
        province.units.huyen.pk,
    }
    assert {r["signer_id"] for r in figures["rows_by_leader"]} == {
        province.chu_tich.pk,
        province.pho_chu_tich.pk,
    }


def test_a_later_approval_changes_the_live_figures_not_the_frozen_ones(scene, db):
    province, data = scene
    snapshot = PeriodSnapshot.objects.get(pk=data.snapshot.pk)
    before = snapshot.figures
    from congvu.directives import services as task_services

    report = task_services.task_report(task=data.a4, actor=province.giam_doc, content="Xong", proposal="done")
    task_services.report_approve(report=report, actor=province.theo_doi)
    snapshot.refresh_from_db()
    assert snapshot.figures == before
    frozen = selectors.frozen(snapshot)
    assert table([frozen.totals]) == {"Tổng cộng": [1, 1, 2, 1, 3, 8]}
    live = selectors.statistics(agency=province.units.tinh, start=Q3_START, end=Q3_END)
    assert table([live.totals]) == {"Tổng cộng": [1, 3, 1, 0, 3, 8]}  # A4 done late today


def test_closing_is_audited(scene, db):
    from congvu.core.models import AuditEvent

    _province, data = scene
    event = AuditEvent.objects.get(action="directives.period.closed")
    assert event.object_id == str(data.snapshot.pk)


def test_a_period_cannot_be_closed_twice(scene, db):
    province, _data = scene
    with pytest.raises(Refused) as refused:
        services.period_close(
            agency=province.units.tinh, kind="quarter", start=Q3_START, end=Q3_END, actor=province.theo_doi
        )
    assert refused.value.kind == Refused.Kind.WRONG_STATE
    assert "đã được chốt số liệu" in refused.value.message
    assert PeriodSnapshot.objects.count() == 1


def test_a_period_that_has_not_ended_cannot_be_closed(scene, db):
    province, _data = scene
    with pytest.raises(Refused) as refused:
        services.period_close(
            agency=province.units.tinh,
            kind="quarter",
            start=dt.date(2026, 10, 1),
            end=dt.date(2026, 12, 31),
            actor=province.theo_doi,
        )
    assert refused.value.kind == Refused.Kind.WRONG_STATE
    assert (
        refused.value.message == "Kỳ báo cáo chưa kết thúc (đến hết ngày 31/12/2026): chưa chốt số liệu được."
    )
    assert PeriodSnapshot.objects.count() == 1


def test_only_the_office_closes_a_period(scene, db):
    province, _data = scene
    for someone in (province.chu_tich, province.giam_doc):
        with pytest.raises(Refused) as refused:
            services.period_close(
                agency=province.units.tinh,
                kind="month",
                start=dt.date(2026, 8, 1),
                end=dt.date(2026, 8, 31),
                actor=someone,
            )
        assert refused.value.kind == Refused.Kind.NOT_ALLOWED
    snapshot = services.period_close(
        agency=province.units.tinh,
        kind="month",
        start=dt.date(2026, 8, 1),
        end=dt.date(2026, 8, 31),
        actor=province.chanh_vp,
    )
    assert snapshot.closed_by == province.chanh_vp
    assert snapshot.figures["totals"]["total"] == 1  # E.1 (issued 03/08)


# --- the period picker ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2027-03", dt.date(2027, 3, 1), dt.date(2027, 3, 31), "Tháng 3/2027"),
        ("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31), "Quý I/2027"),
        ("2026-q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "Quý IV/2026"),
        ("2027-H1", dt.date(2027, 1, 1), dt.date(2027, 6, 30), "6 tháng đầu năm 2027"),
        ("2027-H2", dt.date(2027, 7, 1), dt.date(2027, 12, 31), "6 tháng cuối năm 2027"),
        ("2027", dt.date(2027, 1, 1), dt.date(2027, 12, 31), "Năm 2027"),
        ("2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29), "Tháng 2/2028"),
    ],
)
def test_named_periods(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    "text", ["", "2027-13", "2027-Q5", "2027-H3", "27-Q1", "2027Q1", "quý 1", "2027-00", "x" * 500]
)
def test_bad_periods_are_refused_in_vietnamese(text):
    with pytest.raises(Refused) as refused:
        parse_period(text)
    assert refused.value.kind == Refused.Kind.INVALID
    assert refused.value.message.startswith("Kỳ báo cáo không hợp lệ")


def test_a_period_outside_the_horizon_is_refused():
    with pytest.raises(Refused) as refused:
        parse_period("1900")
    assert "nằm ngoài khoảng cho phép" in refused.value.message


def test_ranges():
    assert range_period(dt.date(2026, 7, 1), dt.date(2026, 9, 30)).label == "Quý III/2026"
    assert range_period(dt.date(2026, 7, 5), dt.date(2026, 9, 30)).label == "Từ 05/07/2026 đến 30/09/2026"
    with pytest.raises(Refused, match="Ngày bắt đầu phải trước hoặc bằng ngày kết thúc"):
        range_period(dt.date(2026, 9, 30), dt.date(2026, 7, 1))
    with pytest.raises(Refused, match="dài nhất 5 năm"):
        range_period(dt.date(2023, 1, 1), dt.date(2028, 6, 1))
    with pytest.raises(Refused, match="Vui lòng nhập cả ngày bắt đầu"):
        range_period(None, dt.date(2026, 1, 1))


def test_the_snapshot_counts_as_of_the_day_it_was_closed_not_the_period_end(scene, db):
    """The second quarter closed today: D1 (issued 30/06, due 31/07, never reported) as of today."""
    province, _data = scene
    snapshot = services.period_close(
        agency=province.units.tinh,
        kind="quarter",
        start=dt.date(2026, 4, 1),
        end=dt.date(2026, 6, 30),
        actor=province.theo_doi,
    )
    assert snapshot.figures["as_of"] == "2026-12-02"
    assert dict_table([snapshot.figures["totals"]]) == {"Tổng cộng": [0, 0, 0, 0, 1, 1]}
