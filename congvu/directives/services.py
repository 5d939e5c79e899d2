"""The write path of directive follow-up (seed 001 Đ8, Đ9; MISSION DIR-1..DIR-5, DIR-8, DIR-9).

Every function checks its guard again (through the workflow), validates what was typed, writes in
one transaction, keeps the task's timeline (``TaskEvent``), records the audit event and tells the
people concerned. Refusals are typed (``Refused``): a field's name rides on invalid input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext_noop

from congvu.assignments import services as assignments
from congvu.assignments.models import Assignment, Link
from congvu.core import audit, calendar
from congvu.core.decisions import Refused
from congvu.core.files import store_upload, uploads_inspected_first
from congvu.core.text import search_text
from congvu.core.typed import typed_line, typed_text
from congvu.directives import policies
from congvu.directives.models import (
    Directive,
    DirectiveTask,
    TaskEvent,
    TaskReport,
    Urgency,
    ViewGrant,
)
from congvu.directives.workflow import DIRECTIVE_WORKFLOW, TASK_WORKFLOW, close_report
from congvu.notifications.services import notification_settle, notify, subject_of
from congvu.org import tree
from congvu.org.models import Membership, Unit

MAX_TASKS = 100  # tasks in one directive
MAX_CO_UNITS = 60  # co-operating agencies of one task
MAX_CONTENT = 5000  # a task's content, a report's content
MAX_SUBJECT = 1000
MAX_NUMBER = 60
MAX_NOTE = 2000  # a reason, a review note
ENTRY_WORKING_DAYS = 3  # seed 001 Đ8.1
REPORT_WORKING_DAYS = 2  # seed 001 Đ8.2

# What a notice about a task waits for; the service that does the act settles it.
AWAITS_REPORT = "report"
AWAITS_REVIEW = "review"
AWAITS_CORRECTION = "correction"


def task_url(task: DirectiveTask) -> str:
    return reverse("directives:task_detail", args=[task.pk])


def directive_url(directive: Directive) -> str:
    return reverse("directives:directive_detail", args=[directive.pk])


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


# --- the deadline rules ----------------------------------------------------------------------------


def entry_due(issued_on: dt.date, urgency: str, task_deadlines: Iterable[dt.date] = ()) -> dt.date:
    """Seed 001 Đ8.1: entered within 3 working days of the issue ("không quá 03 ngày làm việc"),
    the same day when urgent, and never later than the earliest task's deadline ("và không quá thời
    hạn thực hiện nhiệm vụ") — but not before the issue date itself."""
    due = issued_on if urgency != Urgency.NORMAL else calendar.add_working_days(issued_on, ENTRY_WORKING_DAYS)
    earliest = min(task_deadlines, default=None)
    if earliest is not None and earliest < due:
        due = max(earliest, issued_on)
    return due


def report_due(document_date: dt.date | None, urgency: str, sent_on: dt.date) -> dt.date:
    """Seed 001 Đ8.2: in the system within 2 working days after the report document was issued
    ("trong vòng 02 ngày sau khi phát hành văn bản báo cáo"), the same day when urgent. A report with
    no document is due the day it is sent (it is its own record)."""
    if document_date is None:
        return sent_on
    if urgency != Urgency.NORMAL:
        return document_date
    return calendar.add_working_days(document_date, REPORT_WORKING_DAYS)


# --- checks on what was typed ---------------------------------------------------------------------


def _choice(value: str, choices: Any, *, field: str, what: str) -> str:
    if value not in choices.values:
        raise Refused.invalid(f"{what.capitalize()} không hợp lệ.", field=field)
    return value


def _agency_unit(agency: Unit, unit: Unit | None, *, field: str, what: str) -> Unit:
    """A unit under the issuing agency that can be assigned a task (not the agency itself)."""
    if unit is None:
        raise Refused.invalid(f"Vui lòng chọn {what}.", field=field)
    if not unit.is_active:
        raise Refused.invalid(f"{unit.name} đã ngừng hoạt động.", field=field)
    if unit.pk == agency.pk or not tree.in_subtree(unit, agency):
        raise Refused.invalid(f"{unit.name} không thuộc {agency.name}.", field=field)
    return unit


def _office_person(agency: Unit, person: Any, *, field: str) -> Any:
    """DIR-9: the monitor is an officer of the agency's office (or holds the monitor role)."""
    if person is None:
        raise Refused.invalid("Vui lòng chọn người theo dõi của Văn phòng.", field=field)
    if agency.pk in policies._office_agency_ids(person):
        return person
    in_office = Membership.objects.current().filter(
        user_id=person.pk, unit__is_office=True, unit__parent_id=agency.pk
    )
    if not in_office.exists():
        raise Refused.invalid(f"{person} không thuộc Văn phòng của {agency.name}.", field=field)
    return person


