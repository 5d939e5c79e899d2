"""Use cases that write work items (TASK-1..TASK-4). Keyword-only, one transaction, audited.

Every check is the one the screens and the API show (``ASSIGNMENT_WORKFLOW.check``: the state,
then the guard): a refused call raises a typed ``Refused`` with the Vietnamese reason — not allowed,
wrong state, invalid input on a field — and changes nothing. Permission is asked before the input
is judged, so a person who may not act learns that first.
Transitions re-read the row under ``select_for_update()`` before they compute what they write, so
two people acting on the same item at once cannot both win. Notifications leave after commit
(``congvu.notifications.services.notify``), each with an ``event_key`` so that nobody is told the
same thing twice.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from typing import Any

import nh3
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.assignments import policies
from congvu.assignments.models import (
    Assignment,
    Attachment,
    ChecklistItem,
    Extension,
    Participant,
    ProgressReport,
)
from congvu.assignments.workflow import ASSIGNMENT_WORKFLOW, EXTENSION_WORKFLOW
from congvu.core import audit, calendar
from congvu.core.decisions import Refused
from congvu.core.files import inspect_uploads, refuse_secret_text, uploads_inspected_first
from congvu.core.text import clean_note, clean_text, search_text
from congvu.core.workflow import clean_reason
from congvu.notifications.services import notification_settle, notify, subject_of
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Unit

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
TITLE_MAX = 500
MAX_DEPTH = 10  # levels of subtasks under one piece of work


def sanitise(html: str) -> str:
    """Rich text as the editor sends it, stripped of scripts, handlers and javascript: links."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
    )


def rating_max() -> int:
    return getattr(settings, "ASSIGNMENT_RATING_MAX", 5)


def _url(item: Assignment) -> str:
    return reverse("assignments:detail", args=[item.pk])


# What a notice about a work item waits for: the lead's result, the approver's review of it, the
# approver's decision on an extension. The service that does the act settles the notices.
AWAITS_RESULT = "result"
AWAITS_REVIEW = "review"
AWAITS_EXTENSION = "extension"


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def lead_people(item: Assignment) -> list[Any]:
    """Who leads the work: the person, or the current head(s) of the lead unit."""
    if item.lead_user_id:
        return [item.lead_user]
    assert item.lead_unit_id is not None  # a work item has a lead person or a lead unit
    return list(tree.heads_of(item.lead_unit_id))


def _locked(item: Assignment) -> Assignment:
    """The row as it is now, locked until the end of the transaction (PostgreSQL; SQLite serialises writers)."""
    return Assignment.objects.select_for_update().get(pk=item.pk)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _title(value: str) -> str:
    title = clean_text(value or "", field="title")
    if not title:
        raise Refused("Vui lòng nhập tên công việc.", field="title")
    if len(title) > TITLE_MAX:
        raise Refused(f"Tên công việc dài tối đa {TITLE_MAX} ký tự.", field="title")
    return refuse_secret_text(title, field="title", what="tên công việc")


_BLOCK_END = re.compile(r"</(?:p|li|h3|h4|blockquote|tr|td|th)>|<br\s*/?>", re.IGNORECASE)


def _description(value: str) -> str:
    """Rich text, NFC and sanitised; refused when it carries a secrecy marking (DOC-7), read
    paragraph by paragraph as a document's lines are."""
    description = sanitise(clean_note(value, field="description"))
    plain = html.unescape(nh3.clean(_BLOCK_END.sub("\n", description), tags=set()))
    refuse_secret_text(plain, field="description", what="nội dung công việc")
    return description


def _note(value: str, *, field: str, what: str) -> str:
    """A note, report or reason typed with an act: NFC, and never a secrecy marking (DOC-7)."""
    return clean_reason(value, field=field, what=what)


def _search_text(title: str, description: str) -> str:
    return search_text(title, nh3.clean(description or "", tags=set()))


