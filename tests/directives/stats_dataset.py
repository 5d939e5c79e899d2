"""A hand-counted dataset for the DIR-6 statistics: the third quarter of 2026 (01/07–30/09/2026) of
UBND tỉnh, built through the services on the days things happened (``travel_to``).

    task  lead   signer        issued      deadline    what happened                         live (02/12)   closed 30/09 17:00
    A1    SNV    chairman      01/07       31/07       done report 20/07, approved           done_on_time   done_on_time
    A2    STC    chairman      01/07       31/07       done report 05/08, approved           done_late      done_late
    A3    huyện  chairman      01/07       31/12       progress 10/08, accepted              in_progress    in_progress
    A4    SNV    chairman      01/07       31/08       progress 10/08, accepted              overdue        overdue
    A5    STC    chairman      01/07       31/08       never reported                        not_updated    not_updated
    A6    huyện  chairman      01/07       31/08       cancelled 05/07                       —              —
    B1    SNV    vice-chair    30/09       30/09       progress 30/09 10:00; done 01/10      done_late      in_progress
    B2    huyện  vice-chair    30/09       30/10       never reported                        not_updated    not_updated
    E     SNV    chairman      03/08       standing, monthly (the container)                  —              —
    E.1   SNV    chairman      03/08       15/09       periodic item of E, never reported    not_updated    not_updated
    C1    SNV    chairman      01/10       30/10       issued the day after the quarter      —              —
    D1    STC    chairman      30/06       31/07       issued the day before the quarter     —              —

The snapshot is closed on 30/09/2026 at 17:00 by the office (``close_at_quarter_end``); B1's done
report (01/10) and its approval (02/10) come after it.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from congvu.directives import services
from congvu.directives.models import DirectiveTask
from congvu.directives.stats import services as stats_services
from tests.conftest import VN, travel_to
from tests.directives.cast import enter, person, task_input

Q3_START, Q3_END = dt.date(2026, 7, 1), dt.date(2026, 9, 30)


def _done(province, task, reporter, when_reported, when_approved=None):
    with travel_to(when_reported):
        report = services.task_report(task=task, actor=reporter, content="Đã hoàn thành", proposal="done")
    with travel_to(when_approved or when_reported):
        services.report_approve(report=report, actor=province.theo_doi)


def _progress(province, task, reporter, when):
    with travel_to(when):
        report = services.task_report(
            task=task, actor=reporter, content="Đang triển khai", proposal="progress"
        )
        services.report_approve(report=report, actor=province.theo_doi)


def build(province, *, close_snapshot: bool = True):
    units = province.units
    with travel_to(dt.date(2026, 6, 1)):  # in post before the quarter
        stc_head = person("hainv", "Ngô Văn Hải", units.stc, province.positions.giam_doc)
    reporters = {
        units.snv.pk: province.giam_doc,
        units.stc.pk: stc_head,
        units.huyen.pk: province.chu_tich_huyen,
    }

    def tasks_of(directive):
        return list(directive.tasks.order_by("position"))

    with travel_to(dt.date(2026, 6, 30)):
        d = enter(
            province,
            number="90/UBND-VP",
            issued_on=dt.date(2026, 6, 30),
            tasks=[task_input(province, units.stc, deadline=dt.date(2026, 7, 31))],
        )
    (d1,) = tasks_of(d)
    with travel_to(dt.date(2026, 7, 1)):
        a = enter(
            province,
            number="101/UBND-VP",
            issued_on=dt.date(2026, 7, 1),
            tasks=[
                task_input(province, units.snv, deadline=dt.date(2026, 7, 31), content="A1"),
                task_input(province, units.stc, deadline=dt.date(2026, 7, 31), content="A2"),
                task_input(province, units.huyen, deadline=dt.date(2026, 12, 31), content="A3"),
                task_input(province, units.snv, deadline=dt.date(2026, 8, 31), content="A4"),
                task_input(province, units.stc, deadline=dt.date(2026, 8, 31), content="A5"),
                task_input(province, units.huyen, deadline=dt.date(2026, 8, 31), content="A6"),
            ],
        )
    a1, a2, a3, a4, a5, a6 = tasks_of(a)
    with travel_to(dt.date(2026, 7, 3)):
        services.task_cancel(task=a6, actor=province.theo_doi, reason="Đã có văn bản khác thay thế")
    _done(province, a1, reporters[units.snv.pk], dt.date(2026, 7, 20))
    _done(province, a2, reporters[units.stc.pk], dt.date(2026, 8, 5))
    _progress(province, a3, reporters[units.huyen.pk], dt.date(2026, 8, 10))
    _progress(province, a4, reporters[units.snv.pk], dt.date(2026, 8, 10))

    with travel_to(dt.date(2026, 8, 3)):
        e = enter(
            province,
            number="110/UBND-VP",
            issued_on=dt.date(2026, 8, 3),
            tasks=[
                task_input(
                    province,
                    units.snv,
                    deadline=dt.date(2026, 8, 31),
                    content="E",
                    recurrence=DirectiveTask.Recurrence.MONTHLY,
                    recurrence_until=dt.date(2026, 12, 31),
                ),
            ],
        )
        (standing,) = tasks_of(e)
        # The periodic item as the recurring package makes it (a task of its own, parent = the standing task).
        item = DirectiveTask.objects.create(
            directive=e,
            position=2,
            content="E.1 — báo cáo tháng 8",
            lead_unit=units.snv,
            lead_path=units.snv.path,
            monitor=province.theo_doi,
            deadline=dt.date(2026, 9, 15),
            parent=standing,
            agency=units.tinh,
            signer=province.chu_tich,
            issued_on=dt.date(2026, 8, 3),
            period_start=dt.date(2026, 8, 1),
            period_end=dt.date(2026, 8, 31),
        )

    with travel_to(dt.datetime(2026, 9, 30, 8, 0, tzinfo=VN)):
        b = enter(
            province,
            number="130/UBND-VP",
            issued_on=dt.date(2026, 9, 30),
            signer=province.pho_chu_tich,
            tasks=[
                task_input(province, units.snv, deadline=dt.date(2026, 9, 30), content="B1"),
                task_input(province, units.huyen, deadline=dt.date(2026, 10, 30), content="B2"),
            ],
        )
    b1, b2 = tasks_of(b)
    _progress(province, b1, reporters[units.snv.pk], dt.datetime(2026, 9, 30, 10, 0, tzinfo=VN))
    snapshot = None
    if close_snapshot:
        with travel_to(dt.datetime(2026, 9, 30, 17, 0, tzinfo=VN)):
            snapshot = stats_services.period_close(
                agency=units.tinh, kind="quarter", start=Q3_START, end=Q3_END, actor=province.theo_doi
            )
    _done(province, b1, reporters[units.snv.pk], dt.date(2026, 10, 1), dt.date(2026, 10, 2))

    with travel_to(dt.date(2026, 10, 1)):
        c = enter(
            province,
            number="140/UBND-VP",
            issued_on=dt.date(2026, 10, 1),
            tasks=[task_input(province, units.snv, deadline=dt.date(2026, 10, 30), content="C1")],
        )
    (c1,) = tasks_of(c)
    return SimpleNamespace(
        a1=a1,
        a2=a2,
        a3=a3,
        a4=a4,
        a5=a5,
        a6=a6,
        b1=b1,
        b2=b2,
        standing=standing,
        item=item,
        c1=c1,
        d1=d1,
        snapshot=snapshot,
        stc_head=stc_head,
    )