def _deadline(
    issued_on: dt.date, deadline: dt.date | None, working_days: int | None, *, field: str
) -> tuple[dt.date, int | None]:
    if working_days is not None:
        calendar.check_working_day_count(working_days, field=field, minimum=1)
        deadline = calendar.add_working_days(issued_on, working_days)
    if deadline is None:
        raise Refused.invalid("Vui lòng nhập thời hạn (một ngày, hoặc số ngày làm việc).", field=field)
    calendar.check_in_horizon(deadline, field=field)
    if deadline < issued_on:
        raise Refused.invalid(
            f"Thời hạn {_day(deadline)} trước ngày ban hành {_day(issued_on)}.", field=field
        )
    return deadline, working_days


@dataclass
class TaskInput:
    """One task as entered (DIR-1; seed 001 Đ8.1.b–đ)."""

    content: str
    lead_unit: Unit | None
    monitor: Any
    deadline: dt.date | None = None
    deadline_working_days: int | None = None
    co_units: Sequence[Unit] = field(default_factory=list)
    recurrence: str = ""
    recurrence_until: dt.date | None = None


@dataclass
class _CheckedTask:
    content: str
    lead_unit: Unit
    monitor: Any
    deadline: dt.date
    deadline_working_days: int | None
    co_units: list[Unit]
    recurrence: str
    recurrence_until: dt.date | None


def _check_task(directive: Directive, data: TaskInput, prefix: str = "") -> _CheckedTask:
    agency = directive.agency
    content = typed_text(
        data.content, field=f"{prefix}content", what="nội dung nhiệm vụ", limit=MAX_CONTENT, required=True
    )
    lead = _agency_unit(agency, data.lead_unit, field=f"{prefix}lead_unit", what="cơ quan chủ trì")
    co_units: list[Unit] = []
    if len(data.co_units) > MAX_CO_UNITS:
        raise Refused.invalid(f"Tối đa {MAX_CO_UNITS} cơ quan phối hợp.", field=f"{prefix}co_units")
    for unit in data.co_units:
        _agency_unit(agency, unit, field=f"{prefix}co_units", what="cơ quan phối hợp")
        if unit.pk == lead.pk:
            raise Refused.invalid(
                f"{unit.name} đã là cơ quan chủ trì, không chọn thêm làm cơ quan phối hợp.",
                field=f"{prefix}co_units",
            )
        if all(u.pk != unit.pk for u in co_units):
            co_units.append(unit)
    monitor = _office_person(agency, data.monitor, field=f"{prefix}monitor")
    deadline, working_days = _deadline(
        directive.issued_on, data.deadline, data.deadline_working_days, field=f"{prefix}deadline"
    )
    recurrence = _choice(
        data.recurrence or "", DirectiveTask.Recurrence, field=f"{prefix}recurrence", what="kỳ báo cáo"
    )
    until = None
    if recurrence:
        if data.recurrence_until is None:
            raise Refused.invalid(
                "Vui lòng nhập ngày kết thúc báo cáo định kỳ.", field=f"{prefix}recurrence_until"
            )
        until = calendar.check_in_horizon(data.recurrence_until, field=f"{prefix}recurrence_until")
        if until <= directive.issued_on:
            raise Refused.invalid(
                "Ngày kết thúc báo cáo định kỳ phải sau ngày ban hành.", field=f"{prefix}recurrence_until"
            )
        if until > directive.issued_on + dt.timedelta(days=5 * 366):
            raise Refused.invalid("Báo cáo định kỳ dài nhất 5 năm.", field=f"{prefix}recurrence_until")
    return _CheckedTask(content, lead, monitor, deadline, working_days, co_units, recurrence, until)


def _task_search_text(directive: Directive, content: str, lead: Unit) -> str:
    return search_text(directive.number, content, lead.name, lead.short_name)


def _event(
    task: DirectiveTask,
    kind: str,
    actor: Any,
    *,
    on_behalf_of: Any = None,
    note: str = "",
    unit: Unit | None = None,
    report: TaskReport | None = None,
) -> TaskEvent:
    return TaskEvent.objects.create(
        task=task, kind=kind, actor=actor, on_behalf_of=on_behalf_of, note=note, unit=unit, report=report
    )


def agency_people(unit: Unit | int) -> list[Any]:
    """Who acts for an agency on its tasks: its current head(s)."""
    return list(tree.heads_of(unit))


def task_people(task: DirectiveTask) -> list[Any]:
    """Who reports on the task: the appointed person, and the lead agency's head(s)."""
    people = agency_people(task.lead_unit_id)
    if task.handler_id and all(p.pk != task.handler_id for p in people):
        people.append(task.handler)
    return people


# --- directives (DIR-1) -----------------------------------------------------------------------------