def check_deadline(day: dt.date, *, field: str = "deadline", today: dt.date | None = None) -> dt.date:
    """A deadline a person gives (within the horizon, then ``policies.deadline_allowed``), or
    refused on ``field``."""
    calendar.check_in_horizon(day, field=field, today=today)
    policies.deadline_allowed(day, today).require(field=field)
    return day


def _resolve_deadline(start: dt.date, deadline: dt.date | None, working_days: int | None) -> dt.date:
    if working_days is not None:
        calendar.check_working_day_count(working_days, field="deadline_working_days", minimum=1)
        return calendar.add_working_days(start, working_days)
    if deadline is None:
        raise Refused("Vui lòng nhập hạn hoàn thành (ngày, hoặc số ngày làm việc).", field="deadline")
    return deadline


def _unit_of_lead(lead_user: Any, lead_unit: Unit | None) -> Unit:
    if lead_user is None:
        assert lead_unit is not None  # one of the two, checked by _scope_decision
        return lead_unit
    membership = org.primary_membership(lead_user)
    if membership is None:
        raise Refused(f"{lead_user.full_name} chưa thuộc đơn vị nào.", field="lead")
    return membership.unit


def _scope_decision(actor: Any, lead_user: Any, lead_unit: Unit | None) -> Any:
    if (lead_user is None) == (lead_unit is None):
        raise Refused("Chọn đúng một người hoặc một đơn vị chủ trì.", field="lead")
    if lead_unit is not None:
        decision = policies.can_assign_to_unit(actor, lead_unit)
    else:
        decision = policies.can_assign_to_user(actor, lead_user)
    return decision.require(field="lead", kind=Refused.Kind.INVALID)


def _active_people(people: Iterable[Any], field: str) -> list[Any]:
    unique = list({p.pk: p for p in people}.values())
    for person in unique:
        if not person.is_active:
            raise Refused(f"Tài khoản của {person.full_name} không còn hoạt động.", field=field)
    return unique


