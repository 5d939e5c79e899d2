"""The write path of directive follow-up, in the words of seed 001 (Đ8, Đ9)."""

from __future__ import annotations

import pytest

from congvu.core.decisions import Refused
from congvu.directives import services
from congvu.directives.models import DirectiveTask, TaskEvent, TaskReport
from tests.directives.cast import build_directive_cast

S = DirectiveTask.Status


@pytest.fixture
def cast(province):
    return build_directive_cast(province)


def test_the_office_enters_a_directive_and_each_agency_gets_its_task(cast):
    assert cast.directive.status == "published"
    assert {t.status for t in cast.directive.tasks.all()} == {S.NEW}
    assert cast.tasks.snv.monitor == cast.theo_doi


def test_a_report_approved_as_done_completes_the_task_on_the_day_it_was_sent(cast):
    report = services.task_report(
        task=cast.tasks.snv, actor=cast.giam_doc, content="Đã ban hành kế hoạch", proposal="done"
    )
    task = services.report_approve(report=report, actor=cast.theo_doi)
    assert task.status == S.DONE
    assert task.completed_on == report.submitted_on
    assert TaskReport.objects.get(pk=report.pk).status == TaskReport.Status.APPROVED
    assert list(task.events.values_list("kind", flat=True)) == [
        TaskEvent.Kind.ASSIGNED,
        TaskEvent.Kind.REPORTED,
        TaskEvent.Kind.APPROVED,
    ]


def test_an_agency_cannot_report_on_another_agencys_task(cast):
    with pytest.raises(Refused) as refused:
        services.task_report(task=cast.tasks.stc, actor=cast.giam_doc, content="x", proposal="done")
    assert refused.value.kind == Refused.Kind.NOT_ALLOWED
    assert cast.tasks.stc.reports.count() == 0
