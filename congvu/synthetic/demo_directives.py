"""The directives of the demo province (``congvu load_demo``; seed 001, DIR-1..DIR-7): what the
office of UBND tỉnh Bình Sơn, the leaders who sign and the agencies that report find — a directive
in every state and tasks in every state: new and not yet updated (one overdue), reports waiting
for the office's review, in progress (one overdue), rejected, returned to the office, done on time,
done late, cancelled; an urgent directive; a standing monthly task with its periodic items; and a
draft past its entry deadline.

Everything goes through the services a person would use, as that person: the chairman and the
vice-chairmen sign, Đỗ Minh Tuấn (``tuandm``, directive monitor of the office) enters the
directives and reviews the reports, the heads of Sở Nội vụ, Sở Tài chính, Sở Thông tin và Truyền
thông and UBND huyện Đức Trọng report and return. Dates are relative to the day it runs, in working
days. The issue dates and deadlines of the story lie in the past, as the office may type them; the
moments the system stamps itself are today's (no clock is moved) — except the day each directive
reached the agencies, set back to its story's day after it is entered (``_back_date``, the one
place written by hand), so that only the directive meant to be entered late shows as such.

Idempotent: the first directive's number (``MARKER``) says the directives are there, and a second
run adds nothing. One transaction: a refused step writes nothing, and the caller is told why.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.directives import services
from congvu.directives.models import Directive, DirectiveTask, TaskEvent, Urgency
from congvu.directives.recurring.services import periodic_items_make
from congvu.org import policies as org
from congvu.org.models import Unit
from congvu.synthetic.demo_work import _moment, _people, working_day

T = DirectiveTask.Status
MARKER = "118/CT-UBND"  # the first directive's number

# The agencies given tasks, by their demo unit key, and who reports for each (its head).
REPORTER = {"snv": "namhv", "stc": "hainv", "stttt": "trietvm", "dt": "tailv"}


@dataclass(frozen=True)
class Task:
    """One task and how far it has come. ``due`` is in working days from today; ``state`` is the
    task's status at the end (``done_late``: done after its deadline)."""

    unit: str
    content: str
    due: int
    state: str = T.NEW
    co: tuple[str, ...] = ()
    note: str = ""  # the reason of a rejection, a return or a cancellation
    done_report: bool = True  # a report waiting for review proposes the task as done


@dataclass(frozen=True)
class Story:
    number: str
    kind: str
    subject: str
    signer: str
    issued: int  # working days from today (negative: in the past)
    tasks: tuple[Task, ...]
    urgency: str = Urgency.NORMAL
    published: bool = True
    entered_late: bool = False
    monthly: Task | None = None  # a standing task reported each month