def _followers(actor: Any, people: Iterable[Any]) -> list[Any]:
    """Followers within the giver's reach (``policies.can_add_follower``): each is told of the work."""
    followers = _active_people(people, "followers")
    for person in followers:
        policies.can_add_follower(actor, person).require(field="followers", kind=Refused.Kind.INVALID)
    return followers


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    title: str,
    lead_user: Any = None,
    lead_unit: Unit | None = None,
    description: str = "",
    start_date: dt.date | None = None,
    deadline: dt.date | None = None,
    deadline_working_days: int | None = None,
    priority: int = Assignment.Priority.NORMAL,
    co_assignees: Iterable[Any] = (),
    followers: Iterable[Any] = (),
    parent: Assignment | None = None,
    plan_item: Any = None,
    checklist: Iterable[str] = (),
) -> Assignment:
    """Give work (TASK-1, TASK-2). Refused with a reason outside the assigner's scope.

    The approver is the authority who gave the work (the principal when a delegate gave it on
    their behalf); for work a person gives themselves, the head of their unit (seed 000 Đ7.5:
    "gửi lãnh đạo cấp trên phê duyệt"), so nobody approves their own work. A subtask (``parent``)
    is given by the lead of the parent, to somebody else, within the parent's deadline.
    """
    title = _title(title)
    start_date = calendar.check_in_horizon(start_date or timezone.localdate(), field="start_date")
    due = _resolve_deadline(start_date, deadline, deadline_working_days)
    if due < start_date:
        raise Refused("Hạn hoàn thành không được trước ngày bắt đầu.", field="deadline")
    check_deadline(due, field="deadline_working_days" if deadline_working_days is not None else "deadline")
    if priority not in Assignment.Priority.values:
        raise Refused("Mức ưu tiên không hợp lệ.", field="priority")
    self_assigned = lead_user is not None and lead_user.pk == actor.pk
    parent_decision = None
    if parent is not None:  # the parent first: may this person pass its work down, now?
        parent = _locked(parent)
        parent_decision = ASSIGNMENT_WORKFLOW.check("subtask", parent, actor)
        parent_decision.require(field="parent")
    decision = _scope_decision(actor, lead_user, lead_unit)
    if parent is not None:
        if self_assigned:
            raise Refused(
                "Việc con phải giao cho người khác; tự chia việc bằng danh sách đầu việc.", field="lead"
            )
        if due > parent.deadline:
            raise Refused(
                f"Hạn của việc con không được sau hạn của việc cha ({parent.deadline:%d/%m/%Y}).",
                field="deadline",
            )
        if parent.lineage.count("/") > MAX_DEPTH:
            raise Refused(f"Công việc chỉ chia được tối đa {MAX_DEPTH} cấp việc con.", field="parent")
        # A subtask is part of the parent's work: given in the name of the parent's lead.
        decision = parent_decision
    on_behalf_of = decision.on_behalf_of
    if self_assigned:
        bosses = org.superiors(actor)
        if not bosses:
            raise Refused(
                "Không có lãnh đạo cấp trên để duyệt kết quả việc tự giao (chưa có thủ trưởng đơn vị).",
                field="lead",
            )
        approver = bosses[0]
    else:
        approver = on_behalf_of or actor
    unit = _unit_of_lead(lead_user, lead_unit)
    co_assignees = [
        p for p in _active_people(co_assignees, "co_assignees") if p.pk != getattr(lead_user, "pk", None)
    ]
    for person in co_assignees:
        policies.can_assign_to_user(actor, person).require(field="co_assignees", kind=Refused.Kind.INVALID)
    followers = _followers(actor, followers)
    checklist_lines = [
        refuse_secret_text(line, field="checklist", what="đầu việc")
        for line in (clean_text(t, field="checklist") for t in checklist)
        if line
    ]
    now = timezone.now()
    description = _description(description)
    item = Assignment.objects.create(
        title=title,
        description=description,
        assigner=actor,
        assigned_on_behalf_of=on_behalf_of,
        approver=approver,
        lead_user=lead_user,
        lead_unit=lead_unit,
        unit=unit,
        unit_path=unit.path,
        parent=parent,
        lineage=f"{parent.lineage}{parent.pk}/" if parent is not None else "/",
        plan_item=plan_item,
        start_date=start_date,
        deadline=due,
        deadline_working_days=deadline_working_days,
        priority=priority,
        created_at=now,
        updated_at=now,
        search_text=_search_text(title, description),
    )
    Participant.objects.bulk_create(
        [Participant(assignment=item, user=p, role=Participant.Role.COORDINATE) for p in co_assignees]
        + [Participant(assignment=item, user=p, role=Participant.Role.FOLLOWER) for p in followers]
    )
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(assignment=item, text=line[:300], position=i)
            for i, line in enumerate(checklist_lines)
        ]
    )
    audit.record(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action="assignments.assignment.created",
        obj=item,
        after={
            "lead": item.lead_display,
            "deadline": due,
            "approver": approver,
            "parent": parent.pk if parent else None,
            "co_assignees": [p.full_name for p in co_assignees],
        },
    )
    params = {"title": title, "giver": actor.full_name, "due": _day(due)}
    if on_behalf_of:
        params["principal"] = on_behalf_of.full_name
    notify(
        recipients=[p for p in lead_people(item) + co_assignees if p.pk != actor.pk],
        title=gettext_noop("Việc mới: %(title)s"),
        body=gettext_noop("%(giver)s (thay mặt %(principal)s) giao việc, hạn %(due)s.")
        if on_behalf_of
        else gettext_noop("%(giver)s giao việc, hạn %(due)s."),
        params=params,
        url=_url(item),
        kind="assignment.new",
        event_key=f"assignment:{item.pk}:new",
        subject=subject_of(item),
        awaits=AWAITS_RESULT,
    )
    notify(
        recipients=[p for p in followers if p.pk != actor.pk],
        title=gettext_noop("Theo dõi công việc: %(title)s"),
        body=gettext_noop("%(giver)s (thay mặt %(principal)s) mời theo dõi, hạn %(due)s.")
        if on_behalf_of
        else gettext_noop("%(giver)s mời theo dõi, hạn %(due)s."),
        params=params,
        url=_url(item),
        kind="assignment.follow",
        event_key=f"assignment:{item.pk}:follow",
        subject=subject_of(item),
        email=False,
    )
    return item