def _check_header(
    agency: Unit, number: str, subject: str, kind: str, urgency: str, issued_on: dt.date | None, signer: Any
) -> tuple[str, str, str, str]:
    """The directive's own fields, as typed (seed 001 Đ8.1.a–b): cleaned, or refused on their field."""
    number = typed_line(number, field="number", what="số, ký hiệu", limit=MAX_NUMBER)
    subject = typed_line(subject, field="subject", what="trích yếu", limit=MAX_SUBJECT)
    kind = _choice(kind, Directive.Kind, field="kind", what="loại văn bản")
    urgency = _choice(urgency, Urgency, field="urgency", what="độ khẩn")
    if issued_on is None:
        raise Refused.invalid("Vui lòng nhập ngày ban hành.", field="issued_on")
    calendar.check_in_horizon(issued_on, field="issued_on")
    if issued_on > timezone.localdate():
        raise Refused.invalid("Ngày ban hành không được sau hôm nay.", field="issued_on")
    if signer is None or all(p.pk != signer.pk for p in policies.leaders_of(agency)):
        raise Refused.invalid(f"Người chỉ đạo phải là lãnh đạo {agency.name}.", field="signer")
    return number, subject, kind, urgency


@uploads_inspected_first
@transaction.atomic
def directive_create(
    *,
    agency: Unit,
    number: str,
    subject: str,
    issued_on: dt.date,
    signer: Any,
    actor: Any,
    kind: str = Directive.Kind.OFFICIAL_LETTER,
    urgency: str = Urgency.NORMAL,
    tasks: Sequence[TaskInput] = (),
    upload: Any = None,
    publish: bool = True,
) -> Directive:
    """Enter a directive and its tasks (DIR-1). With ``publish`` the tasks reach the agencies at
    once; without it the directive stays a draft the office completes (the entry deadline runs)."""
    decision = policies.is_office_of(actor, agency).require()
    number, subject, kind, urgency = _check_header(agency, number, subject, kind, urgency, issued_on, signer)
    if len(tasks) > MAX_TASKS:
        raise Refused.invalid(f"Một văn bản chỉ đạo có tối đa {MAX_TASKS} nhiệm vụ.", field="tasks")
    if publish and not tasks:
        raise Refused.invalid("Vui lòng nhập ít nhất một nhiệm vụ.", field="tasks")
    if Directive.objects.filter(agency=agency, number__iexact=number, issued_on=issued_on).exists():
        raise Refused.invalid(f"Văn bản số {number} ngày {_day(issued_on)} đã được cập nhật.", field="number")
    directive = Directive(
        agency=agency,
        number=number,
        kind=kind,
        subject=subject,
        issued_on=issued_on,
        signer=signer,
        urgency=urgency,
        entered_by=actor,
        entered_on_behalf_of=decision.on_behalf_of,
        entry_due=entry_due(issued_on, urgency),
        search_text=search_text(number, subject),
    )
    checked = [_check_task(directive, data, prefix=f"tasks-{i}-") for i, data in enumerate(tasks)]
    directive.entry_due = entry_due(issued_on, urgency, (c.deadline for c in checked))
    if upload is not None:
        directive.file = store_upload(uploaded_file=upload, actor=actor)
    try:
        with transaction.atomic():
            directive.save()
    except IntegrityError:
        raise Refused.invalid(
            f"Văn bản số {number} ngày {_day(issued_on)} đã được cập nhật.", field="number"
        ) from None
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="directives.directive.created",
        obj=directive,
        after={
            "number": number,
            "issued_on": issued_on.isoformat(),
            "signer": signer.pk,
            "tasks": len(checked),
        },
    )
    for position, c in enumerate(checked, start=1):
        _create_task(directive, c, position, actor, decision.on_behalf_of)
    if publish:
        directive = directive_publish(directive=directive, actor=actor)
    return directive


