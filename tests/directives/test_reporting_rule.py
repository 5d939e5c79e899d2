"""The reporting rule (seed 001 Đ8.2): a report is in the system within 2 working days after its
report document's date — weekends, holidays and Tết not counted — the same day when the directive
is urgent; later is marked late (still received). Expected dates worked out by hand on the 2026–2027
calendar: Fri 27/11/2026 → Mon 30/11 (1), Tue 01/12 (2); Tết 2027 is off from Thu 04/02 to Wed 10/02."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.directives import services
from congvu.directives.models import Urgency
from tests.conftest import VN, travel_to
from tests.directives.cast import build_directive_cast, enter, task_input

D = dt.date


@pytest.mark.parametrize(
    ("document_date", "urgency", "due"),
    [
        (D(2026, 11, 27), Urgency.NORMAL, D(2026, 12, 1)),  # a Friday: the weekend is not counted
        (D(2026, 11, 30), Urgency.NORMAL, D(2026, 12, 2)),  # a Monday: Tuesday, Wednesday
        (D(2026, 12, 31), Urgency.NORMAL, D(2027, 1, 5)),  # New Year's Day and the weekend skipped
        (D(2027, 2, 3), Urgency.NORMAL, D(2027, 2, 12)),  # the eve of Tết: Thu 11, Fri 12 February
        (D(2027, 2, 5), Urgency.NORMAL, D(2027, 2, 12)),  # during Tết: from the first day back
        (D(2026, 11, 27), Urgency.URGENT, D(2026, 11, 27)),  # urgent: the same day
        (D(2027, 2, 3), Urgency.FLASH, D(2027, 2, 3)),
    ],
)
def test_the_report_is_due_two_working_days_after_its_document(db, document_date, urgency, due):
    assert services.report_due(document_date, urgency, sent_on=D(2027, 3, 1)) == due


def test_a_report_without_a_document_is_due_the_day_it_is_sent(db):
    assert services.report_due(None, Urgency.NORMAL, sent_on=D(2026, 12, 2)) == D(2026, 12, 2)


@pytest.mark.parametrize(("document_date", "late"), [(D(2026, 11, 27), True), (D(2026, 11, 30), False)])
def test_a_report_sent_after_its_due_day_is_marked_late(province, document_date, late):
    cast = build_directive_cast(province, issued_on=D(2026, 11, 23))
    report = services.task_report(
        task=cast.tasks.snv,
        actor=cast.giam_doc,
        content="Đã ban hành kế hoạch",
        proposal="progress",
        document_number="45/BC-SNV",
        document_date=document_date,
    )
    assert report.submitted_on == D(2026, 12, 2)
    assert report.reported_late is late


@pytest.mark.parametrize(("document_date", "late"), [(D(2026, 12, 1), True), (D(2026, 12, 2), False)])
def test_an_urgent_directive_is_reported_the_same_day(province, document_date, late):
    tasks = [task_input(province, province.units.snv, working_days=5)]
    directive = enter(province, issued_on=D(2026, 11, 30), urgency=Urgency.URGENT, tasks=tasks)
    report = services.task_report(
        task=directive.tasks.get(),
        actor=province.giam_doc,
        content="Đã triển khai",
        proposal="progress",
        document_number="46/BC-SNV",
        document_date=document_date,
    )
    assert (report.due_on, report.reported_late) == (document_date, late)


@pytest.mark.parametrize(("sent", "late"), [(D(2027, 2, 12), False), (D(2027, 2, 15), True)])
def test_tet_is_not_counted(province, sent, late):
    cast = build_directive_cast(province)
    with travel_to(dt.datetime(sent.year, sent.month, sent.day, 9, 0, tzinfo=VN)):
        report = services.task_report(
            task=cast.tasks.snv,
            actor=cast.giam_doc,
            content="Báo cáo trước Tết",
            proposal="progress",
            document_number="47/BC-SNV",
            document_date=D(2027, 2, 3),
        )
    assert (report.due_on, report.submitted_on, report.reported_late) == (D(2027, 2, 12), sent, late)