def _touch(**changes: Any) -> dict[str, Any]:
    return {"updated_at": timezone.now(), **changes}


def _store_uploads(uploads: Iterable[Any], actor: Any) -> list[Any]:
    """Each upload through the core file service (DOC-6, DOC-7): a refused file refuses the whole call.
    The services judge their files before their transaction (``uploads_inspected_first``)."""
    from congvu.core.files import store_upload

    return [store_upload(uploaded_file=upload, actor=actor) for upload in uploads]


@uploads_inspected_first
@transaction.atomic
def progress_report(
    *,
    item: Assignment,
    actor: Any,
    percent: int,
    text: str = "",
    files: Iterable[Any] = (),
    uploads: Iterable[Any] = (),
) -> ProgressReport:
    """TASK-3: a report with percent, text and files; the history stays. The lead's report sets the
    item's progress, and the first one starts the work; a co-assignee's report is kept beside it."""
    item, _decision = ASSIGNMENT_WORKFLOW.locked("progress", item, actor=actor)
    if not _is_int(percent) or percent < 0 or percent > 100:
        raise Refused("Tiến độ phải từ 0 đến 100%.", field="percent")
    lead = policies.is_lead(actor, item)
    stored = [*files, *_store_uploads(uploads, actor)]
    text = _note(text, field="text", what="báo cáo tiến độ")
    # The work starts, then its first report is written: the history tells it in that order.
    if lead and ASSIGNMENT_WORKFLOW.check("start", item, actor):
        item = ASSIGNMENT_WORKFLOW.apply("start", item, actor=actor, changes=_touch(progress=percent))
    elif lead:
        Assignment.objects.filter(pk=item.pk).update(progress=percent, updated_at=timezone.now())
    else:
        Assignment.objects.filter(pk=item.pk).update(updated_at=timezone.now())
    report = ProgressReport.objects.create(
        assignment=item, author=actor, on_behalf_of=lead.on_behalf_of, percent=percent, text=text
    )
    report.files.set(stored)
    audit.record(
        actor=actor,
        on_behalf_of=lead.on_behalf_of,
        action="assignments.assignment.progress",
        obj=item,
        after={"percent": percent, "files": [f.original_name for f in stored]},
        note=text[:500],
    )
    return report