def _create_task(
    directive: Directive,
    c: _CheckedTask,
    position: int,
    actor: Any,
    on_behalf_of: Any,
    parent: DirectiveTask | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> DirectiveTask:
    task = DirectiveTask.objects.create(
        directive=directive,
        position=position,
        content=c.content,
        lead_unit=c.lead_unit,
        lead_path=c.lead_unit.path,
        monitor=c.monitor,
        deadline=c.deadline,
        deadline_working_days=c.deadline_working_days,
        recurrence=c.recurrence,
        recurrence_until=c.recurrence_until,
        parent=parent,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        agency=directive.agency,
        signer=directive.signer,
        issued_on=directive.issued_on,
        urgency=directive.urgency,
        search_text=_task_search_text(directive, c.content, c.lead_unit),
    )
    if c.co_units:
        task.co_units.set(c.co_units)
    _event(task, TaskEvent.Kind.ASSIGNED, actor, on_behalf_of=on_behalf_of, unit=c.lead_unit)
    audit.record(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action="directives.task.created",
        obj=task,
        after={
            "lead_unit": c.lead_unit.pk,
            "deadline": c.deadline.isoformat(),
            "monitor": c.monitor.pk,
            "co_units": [u.pk for u in c.co_units],
            "recurrence": c.recurrence,
        },
    )
    if directive.status == Directive.Status.PUBLISHED:
        _tell_assigned(task)
    return task


def _tell_assigned(task: DirectiveTask) -> None:
    if task.recurrence:
        return  # its periodic items are what the agency reports on; each is told when it is made
    notify(
        recipients=task_people(task),
        title=gettext_noop("Nhiệm vụ chỉ đạo mới: %(number)s"),
        body=gettext_noop("%(content)s — thời hạn %(deadline)s."),
        params={
            "number": task.directive.number,
            "content": task.content[:200],
            "deadline": _day(task.deadline),
        },
        url=task_url(task),
        kind="directive.task.assigned",
        event_key=f"directive-task:{task.pk}:assigned:{task.lead_unit_id}",
        subject=subject_of(task),
        awaits=AWAITS_REPORT,
    )


@transaction.atomic
def directive_add_task(*, directive: Directive, data: TaskInput, actor: Any) -> DirectiveTask:
    """The office adds a task to a directive (a draft being completed, or one already given)."""
    directive, decision = DIRECTIVE_WORKFLOW.locked("add_task", directive, actor=actor)
    if directive.tasks.count() >= MAX_TASKS:
        raise Refused.invalid(f"Một văn bản chỉ đạo có tối đa {MAX_TASKS} nhiệm vụ.", field="content")
    checked = _check_task(directive, data)
    position = (
        directive.tasks.filter(parent__isnull=True)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    ) + 1
    task = _create_task(directive, checked, position, actor, decision.on_behalf_of)
    if directive.status == Directive.Status.DRAFT:
        due = entry_due(
            directive.issued_on, directive.urgency, directive.tasks.values_list("deadline", flat=True)
        )
        if due != directive.entry_due:
            Directive.objects.filter(pk=directive.pk).update(entry_due=due)
    return task


@transaction.atomic
def directive_update(
    *,
    directive: Directive,
    actor: Any,
    number: str,
    subject: str,
    issued_on: dt.date,
    signer: Any,
    kind: str,
    urgency: str,
) -> Directive:
    """The office corrects a draft's own fields before giving its tasks. The tasks' copies follow,
    and the entry deadline is worked out again from the new issue date and urgency."""
    directive, decision = DIRECTIVE_WORKFLOW.locked("edit", directive, actor=actor)
    number, subject, kind, urgency = _check_header(
        directive.agency, number, subject, kind, urgency, issued_on, signer
    )
    others = Directive.objects.exclude(pk=directive.pk)
    if others.filter(agency=directive.agency, number__iexact=number, issued_on=issued_on).exists():
        raise Refused.invalid(f"Văn bản số {number} ngày {_day(issued_on)} đã được cập nhật.", field="number")
    deadlines = list(directive.tasks.values_list("deadline", flat=True))
    if deadlines and min(deadlines) < issued_on:
        raise Refused.invalid(
            f"Ngày ban hành sau thời hạn của một nhiệm vụ ({_day(min(deadlines))}).", field="issued_on"
        )
    changes = {
        "number": number,
        "subject": subject,
        "kind": kind,
        "urgency": urgency,
        "issued_on": issued_on,
        "signer": signer,
        "entry_due": entry_due(issued_on, urgency, deadlines),
        "search_text": search_text(number, subject),
    }
    before = {k: getattr(directive, k) for k in changes}
    for key, value in changes.items():
        setattr(directive, key, value)
    directive.save(update_fields=list(changes))
    directive.tasks.update(issued_on=issued_on, signer=signer, urgency=urgency)
    for task in directive.tasks.select_related("lead_unit"):
        task.search_text = _task_search_text(directive, task.content, task.lead_unit)
        task.save(update_fields=["search_text"])

    def plain(value: Any) -> Any:
        return (
            value.pk if hasattr(value, "pk") else value.isoformat() if hasattr(value, "isoformat") else value
        )

    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="directives.directive.updated",
        obj=directive,
        before={
            k: plain(v) for k, v in before.items() if k != "search_text" and plain(v) != plain(changes[k])
        },
        after={
            k: plain(v) for k, v in changes.items() if k != "search_text" and plain(v) != plain(before[k])
        },
    )
    return directive


@transaction.atomic
def directive_publish(*, directive: Directive, actor: Any) -> Directive:
    """The tasks reach their agencies (a draft completed). The local date decides a late entry."""
    locked, _decision = DIRECTIVE_WORKFLOW.locked("publish", directive, actor=actor)
    if not locked.tasks.exists():
        raise Refused.invalid("Vui lòng nhập ít nhất một nhiệm vụ trước khi giao.", field="tasks")
    directive = DIRECTIVE_WORKFLOW.apply(
        "publish", locked, actor=actor, changes={"published_on": timezone.localdate()}
    )
    for task in directive.tasks.select_related("directive", "handler").filter(parent__isnull=True):
        _tell_assigned(task)
    return directive