K = Directive.Kind
STORIES = (
    Story(
        MARKER,
        K.INSTRUCTION,
        "Chỉ thị về đẩy mạnh cải cách hành chính, nâng cao chỉ số PAR INDEX và SIPAS năm {year}",
        "hungtq",
        -25,
        (
            Task("snv", "Chủ trì xây dựng kế hoạch cải thiện chỉ số PAR INDEX của tỉnh", -5, "done_late"),
            Task(
                "stttt",
                "Nâng cấp Cổng dịch vụ công trực tuyến, bảo đảm kết nối Cổng quốc gia",
                10,
                T.IN_PROGRESS,
            ),
            Task("dt", "Rà soát, công khai đầy đủ thủ tục hành chính cấp huyện, cấp xã", -3, T.NEW),
            Task(
                "stc",
                "Bố trí kinh phí thực hiện nhiệm vụ cải cách hành chính năm {year}",
                15,
                T.REPORTED,
                co=("snv",),
            ),
        ),
    ),
    Story(
        "452/TB-UBND",
        K.CONCLUSION,
        "Thông báo kết luận của Phó Chủ tịch UBND tỉnh Lê Thị Mai tại cuộc họp về chuyển đổi số",
        "mailt",
        -12,
        (
            Task(
                "stttt", "Triển khai nền tảng ký số tập trung cho các cơ quan nhà nước của tỉnh", 20, T.DONE
            ),
            Task(
                "snv",
                "Rà soát vị trí việc làm chuyên trách công nghệ thông tin tại các sở, ngành",
                8,
                T.REJECTED,
                note="Báo cáo chưa có số liệu từng sở, ngành; đề nghị bổ sung.",
            ),
            Task(
                "dt", "Tuyên truyền người dân sử dụng dịch vụ công trực tuyến toàn trình", -2, T.IN_PROGRESS
            ),
            Task(
                "stc",
                "Thẩm định hồ sơ cấp chữ ký số cho cán bộ, công chức cấp xã",
                12,
                T.RETURNED,
                note="Nội dung thuộc chức năng của Sở Thông tin và Truyền thông, đề nghị giao lại.",
            ),
        ),
    ),
    Story(
        "15/CĐ-UBND",
        K.OFFICIAL_LETTER,
        "Công điện về việc chủ động ứng phó với mưa lớn, lũ quét, sạt lở đất",
        "thanghv",
        0,
        (
            Task(
                "dt",
                "Triển khai phương án sơ tán dân tại các khu vực có nguy cơ sạt lở",
                2,
                T.REPORTED,
                done_report=False,
            ),
            Task("stc", "Bố trí kinh phí dự phòng khắc phục hậu quả thiên tai", 3, T.NEW),
        ),
        urgency=Urgency.URGENT,
    ),
    Story(
        "96/KH-UBND",
        K.PLAN,
        "Kế hoạch đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {year}",
        "khoapm",
        -60,
        (Task("stttt", "Cập nhật số liệu giải ngân lên hệ thống thông tin báo cáo của tỉnh", 30, T.NEW),),
        monthly=Task("stc", "Báo cáo tình hình giải ngân vốn đầu tư công", 0),
    ),
    Story(
        "1207/UBND-VP",
        K.OFFICIAL_LETTER,
        "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính của tỉnh",
        "hungtq",
        -8,
        (
            Task(
                "snv",
                "Tham mưu quyết định kiện toàn Ban Chỉ đạo cải cách hành chính",
                5,
                T.CANCELLED,
                note="Nhiệm vụ đã được giao tại Chỉ thị 118/CT-UBND.",
            ),
            Task("dt", "Kiện toàn Ban Chỉ đạo cải cách hành chính cấp huyện", 15, T.NEW),
        ),
        entered_late=True,
    ),
    Story(
        "1312/UBND-VP",
        K.OFFICIAL_LETTER,
        "Về việc tổng kết công tác thi đua, khen thưởng năm {year}",
        "mailt",
        -6,
        (Task("snv", "Hướng dẫn các cơ quan, đơn vị tổng kết công tác thi đua, khen thưởng", 10),),
        published=False,
    ),
)


@dataclass
class DirectivesResult:
    created: bool  # False: the directives were there already, or a rule refused a step (``refused``)
    refused: str = ""
    states: Counter[str] = field(default_factory=Counter)
    directives: int = 0
    seconds: float = 0.0


def is_loaded() -> bool:
    return Directive.objects.filter(number=MARKER, agency__agency_code="000.00.00.H99").exists()


def load_directives(*, units: dict[str, Unit]) -> DirectivesResult:
    """Enter the demo directives once, dated from today (see the module's docstring). ``units``
    maps the demo's unit keys to the units (``demo.load_demo().units``)."""
    started = time.monotonic()
    if is_loaded():
        return DirectivesResult(created=False)
    try:
        with transaction.atomic():
            loader = _Loader(units=units, today=timezone.localdate())
            states = loader.run()
    except Refused as refused:
        return DirectivesResult(created=False, refused=refused.message)
    return DirectivesResult(
        created=True, states=states, directives=len(loader.directives), seconds=time.monotonic() - started
    )