@uploads_inspected_first
@transaction.atomic
def submit(
    *,
    item: Assignment,
    actor: Any,
    note: str = "",
    files: Iterable[Any] = (),
    uploads: Iterable[Any] = (),
    incomplete_confirmed: bool = False,
) -> Assignment:
    """TASK-4: the lead sends the result to the approver; refused while subtasks are open.

    A result has content — a note, or files, or both — kept as the item's result report, which the
    approver (and, for a subtask, the page of the work above) shows. Sent before the progress
    reaches 100 %, it needs the lead to say so (``incomplete_confirmed``)."""
    locked, decision = ASSIGNMENT_WORKFLOW.locked("submit", item, actor=actor)
    note = _note(note, field="note", what="ghi chú kết quả")
    uploads = list(uploads)
    if not note and not uploads and not list(files):
        raise Refused("Kết quả cần có nội dung: ghi chú kết quả hoặc tệp kèm theo.", field="note")
    if locked.progress < 100 and not incomplete_confirmed:
        raise Refused(
            f"Tiến độ mới đạt {locked.progress}%. Vui lòng xác nhận gửi kết quả khi chưa hoàn thành 100%.",
            field="incomplete_confirmed",
        )
    stored = [*files, *_store_uploads(uploads, actor)]
    report = ProgressReport.objects.create(
        assignment=locked,
        author=actor,
        on_behalf_of=decision.on_behalf_of,
        percent=locked.progress,
        text=note,
        is_result=True,
    )
    report.files.set(stored)
    item = ASSIGNMENT_WORKFLOW.apply("submit", locked, actor=actor, reason=note, changes=_touch())
    notification_settle(subject=subject_of(item), awaits=AWAITS_RESULT)
    notify(
        recipients=[item.approver],
        title=gettext_noop("Chờ duyệt: %(title)s"),
        body="%(note)s",
        params={"title": item.title, "note": note},
        url=_url(item),
        kind="assignment.submitted",
        event_key=f"assignment:{item.pk}:submitted:{item.submitted_at:%Y%m%d%H%M%S%f}",
        subject=subject_of(item),
        awaits=AWAITS_REVIEW,
    )
    return item


@transaction.atomic
def approve(*, item: Assignment, actor: Any, rating: int, comment: str = "") -> Assignment:
    """Approve and evaluate (TASK-4): a rating on the agency's scale (``ASSIGNMENT_RATING_MAX``) and
    an optional comment. The local date of approval decides "on time" or "late" (TASK-5)."""
    item, _decision = ASSIGNMENT_WORKFLOW.locked("approve", item, actor=actor)
    if not _is_int(rating) or not 1 <= rating <= rating_max():
        raise Refused(f"Vui lòng chọn mức đánh giá từ 1 đến {rating_max()}.", field="rating")
    comment = _note(comment, field="comment", what="nhận xét")
    item = ASSIGNMENT_WORKFLOW.apply(
        "approve",
        item,
        actor=actor,
        reason=comment,
        changes=_touch(rating=rating, evaluation=comment, progress=100, completed_on=timezone.localdate()),
    )
    notification_settle(subject=subject_of(item), awaits=[AWAITS_REVIEW, AWAITS_RESULT])
    notify(
        recipients=lead_people(item),
        title=gettext_noop("Đã duyệt: %(title)s"),
        body=gettext_noop("Đánh giá %(rating)s/%(scale)s. %(comment)s")
        if comment
        else gettext_noop("Đánh giá %(rating)s/%(scale)s."),
        params={"title": item.title, "rating": rating, "scale": rating_max(), "comment": comment},
        url=_url(item),
        kind="assignment.approved",
        event_key=f"assignment:{item.pk}:approved",
        subject=subject_of(item),
    )
    return item


@transaction.atomic
def return_result(*, item: Assignment, actor: Any, reason: str) -> Assignment:
    """TASK-4: the approver sends the result back; the reason is mandatory."""
    current, _decision = ASSIGNMENT_WORKFLOW.locked("return", item, actor=actor)
    reason = _note(reason, field="reason", what="lý do trả lại")
    if not reason:
        raise Refused("Vui lòng nêu lý do trả lại.", field="reason")
    item = ASSIGNMENT_WORKFLOW.apply(
        "return",
        current,
        actor=actor,
        reason=reason,
        changes=_touch(returned_count=current.returned_count + 1),
    )
    notification_settle(subject=subject_of(item), awaits=AWAITS_REVIEW)
    notify(
        recipients=lead_people(item),
        title=gettext_noop("Bị trả lại: %(title)s"),
        body="%(reason)s",
        params={"title": item.title, "reason": reason},
        url=_url(item),
        kind="assignment.returned",
        event_key=f"assignment:{item.pk}:returned:{item.returned_count}",
        subject=subject_of(item),
        awaits=AWAITS_RESULT,
    )
    return item