# --- the agency: reports, returns, the person who reports (DIR-2, DIR-4) ------------------------------


@transaction.atomic
def task_appoint(*, task: DirectiveTask, handler: Any, actor: Any) -> DirectiveTask:
    """The agency's leader names who keeps the task up to date (seed 001 Đ5.3: "phân công công
    chức, viên chức theo dõi, cập nhật"). ``handler=None`` takes the appointment back."""
    task, decision = TASK_WORKFLOW.locked("appoint", task, actor=actor)
    if handler is not None:
        member = Membership.objects.current().filter(
            user_id=handler.pk, unit__path__startswith=task.lead_path
        )
        if not member.exists():
            raise Refused.invalid(f"{handler} không thuộc {task.lead_unit.name}.", field="handler")
    before = {"handler": task.handler_id}
    task.handler = handler
    task.updated_at = timezone.now()
    task.save(update_fields=["handler", "updated_at"])
    _event(
        task,
        TaskEvent.Kind.APPOINTED,
        actor,
        on_behalf_of=decision.on_behalf_of,
        note=str(handler) if handler else "",
    )
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="directives.task.appoint",
        obj=task,
        before=before,
        after={"handler": handler.pk if handler else None},
    )
    if handler is not None:
        notify(
            recipients=[handler],
            title=gettext_noop("Được phân công cập nhật nhiệm vụ chỉ đạo: %(number)s"),
            body="%(content)s",
            params={"number": task.directive.number, "content": task.content[:200]},
            url=task_url(task),
            kind="directive.task.appointed",
            event_key=f"directive-task:{task.pk}:appointed:{handler.pk}",
            subject=subject_of(task),
            awaits=AWAITS_REPORT,
        )
    return task


@uploads_inspected_first
@transaction.atomic
def task_report(
    *,
    task: DirectiveTask,
    actor: Any,
    content: str,
    proposal: str,
    document_number: str = "",
    document_date: dt.date | None = None,
    upload: Any = None,
) -> TaskReport:
    """DIR-2: the lead agency reports what was done, with its report document, proposing the task
    as still in progress or as done. The office reviews it (DIR-3)."""
    task, decision = TASK_WORKFLOW.locked("report", task, actor=actor)
    content = typed_text(
        content, field="content", what="nội dung thực hiện", limit=MAX_CONTENT, required=True
    )
    proposal = _choice(proposal, TaskReport.Proposal, field="proposal", what="đề xuất")
    document_number = typed_line(
        document_number,
        field="document_number",
        what="số, ký hiệu văn bản báo cáo",
        limit=MAX_NUMBER,
        required=False,
    )
    today = timezone.localdate()
    if document_date is not None:
        calendar.check_in_horizon(document_date, field="document_date")
        if document_date > today:
            raise Refused.invalid("Ngày văn bản báo cáo không được sau hôm nay.", field="document_date")
        if document_date < task.issued_on:
            raise Refused.invalid(
                "Ngày văn bản báo cáo trước ngày ban hành văn bản chỉ đạo.", field="document_date"
            )
    if document_number and document_date is None:
        raise Refused.invalid("Vui lòng nhập ngày của văn bản báo cáo.", field="document_date")
    stored = store_upload(uploaded_file=upload, actor=actor) if upload is not None else None
    now = timezone.now()
    report = TaskReport.objects.create(
        task=task,
        content=content,
        proposal=proposal,
        document_number=document_number,
        document_date=document_date,
        file=stored,
        submitted_by=actor,
        submitted_on_behalf_of=decision.on_behalf_of,
        submitted_at=now,
        submitted_on=today,
        due_on=report_due(document_date, task.urgency, today),
    )
    task = TASK_WORKFLOW.apply(
        "report",
        task,
        actor=actor,
        changes={
            "first_reported_at": task.first_reported_at or now,
            "last_reported_at": now,
            "updated_at": now,
        },
    )
    _event(
        task,
        TaskEvent.Kind.REPORTED,
        actor,
        on_behalf_of=decision.on_behalf_of,
        note=report.get_proposal_display(),
        report=report,
    )
    notification_settle(subject=subject_of(task), awaits=AWAITS_REPORT)
    notify(
        recipients=[task.monitor],
        title=gettext_noop("Báo cáo chờ duyệt: %(number)s"),
        body=gettext_noop("%(unit)s: %(content)s"),
        params={"number": task.directive.number, "unit": task.lead_unit.name, "content": content[:200]},
        url=task_url(task),
        kind="directive.report.submitted",
        event_key=f"directive-report:{report.pk}:submitted",
        subject=subject_of(task),
        awaits=AWAITS_REVIEW,
    )
    return report