class _Loader:
    def __init__(self, *, units: dict[str, Unit], today: dt.date) -> None:
        self.units = units
        self.today = today
        self.people = _people()
        self.office = self.people["tuandm"]
        self.directives: list[Directive] = []

    def day(self, offset: int) -> dt.date:
        return working_day(self.today, offset)

    def text(self, template: str) -> str:
        return template.format(year=self.today.year)

    def run(self) -> Counter[str]:
        for person in self.people.values():
            org.forget(person)  # the delegations of the demo's work are in force: read them afresh
        for story in STORIES:
            self.enter(story)
        periodic_items_make(today=self.today)
        for story, directive in zip(STORIES, self.directives, strict=True):
            if story.monthly is not None:
                self.advance_items(directive)
        ids = [d.pk for d in self.directives]
        return Counter(DirectiveTask.objects.filter(directive_id__in=ids).values_list("status", flat=True))

    def task_input(
        self, task: Task, issued_on: dt.date, *, until: dt.date | None = None
    ) -> services.TaskInput:
        return services.TaskInput(
            content=self.text(task.content),
            lead_unit=self.units[task.unit],
            monitor=self.office,
            deadline=max(self.day(task.due), issued_on) if until is None else until,
            co_units=[self.units[k] for k in task.co],
            recurrence=DirectiveTask.Recurrence.MONTHLY if until is not None else "",
            recurrence_until=until,
        )

    def enter(self, story: Story) -> None:
        issued_on = self.day(story.issued)
        tasks = [self.task_input(t, issued_on) for t in story.tasks]
        if story.monthly is not None:
            until = dt.date(issued_on.year + 1, 12, 31)
            tasks.append(self.task_input(story.monthly, issued_on, until=until))
        directive = services.directive_create(
            agency=self.units["tinh"],
            number=story.number,
            kind=story.kind,
            subject=self.text(story.subject),
            issued_on=issued_on,
            signer=self.people[story.signer],
            actor=self.office,
            urgency=story.urgency,
            tasks=tasks,
            publish=story.published,
        )
        self.directives.append(directive)
        if story.published and not story.entered_late:
            self._back_date(directive)
        by_position = {t.position: t for t in directive.tasks.filter(parent__isnull=True)}
        for position, task in enumerate(story.tasks, start=1):
            self.advance(by_position[position], task)

    def _back_date(self, directive: Directive) -> None:
        """The day the directive reached the agencies: its story's, within the entry deadline."""
        day = min(directive.entry_due, self.today)
        moment = min(_moment(day, 10), timezone.now())
        Directive.objects.filter(pk=directive.pk).update(
            published_on=day, published_at=moment, created_at=moment
        )
        tasks = DirectiveTask.objects.filter(directive=directive)
        tasks.update(created_at=moment, updated_at=moment)
        TaskEvent.objects.filter(task__in=tasks, kind=TaskEvent.Kind.ASSIGNED).update(at=moment)

    def reporter(self, task: DirectiveTask) -> Any:
        for key, person in REPORTER.items():
            if self.units[key].pk == task.lead_unit_id:
                return self.people[person]
        raise Refused(f"Không có người báo cáo cho {task.lead_unit}.")

    def report(self, task: DirectiveTask, *, done: bool, content: str) -> Any:
        return services.task_report(
            task=task,
            actor=self.reporter(task),
            content=content,
            proposal="done" if done else "progress",
            document_number=f"{task.pk}/BC-{task.lead_unit.short_name}",
            document_date=self.today,
        )

    def advance(self, task: DirectiveTask, story: Task) -> None:
        state = story.state
        if state == T.NEW:
            return
        if state == T.CANCELLED:
            services.task_cancel(task=task, actor=self.office, reason=story.note)
            return
        if state == T.RETURNED:
            services.task_return(task=task, actor=self.reporter(task), reason=story.note)
            return
        if state in (T.IN_PROGRESS, T.DONE, "done_late"):
            report = self.report(
                task, done=False, content="Đã ban hành kế hoạch triển khai, đang tổ chức thực hiện."
            )
            services.report_approve(report=report, actor=self.office, note="Đề nghị tiếp tục triển khai.")
        if state == T.IN_PROGRESS:
            return
        if state == T.REJECTED:
            report = self.report(task, done=True, content="Đã hoàn thành rà soát.")
            services.report_reject(report=report, actor=self.office, reason=story.note)
            return
        if state == T.REPORTED:
            if story.done_report:
                self.report(task, done=True, content="Đã hoàn thành nhiệm vụ; kết quả tại báo cáo kèm theo.")
            else:
                self.report(task, done=False, content="Đã triển khai, kết quả bước đầu như báo cáo kèm theo.")
            return
        report = self.report(task, done=True, content="Đã hoàn thành nhiệm vụ; kết quả tại báo cáo kèm theo.")
        services.report_approve(report=report, actor=self.office, note="Đồng ý.")

    def advance_items(self, directive: Directive) -> None:
        """The standing task's items: the oldest done (late), the next waiting for review; the
        others not yet updated."""
        items = list(
            DirectiveTask.objects.filter(directive=directive, parent__isnull=False)
            .select_related("lead_unit", "directive")
            .order_by("period_start")
        )
        if items:
            report = self.report(items[0], done=True, content="Báo cáo tình hình giải ngân của kỳ.")
            services.report_approve(report=report, actor=self.office)
        if len(items) > 1:
            self.report(items[1], done=True, content="Báo cáo tình hình giải ngân của kỳ.")