@transaction.atomic
def reassign(
    *, item: Assignment, actor: Any, reason: str, lead_user: Any = None, lead_unit: Unit | None = None
) -> Assignment:
    """The assigner gives open work to another lead inside their scope, with a reason."""
    current, _decision = ASSIGNMENT_WORKFLOW.locked("reassign", item, actor=actor)
    reason = _note(reason, field="reason", what="lý do giao lại")
    if not reason:
        raise Refused("Vui lòng nêu lý do giao lại.", field="reason")
    _scope_decision(actor, lead_user, lead_unit)
    if (lead_user is not None and lead_user.pk == current.lead_user_id) or (
        lead_unit is not None and lead_unit.pk == current.lead_unit_id
    ):
        raise Refused("Người (đơn vị) này đang chủ trì công việc.", field="lead")
    if lead_user is not None and lead_user.pk == current.approver_id:
        raise Refused("Người duyệt kết quả không thể đồng thời chủ trì công việc.", field="lead")
    previous = lead_people(current)
    unit = _unit_of_lead(lead_user, lead_unit)
    item = ASSIGNMENT_WORKFLOW.apply(
        "reassign",
        current,
        actor=actor,
        reason=reason,
        changes=_touch(lead_user=lead_user, lead_unit=lead_unit, unit=unit, unit_path=unit.path),
    )
    if lead_user is not None:
        Participant.objects.filter(assignment=item, user=lead_user, role=Participant.Role.COORDINATE).delete()
    stamp = f"{item.updated_at:%Y%m%d%H%M%S%f}"
    # The previous lead's notices no longer ask them for a result; the new lead's do.
    notification_settle(subject=subject_of(item), awaits=AWAITS_RESULT, recipients=previous)
    params = {"title": item.title, "reason": reason}
    notify(
        recipients=lead_people(item),
        title=gettext_noop("Việc được giao cho bạn: %(title)s"),
        body="%(reason)s",
        params=params,
        url=_url(item),
        kind="assignment.new",
        event_key=f"assignment:{item.pk}:reassigned:{stamp}",
        subject=subject_of(item),
        awaits=AWAITS_RESULT,
    )
    notify(
        recipients=[p for p in previous if p.pk != actor.pk],
        title=gettext_noop("Việc đã giao cho người khác: %(title)s"),
        body="%(reason)s",
        params=params,
        url=_url(item),
        kind="assignment.reassigned",
        event_key=f"assignment:{item.pk}:reassigned-away:{stamp}",
        subject=subject_of(item),
    )
    return item


@transaction.atomic
def cancel(*, item: Assignment, actor: Any, reason: str) -> Assignment:
    """The assigner cancels open work, with a reason."""
    current, _decision = ASSIGNMENT_WORKFLOW.locked("cancel", item, actor=actor)
    reason = _note(reason, field="reason", what="lý do hủy")
    item = ASSIGNMENT_WORKFLOW.apply("cancel", current, actor=actor, reason=reason, changes=_touch())
    notification_settle(subject=subject_of(item))  # nothing is asked of anybody any more
    notify(
        recipients=lead_people(item),
        title=gettext_noop("Đã hủy: %(title)s"),
        body="%(reason)s",
        params={"title": item.title, "reason": reason},
        url=_url(item),
        kind="assignment.cancelled",
        event_key=f"assignment:{item.pk}:cancelled",
        subject=subject_of(item),
    )
    return item