@transaction.atomic
def task_return(*, task: DirectiveTask, actor: Any, reason: str) -> DirectiveTask:
    """DIR-4 (seed 001 Đ9.1): assigned wrongly, or not this agency's remit — back to the office with
    the reason; the office corrects or reassigns it."""
    locked, decision = TASK_WORKFLOW.locked("return", task, actor=actor)
    reason = typed_text(reason, field="reason", what="lý do trả lại", limit=MAX_NOTE, required=True)
    task = TASK_WORKFLOW.apply(
        "return", locked, actor=actor, reason=reason, changes={"updated_at": timezone.now()}
    )
    _event(
        task,
        TaskEvent.Kind.RETURNED,
        actor,
        on_behalf_of=decision.on_behalf_of,
        note=reason,
        unit=task.lead_unit,
    )
    notification_settle(subject=subject_of(task), awaits=AWAITS_REPORT)
    notify(
        recipients=[task.monitor],
        title=gettext_noop("Nhiệm vụ bị trả lại Văn phòng: %(number)s"),
        body=gettext_noop("%(unit)s: %(reason)s"),
        params={"number": task.directive.number, "unit": task.lead_unit.name, "reason": reason},
        url=task_url(task),
        kind="directive.task.returned",
        event_key=f"directive-task:{task.pk}:returned:{timezone.now().timestamp()}",
        subject=subject_of(task),
        awaits=AWAITS_CORRECTION,
    )
    return task


def _work_title(task: DirectiveTask) -> str:
    """The work's title when the leader types none: "<number>: <content, shortened>"."""
    content = " ".join(task.content.split())
    return f"{task.directive.number}: {Truncator(content).chars(200)}"


def _work_deadline(task: DirectiveTask, deadline: dt.date | None, working_days: int | None) -> dt.date:
    """The work's deadline: the one typed (a date, or N working days from today), else the task's own
    — moved back to a working day, never before today — and never after the task's deadline."""
    field = "deadline_working_days" if working_days is not None else "deadline"
    today = timezone.localdate()
    if working_days is not None:
        calendar.check_working_day_count(working_days, field=field, minimum=1)
        deadline = calendar.add_working_days(today, working_days)
    elif deadline is None:
        deadline = task.deadline
        while deadline > today and not calendar.is_working_day(deadline):
            deadline -= dt.timedelta(days=1)
    calendar.check_in_horizon(deadline, field=field)
    if deadline > task.deadline:
        raise Refused.invalid(
            f"Hạn của công việc ({_day(deadline)}) không được sau thời hạn của nhiệm vụ chỉ đạo "
            f"({_day(task.deadline)}).",
            field=field,
        )
    return deadline


@transaction.atomic
def task_distribute(
    *,
    task: DirectiveTask,
    actor: Any,
    lead_user: Any = None,
    lead_unit: Unit | None = None,
    title: str = "",
    deadline: dt.date | None = None,
    deadline_working_days: int | None = None,
) -> Assignment:
    """Issue #10: a leader of the lead agency distributes the task inside the agency — gives work
    (giao việc) to a person or a unit under it, in one act, linked to the task. Whom the leader may
    give work to is the work module's rule (``assignment_create``: its refusals pass through on
    their field); the work is due by the task's deadline at the latest, and by default."""
    task, decision = TASK_WORKFLOW.locked("distribute", task, actor=actor)
    due = _work_deadline(task, deadline, deadline_working_days)
    number = task.directive.number
    item = assignments.assignment_create(
        actor=actor,
        title=title.strip() or _work_title(task),
        description=linebreaks(task.content, autoescape=True),
        lead_user=lead_user,
        lead_unit=lead_unit,
        deadline=due,
    )
    Link.objects.create(
        assignment=item, kind="directive", target_id=str(task.pk), label=f"{number} — nhiệm vụ chỉ đạo"
    )
    task.updated_at = timezone.now()
    task.save(update_fields=["updated_at"])
    _event(
        task,
        TaskEvent.Kind.DISTRIBUTED,
        actor,
        on_behalf_of=decision.on_behalf_of,
        note=f"{item.title} — {item.lead_display}",
        unit=item.lead_unit,
    )
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="directives.task.distributed",
        obj=task,
        after={"assignment": item.pk, "lead": item.lead_display, "deadline": due.isoformat()},
    )
    return item


# --- the office: review, correct, reassign, cancel (DIR-3, DIR-4) ---------------------------------------


def _pending(report: TaskReport) -> TaskReport:
    fresh = TaskReport.objects.select_for_update().get(pk=report.pk)
    if fresh.status != TaskReport.Status.PENDING:
        raise Refused.wrong_state("Báo cáo này đã được duyệt hoặc từ chối (có thể người khác vừa xử lý).")
    return fresh