@transaction.atomic
def request_extension(*, item: Assignment, actor: Any, new_deadline: dt.date, reason: str) -> Extension:
    """TASK-4: the lead asks the approver for a later deadline, with a reason."""
    item, decision = ASSIGNMENT_WORKFLOW.locked("request_extension", item, actor=actor)
    reason = _note(reason, field="reason", what="lý do gia hạn")
    if not reason:
        raise Refused("Vui lòng nêu lý do đề nghị gia hạn.", field="reason")
    if not isinstance(new_deadline, dt.date):
        raise Refused("Vui lòng nhập hạn mới.", field="new_deadline")
    if new_deadline <= item.deadline:
        raise Refused(f"Hạn mới phải sau hạn hiện tại ({item.deadline:%d/%m/%Y}).", field="new_deadline")
    check_deadline(new_deadline, field="new_deadline")
    if item.extensions.filter(status=Extension.Status.PENDING).exists():
        raise Refused.wrong_state("Đã có một đề nghị gia hạn đang chờ quyết định.")
    extension = Extension.objects.create(
        assignment=item,
        requested_by=actor,
        old_deadline=item.deadline,
        new_deadline=new_deadline,
        reason=reason,
    )
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="assignments.extension.requested",
        obj=item,
        before={"deadline": item.deadline},
        after={"new_deadline": new_deadline, "extension": extension.pk},
        note=reason,
    )
    notify(
        recipients=[item.approver],
        title=gettext_noop("Đề nghị gia hạn: %(title)s"),
        body=gettext_noop("Đến %(new_deadline)s. %(reason)s"),
        params={"title": item.title, "new_deadline": _day(new_deadline), "reason": reason},
        url=_url(item),
        kind="assignment.extension",
        event_key=f"assignment:{item.pk}:extension:{extension.pk}",
        subject=subject_of(item),
        awaits=AWAITS_EXTENSION,
    )
    return extension


@transaction.atomic
def decide_extension(*, extension: Extension, actor: Any, grant: bool, note: str = "") -> Extension:
    """The approver grants (the deadline moves) or refuses (with a reason) an extension request."""
    item = _locked(extension.assignment)  # the item first, then the request: one lock order everywhere
    extension.assignment = item
    extension, _decision = EXTENSION_WORKFLOW.locked("grant" if grant else "refuse", extension, actor=actor)
    extension.assignment = item
    note = _note(note, field="reason", what="ý kiến")
    if not grant and not note:
        raise Refused("Vui lòng nêu lý do không gia hạn.", field="reason")
    extension = EXTENSION_WORKFLOW.apply(
        "grant" if grant else "refuse",
        extension,
        actor=actor,
        reason=note,
        changes={"decided_by": actor, "decision_note": note},
    )
    if grant:
        item = ASSIGNMENT_WORKFLOW.apply(
            "extend",
            item,
            actor=actor,
            reason=note or extension.reason,
            changes=_touch(deadline=extension.new_deadline),
        )
    notification_settle(subject=subject_of(item), awaits=AWAITS_EXTENSION)
    if grant:
        title = gettext_noop("Đã gia hạn: %(title)s")
        body = (
            gettext_noop("Hạn mới %(new_deadline)s. %(note)s")
            if note
            else gettext_noop("Hạn mới %(new_deadline)s.")
        )
    else:
        title, body = gettext_noop("Không gia hạn: %(title)s"), "%(note)s"
    notify(
        recipients=lead_people(item),
        title=title,
        body=body,
        params={"title": item.title, "new_deadline": _day(extension.new_deadline), "note": note},
        url=_url(item),
        kind="assignment.extension",
        event_key=f"assignment:{item.pk}:extension:{extension.pk}:decided",
        subject=subject_of(item),
    )
    return extension


def assignment_create_with_files(*, actor: Any, uploads: Iterable[Any] = (), **fields: Any) -> Assignment:
    """Give work with its files, all or nothing: a refused file gives no work (the refusal names
    the form's ``attachments`` field). The files are judged before the transaction opens."""
    checked = inspect_uploads(uploads, field="attachments")
    with transaction.atomic():
        item = assignment_create(actor=actor, **fields)
        add_attachments(item=item, actor=actor, uploads=checked, field="attachments", required=False)
    return item