@transaction.atomic
def report_approve(*, report: TaskReport, actor: Any, note: str = "") -> DirectiveTask:
    """DIR-3: the office approves. A "done" proposal completes the task — on time or late by the
    date the agency sent its result, not by the day the office read it; a progress report keeps the
    task in progress."""
    report = _pending(report)
    note = typed_text(note, field="note", what="ý kiến", limit=MAX_NOTE)
    task = report.task
    done = report.proposal == TaskReport.Proposal.DONE
    name = "approve" if done else "accept"
    locked, decision = TASK_WORKFLOW.locked(name, task, actor=actor)
    changes: dict[str, Any] = {"updated_at": timezone.now()}
    if done:
        changes["completed_on"] = report.submitted_on
    task = TASK_WORKFLOW.apply(name, locked, actor=actor, reason=note, changes=changes)
    close_report(report, actor, TaskReport.Status.APPROVED, note)
    _event(
        task,
        TaskEvent.Kind.APPROVED if done else TaskEvent.Kind.ACCEPTED,
        actor,
        on_behalf_of=decision.on_behalf_of,
        note=note,
        report=report,
    )
    notification_settle(subject=subject_of(task), awaits=AWAITS_REVIEW)
    notify(
        recipients=task_people(task),
        title=gettext_noop("Văn phòng đã duyệt hoàn thành: %(number)s")
        if done
        else gettext_noop("Văn phòng đã duyệt báo cáo tiến độ: %(number)s"),
        body="%(content)s",
        params={"number": task.directive.number, "content": task.content[:200]},
        url=task_url(task),
        kind="directive.report.approved",
        event_key=f"directive-report:{report.pk}:approved",
        subject=subject_of(task),
    )
    return task


@transaction.atomic
def report_reject(*, report: TaskReport, actor: Any, reason: str) -> DirectiveTask:
    """DIR-3: the result does not meet the directive — back to the agency to do again, with the reason."""
    report = _pending(report)
    task = report.task
    locked, decision = TASK_WORKFLOW.locked("reject", task, actor=actor)
    reason = typed_text(reason, field="reason", what="lý do từ chối", limit=MAX_NOTE, required=True)
    task = TASK_WORKFLOW.apply(
        "reject",
        locked,
        actor=actor,
        reason=reason,
        changes={"updated_at": timezone.now(), "rejected_count": locked.rejected_count + 1},
    )
    close_report(report, actor, TaskReport.Status.REJECTED, reason)
    _event(
        task, TaskEvent.Kind.REJECTED, actor, on_behalf_of=decision.on_behalf_of, note=reason, report=report
    )
    notification_settle(subject=subject_of(task), awaits=AWAITS_REVIEW)
    notify(
        recipients=task_people(task),
        title=gettext_noop("Văn phòng từ chối báo cáo: %(number)s"),
        body="%(reason)s",
        params={"number": task.directive.number, "reason": reason},
        url=task_url(task),
        kind="directive.report.rejected",
        event_key=f"directive-report:{report.pk}:rejected",
        subject=subject_of(task),
        awaits=AWAITS_REPORT,
    )
    return task


@transaction.atomic
def task_reassign(
    *,
    task: DirectiveTask,
    actor: Any,
    lead_unit: Unit | None,
    reason: str,
    co_units: Sequence[Unit] | None = None,
) -> DirectiveTask:
    """DIR-4: the office gives the task to another agency (or back to the same one, corrected); the
    new agency starts from "no report yet", the history keeps the return and the reassignment."""
    locked, decision = TASK_WORKFLOW.locked("reassign", task, actor=actor)
    reason = typed_text(reason, field="reason", what="lý do giao lại", limit=MAX_NOTE, required=True)
    lead = _agency_unit(locked.agency, lead_unit, field="lead_unit", what="cơ quan chủ trì")
    changes: dict[str, Any] = {
        "lead_unit": lead,
        "lead_path": lead.path,
        "handler": None,
        "updated_at": timezone.now(),
        "search_text": _task_search_text(locked.directive, locked.content, lead),
    }
    task = TASK_WORKFLOW.apply("reassign", locked, actor=actor, reason=reason, changes=changes)
    if co_units is not None:
        units = [_agency_unit(task.agency, u, field="co_units", what="cơ quan phối hợp") for u in co_units]
        task.co_units.set([u for u in units if u.pk != lead.pk][:MAX_CO_UNITS])
    _event(task, TaskEvent.Kind.REASSIGNED, actor, on_behalf_of=decision.on_behalf_of, note=reason, unit=lead)
    notification_settle(subject=subject_of(task), awaits=[AWAITS_CORRECTION, AWAITS_REPORT])
    _tell_assigned(task)
    return task