def add_attachments(
    *, item: Assignment, actor: Any, uploads: Iterable[Any], field: str = "files", required: bool = True
) -> list[Attachment]:
    """Attach several uploads at once, all or nothing; a refusal is told on ``field``. The files
    are judged before the transaction opens."""
    uploads = list(uploads)
    if required and not uploads:
        raise Refused("Vui lòng chọn tệp.", field=field)
    checked = inspect_uploads(uploads, field=field)
    try:
        with transaction.atomic():
            return [add_attachment(item=item, actor=actor, upload=upload) for upload in checked]
    except Refused as refused:
        if refused.kind != Refused.Kind.INVALID:
            raise
        raise refused.on_field(field) from None


@uploads_inspected_first
@transaction.atomic
def add_attachment(
    *, item: Assignment, actor: Any, stored_file: Any = None, upload: Any = None
) -> Attachment:
    """Attach a file kept by the core file service; ``upload`` (an UploadedFile or (name, bytes))
    is checked and stored here, and a file it refuses attaches nothing."""
    item, decision = ASSIGNMENT_WORKFLOW.locked("attach", item, actor=actor)
    if (stored_file is None) == (upload is None):
        raise Refused("Vui lòng chọn một tệp.", field="file")
    if upload is not None:
        stored_file = _store_uploads([upload], actor)[0]
    attachment = Attachment.objects.create(assignment=item, file=stored_file, added_by=actor)
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="assignments.attachment.added",
        obj=item,
        after={"file": stored_file.original_name},
    )
    return attachment


@transaction.atomic
def checklist_toggle(*, item: Assignment, actor: Any, checklist_id: int, done: bool) -> ChecklistItem:
    item, decision = ASSIGNMENT_WORKFLOW.locked("checklist", item, actor=actor)
    entry = item.checklist.select_for_update().filter(pk=checklist_id).first()
    if entry is None:
        raise Refused.not_found("Không tìm thấy đầu việc.")
    ChecklistItem.objects.filter(pk=entry.pk).update(done=bool(done))
    entry.done = bool(done)
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="assignments.checklist.toggled",
        obj=item,
        after={"item": entry.text, "done": entry.done},
    )
    return entry


@transaction.atomic
def assignment_update(*, item: Assignment, actor: Any, **changes: Any) -> Assignment:
    """The assigner edits title, description, priority and followers while the work is open."""
    item, decision = ASSIGNMENT_WORKFLOW.locked("update", item, actor=actor)
    allowed = {"title", "description", "priority"}
    unknown = set(changes) - allowed - {"followers"}
    if unknown:
        raise Refused(f"Không sửa được: {', '.join(sorted(unknown))}.")
    if "title" in changes:
        changes["title"] = _title(changes["title"])
    if "description" in changes:
        changes["description"] = _description(changes["description"])
    if "priority" in changes and changes["priority"] not in Assignment.Priority.values:
        raise Refused("Mức ưu tiên không hợp lệ.", field="priority")
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in sorted(allowed & set(changes)):
        if getattr(item, key) != changes[key]:
            before[key], after[key] = getattr(item, key), changes[key]
            setattr(item, key, changes[key])
    if "followers" in changes:
        followers = _followers(actor, changes["followers"])
        current = set(
            Participant.objects.filter(assignment=item, role=Participant.Role.FOLLOWER).values_list(
                "user_id", flat=True
            )
        )
        if current != {p.pk for p in followers}:
            Participant.objects.filter(assignment=item, role=Participant.Role.FOLLOWER).delete()
            Participant.objects.bulk_create(
                [Participant(assignment=item, user=p, role=Participant.Role.FOLLOWER) for p in followers]
            )
            after["followers"] = [p.full_name for p in followers]
    if not after:
        return item
    item.search_text = _search_text(item.title, item.description)
    item.updated_at = timezone.now()
    item.save(update_fields=[*before, "search_text", "updated_at"])
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="assignments.assignment.updated",
        obj=item,
        before=before,
        after=after,
    )
    return item