@transaction.atomic
def task_update(
    *,
    task: DirectiveTask,
    actor: Any,
    content: str | None = None,
    deadline: dt.date | None = None,
    monitor: Any = None,
    co_units: Sequence[Unit] | None = None,
) -> DirectiveTask:
    """The office corrects a task (seed 001 Đ9.2): its content, deadline, monitor, co-operating agencies."""
    task, decision = TASK_WORKFLOW.locked("update", task, actor=actor)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if content is not None:
        text = typed_text(
            content, field="content", what="nội dung nhiệm vụ", limit=MAX_CONTENT, required=True
        )
        if text != task.content:
            before["content"], after["content"] = task.content, text
            task.content = text
            task.search_text = _task_search_text(task.directive, text, task.lead_unit)
    if deadline is not None and deadline != task.deadline:
        deadline, _wd = _deadline(task.issued_on, deadline, None, field="deadline")
        before["deadline"], after["deadline"] = task.deadline.isoformat(), deadline.isoformat()
        task.deadline = deadline
        task.deadline_working_days = None
    if monitor is not None and monitor.pk != task.monitor_id:
        _office_person(task.agency, monitor, field="monitor")
        before["monitor"], after["monitor"] = task.monitor_id, monitor.pk
        task.monitor = monitor
    task.updated_at = timezone.now()
    task.save()
    if co_units is not None:
        units = [_agency_unit(task.agency, u, field="co_units", what="cơ quan phối hợp") for u in co_units]
        units = [u for u in units if u.pk != task.lead_unit_id]
        if len(units) > MAX_CO_UNITS:
            raise Refused.invalid(f"Tối đa {MAX_CO_UNITS} cơ quan phối hợp.", field="co_units")
        old = sorted(task.co_units.values_list("pk", flat=True))
        new = sorted({u.pk for u in units})
        if old != new:
            before["co_units"], after["co_units"] = old, new
            task.co_units.set(units)
    if after:
        _event(
            task,
            TaskEvent.Kind.UPDATED,
            actor,
            on_behalf_of=decision.on_behalf_of,
            note=", ".join(sorted(after)),
        )
        audit.record(
            actor=actor,
            on_behalf_of=decision.on_behalf_of,
            action="directives.task.updated",
            obj=task,
            before=before,
            after=after,
        )
    return task


@transaction.atomic
def task_cancel(*, task: DirectiveTask, actor: Any, reason: str) -> DirectiveTask:
    """The office withdraws a task (the directive was replaced or revoked), with the reason. A standing
    task takes its open periodic items with it."""
    locked, decision = TASK_WORKFLOW.locked("cancel", task, actor=actor)
    reason = typed_text(reason, field="reason", what="lý do hủy", limit=MAX_NOTE, required=True)
    task = TASK_WORKFLOW.apply(
        "cancel", locked, actor=actor, reason=reason, changes={"updated_at": timezone.now()}
    )
    _event(task, TaskEvent.Kind.CANCELLED, actor, on_behalf_of=decision.on_behalf_of, note=reason)
    notification_settle(subject=subject_of(task), awaits=[AWAITS_REPORT, AWAITS_REVIEW, AWAITS_CORRECTION])
    for item in task.items.filter(status__in=DirectiveTask.OPEN_STATES):
        TASK_WORKFLOW.apply(
            "cancel", item, actor=actor, reason=reason, changes={"updated_at": timezone.now()}
        )
        _event(item, TaskEvent.Kind.CANCELLED, actor, on_behalf_of=decision.on_behalf_of, note=reason)
        notification_settle(
            subject=subject_of(item), awaits=[AWAITS_REPORT, AWAITS_REVIEW, AWAITS_CORRECTION]
        )
    return task


# --- who may read (DIR-8) -------------------------------------------------------------------------------


@transaction.atomic
def view_grant(*, user: Any, unit: Unit, actor: Any) -> ViewGrant:
    """The office lets an account read an agency's directive data (seed 001 Đ10.2)."""
    offices = policies.office_agencies(actor)
    if not offices:
        raise Refused.not_allowed(policies.NOT_OFFICE)
    if not any(tree.in_subtree(unit, agency) for agency in offices):
        raise Refused.invalid(f"{unit.name} không thuộc cơ quan do Văn phòng theo dõi.", field="unit")
    grant, created = ViewGrant.objects.get_or_create(user=user, unit=unit, defaults={"granted_by": actor})
    user.__dict__.pop("_directive_grants", None)  # this request's copy is stale
    if created:
        audit.record(
            actor=actor,
            action="directives.grant.created",
            obj=grant,
            after={"user": user.pk, "unit": unit.pk},
        )
    return grant


@transaction.atomic
def view_revoke(*, grant: ViewGrant, actor: Any) -> None:
    offices = policies.office_agencies(actor)
    if not any(tree.in_subtree(grant.unit, agency) for agency in offices):
        raise Refused.not_allowed(policies.NOT_OFFICE)
    audit.record(
        actor=actor,
        action="directives.grant.revoked",
        obj=grant,
        before={"user": grant.user_id, "unit": grant.unit_id},
    )
    grant.delete()
    grant.user.__dict__.pop("_directive_grants", None)
